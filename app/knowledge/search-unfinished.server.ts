import type { DB } from "#db/client";
import { unfinishedHangul } from "./hangul-typing";
import { HANGUL_COMPOUND, withPartners } from "./search-compounds.server";
import { atomOf, joinMatch, stripParticle } from "./search-query";
import { countUpTo } from "./search-rank.server";
import { partnerAtom } from "./search-synonyms.server";
import { syllablesAfter } from "./search-vocabulary.server";

// A Hangul word typed last, caught halfway through its last syllable (hangul-typing.ts), read as
// the words it may become, so search as you type has results at every step a Korean keyboard
// composes: 셋 and 세셔 on the way to 세션, 결ㅈ to 결제, 결제버트 to 결제버튼.

/** Words a Hangul word still being typed may become, at most. */
const UNFINISHED_WORDS = 3;
/** Of those words and their partners, at most (each is one more alternative to look up). */
const UNFINISHED_ALTERNATIVES = 8;

/** What a word still being typed is read as: expressions to search, and the words they meet. */
export interface UnfinishedReading {
  atoms: string[];
  words: string[];
}

export const NOTHING_UNFINISHED: UnfinishedReading = { atoms: [], words: [] };

/**
 * The commonest words `typed` may become that the write-ups hold, then the synonym table's, with
 * their partners (세셔: 세션, then "session"); else, a compound typed without its space, a word
 * the write-ups or the table know and the words its rest may become (결제버트: 결제 and 버튼,
 * with "payment" and "button"). Nothing when it is no such word.
 */
export async function unfinishedWords(
  db: DB,
  typed: string,
  synonyms: Map<string, string[]>,
): Promise<UnfinishedReading> {
  const completed = await completionsOf(db, typed, synonyms);
  if (!completed.length) return unfinishedCompound(db, typed, synonyms);
  const partners = completed.flatMap((w) => synonyms.get(w) ?? []);
  const words = [...new Set([...completed, ...partners])].slice(0, UNFINISHED_ALTERNATIVES);
  // (A phrase of the table, 메모리 부족, is met as its words side by side.)
  return { atoms: words.map(partnerAtom), words };
}

/** The words `typed` may become: the index's commonest, then the synonym table's. */
async function completionsOf(
  db: DB,
  typed: string,
  synonyms: Map<string, string[]>,
): Promise<string[]> {
  const reading = unfinishedHangul(typed);
  if (!reading) return [];
  const lead = reading.stem.slice(-1);
  const words: string[] = [];
  for (const syllable of await syllablesAfter(db, lead, reading, 2 * UNFINISHED_WORDS)) {
    if (words.length >= UNFINISHED_WORDS) break;
    const word = reading.stem + syllable;
    // Not the stem with a particle (로그에 of "로그에서" for 로긍, on the way to 로그인); the last
    // two syllables are a pair the index holds, and a longer word must be held whole.
    if (stripParticle(word) !== word) continue;
    if ([...word].length <= 2 || (await countUpTo(db, atomOf(word, false), 0))) words.push(word);
  }
  // Words of the synonym table too: a Korean word may meet the write-ups through its partner
  // alone (세션 in none, "session" in several). Its last syllable may still be composing (세셔),
  // or be whole with more to come (비밀번 on the way to 비밀번호, 컴포넌 to 컴포넌트).
  const cut = reading.stem.length;
  for (const word of synonyms.keys()) {
    if (words.length >= UNFINISHED_WORDS) break;
    const next = word.charCodeAt(cut);
    const composing = word.startsWith(reading.stem) && next >= reading.lo && next <= reading.hi;
    const continuing = word.length > typed.length && word.startsWith(typed);
    if ((composing || continuing) && !words.includes(word)) words.push(word);
  }
  return words;
}

/**
 * A compound typed without its space, its last word still being typed: the longest head of two
 * syllables or more that the write-ups or the synonym table know, then the first word the rest
 * may become, both with their partners, when some write-up holds both.
 */
async function unfinishedCompound(
  db: DB,
  typed: string,
  synonyms: Map<string, string[]>,
): Promise<UnfinishedReading> {
  const chars = [...typed];
  if (chars.length < 3 || chars.length > HANGUL_COMPOUND) return NOTHING_UNFINISHED;
  for (let at = chars.length - 1; at >= 2; at--) {
    const head = chars.slice(0, at).join("");
    if (!synonyms.has(head) && !(await countUpTo(db, atomOf(head, false), 0))) continue;
    const typedRest = chars.slice(at).join("");
    const [rest] = await completionsOf(db, typedRest, synonyms);
    // A rest that is a word already is a finished compound, read as its parts (결제로그 is
    // "결제 로그", and said so).
    if (!rest || rest === typedRest) continue;
    const parts = [head, rest];
    const group = joinMatch(
      parts.map((w) => withPartners(w, synonyms)),
      [],
      "all",
    ) as string;
    if (await countUpTo(db, group, 0, true))
      return { atoms: [group], words: [...parts, ...parts.flatMap((w) => synonyms.get(w) ?? [])] };
  }
  return NOTHING_UNFINISHED;
}
