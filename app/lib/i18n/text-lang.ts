import type { Locale } from "./locales";

// The language a piece of people's content is written in (a write-up's title, a ticket's body),
// so a page in one language can mark a passage in the other with `lang`: a screen reader then reads
// Korean with a Korean voice on an English page, and English with an English voice on a Korean
// one (WCAG 3.1.2, language of parts). Koan's content is English or Korean, often mixed ("결제
// webhook이 PG사 timeout 후 중복 처리됨"): the letters decide. A Hangul syllable carries about as
// much as three Latin letters, so a text is Korean when its syllables, times three, outweigh its
// Latin letters. Text with neither (numbers, an error code) has no language of its own.

const HANGUL = /\p{Script=Hangul}/gu;
const LATIN = /[A-Za-z]/g;

/** How much of a text decides its language: its opening is enough, and a long body costs no more. */
const SAMPLE = 4_000;

/** "ko", "en", or null when the text holds neither Hangul nor Latin letters. */
export function textLocale(text: string): Locale | null {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  const hangul = sample.match(HANGUL)?.length ?? 0;
  const latin = sample.match(LATIN)?.length ?? 0;
  if (hangul === 0 && latin === 0) return null;
  return hangul * 3 >= latin ? "ko" : "en";
}

/** The `lang` for content shown on a page in `pageLocale`: its own language when it differs. */
export function contentLang(text: string, pageLocale: string): Locale | undefined {
  const locale = textLocale(text);
  return locale && !pageLocale.startsWith(locale) ? locale : undefined;
}

/**
 * The same for rendered Markdown: its text without tags, and without code (identifiers and logs
 * are in English whatever the prose around them is written in).
 */
export function htmlContentLang(html: string, pageLocale: string): Locale | undefined {
  const text = html
    .slice(0, 5 * SAMPLE)
    .replace(/<pre[\s>][\s\S]*?<\/pre>/g, " ")
    .replace(/<code[\s>][\s\S]*?<\/code>/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ");
  return contentLang(text, pageLocale);
}
