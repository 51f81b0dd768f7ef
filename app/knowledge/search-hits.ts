import { stemmer } from "stemmer";

// Which of a query's words a write-up's text holds, and where: the words of a text as the index
// reads them, a text word matched to a query word (itself or a form of it, a Hangul word inside
// it), and the hits found by looking for the query words' first letters. The snippets and the
// nearness bonus (search-snippets.ts) and a row's coverage of the query read them.

/** Words a result is highlighted for, as the query read them. */
export interface HitWords {
  /** Latin words and stems: a text word is a hit when it is the same word or a form of it. */
  latin: readonly string[];
  /** The word being typed: any text word starting with it is a hit. */
  prefix: string | null;
  /** Hangul words: a text word holding one is a hit (particles attached). */
  hangul: readonly string[];
  /** Lone accented letters as typed (ParsedQuery.marked): ranked by, not matched. */
  marked?: readonly string[];
  /**
   * Forms of the group written apart, each its words in order ("http 3" for "http3"): a text
   * holding them side by side holds the group (groupsHeld).
   */
  phrases?: readonly (readonly string[])[];
}

/** A word of text, as the index reads one (eachWord scans for the same). */
export const WORD = /[\p{L}\p{N}_]+/gu;
/** Letters that fold to ASCII (hitOf compares folded words). */
const ACCENTED = /[\u00C0-\u024F\u1E00-\u1EFF]/;
const ACCENTED_ALL = new RegExp(ACCENTED.source, "g");
/** A character beyond the basic plane (two UTF-16 code units). */
const ASTRAL = /[\uD800-\uDBFF]/;
const fold = (word: string) =>
  !/[^a-zA-Z0-9_]/.test(word)
    ? word.toLowerCase()
    : word.replace(ACCENTED_ALL, (ch) => ch.normalize("NFD").replace(/\p{M}+/gu, "")).toLowerCase();

const DIGIT = /[\d_]/;

/** A number's plural ("404s", "1990s") is the number, as the index's stemmer reads it. */
const numberOf = (word: string) => (/^\d+s$/.test(word) ? word.slice(0, -1) : word);

/** Whether `text` is the query word `query` or a form of it; `plain`: neither holds a digit or _. */
function sameWord(text: string, query: string, plain: boolean): boolean {
  if (text === query) return true;
  if (!plain) return numberOf(text) === numberOf(query);
  let common = 0;
  while (common < text.length && common < query.length && text[common] === query[common]) common++;
  // "server"/"servers", "invoice"/"invoicing", and a stem ("invoic") against its forms.
  return (
    common >= 4 &&
    common >= Math.min(text.length, query.length) - 1 &&
    Math.abs(text.length - query.length) <= 4
  );
}

/** A word the index's porter tokenizer may stem: letters alone. */
const STEMMED = /^[a-z]{3,}$/;
/** An English word's stem as the index's porter tokenizer reads it; any other word as it is. */
const stemOf = (word: string) => (STEMMED.test(word) ? stemmer(word) : word);

function findHit(word: string, words: HitWords): number {
  const w = fold(word);
  const plain = !DIGIT.test(w);
  for (const [i, q] of words.latin.entries()) if (sameWord(w, q, plain && !DIGIT.test(q))) return i;
  // A form the index stems alike though it ends otherwise ("balancing" for "balancer").
  if (STEMMED.test(w)) {
    const kept = keptOf(words);
    kept.stems ??= words.latin.map(stemOf);
    const at = kept.stems.indexOf(stemmer(w));
    if (at >= 0) return at;
  }
  if (words.prefix && w.startsWith(words.prefix)) return words.latin.length;
  for (const [i, h] of words.hangul.entries()) if (w.includes(h)) return words.latin.length + 1 + i;
  return -1;
}

/**
 * What one query's words have read so far, kept on the words themselves (a property of their own,
 * not copied with them): a search reads each row's texts twice (the nearness bonus, then the
 * snippet), and a write-up repeats its words. It goes with the search's words, where a WeakMap
 * keyed by them had every search's entries to sweep.
 */
interface Kept {
  /** Each text word's hit (hitOf), at most ANSWERS_KEPT. */
  answers: Map<string, number>;
  /** Each text's hits (hitsIn), at most HITS_KEPT. */
  hits: Map<string, Hit[] | null>;
  /** The first four letters of each Latin word (headsOf). */
  heads: readonly string[] | null;
  /** The Latin words alone (latinOf). */
  latinOnly: HitWords | null;
  /** Each Latin word's own hit: a text word that is the query word itself (exactHit). */
  exact: number[];
  /** The heads, each once (findHits looks for each once). */
  needles: readonly string[] | null;
  /** Each Latin word's porter stem (findHit). */
  stems?: readonly string[];
}
const KEPT = Symbol("kept");
const ANSWERS_KEPT = 20_000;

function keptOf(words: HitWords): Kept {
  const mine = (words as { [KEPT]?: Kept })[KEPT];
  if (mine) return mine;
  const fresh: Kept = {
    answers: new Map(),
    hits: new Map(),
    heads: null,
    latinOnly: null,
    exact: [],
    needles: null,
  };
  // Not enumerable: words made from these by spreading them start with nothing kept.
  Object.defineProperty(words, KEPT, { value: fresh });
  return fresh;
}

/** Which query word (by index in `latin`, then hangul after it) a text word is, or -1. */
export function hitOf(word: string, words: HitWords): number {
  const seen = keptOf(words).answers;
  const known = seen.get(word);
  if (known !== undefined) return known;
  const hit = findHit(word, words);
  if (seen.size < ANSWERS_KEPT) seen.set(word, hit);
  return hit;
}

/**
 * How many of the query's words `text` may hold, at most, by a cheap look at its letters: a
 * text word is a hit only if the text holds the query word's first four letters (all of a
 * shorter word, or the word being typed), or has accented letters that fold. 0 means none can.
 */
export function mayHold(
  text: string,
  words: HitWords,
  lower = text.toLowerCase(),
  accented = ACCENTED.test(text),
): number {
  if (accented) return words.latin.length + words.hangul.length + 1;
  let n = 0;
  for (const head of headsOf(words)) if (lower.includes(head)) n++;
  if (words.prefix && lower.includes(words.prefix)) n++;
  for (const h of words.hangul) if (lower.includes(h)) n++;
  return n;
}

/** The first four letters of each of the query's Latin words (read for every text of a search). */
function headsOf(words: HitWords): readonly string[] {
  const kept = keptOf(words);
  kept.heads ??= words.latin.map((q) => numberOf(q).slice(0, 4));
  return kept.heads;
}

export interface Token {
  start: number;
  end: number;
  hit: number;
}

/** A letter or digit beyond ASCII (Hangul, accented Latin, …), as WORD reads them. */
const WIDE_WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Calls `visit` with each word of `text` (what WORD matches: letters, digits, _) by its start
 * and end, and its position among the words. A scan of character codes: the words of 50 rows
 * are read per search, and a regex match object per word cost twice as much.
 */
export function eachWord(
  text: string,
  visit: (start: number, end: number, position: number) => void,
): void {
  let start = -1;
  let position = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    // A character outside the basic plane (two code units) is read whole.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      if (WIDE_WORD_CHAR.test(text.slice(i, i + 2))) {
        if (start < 0) start = i;
        i++;
        continue;
      }
    } else if (i < text.length && isWordChar(text, i)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      visit(start, i, position++);
      start = -1;
    }
  }
}

/** Whether the character at `i` is part of a word (letters, digits, _; basic plane). */
export function isWordChar(text: string, i: number): boolean {
  return WORD_CHARS[text.charCodeAt(i)] === 1;
}

/**
 * Which basic-plane characters are word characters (letters, digits, _), one byte each: the
 * words of every row shown are read per search, and a table beats a regex test per letter.
 * Surrogates are not (eachWord reads a pair whole).
 */
const WORD_CHARS = (() => {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++)
    if (
      c === 95 ||
      (c < 0xd800 || c > 0xdfff ? WIDE_WORD_CHAR.test(String.fromCharCode(c)) : false)
    )
      table[c] = 1;
  return table;
})();

/** Each word of `text` with the query word it is (-1 for none), every word looked up. */
export function tokens(text: string, words: HitWords): Token[] {
  const out: Token[] = [];
  eachWord(text, (start, end) => {
    out.push({ start, end, hit: hitOf(text.slice(start, end), words) });
  });
  return out;
}
export interface Hit {
  hit: number;
  start: number;
  end: number;
}

/**
 * The query's words in `text`, in order, found by looking for their first letters (a Hangul word
 * anywhere in a word) instead of reading every word; null where that could read words otherwise
 * than eachWord (letters that fold or change length when lower-cased, characters beyond the
 * basic plane).
 */
export function hitsIn(text: string, lower: string, words: HitWords): Hit[] | null {
  // A row's texts are read twice per search (the nearness bonus, then the snippet): kept.
  const kept = keptOf(words).hits;
  const known = kept.get(text);
  if (known !== undefined) return known;
  const found = findHits(text, lower, words);
  if (kept.size >= HITS_KEPT) kept.clear();
  kept.set(text, found);
  return found;
}

/**
 * `text` lower-cased, kept per process (at most LOWERS_KEPT texts, all dropped when full): the
 * nearness bonus reads a row's texts, then its snippet reads them again, and the next keystroke,
 * the next page, a ticket's related write-ups read the same rows (kept too, search-rows.server.ts).
 */
export function lowerOf(text: string): string {
  let lower = lowers.get(text);
  if (lower === undefined) {
    lower = text.toLowerCase();
    if (lowers.size >= LOWERS_KEPT) lowers.clear();
    lowers.set(text, lower);
  }
  return lower;
}
const lowers = new Map<string, string>();
/** About the texts of the rows kept (3,000 rows, five texts each): a few MB. */
const LOWERS_KEPT = 15_000;

/** Texts' hits kept per query: the rows of one search (a few hundred texts). */
const HITS_KEPT = 500;

/** Whether findHits can read `text` (its lower-cased form `lower`) by the words' first letters. */
export const canFindHits = (text: string, lower: string) =>
  lower.length === text.length && !ACCENTED.test(text) && !ASTRAL.test(text);

function findHits(text: string, lower: string, words: HitWords): Hit[] | null {
  if (!canFindHits(text, lower)) return null;
  const found: Hit[] = [];
  const mine = keptOf(words);
  // (Two forms of a word share their first letters: one look finds both.)
  mine.needles ??= [...new Set(headsOf(words))];
  const heads = mine.needles;
  // Each needle's hits come in order; two needles' hits are merged by a sort (and a word both
  // found is kept once: the same start is the same word, so the same hit).
  let needles = 0;
  for (const head of heads) needles += lookFor(text, lower, head, false, words, found) ? 1 : 0;
  // A word starting with the word being typed starts with a Latin word's head already looked for.
  const prefix = words.prefix;
  if (prefix && !heads.some((head) => prefix.startsWith(head)))
    needles += lookFor(text, lower, prefix, false, words, found) ? 1 : 0;
  for (const h of words.hangul) needles += lookFor(text, lower, h, true, words, found) ? 1 : 0;
  if (needles < 2) return found;
  sortByStart(found);
  let kept = 0;
  for (const hit of found)
    if (!kept || (found[kept - 1] as Hit).start !== hit.start) found[kept++] = hit;
  found.length = kept;
  return found;
}

/** Hits in the order of their start (for Array.prototype.sort). */
export const byStart = (a: Hit, b: Hit) => a.start - b.start;

/**
 * Hits sorted by start, in place: each needle's come in order, so a few runs, merged by insertion
 * where they are few (Array.prototype.sort copies the array first, every text of every search).
 */
function sortByStart(found: Hit[]): void {
  if (found.length > 64) {
    found.sort(byStart);
    return;
  }
  for (let i = 1; i < found.length; i++) {
    const hit = found[i] as Hit;
    let j = i - 1;
    for (; j >= 0 && (found[j] as Hit).start > hit.start; j--) found[j + 1] = found[j] as Hit;
    found[j + 1] = hit;
  }
}

/**
 * Adds to `found` the hits among the words of `text` holding `needle` (in `lower`, the text
 * lower-cased) where it starts a word, or `anywhere` in one; in order, each word once. Whether any
 * was added.
 */
function lookFor(
  text: string,
  lower: string,
  needle: string,
  anywhere: boolean,
  words: HitWords,
  found: Hit[],
): boolean {
  if (!needle) return false;
  const before = found.length;
  // A word holding the needle twice is found once: the next look starts after its end.
  for (let at = lower.indexOf(needle); at >= 0; ) {
    let start = at;
    if (anywhere) while (start > 0 && isWordChar(text, start - 1)) start--;
    else if (at > 0 && isWordChar(text, at - 1)) {
      at = lower.indexOf(needle, at + 1);
      continue;
    }
    let end = at;
    while (end < text.length && isWordChar(text, end)) end++;
    if (end > start) {
      const hit =
        (anywhere ? hangulHit(lower, start, end, words) : exactHit(lower, start, end, words)) ??
        hitOf(text.slice(start, end), words);
      if (hit >= 0) found.push({ hit, start, end });
    }
    at = lower.indexOf(needle, Math.max(end, at + 1));
  }
  return found.length > before;
}

/**
 * The hit of the word at [start, end) of `lower` (a text lower-cased, each letter in its place)
 * when it is one of the query's Latin words itself, as hitOf would give it; undefined otherwise.
 * Most hits are the query's words as typed: they are known without reading the word out.
 */
function exactHit(lower: string, start: number, end: number, words: HitWords): number | undefined {
  const latin = words.latin;
  for (let j = 0; j < latin.length; j++) {
    const q = latin[j] as string;
    if (q.length !== end - start || !lower.startsWith(q, start)) continue;
    const exact = keptOf(words).exact;
    let hit = exact[j];
    if (hit === undefined) {
      hit = hitOf(q, words);
      exact[j] = hit;
    }
    return hit;
  }
  return undefined;
}

/**
 * The hit of the word at [start, end) of `lower` when it starts with a Hangul syllable, as hitOf
 * would give it: no Latin word or word being typed can be it, so it is the first Hangul word it
 * holds. Undefined for any other word.
 */
function hangulHit(lower: string, start: number, end: number, words: HitWords): number | undefined {
  const c = lower.charCodeAt(start);
  if (c < 0xac00 || c > 0xd7a3) return undefined;
  const { hangul } = words;
  for (let j = 0; j < hangul.length; j++) {
    const h = hangul[j] as string;
    const at = lower.indexOf(h, start);
    if (at >= 0 && at + h.length <= end) return words.latin.length + 1 + j;
  }
  return -1;
}

/** How many words stand between two offsets of `text`, counting no further than `cap`. */
export function wordsBetween(text: string, from: number, to: number, cap: number): number {
  let n = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const w = isWordChar(text, i);
    if (w && !inWord && ++n >= cap) return n;
    inWord = w;
  }
  return n;
}

/**
 * Which of the query's groups (each a word with its alternatives, or a phrase's words) a
 * write-up's text holds: a Latin word as itself or a form of it, a Hangul word anywhere in the
 * Hangul text with spaces taken out (the index reads compounds across a space too).
 */
export function groupsHeld(texts: readonly string[], groups: readonly HitWords[]): boolean[] {
  const { joined, lower, accented } = joinedOf(texts);
  // Read only for a group with Hangul words (an English query never builds it).
  let hangulText: string | null = null;
  // Where lower-casing keeps every position and nothing folds, a query word is looked for where
  // its first letters start a word; otherwise every word is compared.
  const direct = lower.length === joined.length && !accented;
  let words: string[] | null = null;
  return groups.map((g) => {
    // (A Hangul word's first syllable is in the text, spaces or not, wherever the word is.)
    if (g.hangul.some((h) => joined.includes(h.charAt(0)))) {
      hangulText ??= texts.join("").replace(/\s+/g, "");
      const text = hangulText;
      if (g.hangul.some((h) => text.includes(h))) return true;
    }
    const latinOnly = latinOf(g);
    const heads = g.prefix ? [...headsOf(g), g.prefix] : headsOf(g);
    // Looking for each head where it starts a word costs what a first look for it would.
    if (direct && heads.some((head) => startsAWord(joined, lower, head, latinOnly))) return true;
    if (!direct && mayHold(joined, latinOnly, lower, accented)) {
      if (!words) {
        const found = new Set<string>();
        eachWord(joined, (start, end) => found.add(joined.slice(start, end)));
        words = [...found];
      }
      if (words.some((w) => hitOf(w, latinOnly) >= 0)) return true;
    }
    return g.phrases?.some((p) => holdsPhrase(lower, p)) ?? false;
  });
}

/** A letter, digit or _ (a character of a word, as WORD reads them). */
const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** WORD, read from a place in a text on (its lastIndex set first). */
const WORD_FROM = new RegExp(WORD.source, "gu");

/**
 * Whether the lower-cased text holds the phrase's words side by side, each the word or a form of
 * it, as the index reads them ("HTTP/3" holds "http 3").
 */
function holdsPhrase(lower: string, phrase: readonly string[]): boolean {
  let held = false;
  eachPlace(lower, phrase, () => {
    held = true;
    return true;
  });
  return held;
}

/**
 * Calls `visit` with the words (start, end) of each place the lower-cased text holds the phrase's
 * words side by side, in order, until it returns true. Only the places where the first word's
 * first letters start a word are read.
 */
function eachPlace(
  lower: string,
  phrase: readonly string[],
  visit: (words: readonly { start: number; end: number }[]) => boolean,
): void {
  const head = phrase[0] && numberOf(phrase[0]).slice(0, 4);
  if (!head) return;
  const plain = phrase.map((w) => !DIGIT.test(w));
  const same = (w: string, k: number) =>
    sameWord(fold(w), phrase[k] as string, (plain[k] as boolean) && !DIGIT.test(w));
  // (One array for every place looked at: `visit` reads it before the next.)
  const words: { start: number; end: number }[] = [];
  for (let at = lower.indexOf(head); at >= 0; at = lower.indexOf(head, at + 1)) {
    if (at > 0 && WORD_CHAR.test(lower.charAt(at - 1))) continue;
    WORD_FROM.lastIndex = at;
    words.length = 0;
    for (let m = WORD_FROM.exec(lower); m && same(m[0], words.length); m = WORD_FROM.exec(lower)) {
      words.push({ start: m.index, end: m.index + m[0].length });
      if (words.length === phrase.length) {
        if (visit(words)) return;
        break;
      }
    }
  }
}

/**
 * The words of each place `text` holds one of `words.phrases` side by side, as hits numbered
 * after every word's (the phrase's index added), in order of their start: the snippet marks
 * them ("ran out of memory" for "oom"). None where hitsIn cannot read the text.
 */
export function phraseHits(text: string, lower: string, words: HitWords): Hit[] {
  const phrases = words.phrases;
  if (!phrases?.length || !canFindHits(text, lower)) return [];
  const first = words.latin.length + 1 + words.hangul.length;
  const found: Hit[] = [];
  for (const [k, phrase] of phrases.entries())
    eachPlace(lower, phrase, (place) => {
      for (const { start, end } of place) found.push({ hit: first + k, start, end });
      return false;
    });
  found.sort(byStart);
  return found;
}

/**
 * Texts joined, lower-cased, and whether they hold letters that fold: kept with the texts (a row's
 * are the same array while the row is kept, textsOf), read again by every search ranking it.
 */
function joinedOf(texts: readonly string[]): { joined: string; lower: string; accented: boolean } {
  let mine = joinedKept.get(texts);
  if (!mine) {
    const joined = texts.join("\n");
    mine = { joined, lower: joined.toLowerCase(), accented: ACCENTED.test(joined) };
    joinedKept.set(texts, mine);
  }
  return mine;
}
const joinedKept = new WeakMap<
  readonly string[],
  { joined: string; lower: string; accented: boolean }
>();

/** Whether a word of `text` that starts with `head` (in `lower`, the same text lower-cased) is a hit. */
function startsAWord(text: string, lower: string, head: string, words: HitWords): boolean {
  for (let at = lower.indexOf(head); at >= 0; at = lower.indexOf(head, at + 1)) {
    if (at > 0 && isWordChar(text, at - 1)) continue;
    let end = at + head.length;
    while (end < text.length && isWordChar(text, end)) end++;
    if (hitOf(text.slice(at, end), words) >= 0) return true;
  }
  return false;
}

/** A group's Latin words alone (the same object each time, so hitOf's answers are kept). */
function latinOf(group: HitWords): HitWords {
  const kept = keptOf(group);
  kept.latinOnly ??= { latin: group.latin, prefix: group.prefix, hangul: [] };
  return kept.latinOnly;
}
