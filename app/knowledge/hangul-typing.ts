// What a Korean keyboard does to what is typed, for search to read it back.
//
// A Hangul word caught halfway through its last syllable (unfinishedHangul). A Korean keyboard
// composes syllables letter by letter, and search as you type sees each step: typing 에러 shows
// 에, then 엘 (the ㄹ sits under 에 until the vowel ㅓ pulls it into the next syllable), then 에러;
// 결제 passes through 결ㅈ, and 세션 through 셋 and 세셔. None of those steps is a word the
// write-ups hold. This reads such a step as the words it may become: the syllables before the
// last, then one syllable from a range of the Unicode block, which orders syllables by first
// consonant, vowel and final consonant (U+AC00 + (initial × 21 + vowel) × 28 + final).
//
// Words typed with the keyboard in the other language's mode (hangulFromKeys, keysFromHangul),
// below.

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

// ---------------------------------------------------------------------------------------------
// Korean typed with the keyboard left in English mode: 에러 comes out as "dpfj", 결제 as "rufwp".
// The standard two-set layout (두벌식) puts each Hangul letter on one key; composing the letters
// back into syllables gives the word meant.

/** The two-set layout: each key's letter (lowercase keys; Shift gives ㄲㄸㅃㅆㅉ and ㅒㅖ). */
const KEYS: Record<string, string> = {
  q: "ㅂ",
  w: "ㅈ",
  e: "ㄷ",
  r: "ㄱ",
  t: "ㅅ",
  y: "ㅛ",
  u: "ㅕ",
  i: "ㅑ",
  o: "ㅐ",
  p: "ㅔ",
  a: "ㅁ",
  s: "ㄴ",
  d: "ㅇ",
  f: "ㄹ",
  g: "ㅎ",
  h: "ㅗ",
  j: "ㅓ",
  k: "ㅏ",
  l: "ㅣ",
  z: "ㅋ",
  x: "ㅌ",
  c: "ㅊ",
  v: "ㅍ",
  b: "ㅠ",
  n: "ㅜ",
  m: "ㅡ",
  Q: "ㅃ",
  W: "ㅉ",
  E: "ㄸ",
  R: "ㄲ",
  T: "ㅆ",
  O: "ㅒ",
  P: "ㅖ",
};

const INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
const VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ";
/** Final consonants by index (0: none). */
const FINAL_LETTERS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";
/** Two vowels typed in a row that make one (ㅗ then ㅏ is ㅘ). */
const VOWEL_PAIRS: Record<string, string> = {
  ㅗㅏ: "ㅘ",
  ㅗㅐ: "ㅙ",
  ㅗㅣ: "ㅚ",
  ㅜㅓ: "ㅝ",
  ㅜㅔ: "ㅞ",
  ㅜㅣ: "ㅟ",
  ㅡㅣ: "ㅢ",
};
/** Two consonants typed in a row that make one final (ㄹ then ㄱ is ㄺ). */
const FINAL_PAIRS: Record<string, string> = {
  ㄱㅅ: "ㄳ",
  ㄴㅈ: "ㄵ",
  ㄴㅎ: "ㄶ",
  ㄹㄱ: "ㄺ",
  ㄹㅁ: "ㄻ",
  ㄹㅂ: "ㄼ",
  ㄹㅅ: "ㄽ",
  ㄹㅌ: "ㄾ",
  ㄹㅍ: "ㄿ",
  ㄹㅎ: "ㅀ",
  ㅂㅅ: "ㅄ",
};

const syllable = (initial: string, vowel: string, final: string) =>
  String.fromCharCode(
    FIRST_SYLLABLE +
      (INITIALS.indexOf(initial) * 21 + VOWELS.indexOf(vowel)) * FINALS +
      (final ? FINAL_LETTERS.indexOf(final) : 0),
  );

/**
 * The Hangul a Latin word would have been with the keyboard in Korean mode ("dpfj": 에러,
 * "rufwp": 결제), composed as a Korean keyboard composes it; null unless every key is a letter
 * of the layout and every letter lands in a whole syllable (a consonant before a vowel: most
 * English words are no such thing).
 */
export function hangulFromKeys(typed: string): string | null {
  let out = "";
  let initial = "";
  let vowel = "";
  let final = "";
  const flush = () => {
    out += syllable(initial, vowel, final);
    initial = "";
    vowel = "";
    final = "";
  };
  for (const key of typed) {
    const letter = KEYS[key] ?? KEYS[key.toLowerCase()];
    if (!letter) return null;
    if (VOWELS.includes(letter)) {
      if (!initial) return null;
      if (!vowel) vowel = letter;
      else if (!final) {
        const pair = VOWEL_PAIRS[vowel + letter];
        if (!pair) return null;
        vowel = pair;
      } else {
        // The vowel takes the final (or a double final's second letter) as its first consonant.
        const [left, moved] = MOVED[FINAL_LETTERS.indexOf(final)] as readonly [number, number];
        final = left ? (FINAL_LETTERS[left] as string) : "";
        flush();
        initial = INITIALS[moved] as string;
        vowel = letter;
      }
    } else if (!initial) initial = letter;
    else if (!vowel) return null;
    else if (!final) {
      if (FINAL_LETTERS.includes(letter)) final = letter;
      else {
        flush();
        initial = letter;
      }
    } else {
      const pair = FINAL_PAIRS[final + letter];
      if (pair) final = pair;
      else {
        flush();
        initial = letter;
      }
    }
  }
  if (!initial || !vowel) return null;
  flush();
  return out;
}

/** Each simple Hangul letter's key: the layout read backwards. */
const KEY_OF_LETTER = new Map(Object.entries(KEYS).map(([key, letter]) => [letter, key]));
const keysOf = (letters: string) =>
  [...letters].map((letter) => KEY_OF_LETTER.get(letter) ?? "").join("");
/** Each Hangul letter's keys: a compound letter (ㅘ, ㄺ) is its two. */
const KEY_OF = new Map<string, string>([
  ...KEY_OF_LETTER,
  ...Object.entries(VOWEL_PAIRS).map(([pair, letter]) => [letter, keysOf(pair)] as const),
  ...Object.entries(FINAL_PAIRS).map(([pair, letter]) => [letter, keysOf(pair)] as const),
]);

/**
 * The keys a Hangul word was typed with, lowercase: English typed with the keyboard left in
 * Korean mode ("ㄷㄱ객" is "error", "ㅏㅕㅠㄷㅊ샤" is "kubectl"); null when a character is not
 * Hangul (syllables, or letters standing alone).
 */
export function keysFromHangul(text: string): string | null {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= FIRST_SYLLABLE && code <= LAST_SYLLABLE) {
      const index = code - FIRST_SYLLABLE;
      const final = index % FINALS;
      out += KEY_OF.get(INITIALS[Math.floor(index / PER_INITIAL)] as string) ?? "";
      out += KEY_OF.get(VOWELS[Math.floor((index % PER_INITIAL) / FINALS)] as string) ?? "";
      if (final) out += KEY_OF.get(FINAL_LETTERS[final] as string) ?? "";
    } else {
      const key = KEY_OF.get(char);
      if (!key) return null;
      out += key;
    }
  }
  return out.toLowerCase();
}

// Vowels that sound alike in today's Korean speech, so that a word is often written with the other
// one: ㅐ and ㅔ (결재 for 결제, 베포 for 배포), ㅒ and ㅖ, and ㅙ, ㅚ and ㅞ (되 and 돼). By their
// index as a syllable's vowel.
const SAME_SOUND: ReadonlyMap<number, readonly number[]> = new Map([
  [1, [5]], // ㅐ: ㅔ
  [5, [1]], // ㅔ: ㅐ
  [3, [7]], // ㅒ: ㅖ
  [7, [3]], // ㅖ: ㅒ
  [10, [11, 15]], // ㅙ: ㅚ, ㅞ
  [11, [10, 15]], // ㅚ: ㅙ, ㅞ
  [15, [10, 11]], // ㅞ: ㅙ, ㅚ
]);

/**
 * The words that sound like a Hangul word with one of its syllables' vowels written as its
 * sound-alike (결재: 결제; 되다: 돼다), first syllable first. Both may be real words, so search
 * reads a typed one as its sound-alike only when no write-up holds what was typed.
 */
export function soundAlikes(word: string): string[] {
  const alikes: string[] = [];
  const syllables = [...word];
  syllables.forEach((syllable, at) => {
    const code = syllable.codePointAt(0) ?? 0;
    if (code < FIRST_SYLLABLE || code > LAST_SYLLABLE) return;
    const offset = code - FIRST_SYLLABLE;
    const vowel = Math.floor((offset % PER_INITIAL) / FINALS);
    for (const other of SAME_SOUND.get(vowel) ?? []) {
      const swapped = String.fromCodePoint(code + (other - vowel) * FINALS);
      alikes.push([...syllables.slice(0, at), swapped, ...syllables.slice(at + 1)].join(""));
    }
  });
  return alikes;
}
