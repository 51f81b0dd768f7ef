// A Hangul word caught halfway through its last syllable. A Korean keyboard composes syllables
// letter by letter, and search as you type sees each step: typing 에러 shows 에, then 엘 (the ㄹ
// sits under 에 until the vowel ㅓ pulls it into the next syllable), then 에러; 결제 passes
// through 결ㅈ, and 세션 through 셋 and 세셔. None of those steps is a word the write-ups hold.
// This reads such a step as the words it may become: the syllables before the last, then one
// syllable from a range of the Unicode block, which orders syllables by first consonant, vowel
// and final consonant (U+AC00 + (initial × 21 + vowel) × 28 + final).

const FIRST_SYLLABLE = 0xac00;
const LAST_SYLLABLE = 0xd7a3;
/** Syllables sharing one first consonant: 21 vowels × 28 finals (none, or one of 27). */
const PER_INITIAL = 21 * 28;
const FINALS = 28;

/** A letter typed on its own (ㄱ, ㅈ) that begins the next syllable: its index as a first consonant. */
const INITIAL_OF_LETTER = new Map(
  [..."ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"].map((letter, index) => [letter, index]),
);

/**
 * What the next vowel does to a syllable's final consonant (by its index, 1–27): the final it
 * leaves behind (0 for none) and the first consonant it moves to the next syllable. 엘 + ㅓ is
 * 에러; of a double final only the second letter moves (닭 + ㅏ is 달가).
 */
const MOVED: readonly (readonly [left: number, initial: number])[] = [
  [0, 0],
  [0, 0], // ㄱ
  [0, 1], // ㄲ
  [1, 9], // ㄳ
  [0, 2], // ㄴ
  [4, 12], // ㄵ
  [4, 18], // ㄶ
  [0, 3], // ㄷ
  [0, 5], // ㄹ
  [8, 0], // ㄺ
  [8, 6], // ㄻ
  [8, 7], // ㄼ
  [8, 9], // ㄽ
  [8, 16], // ㄾ
  [8, 17], // ㄿ
  [8, 18], // ㅀ
  [0, 6], // ㅁ
  [0, 7], // ㅂ
  [17, 9], // ㅄ
  [0, 9], // ㅅ
  [0, 10], // ㅆ
  [0, 11], // ㅇ
  [0, 12], // ㅈ
  [0, 14], // ㅊ
  [0, 15], // ㅋ
  [0, 16], // ㅌ
  [0, 17], // ㅍ
  [0, 18], // ㅎ
];

/** A word still being typed, read as `stem` then one syllable between `lo` and `hi` (code points). */
export interface Unfinished {
  stem: string;
  lo: number;
  hi: number;
}

const SYLLABLES = /^[\uac00-\ud7a3]*$/;

const syllablesBeginningWith = (initial: number) => ({
  lo: FIRST_SYLLABLE + initial * PER_INITIAL,
  hi: FIRST_SYLLABLE + (initial + 1) * PER_INITIAL - 1,
});

/**
 * The word `word` may be on its way to, when its last syllable is still being composed: a
 * trailing letter begins the next syllable (결ㅈ: 결 then 자…짛); a syllable without a final
 * consonant may yet take one (세셔: 세 then 셔…셯); a final consonant may yet move on to begin the
 * next syllable (엘: 에 then 라…맇). Null for anything else (a lone letter, Latin, digits).
 */
export function unfinishedHangul(word: string): Unfinished | null {
  const chars = [...word];
  const last = chars.pop();
  const stem = chars.join("");
  if (last === undefined || !SYLLABLES.test(stem)) return null;
  const letter = INITIAL_OF_LETTER.get(last);
  if (letter !== undefined) return stem ? { stem, ...syllablesBeginningWith(letter) } : null;
  const code = last.charCodeAt(0);
  if (last.length !== 1 || code < FIRST_SYLLABLE || code > LAST_SYLLABLE) return null;
  const final = (code - FIRST_SYLLABLE) % FINALS;
  if (final === 0) return { stem, lo: code, hi: code + FINALS - 1 };
  const [left, initial] = MOVED[final] as readonly [number, number];
  const kept = String.fromCharCode(code - final + left);
  return { stem: stem + kept, ...syllablesBeginningWith(initial) };
}
