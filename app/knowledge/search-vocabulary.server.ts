import { sql } from "kysely";
import type { DB } from "#db/client";
import { dataVersion } from "~/lib/data-versions.server";
import { logger } from "~/lib/logger.server";
import { editDistance } from "./edit-distance";
import { englishWords, type WordSet } from "./english-words.server";
import { koreanWords } from "./korean-words.server";
import { quietMoment } from "./search-chunks.server";
import { identifierCompletions } from "./search-identifiers.server";
import { keptPerVersion } from "./search-kept.server";
import { snakeParts } from "./search-snake";

// ---------------------------------------------------------------------------------------------
// Typo corrections, from the index's own vocabulary (fts5vocab). Only words worth correcting TO
// are kept in memory: letters only, three to 24 of them (identifiers, ids, hex and paths are
// most of a large index's terms and are never a correction). Whether a word is in the
// index at all is asked of the index itself, never of this list.

interface Dictionary {
  checkedAt: number;
  signature: number;
  /** Terms by "length|first letter" and "length|*second letter": typo candidates, found fast. */
  byShape: Map<string, string[]>;
  docs: Map<string, number>;
  /** The same terms sorted, with their counts, for completions of a word being typed. */
  sorted: string[];
  sortedDocs: Uint32Array;
  /** Terms that are a number run into a unit ("1.35Tbps" is indexed as 1 and 35tbp), by unit. */
  byUnit: Map<string, { term: string; doc: number }[]>;
  /** Identifiers of words joined by underscores (do_not_honor), by each word of 3 letters or more. */
  byPart: Map<string, { term: string; doc: number }[]>;
  /**
   * Pairs of syllables written inside a word of some write-up (숫자 of 숫자를). The Korean
   * columns also pair a word's last syllable with the next word's first ("가 아니라" gives 가아),
   * so a pair the index holds is not always a word: a typo is corrected only into these.
   */
  inWord: Set<string>;
}
const CHECK_MS = 60_000;
/** Terms read per query while loading, at most: each read blocks the process, so it stays short. */
const CHUNK = 150;
/** Terms read per query while loading, at least. */
const MIN_CHUNK = 25;
/** What one read may hold the process for: a longer one halves the next read's terms. */
const CHUNK_HOLD_MS = 30;
const dictionaries = new WeakMap<DB, Dictionary>();
const loading = new WeakMap<DB, Promise<Dictionary>>();

const WORTH = /^(?:[\p{L}]{3,24}|\p{Script=Hangul}{2,4})$/u;
/** A term of Hangul syllables alone. */
const HANGUL_WORD = /^[\uac00-\ud7a3]+$/;
/** A number run into a unit of two letters or more: 35tbp, 500ms, 16gb (not hex: 0x7f3a). */
const NUMBERED = /^\d+([a-z]{2,12})$/;

function fileUnder<T>(lists: Map<string, T[]>, key: string, item: T) {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}

async function loadDictionary(db: DB): Promise<Dictionary> {
  const signature = await dataVersion(db, "writeups");
  const byShape = new Map<string, string[]>();
  const docs = new Map<string, number>();
  const byUnit = new Map<string, { term: string; doc: number }[]>();
  const byPart = new Map<string, { term: string; doc: number }[]>();
  const inWord = new Set<string>();
  let after: string | null = null;
  let chunk = CHUNK;
  for (;;) {
    const started = performance.now();
    const { rows }: { rows: { term: string; doc: number }[] } = await sql<{
      term: string;
      doc: number;
    }>`select term, doc from writeups_vocab
       ${after === null ? sql`` : sql`where term > ${after}`}
       order by term limit ${chunk}`.execute(db);
    const took = performance.now() - started;
    for (const { term, doc } of rows) {
      const unit = NUMBERED.exec(term)?.[1];
      if (unit) fileUnder(byUnit, unit, { term, doc });
      // An identifier of words alone (do_not_honor, err_otp_inval; not tx_9f2c41e0).
      const parts = snakeParts(term);
      if (parts?.every((p) => /^[a-z]+$/.test(p)))
        for (const part of new Set(parts))
          if (part.length >= 3) fileUnder(byPart, part, { term, doc });
      // A Hangul term of three syllables or more is a word of a text as written (the Korean
      // columns hold pairs): its pairs are written inside a word.
      if (term.length >= 3 && HANGUL_WORD.test(term))
        for (let i = 0; i + 2 <= term.length; i++) inWord.add(term.slice(i, i + 2));
      if (!WORTH.test(term) || /[\d_]/.test(term)) continue;
      docs.set(term, doc);
      fileUnder(byShape, `${term.length}|${term[0]}`, term);
      fileUnder(byShape, `${term.length}|*${term[1]}`, term);
    }
    if (rows.length < chunk) break;
    after = (rows.at(-1) as { term: string }).term;
    // A term's count walks its doclist: a run of common words ("in", "index", "info", "invoice")
    // costs far more than as many rare ones (500 held 112 ms at 100,000 write-ups): chunks follow time.
    if (took > CHUNK_HOLD_MS) chunk = Math.max(MIN_CHUNK, Math.floor(chunk / 2));
    else if (took < CHUNK_HOLD_MS / 4) chunk = Math.min(CHUNK, chunk * 2);
    await new Promise((resolve) => setImmediate(resolve));
    // A reload (the old dictionary serves meanwhile) goes on between searches only; the first
    // load is what searches wait for.
    if (dictionaries.has(db)) await quietMoment();
  }
  const sorted = [...docs.keys()].sort();
  const sortedDocs = Uint32Array.from(sorted.map((t) => docs.get(t) ?? 0));
  for (const list of [...byUnit.values(), ...byPart.values()])
    list.sort((a, b) => b.doc - a.doc || (a.term < b.term ? -1 : 1));
  const found = { byShape, docs, sorted, sortedDocs, byUnit, byPart, inWord };
  return { checkedAt: Date.now(), signature, ...found };
}

function reload(db: DB): Promise<Dictionary> {
  const current = loading.get(db);
  if (current) return current;
  const pending: Promise<Dictionary> = loadDictionary(db)
    .then((dictionary) => {
      if (loading.get(db) === pending) dictionaries.set(db, dictionary);
      return dictionary;
    })
    .finally(() => {
      if (loading.get(db) === pending) loading.delete(db);
    });
  loading.set(db, pending);
  return pending;
}

/**
 * How long a search waits for the dictionary's first load at most (0: not at all; tests): among 100,000 write-ups it
 * takes a couple of seconds after a start, and a search meanwhile goes on without corrections
 * and completions rather than wait for them.
 */
export const firstLoad = { waitMs: 250 };

/** When searches stop waiting for a first load (by its promise). */
const firstLoadDeadline = new WeakMap<Promise<Dictionary>, number>();

/** No terms: what a search uses while the first load is still running. */
const EMPTY: Dictionary = {
  checkedAt: 0,
  signature: -1,
  byShape: new Map(),
  docs: new Map(),
  sorted: [],
  sortedDocs: new Uint32Array(0),
  byUnit: new Map(),
  byPart: new Map(),
  inWord: new Set(),
};

/** The correction dictionary; reloaded in the background when write-ups changed (checked once a minute). */
async function dictionary(db: DB): Promise<Dictionary> {
  const cached = dictionaries.get(db);
  if (!cached) {
    const first = reload(db);
    // The wait is counted from the load's start, whoever asks: a search asking several times
    // (a word at a time) waits once, and none waits once the load has run that long.
    const deadline = firstLoadDeadline.get(first) ?? performance.now() + firstLoad.waitMs;
    firstLoadDeadline.set(first, deadline);
    const left = deadline - performance.now();
    if (left <= 0) {
      first.catch(() => {});
      return EMPTY;
    }
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<Dictionary>((resolve) => {
      timer = setTimeout(() => resolve(EMPTY), left);
    });
    return Promise.race([first, waited]).finally(() => clearTimeout(timer));
  }
  if (Date.now() - cached.checkedAt >= CHECK_MS && !loading.has(db)) {
    cached.checkedAt = Date.now();
    if ((await dataVersion(db, "writeups")) !== cached.signature)
      reload(db).catch((error: unknown) => {
        logger.error("reloading the search dictionary failed", { error: String(error) });
      });
  }
  return cached;
}

/**
 * Whether the dictionary has loaded once: until then a search may go on without corrections
 * (firstLoad), and its answer is not one to keep.
 */
export function dictionaryLoaded(db: DB): boolean {
  return dictionaries.has(db);
}

/** Loads the correction dictionary ahead of the first typo (the server calls it once listening); its size. */
export async function warmSearch(db: DB): Promise<number> {
  await Promise.all([englishWords(), koreanWords()]);
  return reload(db).then((d) => d.docs.size);
}

/** Forget the cached dictionary (tests, and after bulk imports in this process). */
export function resetVocabulary(db: DB) {
  dictionaries.delete(db);
  loading.delete(db);
}

/** The last stemming call on each connection, which the next one waits for. */
const stemming = new WeakMap<DB, Promise<unknown>>();

/**
 * The index terms (porter stems) of `words`, as the index itself stems them: a scratch FTS5
 * table in the connection's temporary schema, with the index's tokenizer, read through fts5vocab.
 */
export async function stems(db: DB, words: readonly string[]): Promise<string[]> {
  const unknown = [...new Set(words.filter((w) => !stemOf.has(w)))];
  if (unknown.length) {
    // One scratch table per connection: calls take turns, or one's words would land in another's.
    const run = (stemming.get(db) ?? Promise.resolve()).then(() => stemsNow(db, unknown));
    stemming.set(
      db,
      run.catch(() => undefined),
    );
    const found = await run;
    if (stemOf.size + unknown.length > STEMS_KEPT) stemOf.clear();
    for (const [i, w] of unknown.entries()) stemOf.set(w, found[i] ?? w);
  }
  return words.map((w) => stemOf.get(w) ?? w);
}

/** Stems already asked for: the tokenizer's answer for a word never changes. */
const stemOf = new Map<string, string>();
const STEMS_KEPT = 20_000;

async function stemsNow(db: DB, words: readonly string[]): Promise<string[]> {
  await sql`create virtual table if not exists temp.koan_stemmer using fts5(x, content='',
    tokenize = "porter unicode61 remove_diacritics 2 tokenchars '_'")`.execute(db);
  await sql`create virtual table if not exists temp.koan_stemmer_terms
    using fts5vocab(temp, koan_stemmer, 'instance')`.execute(db);
  await sql`insert into temp.koan_stemmer(koan_stemmer) values ('delete-all')`.execute(db);
  await sql`insert into temp.koan_stemmer(rowid, x) values (1, ${words.join(" ")})`.execute(db);
  const { rows } = await sql<{ term: string; offset: number }>`
    select term, offset from temp.koan_stemmer_terms order by offset`.execute(db);
  return words.map((w, i) => rows.find((r) => r.offset === i)?.term ?? w);
}

/**
 * The most common dictionary word within one edit of `stem` (two for long words; one syllable
 * for Hangul), or null. Only called for words that are not in the index at all.
 */
export async function correct(db: DB, stem: string): Promise<string | null> {
  const hangul = /\p{Script=Hangul}/u.test(stem);
  if (hangul ? stem.length < 2 || stem.length > 4 : stem.length < 3 || stem.length > 22)
    return null;
  if (/[\d_]/.test(stem)) return null;
  const dict = await dictionary(db);
  const max = !hangul && stem.length >= 7 ? 2 : 1;
  let best: string | null = null;
  let bestScore = -1;
  const lengths = hangul ? [stem.length] : [];
  if (!hangul) for (let len = stem.length - max; len <= stem.length + max; len++) lengths.push(len);
  // Two-syllable Hangul candidates, best first, until one is a word people write.
  const pairs: { candidate: string; score: number }[] = [];
  for (const len of lengths) {
    const sameFirst = dict.byShape.get(`${len}|${stem[0]}`) ?? [];
    const sameSecond = (dict.byShape.get(`${len}|*${stem[1]}`) ?? []).filter(
      (c) => c[0] !== stem[0],
    );
    for (const candidate of [...sameFirst, ...sameSecond]) {
      let distance = editDistance(stem, candidate, max);
      if (distance > max) continue;
      // A Hangul slip is one letter of a syllable (오루 for 오류: ㅠ typed ㅜ), rarely more (하루
      // changes ㅎ and ㅏ): syllables differ by letters, each letter ten times less likely.
      if (hangul) distance = jamoDistance(stem, candidate);
      // A two-syllable word is one letter off, or another word (틀림 is not a typo of 알림).
      if (hangul && stem.length === 2 && distance > 1) continue;
      const docs = dict.docs.get(candidate) ?? 0;
      const score = hangul ? docs / 10 ** distance : docs / (1 + distance * 10);
      if (hangul && stem.length === 2) pairs.push({ candidate, score });
      else if (score > bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
  }
  // A pair of syllables the index holds may only meet across a space ("가 아니라" gives 가아):
  // a typo is read as a word some write-up writes (가요 is no typo of 가아, 숫자 none of 수자).
  pairs.sort((a, b) => b.score - a.score);
  for (const { candidate } of pairs) if (await writesPair(db, candidate)) return candidate;
  return best;
}

/**
 * Whether the write-ups write a pair of Hangul syllables inside a word or as one, not only across
 * a space as the Korean columns pair them ("가 아니라" gives 가아).
 */
export async function writesPair(db: DB, pair: string): Promise<boolean> {
  return (await dictionary(db)).inWord.has(pair) || writtenAsWord(db, pair);
}

/** Whether a plain column (not the Korean columns' pairs) holds `pair` as a word, per version. */
const asWordKept = keptPerVersion<boolean>(2_000);

function writtenAsWord(db: DB, pair: string): Promise<boolean> {
  return asWordKept(db, pair, async () => {
    await sql`create virtual table if not exists temp.koan_vocab_columns
      using fts5vocab(main, writeups_fts, 'col')`.execute(db);
    const { rows } = await sql<{ one: number }>`select 1 as one from temp.koan_vocab_columns
      where term = ${pair} and col not in ('ko_title', 'ko_body') limit 1`.execute(db);
    return rows.length > 0;
  });
}

const SYLLABLES = { first: 0xac00, last: 0xd7a3 } as const;

/**
 * Letters (jamo) that differ between two Hangul words of the same length, syllable by syllable:
 * a syllable is its initial, vowel and final letters; any other character differs whole (3).
 */
export function jamoDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const syllable = (c: number) => c >= SYLLABLES.first && c <= SYLLABLES.last;
    if (!syllable(x) || !syllable(y)) {
      distance += 3;
      continue;
    }
    const [p, q] = [x - SYLLABLES.first, y - SYLLABLES.first];
    distance +=
      Number(Math.floor(p / 588) !== Math.floor(q / 588)) +
      Number(Math.floor((p % 588) / 28) !== Math.floor((q % 588) / 28)) +
      Number(p % 28 !== q % 28);
  }
  return distance;
}

/** Every word one edit away from `word` (a–z letters): deletions, swaps, changes, insertions. */
function edits1(word: string): string[] {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of letters) {
      if (tail) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return [...out];
}

/**
 * Corrections for a word that is in no write-up, best first (at most `limit`): the most common
 * words one edit away whose stem the index holds, as words ("dunnig" → "dunning", whose stem is
 * "dun"); for long words, failing those, the closest stem within two edits.
 *
 * An English word the index lacks is not a typo of another word, as a rule: it is corrected only
 * in a short query (never in pasted text), only to another English word ("leek" → "leak"), and
 * never to a stem; the caller checks the context. A correction that is a word comes before one
 * that only looks like an inflection to the stemmer ("notifcation" → "notification", never
 * "reached" → "eached").
 */
export async function corrections(
  db: DB,
  word: string,
  options: { pasted?: boolean; limit?: number } = {},
): Promise<readonly Correction[]> {
  // Kept with the dictionary they were read from (a reload starts afresh): a typo is corrected
  // by every search typed after it, a paste's unknown words by every search of the paste.
  // (Nothing to read for a Latin word too short or long to correct: see correctionsOf.)
  if (!/\p{Script=Hangul}/u.test(word) && !/^[a-z]{4,22}$/.test(word)) return [];
  const dict = await dictionary(db);
  const english = await englishWords();
  if (dict === EMPTY || english.size === 0)
    return correctionsOf(db, { dict, english }, word, options);
  let kept = keptCorrections.get(dict);
  if (!kept) {
    kept = new Map();
    keptCorrections.set(dict, kept);
  }
  const key = `${options.pasted ? "p" : ""}${options.limit ?? 1}|${word}`;
  const known = kept.get(key);
  if (known) return known;
  const found = await correctionsOf(db, { dict, english }, word, options);
  if (kept.size >= MAX_KEPT_CORRECTIONS) kept.clear();
  kept.set(key, found);
  return found;
}

/** A correction of a query word: a word, or an index stem (a word's form the index holds). */
export interface Correction {
  word: string;
  stem: boolean;
}
const keptCorrections = new WeakMap<Dictionary, Map<string, readonly Correction[]>>();
const MAX_KEPT_CORRECTIONS = 5_000;

/** corrections, read from the dictionary and word list the caller holds. */
async function correctionsOf(
  db: DB,
  { dict, english }: { dict: Dictionary; english: WordSet },
  word: string,
  options: { pasted?: boolean; limit?: number },
): Promise<Correction[]> {
  const limit = options.limit ?? 1;
  if (/\p{Script=Hangul}/u.test(word)) {
    const fixed = await correct(db, word);
    return fixed ? [{ word: fixed, stem: false }] : [];
  }
  // Three letters are too few to tell a slip from another word: one edit is a third of it, and
  // acronyms are what they are ("ssl" is not "sql").
  if (!/^[a-z]{4,22}$/.test(word)) return [];
  const real = english.has(word);
  if (real && options.pasted) return [];
  const variants = edits1(word);
  const stemmed = await stems(db, variants);
  const found: { variant: string; docs: number; english: boolean }[] = [];
  for (const [i, variant] of variants.entries()) {
    const docs = dict.docs.get(stemmed[i] as string) ?? 0;
    const isWord = english.has(variant);
    if (docs && (isWord || !real)) found.push({ variant, docs, english: isWord });
  }
  // A word before a non-word; then the more common; variants sharing a stem tie, and a dropped
  // letter is the commonest slip, so the longer wins ("notification", not "notifation").
  found.sort(
    (a, b) =>
      Number(b.english) - Number(a.english) ||
      b.docs - a.docs ||
      b.variant.length - a.variant.length,
  );
  if (found.length) return found.slice(0, limit).map((f) => ({ word: f.variant, stem: false }));
  if (real || word.length < 7) return [];
  const [own] = await stems(db, [word]);
  const fixed = await correct(db, own ?? word);
  return fixed ? [{ word: fixed, stem: true }] : [];
}

/** Whether `word` is an English word (a word the index lacks is then not read as two words). */
export async function isEnglishWord(word: string): Promise<boolean> {
  return (await englishWords()).has(word);
}

/**
 * An unknown Latin word read as two known words run together ("addons" → "add ons", as the
 * text's "add-ons" is indexed; "healthcheck" → "health check"): each split whose halves are both
 * in the index, the one with the rarer half most common first; at most `limit`. The caller keeps
 * a split only if the two words stand side by side somewhere.
 */
export async function compoundSplits(db: DB, word: string, limit = 3): Promise<[string, string][]> {
  return (await countedSplits(db, word, limit)).map((split) => split.parts);
}

/** A word's two-word split, with how many write-ups hold its rarer half (the index's own count). */
export interface CountedSplit {
  parts: [string, string];
  docs: number;
}

/** compoundSplits with each split's rarer half counted. */
export async function countedSplits(db: DB, word: string, limit = 3): Promise<CountedSplit[]> {
  if (!/^[a-z]{5,30}$/.test(word)) return [];
  const cuts: [string, string][] = [];
  // One letter cut off only as English's "e-" ("email" is written "e-mail", "ecommerce"
  // "e-commerce"): a lone letter elsewhere is an initial, not a word.
  for (let at = word.startsWith("e") ? 1 : 2; at <= word.length - 2; at++)
    cuts.push([word.slice(0, at), word.slice(at)]);
  const stemmed = await stems(db, [...cuts.flat(), word]);
  const whole = stemmed.at(-1);
  // The index's own word list, not the correction dictionary: a half may be two letters ("ons"
  // is indexed as "on").
  const { rows } = await sql<{ term: string; doc: number }>`select term, doc from writeups_vocab
    where term in (${sql.join([...new Set(stemmed)].map((t) => sql`${t}`))})`.execute(db);
  const docsOf = new Map(rows.map((r) => [r.term, r.doc]));
  const found: CountedSplit[] = [];
  for (const [i, parts] of cuts.entries()) {
    // A half stemmed as the whole word is no word of its own: "certific ate" is indexed as
    // certificate + at, so the split would meet "certificate at" in any text.
    if (stemmed[2 * i] === whole || stemmed[2 * i + 1] === whole) continue;
    const docs = Math.min(
      docsOf.get(stemmed[2 * i] as string) ?? 0,
      docsOf.get(stemmed[2 * i + 1] as string) ?? 0,
    );
    if (docs > 0) found.push({ parts, docs });
  }
  return found.sort((a, b) => b.docs - a.docs).slice(0, limit);
}

/**
 * The index terms that are a number run into the unit `stem` ("35tbp" for "tbps", as "1.35Tbps"
 * is indexed), most common first; at most `limit`. For a unit typed alone, which the index holds
 * only after a number.
 */
export async function numberedForms(db: DB, stem: string, limit = 8): Promise<string[]> {
  if (!/^[a-z]{2,12}$/.test(stem)) return [];
  return ((await dictionary(db)).byUnit.get(stem) ?? []).slice(0, limit).map((u) => u.term);
}

/**
 * The identifiers holding one of `words` as one of theirs ("honor": do_not_honor), most common
 * first; at most `limit`. For a word the index holds only inside an identifier: as typed and as
 * stemmed (the stemmer stems an identifier's last word only: insufficient_fund).
 */
export async function identifierForms(db: DB, words: string[], limit = 4): Promise<string[]> {
  const { byPart } = await dictionary(db);
  const held = [...new Set(words)].flatMap((w) => byPart.get(w) ?? []);
  return [...new Set(held.sort((a, b) => b.doc - a.doc).map((u) => u.term))].slice(0, limit);
}

/** Terms looked at for one completion, at most. */
const COMPLETION_SCAN = 20_000;

/** Where `key` is or would be in the sorted terms: the first term not before it. */
function firstFrom(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The most common dictionary words (index stems) starting with `prefix`, most common first; at
 * most `limit`. For the word still being typed.
 */
export async function completions(db: DB, prefix: string, limit = 3): Promise<string[]> {
  // An identifier ("err_exp", "tx_9f2") is completed from the index's own term list.
  if (/[\d_]/.test(prefix)) return identifierCompletions(db, prefix, limit);
  const dict = await dictionary(db);
  const lo = firstFrom(dict.sorted, prefix);
  const best: { term: string; doc: number }[] = [];
  for (let i = lo; i < dict.sorted.length && i < lo + COMPLETION_SCAN; i++) {
    const term = dict.sorted[i] as string;
    if (!term.startsWith(prefix)) break;
    best.push({ term, doc: dict.sortedDocs[i] as number });
    if (best.length > limit * 4) {
      best.sort((a, b) => b.doc - a.doc);
      best.length = limit;
    }
  }
  return best
    .sort((a, b) => b.doc - a.doc || (a.term < b.term ? -1 : 1))
    .slice(0, limit)
    .map((b) => b.term);
}

/**
 * The syllables between code points `lo` and `hi` that the index's words hold right after `lead`
 * (the syllable before, or none), the commonest first, at most `limit`: how a Hangul word still
 * being typed may end (hangul-typing.ts).
 */
export async function syllablesAfter(
  db: DB,
  lead: string,
  range: { lo: number; hi: number },
  limit = 3,
): Promise<string[]> {
  const dict = await dictionary(db);
  const from = lead + String.fromCharCode(range.lo);
  const until = lead + String.fromCharCode(range.hi + 1);
  const lo = firstFrom(dict.sorted, from);
  const docs = new Map<string, number>();
  for (let i = lo; i < dict.sorted.length && i < lo + COMPLETION_SCAN; i++) {
    const term = dict.sorted[i] as string;
    if (term >= until) break;
    const syllable = term.charAt(lead.length);
    docs.set(syllable, Math.max(docs.get(syllable) ?? 0, dict.sortedDocs[i] as number));
  }
  return [...docs]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([syllable]) => syllable);
}

/** Up to `limit` indexed words starting with `prefix`, most common first (search suggestions). */
export async function suggestTerms(db: DB, prefix: string, limit = 8): Promise<string[]> {
  const p = prefix.toLowerCase().trim();
  if (p.length < 2) return [];
  const { rows } = await sql<{ term: string; doc: number }>`
    select term, doc from writeups_vocab where term >= ${p} and term < ${`${p}\uFFFF`}
    limit 2000`.execute(db);
  return rows
    .filter((r) => WORTH.test(r.term))
    .sort((a, b) => b.doc - a.doc)
    .slice(0, limit)
    .map((r) => r.term);
}
