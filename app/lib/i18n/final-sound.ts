// Korean particles follow the sound a word ends on: 을/를, 이/가, 은/는, 과/와 by whether its last
// syllable closes on a consonant, 으로/로 also by whether that consonant is ㄹ (서울로, 서버로, 파일로,
// but 결제 내역으로). Messages that put a particle after a value they fill in ({name}, {version})
// read that value's final sound through a select on `<value>Final`, which the translator fills in
// for every value (withFinalSounds):
//   {name}{nameFinal, select, consonant {으로} rieul {로} vowel {로} other {(으)로}}
// `unknown` (a Latin word, a symbol) keeps both forms: how a Korean reader says "Kim" or "leek" is
// a guess, and a wrong particle reads worse than both.

export type FinalSound = "consonant" | "rieul" | "vowel" | "unknown";

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** The final consonant ㄹ among a syllable's 28 endings (none, ㄱ, ㄲ, ㄳ, ㄴ, ㄵ, ㄶ, ㄷ, ㄹ, …). */
const RIEUL = 8;

/**
 * A digit's Korean reading (영, 일, 이, 삼, 사, 오, 육, 칠, 팔, 구) ends so. A number ending in 0 is
 * read 영, 십, 백, 천 or 만 by its place: every one closes on a consonant other than ㄹ.
 */
const DIGIT: readonly FinalSound[] = [
  "consonant",
  "rieul",
  "vowel",
  "consonant",
  "vowel",
  "vowel",
  "consonant",
  "rieul",
  "rieul",
  "vowel",
];

/** Marks a value may end with that a reader passes over before the particle ("결제)", "v2."). */
const TRAILING = /[\s)\]}"'`.,!?…·>]/u;

/**
 * `text` without those marks at its end, read from the end: the regular expression `[…]+$` tried
 * every start in a long run of them, so 100,000 characters of "> " took seconds.
 */
function withoutTrailingMarks(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING.test(text[end - 1] ?? "")) end -= 1;
  return text.slice(0, end);
}

/** The sound `text` ends on, as a Korean particle after it hears it. */
export function finalSound(text: string | number): FinalSound {
  const trimmed = withoutTrailingMarks(String(text));
  const last = trimmed.charCodeAt(trimmed.length - 1);
  if (last >= HANGUL_FIRST && last <= HANGUL_LAST) {
    const ending = (last - HANGUL_FIRST) % 28;
    return ending === 0 ? "vowel" : ending === RIEUL ? "rieul" : "consonant";
  }
  if (last >= 48 && last <= 57) return DIGIT[last - 48] as FinalSound;
  return "unknown";
}

/**
 * `values` with each text or number's final sound beside it as `<name>Final` (one given already
 * stays): what Korean messages select their particles by.
 */
export function withFinalSounds<V>(
  values: Readonly<Record<string, V>>,
): Record<string, V | FinalSound> {
  const out: Record<string, V | FinalSound> = { ...values };
  for (const [name, value] of Object.entries(values)) {
    const key = `${name}Final`;
    if ((typeof value === "string" || typeof value === "number") && !(key in out))
      out[key] = finalSound(value);
  }
  return out;
}
