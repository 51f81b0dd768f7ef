import {
  byStart,
  canFindHits,
  eachWord,
  type Hit,
  type HitWords,
  hitOf,
  hitsIn,
  isWordChar,
  lowerOf,
  mayHold,
  phraseHits,
  type Token,
  tokens,
  wordsBetween,
} from "./search-hits";
import type { SnippetPart } from "./search-types";

// Snippets and the nearness bonus, read from a write-up's own text in JS: only for the rows
// shown (or about to be ranked among the first), never for every match.

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
  // The hits in the window are positions[lo, hi).
  const w: Window = { lo: 0, hi: 0, hits: 0, distinct: 0, perHit: [] };
  slideTo(w, positions, hitIds, 0);
  let best = { from: 0, score: w.distinct * 100 + w.hits, lo: w.lo };
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
    slideTo(w, positions, hitIds, from);
    const score = w.distinct * 100 + w.hits;
    if (score > best.score) best = { from, score, lo: w.lo };
  }
  const first = best.lo < positions.length ? (positions[best.lo] as number) : -1;
  const firstHit = first >= 0 && first < best.from + SNIPPET_WORDS ? first - best.from : -1;
  const start = Math.max(0, Math.min(best.from + Math.max(0, firstHit - 2), last));
  return { score: best.score, start };
}

/** A window of SNIPPET_WORDS words: its hits, positions[lo, hi), by query word. */
interface Window {
  lo: number;
  hi: number;
  hits: number;
  /** How many different query words it holds. */
  distinct: number;
  /** How many of its hits each query word has (by hit). */
  perHit: number[];
}

/** Moves the window to start at word `from` (never back): hits enter, then leave. */
function slideTo(w: Window, positions: readonly number[], hitIds: readonly number[], from: number) {
  for (; w.hi < positions.length && (positions[w.hi] as number) < from + SNIPPET_WORDS; w.hi++) {
    const hit = hitIds[w.hi] as number;
    const n = w.perHit[hit] ?? 0;
    if (!n) w.distinct++;
    w.perHit[hit] = n + 1;
    w.hits++;
  }
  for (; w.lo < w.hi && (positions[w.lo] as number) < from; w.lo++) {
    const hit = hitIds[w.lo] as number;
    const n = (w.perHit[hit] as number) - 1;
    if (!n) w.distinct--;
    w.perHit[hit] = n;
    w.hits--;
  }
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

/** How many different query words the hits `found` are. */
function distinctOf(found: readonly Hit[]): number {
  let small = 0;
  let seen: Set<number> | null = null;
  for (const { hit: id } of found) {
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
  let best: Best | null = null;
  // Only fields that can hold a hit are read (the first field when none can). Each is given the
  // most its window can score (100 per distinct hit plus one per hit, at most SNIPPET_WORDS), and
  // they are placed most promising first: one whose bound cannot beat the best window found (on a
  // tie, the first field's wins) is not placed at all.
  const bounds: { field: number; bound: number; found: readonly Hit[] | null }[] = [];
  for (let i = 0; i < fields.length; i++) {
    const text = fields[i] as string;
    if (!text) continue;
    const lower = lowerOf(text);
    const held = mayHold(text, words, lower);
    if (!held && !words.phrases?.length) continue;
    // Where hitsIn can read the text, only its hits are placed (no token per word), with the
    // words of the phrases it holds.
    const hits = wordByWord ? null : hitsIn(text, lower, words);
    const inPhrases = hits ? phraseHits(text, lower, words) : [];
    const found = inPhrases.length ? withPhrases(hits ?? [], inPhrases) : hits;
    const holds = held + (inPhrases.length ? 1 : 0);
    if (!holds || (found && !found.length)) continue;
    const bound = found
      ? distinctOf(found) * 100 + Math.min(found.length, SNIPPET_WORDS)
      : holds * 100 + SNIPPET_WORDS;
    bounds.push({ field: i, bound, found });
  }
  if (!bounds.length) {
    // No field holds a hit: the opening words of the first field that has any.
    for (let i = 0; i < fields.length && !best; i++) {
      const text = fields[i];
      if (!text) continue;
      const found = wordByWord ? null : hitsIn(text, lowerOf(text), words);
      best = windowOf(fields, i, found, words, null);
    }
  }
  bounds.sort((a, b) => b.bound - a.bound || a.field - b.field);
  for (const { field, bound, found } of bounds) {
    if (!beats(best, bound, field)) break;
    const window = windowOf(fields, field, found, words, best);
    if (window) best = window;
  }
  if (!best) return [];
  return passage(best.text, best.shown(), best.start > 0);
}

/** Hits and phrases' words, by start; a word that is both is its own hit. */
function withPhrases(hits: readonly Hit[], inPhrases: readonly Hit[]): Hit[] {
  const starts = new Set(hits.map((h) => h.start));
  return [...hits, ...inPhrases.filter((h) => !starts.has(h.start))].sort(byStart);
}

/** The best window found so far: its field, text, score and first word. */
interface Best {
  field: number;
  text: string;
  score: number;
  start: number;
  shown: () => Token[];
}

/** Whether a window scoring `score` in `field` beats `best`: a higher score, or the first field. */
function beats(best: Best | null, score: number, field: number): boolean {
  return !best || score > best.score || (score === best.score && field < best.field);
}

/**
 * The best window of `fields[field]` if it beats `best`: placed by its hits `found` (hitsIn's), or
 * word by word where those are null.
 */
function windowOf(
  fields: readonly string[],
  field: number,
  found: readonly Hit[] | null,
  words: HitWords,
  best: Best | null,
): Best | null {
  const text = fields[field] as string;
  if (!text) return null;
  if (found) {
    const hitIds = found.map((h) => h.hit);
    const { positions, words: n } = hitPositions(text, found);
    if (!n) return null;
    const w = bestWindow(positions, hitIds, n);
    if (!beats(best, w.score, field)) return null;
    return { field, text, ...w, shown: () => wordsAt(text, w.start, found) };
  }
  const toks = tokens(text, words);
  if (!toks.length) return null;
  const at = toks.flatMap((t, k) => (t.hit >= 0 ? [k] : []));
  const w = bestWindow(
    at,
    at.map((k) => (toks[k] as Token).hit),
    toks.length,
  );
  if (!beats(best, w.score, field)) return null;
  return { field, text, ...w, shown: () => toks.slice(w.start, w.start + SNIPPET_WORDS) };
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
    push(plainGap(text.slice(at, t.start)), false);
    push(text.slice(t.start, t.end), t.hit >= 0);
    at = t.end;
  }
  // After the last word shown: "…" where more words follow, the closing marks where none do.
  const endAt = shown.at(-1)?.end ?? text.length;
  push(
    wordAfter(text, endAt) ? `${text.slice(at, endAt)}…` : plainGap(text.slice(at)).trimEnd(),
    false,
  );
  return parts;
}

/** What plainGap may take out or read as a space. */
const MARKS = /[`*~\n]/;

/** Whether a word starts at or after `from` in `text` (or more than a line's marks follow). */
function wordAfter(text: string, from: number): boolean {
  if (text.length - from > 40) return true;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isWordChar(text, i) || (c >= 0xd800 && c <= 0xdbff)) return true;
  }
  return false;
}

/**
 * What stands between two words of a write-up's Markdown as the rendered page shows it: no
 * emphasis or code marks, headings' and quotes' marks, or list bullets, and a line break read as a
 * space ("**결제 오류 E4012** 가" reads "결제 오류 E4012 가"). A gap is never a word's letters, so
 * the words and their hits stay as they are; a passage starts at a word, so every line mark
 * follows a line break.
 */
export function plainGap(gap: string): string {
  // Most gaps are one space or a comma and a space: nothing to take out.
  if (!MARKS.test(gap)) return gap;
  let plain = gap
    .replace(/`+|\*{2,}|~~/g, "")
    // A line's marks: a heading's #s, a quote's >s, a bullet (a number is a word: it stays).
    .replace(/\n[ \t]*(?:>[ \t]*)*(?:(?:#{1,6}|[-*+])[ \t]+)?/g, "\n")
    .replace(/\s*\n\s*/g, " ");
  // Marks alone between two words leave one space, not none ("**a**\n\n**b**").
  if (!plain && /\s/.test(gap)) plain = " ";
  return plain;
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
  let bonus = nearIn(fields.title, words, 2, 0);
  for (const text of fields.body) bonus = nearIn(text, words, 1, bonus);
  return bonus;
}

/** The bonus with `text` read (worth `weight` at most), where `bonus` is the best so far. */
function nearIn(text: string, words: HitWords, weight: number, bonus: number): number {
  // A text gives at most its weight: one that cannot raise the bonus is not read.
  if (bonus >= weight) return bonus;
  const lower = lowerOf(text);
  // Two different query words are needed for any bonus. (Where the words can be found by their
  // first letters, pairBonus looks for them that way anyway: no cheaper look first.)
  if (!canFindHits(text, lower) && mayHold(text, words, lower) < 2) return bonus;
  return Math.max(bonus, pairBonus(text, words, false, lower) * weight);
}

/** The best bonus of two different query words in `text`: 1 side by side in query order, 0.5 near. */
export function pairBonus(
  text: string,
  words: HitWords,
  wordByWord = false,
  lower = text.toLowerCase(),
): number {
  let local = 0;
  const found = wordByWord ? null : hitsIn(text, lower, words);
  if (found) {
    for (let i = 1; i < found.length && local < 1; i++) {
      const a = found[i - 1] as Hit;
      const b = found[i] as Hit;
      if (a.hit === b.hit) continue;
      local = Math.max(local, pairOf(wordsBetween(text, a.end, b.start, 4) + 1, b.hit > a.hit));
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
    if (a.hit !== b.hit) local = Math.max(local, pairOf(b.position - a.position, b.hit > a.hit));
  }
  return local;
}

/** Two different query words `gap` words apart: 1 side by side in query order, 0.5 near. */
const pairOf = (gap: number, inOrder: boolean) => (gap === 1 && inOrder ? 1 : gap <= 4 ? 0.5 : 0);
