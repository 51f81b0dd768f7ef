// Korean verbs' forms as a ticket or a query writes them (늘림, 보여요, 나옵니다), read back to
// the stem the write-ups' other forms begin with. Used by search-query.ts's stripParticle and the
// readings of search-readings.server.ts.

/** A word of Hangul alone. */
const HANGUL_ONLY = /^\p{Script=Hangul}+$/u;

/** Syllables a verb stem ends in before the noun ending ㅁ: 늘리(늘림), 끊기(끊김), 멈추(멈춤). */
const VERB_FINAL = new Set([..."리기이히우추지치꾸뀌키피오쓰"]);
/** Nouns that only look like a verb's noun form: 알림 is a notification, not 알리다's. */
const NOT_VERB = new Set(["알림", "게임", "크림", "그림", "보임"]);

/**
 * The stem of a verb's noun form ("늘림" → 늘리, "끊김" → 끊기, "느림" → 느리), which the verb's
 * other forms begin with (늘리고, 끊기는, 느리게): write-ups say "늘렸다" or "늘리고" where a note
 * says "늘림". Null for other words, one-syllable words and nouns that only look like one.
 */
export function verbStemOf(word: string): string | null {
  const chars = [...word];
  if (chars.length < 2 || !HANGUL_ONLY.test(word) || NOT_VERB.has(word)) return null;
  const code = (chars.at(-1) as string).charCodeAt(0) - 0xac00;
  // A syllable is 0xAC00 + (initial × 21 + vowel) × 28 + final; final 16 is ㅁ.
  if (code < 0 || code >= 11172 || code % 28 !== 16) return null;
  const open = String.fromCharCode(0xac00 + code - 16);
  return VERB_FINAL.has(open) ? [...chars.slice(0, -1), open].join("") : null;
}

/**
 * The last syllable of a stem of Hangul alone and two syllables or more, as its offset from 가
 * (0xAC00 + (initial × 21 + vowel) × 28 + final), when it has no final consonant, with the
 * syllables before it; else null.
 */
function openLastSyllable(stem: string): { rest: string; code: number } | null {
  const chars = [...stem];
  if (chars.length < 2 || !HANGUL_ONLY.test(stem)) return null;
  const code = (chars.at(-1) as string).charCodeAt(0) - 0xac00;
  return code >= 0 && code < 11172 && code % 28 === 0
    ? { rest: chars.slice(0, -1).join(""), code }
    : null;
}

/** A stem's last vowel, by the vowel it makes run into the ending 어요/아요 (Unicode's numbers). */
const RUN_INTO: ReadonlyMap<number, number> = new Map([
  [6, 20], // ㅕ from ㅣ: 보이+어요 → 보여요, 느리+어요 → 느려요
  [14, 13], // ㅝ from ㅜ: 바꾸+어요 → 바꿔요, 멈추+어요 → 멈춰요
  [9, 8], // ㅘ from ㅗ: 나오+아요 → 나와요
]);

/**
 * The vowel a stem's last vowel becomes run into the ending 어/아: ㅣ → ㅕ, ㅜ → ㅝ, ㅗ → ㅘ, and
 * ㅡ → ㅓ as 쓰 takes it (써). (Other stems in ㅡ follow the syllable before: 아프 → 아파; of the
 * stems verbStemOf reads, only 쓰 ends in ㅡ.)
 */
const RUNS_INTO: ReadonlyMap<number, number> = new Map([
  ...[...RUN_INTO].map(([into, own]) => [own, into] as const),
  [18, 4],
]);

/**
 * The forms a verb's stem takes where its last vowel runs into the ending 어/아, which write-ups
 * write where a note says the noun form (깨지, of 깨짐: 깨져서 and 깨졌다 begin 깨져 and 깨졌;
 * 끊기: 끊겨; 멈추: 멈춰; 덮어쓰: 덮어써): the syllable run into, and it with the past's ㅆ. None
 * for a stem of one syllable (its forms would begin too many words) or one ending in a consonant.
 */
export function runIntoForms(stem: string): string[] {
  const last = openLastSyllable(stem);
  if (last === null) return [];
  const { rest, code } = last;
  const initial = Math.floor(code / 588);
  const into = RUNS_INTO.get(Math.floor(code / 28) % 21);
  if (into === undefined) return [];
  // Final 20 is ㅆ (the past).
  const syllable = (final: number) =>
    String.fromCharCode(0xac00 + (initial * 21 + into) * 28 + final);
  return [rest + syllable(0), rest + syllable(20)];
}

/**
 * A verb's polite form whose stem's last vowel ran into the ending (보여요, 느려요, 바꿔요,
 * 나와요): its stem (보이), and the forms write-ups write it in (보임, 보여서 and 보였다 begin
 * 보여 and 보였). Null for other words and a stem of one syllable (와요, 줘요).
 */
export function contractedVerb(word: string): { stem: string; forms: string[] } | null {
  const chars = [...word];
  if (chars.length < 3 || chars.at(-1) !== "요" || !HANGUL_ONLY.test(word)) return null;
  const code = (chars.at(-2) as string).charCodeAt(0) - 0xac00;
  if (code < 0 || code >= 11172 || code % 28 !== 0) return null;
  const initial = Math.floor(code / 588);
  const vowel = Math.floor(code / 28) % 21;
  const own = RUN_INTO.get(vowel);
  if (own === undefined) return null;
  const rest = chars.slice(0, -2).join("");
  const syllable = (v: number, final: number) =>
    String.fromCharCode(0xac00 + (initial * 21 + v) * 28 + final);
  // Final 16 is ㅁ (the noun form), 20 ㅆ (the past).
  const stem = rest + syllable(own, 0);
  return {
    stem,
    forms: [
      rest + syllable(own, 16),
      rest + syllable(vowel, 0),
      rest + syllable(vowel, 20),
      ...joinedForms(stem),
    ],
  };
}

/**
 * The form of a stem whose last syllable took ㄴ (들어오: 들어온; 튕기: 튕긴; 느리: 느린), as
 * write-ups write "환불이 안 들어온다는", "로그인 화면으로 튕긴다" or "느린 쿼리" where a query says
 * 들어와요, 튕김 or 느려요. (With ㄹ as well, 나올 and 보일 met too many write-ups by chance.) None
 * for a stem of one syllable or one ending in a consonant.
 */
export function joinedForms(stem: string): string[] {
  const last = openLastSyllable(stem);
  // Final 4 is ㄴ.
  return last === null ? [] : [last.rest + String.fromCharCode(0xac00 + last.code + 4)];
}

/** Endings a query writes straight after a verb's stem: 걸리나요, 느리는데, 끊기지만. */
const STEM_ENDINGS = ["나요", "는데", "지만"];

/**
 * A verb's stem as a query word left it once its ending went (걸리나요 → 걸리), and the forms
 * write-ups write it in: its noun form (걸림), the forms its last vowel runs into (걸려, 걸렸) and
 * the one taking ㄴ (걸린). Null unless `typed` is the stem and one of those endings, and
 * the stem ends in a syllable verbs end in (verbStemOf's).
 */
export function endedVerbForms(typed: string, stem: string): string[] | null {
  const ending = typed.startsWith(stem) ? typed.slice(stem.length) : "";
  if (!STEM_ENDINGS.includes(ending)) return null;
  const last = openLastSyllable(stem);
  if (last === null) return null;
  // Final 16 is ㅁ: the noun form, which verbStemOf reads back to this stem when it is a verb's.
  const noun = last.rest + String.fromCharCode(0xac00 + last.code + 16);
  if (verbStemOf(noun) !== stem) return null;
  return [noun, ...runIntoForms(stem), ...joinedForms(stem)];
}

/**
 * The stem of a verb's formal form in ㅂ니다, as a ticket's sentences end (나옵니다 → 나오, 다릅니다
 * → 다르, 느립니다 → 느리): the stem's last syllable took ㅂ. Null for other words.
 */
export function formalStem(word: string): string | null {
  const chars = [...word];
  // (A stem of one syllable is left whole: searched, it would begin too many words.)
  if (chars.length < 4 || !word.endsWith("니다")) return null;
  const code = (chars.at(-3) as string).charCodeAt(0) - 0xac00;
  // A syllable is 0xAC00 + (initial × 21 + vowel) × 28 + final; final 17 is ㅂ.
  if (code < 0 || code >= 11172 || code % 28 !== 17) return null;
  return [...chars.slice(0, -3), String.fromCharCode(0xac00 + code - 17)].join("");
}
