import type { DB } from "#db/client";
import { editDistance } from "./edit-distance";
import { otherSpellings } from "./english-spellings";
import { hangulFromKeys, keysFromHangul, soundAlikes } from "./hangul-typing";
import { isKoreanWord } from "./korean-words.server";
import { topId } from "./search-chunks.server";
import { hangulSplitFound, type Reading, withPartners } from "./search-compounds.server";
import { writtenForms } from "./search-forms.server";
import { type HitWords, WORD } from "./search-hits";
import { keptPerVersion } from "./search-kept.server";
import {
  atomOf,
  FUNCTION_WORDS,
  groupAtom,
  HANGUL,
  HANGUL_ONLY,
  isPhrase,
  joinMatch,
  phraseAtom,
  quote,
  stripParticle,
} from "./search-query";
import { countAfter, countUpTo, EXHAUSTIVE, RARE_GROUP } from "./search-rank.server";
import { synonymsOf } from "./search-synonyms.server";
import type { SearchResult } from "./search-types";
import {
  type Correction,
  completions,
  compoundSplits,
  corrections,
  countedSplits,
  isEnglishWord,
  stems,
} from "./search-vocabulary.server";

export type { Reading };

// How search reads a query word that no write-up holds: a typo of a word the index has, two
// words run together, or an English word the knowledge base simply lacks (kept as it is). The
// candidates come from search-vocabulary.server.ts; each reading is kept only if write-ups hold
// it. search.server.ts then searches with the readings and keeps them only if that finds
// write-ups holding every word.

/** A query of more words than this, beside English function words, is read as pasted text. */
export const PASTED_TERMS = 6;
/**
 * Whether a query's words read as typed, not pasted: PASTED_TERMS words at most beside the
 * function words a typed sentence holds ("database restarted on the wrong file system").
 */
export const readsTyped = (terms: readonly string[]) =>
  terms.filter((t) => !FUNCTION_WORDS.has(t)).length <= PASTED_TERMS;
/** The share of the rarer word's write-ups that must hold two words side by side. */
const BESIDE_SHARE = 0.02;

/** A corrected word, if some write-up holds it. */
async function wordFound(db: DB, word: string): Promise<Reading | null> {
  const spaced = await spacedForm(db, word);
  const group = spaced ? groupAtom([atomOf(word, false), phraseAtom(spaced)]) : atomOf(word, false);
  const count = await countUpTo(db, group, EXHAUSTIVE, isPhrase(group));
  return count ? { words: [word], group, count } : null;
}

/** A word of letters then digits: a name and its version or width ("http3", "int32"). */
const LETTERS_DIGITS = /^([a-z]{2,12})(\d{1,5})$/;
/** Whether `word` is a name and its version or width, as spacedForm reads one. */
export const isNameAndVersion = (word: string) => LETTERS_DIGITS.test(word);
/** A name and its version or width as its two words ("int32": int, 32), else null. */
const nameAndVersion = (word: string): [string, string] | null => {
  const mixed = LETTERS_DIGITS.exec(word);
  return mixed ? [mixed[1] as string, mixed[2] as string] : null;
};
/**
 * A name and its version or width as two words ("int32": int, 32), or null: how a word no
 * write-up holds, whole or apart, is searched at last, when the name is a word the index or the
 * synonym table knows. "upload ids overflowed int32" then meets the write-ups saying "integer"
 * (int's partner) and "32-bit". A name nothing knows ("ipv6" where no write-up says IPv6) is left
 * out as before: its number alone would meet any "6 hours".
 */
export async function nameAndVersionParts(db: DB, word: string): Promise<string[] | null> {
  const parts = nameAndVersion(word);
  if (!parts) return null;
  const [name] = parts;
  const known =
    (await synonymsOf(db)).has(name) || (await countUpTo(db, atomOf(name, false), 0)) > 0;
  return known ? parts : null;
}

/** Two-word forms kept per process (per version of the write-ups), at most. */
const spacedKept = keptPerVersion<string[] | null>(2_000);

/**
 * The two words a word the index holds is also written as in the write-ups ("datacenter": "data
 * center", "healthcheck": "health check"), or null: a split whose halves the index holds,
 * standing side by side in BESIDE_SHARE of the write-ups holding the rarer half. Kept until
 * write-ups change. A word the index lacks has none:
 * it is a typo or two words run together, read (and said) by the corrections.
 */
export async function spacedForm(db: DB, word: string): Promise<string[] | null> {
  const parts = nameAndVersion(word);
  if (parts) {
    // A name with its version or width ("http3", "utf8", "sha256") is written apart as often
    // ("HTTP/3", "UTF-8", "SHA-256"), and the index holds those as two words: the same name.
    return spacedKept(db, word, async () =>
      (await countUpTo(db, phraseAtom(parts), 0, true)) ? parts : null,
    );
  }
  if (!/^[a-z]{5,30}$/.test(word)) return null;
  // (Both answers are kept per version: the count, and the form written apart.)
  return (await countUpTo(db, atomOf(word, false), 0)) ? writtenApart(db, word) : null;
}

/** Words written apart kept per process (per version of the write-ups), at most. */
const apartKept = keptPerVersion<string[] | null>(2_000);

/**
 * The two words the write-ups write `word` as, whether or not any writes it whole ("logout": "log
 * out", as "logged out" is indexed), or null: a split standing side by side in BESIDE_SHARE of
 * the write-ups holding its rarer half, a way people write the word, not two common words met by
 * chance ("over loaded", "check out" somewhere among thousands of texts holding each).
 */
export function writtenApart(db: DB, word: string): Promise<string[] | null> {
  if (!/^[a-z]{5,30}$/.test(word)) return Promise.resolve(null);
  return apartKept(db, word, async () => {
    for (const { parts, docs } of await countedSplits(db, word, 2)) {
      const need = Math.max(1, Math.ceil(BESIDE_SHARE * docs));
      if ((await countUpTo(db, phraseAtom(parts), need - 1, true)) >= need) return parts;
    }
    return null;
  });
}

/**
 * Two whole words typed side by side that the write-ups write as one word ("wrap around":
 * "wraparound", "data base": "database", "log in": "login"), or null: the joined word, when the
 * index holds it. Not when the first word only holds a sentence together ("a way" is not "away",
 * "in to" not "into"), nor when the joined word does.
 */
export async function joinedForm(db: DB, first: string, second: string): Promise<string | null> {
  if (!/^[a-z]+$/.test(first) || !/^[a-z]+$/.test(second)) return null;
  const joined = first + second;
  if (joined.length < 5 || joined.length > 30) return null;
  if (FUNCTION_WORDS.has(first) || FUNCTION_WORDS.has(joined)) return null;
  // In either spelling: "data centre" is the "datacenter" of the write-ups.
  for (const word of [joined, ...otherSpellings(joined)])
    if ((await countUpTo(db, atomOf(word, false), 0)) > 0) return word;
  return null;
}

/** Two-word readings of unknown words kept per process (per version of the write-ups), at most. */
const splitsKept = keptPerVersion<Reading | null>(2_000);

/**
 * The first of a word's two-word readings whose words stand side by side in some write-up (a
 * Hangul compound: whose parts one write-up holds). Kept until write-ups change: a pasted stack
 * trace asks again for each word the index lacks on every search of it.
 */
function splitFound(db: DB, word: string): Promise<Reading | null> {
  return splitsKept(db, word, async () => {
    if (HANGUL.test(word)) return hangulSplitFound(db, word);
    for (const words of await compoundSplits(db, word)) {
      const group = phraseAtom(words);
      const count = await countUpTo(db, group, EXHAUSTIVE, true);
      if (count) return { words, group, count };
    }
    return null;
  });
}

/**
 * Whether `word` stands right after the word typed before it, or before the next one, in a fair
 * share of the write-ups holding the rarer of the two: "memory leak" in a quarter of those with
 * "leak", against "third parts" in five of 8,000 with "parts".
 */
async function besideNeighbour(db: DB, word: string, shown: readonly string[], at: number) {
  const before = shown[at - 1];
  const after = shown[at + 1];
  for (const words of [before ? [before, word] : null, after ? [word, after] : null])
    if (words && (await sideBySide(db, words))) return true;
  return false;
}

/** Whether two words stand side by side in BESIDE_SHARE of the write-ups holding the rarer. */
async function sideBySide(db: DB, words: readonly string[]): Promise<boolean> {
  const counts = await Promise.all(words.map((w) => countUpTo(db, atomOf(w, false))));
  const need = Math.max(1, Math.ceil(BESIDE_SHARE * Math.min(...counts)));
  return (await countUpTo(db, phraseAtom(words), need - 1, true)) >= need;
}

/** The newest write-ups a completion is weighed in: enough to tell, cheap among 100,000. */
const FOLLOWS_WINDOW = 2_500;
/** The share of the write-ups holding both words that must hold them side by side. */
const FOLLOWS_SHARE = 0.1;

/**
 * Whether `next` follows `before` as a pair of words people write together: of the write-ups
 * after id `after` (the newest) holding both, at least FOLLOWS_SHARE hold them side by side. ("memory leak" in most
 * write-ups holding both words, "memory less" in few: both words are merely common.)
 */
async function follows(db: DB, before: string, next: string, after: number): Promise<boolean> {
  const both = await countAfter(
    db,
    joinMatch([atomOf(before, false), atomOf(next, false)], [], "all") as string,
    after,
  );
  if (!both) return false;
  const together = await countAfter(db, phraseAtom([before, next]), after);
  return together >= Math.max(1, FOLLOWS_SHARE * both);
}

/**
 * `completions` as words to search (writtenForms): the dictionary holds the index's stems, and
 * "databas" would be searched as "databa", which no write-up holds.
 */
const writtenCompletions = async (db: DB, prefix: string, limit: number) =>
  writtenForms(db, await completions(db, prefix, limit));

/** Completions of a word being typed that are weighed against the word before it. */
const COMPLETIONS_WEIGHED = 6;

/**
 * The completions of a word still being typed, at most `limit`: the index's commonest words that
 * start with it; but with a word typed before it, only those that follow that word in a fair share
 * of the write-ups when there are any ("memory le" reads "memory leak", not the commoner "ledger"
 * or "less"). The next keystroke narrows it again.
 */
export async function typedCompletions(
  db: DB,
  prefix: string,
  before: string | undefined,
  limit = 3,
): Promise<string[]> {
  if (!before || HANGUL.test(before)) return writtenCompletions(db, prefix, limit);
  const candidates = await writtenCompletions(db, prefix, COMPLETIONS_WEIGHED);
  const newest = Math.max(0, (await topId(db)) - FOLLOWS_WINDOW);
  const kept: string[] = [];
  for (const c of candidates) if (await follows(db, before, c, newest)) kept.push(c);
  return (kept.length ? kept : candidates).slice(0, limit);
}

/**
 * Longer words a whole word typed last may be the start of, given the word typed before it: the
 * index's commonest words beginning with it that stand right after `before` in more write-ups
 * than the word as typed does ("semaphore dead": "semaphore deadlock" in one write-up, "semaphore
 * dead" in none; "connection time" while "connection timeout" is meant). Latin words only.
 */
export async function longerAfter(
  db: DB,
  before: string | undefined,
  word: string,
  limit = 2,
): Promise<string[]> {
  if (!before || HANGUL.test(before) || HANGUL.test(word)) return [];
  const asTyped = await countUpTo(db, phraseAtom([before, word]), RARE_GROUP, true);
  // One count says whether any longer word does (the phrase with its last word a prefix): most
  // often none, and the completions are not counted one by one.
  const any = await countUpTo(db, `${quote(`${before} ${word}`)}*`, asTyped, true);
  if (any <= asTyped) return [];
  const candidates = (await writtenCompletions(db, word, COMPLETIONS_WEIGHED)).filter(
    (c) => c !== word && c.startsWith(word),
  );
  const longer: string[] = [];
  for (const c of candidates)
    if ((await countUpTo(db, phraseAtom([before, c]), RARE_GROUP, true)) > asTyped) longer.push(c);
  return longer.slice(0, limit);
}

/** Corrections weighed per word when two unknown words typed side by side are read together. */
const PAIR_CANDIDATES = 3;

/**
 * Two unknown words typed side by side, read together: the first pair of their corrections that
 * stands side by side in a fair share of the write-ups holding them (sideBySide: "leep secnd" is
 * leap second, where each alone reads as the commoner "keep" or "send"), or null. Corrections of
 * Latin words only, typed, not pasted.
 */
export async function pairReadingOf(
  db: DB,
  words: readonly [string, string],
): Promise<[Reading, Reading] | null> {
  if (words.some((w) => HANGUL.test(w))) return null;
  // Whole words only: a stem is no word to stand beside another.
  const [firsts, seconds] = await Promise.all(
    words.map(async (w) =>
      (await corrections(db, w, { limit: PAIR_CANDIDATES })).filter((c) => !c.stem),
    ),
  );
  if (!firsts?.length || !seconds?.length) return null;
  const pairs = firsts
    .flatMap((a, i) => seconds.map((b, j) => ({ a: a.word, b: b.word, order: i + j })))
    .sort((x, y) => x.order - y.order);
  for (const { a, b } of pairs) {
    if (!(await sideBySide(db, [a, b]))) continue;
    const [first, second] = await Promise.all([wordFound(db, a), wordFound(db, b)]);
    if (first && second) return [first, second];
  }
  return null;
}

/**
 * Whether `word` is a real word though no write-up holds it: an English word, a Korean one (수정,
 * 순서, 느림), or one the synonym table knows (로그아웃, 타임아웃: loanwords the Korean list lacks).
 * Such a word is corrected only into a word beside a neighbour, and never read as two.
 */
export async function isRealWord(db: DB, word: string): Promise<boolean> {
  return (
    NOUN_AND_PARTICLE.test(word) ||
    (await isEnglishWord(word)) ||
    (await isKoreanWord(word)) ||
    (await synonymsOf(db)).has(word)
  );
}

/**
 * A one-syllable noun with its particle (창이, 키가, 값을), which the particle stripper keeps whole
 * (its stem would be one syllable): written as meant, not a slip for a two-syllable word (창이 is
 * no typo of 차이, 키가 none of 이가).
 */
const NOUN_AND_PARTICLE = /^[가-힣][이가을를은는도에의와과]$/;

/**
 * The reading of the unknown word at `at` among the query's words (`shown`), or null: a
 * correction, else two words run together. An English word is read as another English word
 * ("leek" for "leak") only where the other stands beside a word typed next to it ("memory
 * leak": "third party" is never "third parts"), never in pasted text, and never split (a real word
 * may be one the write-ups write apart, writtenApart).
 */
export async function readingOf(
  db: DB,
  word: string,
  context: { pasted: boolean; shown: readonly string[]; at: number },
): Promise<{ reading: Reading | null; fixed: Correction | null }> {
  const real = await isRealWord(db, word);
  let fixed: Correction | null = null;
  // A typo's commonest correction, unless a less common one stands beside a neighbour ("backp
  // restore" is backup restore, not the commoner "backs"); a real word's, only beside one.
  const candidates = await corrections(db, word, {
    pasted: context.pasted,
    limit: real ? 4 : context.pasted ? 1 : 3,
  });
  for (const candidate of candidates)
    if (
      (!real && candidates.length === 1) ||
      (await besideNeighbour(db, candidate.word, context.shown, context.at))
    ) {
      fixed = candidate;
      break;
    }
  if (!fixed && !real) fixed = candidates[0] ?? null;
  // A real Korean word no write-up holds, written by its sound, is read as the word that sounds
  // the same and some write-up holds (결재 alone: 결제), the commonest if several.
  const alike = !fixed && real ? await soundAlikeFound(db, word) : null;
  if (alike) return { reading: alike, fixed: { word: alike.words[0] as string, stem: false } };
  // A real word no write-up holds may still be one they write apart ("logout": "log out").
  const reading = fixed
    ? await wordFound(db, fixed.word)
    : real
      ? await apartFound(db, word)
      : await splitFound(db, word);
  return { reading, fixed };
}

/** The sound-alike of a Hangul word (soundAlikes) that the most write-ups hold, if any does. */
async function soundAlikeFound(db: DB, word: string): Promise<Reading | null> {
  let best: Reading | null = null;
  for (const alike of soundAlikes(word)) {
    const found = await wordFound(db, alike);
    if (found && found.count > (best?.count ?? 0)) best = found;
  }
  return best;
}

/**
 * An unknown word typed with the keyboard in the other language's mode, read before any
 * correction: Latin keys as the Hangul they type in Korean mode ("rufwp": 결제; hangulFromKeys),
 * or Hangul as the English keys it was typed with ("ㄷㄱ객": error; keysFromHangul). Never a real
 * word or pasted text. `typed` is the word as typed: with its capitals (Shift types ㅆ, ㅖ:
 * "dPdhl" is 예외), with its Korean ending.
 */
export async function keyedReadingOf(
  db: DB,
  word: string,
  typed: string,
  pasted: boolean,
): Promise<{ reading: Reading; fixed: Correction } | null> {
  if (pasted) return null;
  // The other mode's word first, from the letters alone: most unknown words have none, and
  // are handed on to the corrections without a lookup.
  let meant: string | null = null;
  let english = false;
  if (/^[a-z]{3,40}$/.test(word)) {
    // (All capitals is Caps Lock, not Shift: the keys as lowercase.)
    const keys = typed.toLowerCase() === word && typed !== typed.toUpperCase() ? typed : word;
    const hangul = hangulFromKeys(keys);
    // Without its particle ("dpfjrk": 에러가, searched as 에러); two syllables or more.
    const stem = hangul ? stripParticle(hangul) : null;
    if (stem && [...stem].length >= 2) meant = stem;
  } else if (HANGUL_ONLY.test(typed) && [...typed].length <= 40) {
    const keys = keysFromHangul(typed);
    if (keys && keys.length >= KEYED_ENGLISH) {
      meant = keys;
      english = true;
    }
  }
  if (!meant || (await isRealWord(db, word))) return null;
  // An English word, or a name the write-ups hold ("kubectl") typed so that some letter stands
  // alone, as English typed in Korean mode nearly always leaves one (Korean words are whole
  // syllables).
  if (english && !LONE_LETTER.test(typed) && !(await isEnglishWord(meant))) return null;
  const reading = await foundWithPartners(db, meant);
  return reading ? { reading, fixed: { word: meant, stem: false } } : null;
}

/** Letters an English word typed in Korean mode has at least (해 is "go"). */
const KEYED_ENGLISH = 4;
/** A Hangul letter standing alone, outside a syllable. */
const LONE_LETTER = /[\u3131-\u3163]/;

/** A word with its partners in the synonym table, if some write-up holds one of them. */
async function foundWithPartners(db: DB, word: string): Promise<Reading | null> {
  const synonyms = await synonymsOf(db);
  const partners = synonyms.get(word) ?? [];
  const group = withPartners(word, synonyms);
  const count = await countUpTo(db, group, EXHAUSTIVE, isPhrase(group));
  return count ? { words: [word], group, count, partners } : null;
}

/** A real word as the two words the write-ups write it as (writtenApart), or null. */
async function apartFound(db: DB, word: string): Promise<Reading | null> {
  const words = await writtenApart(db, word);
  if (!words) return null;
  const group = phraseAtom(words);
  const count = await countUpTo(db, group, EXHAUSTIVE, true);
  return count ? { words, group, count } : null;
}

/** Whether some write-up holds every group the index knows (counted in chunks, stops at one). */
export async function holdsEveryKnownWord(
  db: DB,
  groups: readonly string[],
  counts: readonly number[],
  excluded: readonly string[],
): Promise<boolean> {
  const known = groups.filter((_, i) => (counts[i] ?? 0) > 0);
  const match = joinMatch(known, excluded, "all");
  return match !== null && known.length > 1 && (await countUpTo(db, match, 0, true)) > 0;
}

/** The words of the first three results' titles and snippets, lower-cased, in order. */
function* firstResultsWords(results: readonly SearchResult[]): Generator<string> {
  for (const r of results.slice(0, 3))
    for (const text of [r.title, ...r.snippet.map((p) => p.text)])
      yield* text.toLowerCase().match(WORD) ?? [];
}

/** The form of `stem` found in a result's text ("invoic" → "invoice"), for showing a correction. */
function surface(stem: string, results: readonly SearchResult[]): string {
  for (const word of firstResultsWords(results))
    if (word.startsWith(stem) && word.length - stem.length <= 3) return word;
  return stem;
}

/** A query word read as a correction: its place, the word typed, and the correction. */
export interface Fix extends Correction {
  at: number;
  typed: string;
}

/**
 * The corrected words as shown: a stem as the results' form of it (surface), a word no English
 * word as the results write it (shownAs); a word replaced since (read with its neighbour) as it is.
 */
export async function showFixes(
  db: DB,
  shown: string[],
  fixes: readonly Fix[],
  results: readonly SearchResult[],
): Promise<void> {
  for (const { at, typed, word, stem } of fixes) {
    if (stem) shown[at] = surface(word, results);
    else if (shown[at] === word && !(await isRealWord(db, word)))
      shown[at] = await shownAs(db, word, typed, results);
  }
}

/**
 * How a word corrected to `corrected` (no English word) is shown: as the first results write a
 * word the index reads as it does (the same stem), the one nearest to what was `typed`. Edits that
 * share a stem search the same ("postgress": "postgres" and "postgrness" both stem to postgr), so
 * the correction found may be no word anyone writes. Itself when the results hold it, or none.
 */
async function shownAs(
  db: DB,
  corrected: string,
  typed: string,
  results: readonly SearchResult[],
): Promise<string> {
  const words = new Set<string>();
  for (const word of firstResultsWords(results))
    if (/^[a-z]+$/.test(word) && Math.abs(word.length - corrected.length) <= 4) words.add(word);
  if (words.has(corrected)) return corrected;
  const list = [...words];
  const [own, ...theirs] = await stems(db, [corrected, ...list]);
  let best = corrected;
  let nearest = Number.POSITIVE_INFINITY;
  for (const [i, word] of list.entries()) {
    if (theirs[i] !== own) continue;
    const d = editDistance(word, typed, 8);
    if (d < nearest) {
      best = word;
      nearest = d;
    }
  }
  return best;
}

/**
 * The query's words with a reading in place of the word typed: the nearness bonus reads their
 * order, so "결재 재시도" read as "결제 재시도" gives 결제 then 재시도, not 재시도 then 결제.
 */
export function inPlaceOf(words: HitWords, typed: string, reading: readonly string[]): HitWords {
  // The reading's words of the typed word's script take its place; the others join their own
  // script's list (Hangul typed in English mode, a Korean word's English partner).
  const typedHangul = HANGUL.test(typed);
  const out = { ...words, latin: [...words.latin], hangul: [...words.hangul] };
  const list = typedHangul ? out.hangul : out.latin;
  const same = reading.filter((w) => HANGUL.test(w) === typedHangul);
  const place = list.indexOf(typed);
  if (place >= 0) list.splice(place, 1, ...same);
  else list.push(...same);
  (typedHangul ? out.latin : out.hangul).push(
    ...reading.filter((w) => HANGUL.test(w) !== typedHangul),
  );
  return out;
}
