import type { SnippetPart } from "./search-types";

// Snippets and the nearness bonus, read from a write-up's own text in JS: only for the rows
// shown (or about to be ranked among the first), never for every match.

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

/** Whether `text` is the query word `query` or a form of it; `plain`: neither holds a digit or _. */
function sameWord(text: string, query: string, plain: boolean): boolean {
  if (text === query) return true;
  if (!plain) return false;
  let common = 0;
  while (common < text.length && common < query.length && text[common] === query[common]) common++;
  // "server"/"servers", "invoice"/"invoicing", and a stem ("invoic") against its forms.
  return (
    common >= 4 &&
    common >= Math.min(text.length, query.length) - 1 &&
    Math.abs(text.length - query.length) <= 4
  );
}

function findHit(word: string, words: HitWords): number {
  const w = fold(word);
  const plain = !DIGIT.test(w);
  for (const [i, q] of words.latin.entries()) if (sameWord(w, q, plain && !DIGIT.test(q))) return i;
  if (words.prefix && w.startsWith(words.prefix)) return words.latin.length;
  for (const [i, h] of words.hangul.entries()) if (w.includes(h)) return words.latin.length + 1 + i;
  return -1;
}

/** Each query's answers per text word: a write-up repeats its words, and 50 rows are read. */
const answers = new WeakMap<HitWords, Map<string, number>>();
const ANSWERS_KEPT = 20_000;

/** Which query word (by index in `latin`, then hangul after it) a text word is, or -1. */
export function hitOf(word: string, words: HitWords): number {
  const seen = keptFor(answers, words);
  const known = seen.get(word);
  if (known !== undefined) return known;
  const hit = findHit(word, words);
  if (seen.size < ANSWERS_KEPT) seen.set(word, hit);
  return hit;
}

/** The answers kept for one query's words in `kept` (a new, empty map the first time). */
function keptFor<V>(kept: WeakMap<HitWords, Map<string, V>>, words: HitWords): Map<string, V> {
  let mine = kept.get(words);
  if (!mine) {
    mine = new Map();
    kept.set(words, mine);
  }
  return mine;
}

/**
 * How many of the query's words `text` may hold, at most, by a cheap look at its letters: a
 * text word is a hit only if the text holds the query word's first four letters (all of a
 * shorter word, or the word being typed), or has accented letters that fold. 0 means none can.
 */
function mayHold(
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

const headsKept = new WeakMap<HitWords, readonly string[]>();
/** The first four letters of each of the query's Latin words (read for every text of a search). */
function headsOf(words: HitWords): readonly string[] {
  let mine = headsKept.get(words);
  if (!mine) {
    mine = words.latin.map((q) => q.slice(0, 4));
    headsKept.set(words, mine);
  }
  return mine;
}

interface Token {
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
function isWordChar(text: string, i: number): boolean {
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
function tokens(text: string, words: HitWords): Token[] {
  const out: Token[] = [];
  eachWord(text, (start, end) => {
    out.push({ start, end, hit: hitOf(text.slice(start, end), words) });
  });
  return out;
}

const SNIPPET_WORDS = 14;

/**
 * The passage of a field to show: the window of SNIPPET_WORDS words with the most distinct hits,
 * then the most hits (the first such), shown from a couple of words before its first hit.
 * `positions` are the hits' word positions, ascending, `hitIds` their query words; `words` is the
 * field's word count, or any count from the last hit's position + SNIPPET_WORDS + 1 up (the
 * window never reaches further).
 */
function bestWindow(
  positions: readonly number[],
  hitIds: readonly number[],
  words: number,
): { score: number; start: number } {
  const inWindow = new Map<number, number>();
  let hits = 0;
  const count = (hit: number, by: 1 | -1) => {
    hits += by;
    const n = (inWindow.get(hit) ?? 0) + by;
    if (n) inWindow.set(hit, n);
    else inWindow.delete(hit);
  };
  // The hits in the window are positions[lo, hi).
  let lo = 0;
  let hi = 0;
  const moveTo = (from: number) => {
    for (; hi < positions.length && (positions[hi] as number) < from + SNIPPET_WORDS; hi++)
      count(hitIds[hi] as number, 1);
    for (; lo < hi && (positions[lo] as number) < from; lo++) count(hitIds[lo] as number, -1);
  };
  moveTo(0);
  let best = { from: 0, score: inWindow.size * 100 + hits, lo };
  // The window's hits change only where one enters (its position − SNIPPET_WORDS + 1) or leaves
  // (its position + 1): those starts are tried in order, the first best kept.
  const last = words - SNIPPET_WORDS;
  let entering = 0;
  let leaving = 0;
  for (;;) {
    const enter =
      entering < positions.length
        ? (positions[entering] as number) - SNIPPET_WORDS + 1
        : Number.POSITIVE_INFINITY;
    const leave =
      leaving < positions.length ? (positions[leaving] as number) + 1 : Number.POSITIVE_INFINITY;
    const from = Math.min(enter, leave);
    if (from > last) break;
    if (from === enter) entering++;
    else leaving++;
    if (from < 1) continue;
    moveTo(from);
    const score = inWindow.size * 100 + hits;
    if (score > best.score) best = { from, score, lo };
  }
  const first = best.lo < positions.length ? (positions[best.lo] as number) : -1;
  const firstHit = first >= 0 && first < best.from + SNIPPET_WORDS ? first - best.from : -1;
  const start = Math.max(0, Math.min(best.from + Math.max(0, firstHit - 2), last));
  return { score: best.score, start };
}

/**
 * The hits' word positions in `text` (found by hitsIn, so no characters beyond the basic plane),
 * and how many words it holds, counted no further than the last hit + SNIPPET_WORDS + 1.
 */
function hitPositions(text: string, found: readonly Hit[]): { positions: number[]; words: number } {
  const positions: number[] = [];
  let words = 0;
  let inWord = false;
  let enough = found.length ? Number.POSITIVE_INFINITY : SNIPPET_WORDS;
  for (let i = 0; i < text.length && words < enough; i++) {
    const w = isWordChar(text, i);
    if (w && !inWord) {
      if ((found[positions.length] as Hit | undefined)?.start === i) {
        positions.push(words);
        if (positions.length === found.length) enough = words + SNIPPET_WORDS + 1;
      }
      words++;
    }
    inWord = w;
  }
  return { positions, words };
}

/** The words of `text` at positions [from, from + SNIPPET_WORDS), each with its hit (`found`, by start). */
function wordsAt(text: string, from: number, found: readonly Hit[]): Token[] {
  const out: Token[] = [];
  let position = 0;
  let start = -1;
  // `found` ascends by start, as the words do: the next hit not yet passed is the only candidate.
  let next = 0;
  for (let i = 0; i <= text.length && out.length < SNIPPET_WORDS; i++) {
    if (i < text.length && isWordChar(text, i)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      while (next < found.length && (found[next] as Hit).start < start) next++;
      const hit =
        next < found.length && (found[next] as Hit).start === start ? (found[next] as Hit).hit : -1;
      if (position++ >= from) out.push({ start, end: i, hit });
      start = -1;
    }
  }
  return out;
}

/** How many different query words `hitIds` holds. */
function distinctOf(hitIds: readonly number[]): number {
  let small = 0;
  let seen: Set<number> | null = null;
  for (const id of hitIds) {
    if (id < 31) small |= 1 << id;
    else {
      seen ??= new Set();
      seen.add(id);
    }
  }
  return bitsIn(small) + (seen?.size ?? 0);
}

function bitsIn(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

/**
 * A short passage of the text with the most hits (distinct query words first), around its
 * densest stretch, hits marked. `wordByWord` looks every word up (the same passage: its test).
 */
export function snippetOf(
  fields: readonly string[],
  words: HitWords,
  wordByWord = false,
): SnippetPart[] {
  let best: {
    field: number;
    text: string;
    score: number;
    start: number;
    shown: () => Token[];
  } | null = null;
  // The best window's field; on a tie, the first field.
  const beats = (score: number, field: number) =>
    !best || score > best.score || (score === best.score && field < best.field);
  // Only fields that can hold a hit are read word by word (the first field when none can).
  const lowered = fields.map((f) => lowerOf(f, words));
  const holds = fields.map((f, i) => (f ? mayHold(f, words, lowered[i]) : 0));
  const readable = fields.flatMap((f, i) => (f && (holds[i] as number) > 0 ? [i] : []));
  // The fields that may hold the most query words first: a window scores 100 per distinct hit
  // plus one per hit (at most one per word), so a field whose bound cannot beat the best window
  // found is not read.
  const order = readable.length
    ? readable.sort((a, b) => (holds[b] as number) - (holds[a] as number) || a - b)
    : fields.map((_f, j) => j);
  for (const i of order) {
    const text = fields[i] as string;
    if (!text || !beats((holds[i] as number) * 100 + SNIPPET_WORDS, i)) continue;
    // Where hitsIn can read the text, only its hits are placed (no token per word).
    const found = wordByWord ? null : hitsIn(text, lowered[i] as string, words);
    let window: { score: number; start: number; shown: () => Token[] };
    if (found) {
      const hitIds = found.map((h) => h.hit);
      if (!beats(distinctOf(hitIds) * 100 + Math.min(found.length, SNIPPET_WORDS), i)) continue;
      const { positions, words: n } = hitPositions(text, found);
      if (!n) continue;
      const w = bestWindow(positions, hitIds, n);
      window = { ...w, shown: () => wordsAt(text, w.start, found) };
    } else {
      const toks = tokens(text, words);
      if (!toks.length) continue;
      const at = toks.flatMap((t, k) => (t.hit >= 0 ? [k] : []));
      const w = bestWindow(
        at,
        at.map((k) => (toks[k] as Token).hit),
        toks.length,
      );
      window = { ...w, shown: () => toks.slice(w.start, w.start + SNIPPET_WORDS) };
    }
    if (beats(window.score, i)) best = { field: i, text, ...window };
  }
  if (!best) return [];
  return passage(best.text, best.shown(), best.start > 0);
}

/** A field's words `shown` as a passage, hits marked; `later`: it starts after the field's start. */
export function passage(
  text: string,
  shown: readonly { start: number; end: number; hit: number }[],
  later: boolean,
): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (part: string, hit: boolean) => {
    if (!part) return;
    const last = parts.at(-1);
    if (last && last.hit === hit && !hit) last.text += part;
    else parts.push({ text: part, hit });
  };
  if (later) push("…", false);
  let at = shown[0]?.start ?? 0;
  for (const t of shown) {
    push(text.slice(at, t.start), false);
    push(text.slice(t.start, t.end), t.hit >= 0);
    at = t.end;
  }
  const endAt = shown.at(-1)?.end ?? text.length;
  push(endAt < text.length ? `${text.slice(at, endAt)}…` : text.slice(at), false);
  return parts;
}

/**
 * A bonus for the query's words together: 1 when two or more of them stand side by side in
 * query order (a phrase), 0.5 when within a few words of each other, 0 otherwise. Title hits
 * count double.
 */
export function nearness(
  fields: { title: string; body: readonly string[] },
  words: HitWords,
  distinct: number,
): number {
  if (distinct < 2) return 0;
  let bonus = 0;
  const check = (text: string, weight: number) => {
    // A text gives at most its weight: one that cannot raise the bonus is not read.
    if (bonus >= weight) return;
    const lower = lowerOf(text, words);
    // Two different query words are needed for any bonus. (Where the words can be found by their
    // first letters, pairBonus looks for them that way anyway: no cheaper look first.)
    if (!canFindHits(text, lower) && mayHold(text, words, lower) < 2) return;
    const local = pairBonus(text, words, false, lower);
    bonus = Math.max(bonus, local * weight);
  };
  check(fields.title, 2);
  for (const text of fields.body) check(text, 1);
  return bonus;
}

/** The best bonus of two different query words in `text`: 1 side by side in query order, 0.5 near. */
export function pairBonus(
  text: string,
  words: HitWords,
  wordByWord = false,
  lower = text.toLowerCase(),
): number {
  let local = 0;
  const pair = (a: number, b: number, gap: () => number) => {
    if (a === b) return;
    const g = gap();
    if (g === 1 && b > a) local = Math.max(local, 1);
    else if (g <= 4) local = Math.max(local, 0.5);
  };
  const found = wordByWord ? null : hitsIn(text, lower, words);
  if (found) {
    for (let i = 1; i < found.length; i++) {
      const a = found[i - 1] as Hit;
      const b = found[i] as Hit;
      pair(a.hit, b.hit, () => wordsBetween(text, a.end, b.start, 4) + 1);
    }
    return local;
  }
  const hits: { hit: number; position: number }[] = [];
  eachWord(text, (start, end, position) => {
    const hit = hitOf(text.slice(start, end), words);
    if (hit >= 0) hits.push({ hit, position });
  });
  for (let i = 1; i < hits.length; i++) {
    const a = hits[i - 1] as { hit: number; position: number };
    const b = hits[i] as { hit: number; position: number };
    pair(a.hit, b.hit, () => b.position - a.position);
  }
  return local;
}

interface Hit {
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
function hitsIn(text: string, lower: string, words: HitWords): Hit[] | null {
  // A row's texts are read twice per search (the nearness bonus, then the snippet): kept.
  const kept = keptFor(hitsKept, words);
  const known = kept.get(text);
  if (known !== undefined) return known;
  const found = findHits(text, lower, words);
  if (kept.size >= HITS_KEPT) kept.clear();
  kept.set(text, found);
  return found;
}

/**
 * `text` lower-cased, kept per query like its hits: the nearness bonus reads a row's texts, then
 * its snippet reads the same texts again.
 */
function lowerOf(text: string, words: HitWords): string {
  const kept = keptFor(lowersKept, words);
  let lower = kept.get(text);
  if (lower === undefined) {
    lower = text.toLowerCase();
    if (kept.size >= HITS_KEPT) kept.clear();
    kept.set(text, lower);
  }
  return lower;
}
const lowersKept = new WeakMap<HitWords, Map<string, string>>();

/** Each query's hits per text, for the rows of one search (a few hundred texts). */
const hitsKept = new WeakMap<HitWords, Map<string, Hit[] | null>>();
const HITS_KEPT = 500;

/** Whether findHits can read `text` (its lower-cased form `lower`) by the words' first letters. */
const canFindHits = (text: string, lower: string) =>
  lower.length === text.length && !ACCENTED.test(text) && !ASTRAL.test(text);

function findHits(text: string, lower: string, words: HitWords): Hit[] | null {
  if (!canFindHits(text, lower)) return null;
  const found: Hit[] = [];
  const heads = headsOf(words);
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
  found.sort(byStart);
  let kept = 0;
  for (const hit of found)
    if (!kept || (found[kept - 1] as Hit).start !== hit.start) found[kept++] = hit;
  found.length = kept;
  return found;
}

const byStart = (a: Hit, b: Hit) => a.start - b.start;

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
      const hit = hitOf(text.slice(start, end), words);
      if (hit >= 0) found.push({ hit, start, end });
    }
    at = lower.indexOf(needle, Math.max(end, at + 1));
  }
  return found.length > before;
}

/** How many words stand between two offsets of `text`, counting no further than `cap`. */
function wordsBetween(text: string, from: number, to: number, cap: number): number {
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
  const joined = texts.join("\n");
  // Read only for a group with Hangul words (an English query never builds it).
  let hangulText: string | null = null;
  const lower = joined.toLowerCase();
  // Where lower-casing keeps every position and nothing folds, a query word is looked for where
  // its first letters start a word; otherwise every word is compared.
  const accented = ACCENTED.test(joined);
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
    if (direct) return heads.some((head) => startsAWord(joined, lower, head, latinOnly));
    if (!mayHold(joined, latinOnly, lower, accented)) return false;
    if (!words) {
      const found = new Set<string>();
      eachWord(joined, (start, end) => found.add(joined.slice(start, end)));
      words = [...found];
    }
    return words.some((w) => hitOf(w, latinOnly) >= 0);
  });
}

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

const latinOnly = new WeakMap<HitWords, HitWords>();
/** A group's Latin words alone (the same object each time, so hitOf's answers are kept). */
function latinOf(group: HitWords): HitWords {
  let only = latinOnly.get(group);
  if (!only) {
    only = { latin: group.latin, prefix: group.prefix, hangul: [] };
    latinOnly.set(group, only);
  }
  return only;
}
