import {
  eachWord,
  type Hit,
  type HitWords,
  hitOf,
  hitsIn,
  lowerOf,
  wordsBetween,
} from "./search-hits";

// How closely a text gathers the query's words: the most of them found within a few words of
// each other. A write-up about the query tells its story in one place ("customers were unable to
// login … a policy change … security review and update"); a long text holding the same words by
// chance holds them paragraphs apart. bm25 cannot tell the two apart, and the nearness bonus
// (search-snippets.ts) sees only the best pair.

/** Words a passage may span for its query words to count as gathered (8 and 20 measured worse). */
export const CLUSTER_SPAN = 12;

/**
 * For each hit number of `words` (latin words, then the prefix, then Hangul words, as hitOf
 * numbers them) the query groups it stands for, as bits (group i is bit i): one word may stand for
 * two groups ("wraparound" for "wrap around"), and none for a group `ignored` leaves out (an
 * English function word). A query has fewer groups than bits (MAX_TERMS + MAX_PHRASES).
 */
export function hitGroups(
  words: HitWords,
  groups: readonly HitWords[],
  ignored: (group: HitWords) => boolean,
): Int32Array {
  const out = new Int32Array(words.latin.length + 1 + words.hangul.length);
  const maskOf = (has: (g: HitWords) => boolean) => {
    let mask = 0;
    for (const [i, g] of groups.entries()) if (i < 31 && !ignored(g) && has(g)) mask |= 1 << i;
    return mask;
  };
  for (const [k, w] of words.latin.entries()) out[k] = maskOf((g) => g.latin.includes(w));
  if (words.prefix) out[words.latin.length] = maskOf((g) => g.prefix === words.prefix);
  for (const [k, h] of words.hangul.entries())
    out[words.latin.length + 1 + k] = maskOf((g) => g.hangul.includes(h));
  return out;
}

/** A hit (hitOf's number) at its word position in a text. */
interface Placed {
  hit: number;
  position: number;
}

/** The query's hits in `text` with their word positions, in order. */
function positioned(text: string, words: HitWords): Placed[] {
  const lower = lowerOf(text);
  const found = hitsIn(text, lower, words);
  const out: Placed[] = [];
  if (found) {
    let position = 0;
    let last: Hit | null = null;
    for (const h of found) {
      // A gap of CLUSTER_SPAN words or more breaks every passage alike: counted no further.
      position += last ? wordsBetween(text, last.end, h.start, CLUSTER_SPAN) + 1 : 0;
      out.push({ hit: h.hit, position });
      last = h;
    }
    return out;
  }
  eachWord(text, (start, end, position) => {
    const hit = hitOf(text.slice(start, end), words);
    if (hit >= 0) out.push({ hit, position });
  });
  return out;
}

/**
 * The most distinct query groups any passage of `text` at most CLUSTER_SPAN words long holds
 * (`groupsOf` gives a hit's groups as bits, hitGroups).
 */
export function gatheredIn(text: string, words: HitWords, groupsOf: Int32Array): number {
  const hits = positioned(text, words).filter((h) => (groupsOf[h.hit] ?? 0) !== 0);
  const inWindow = new Int32Array(31);
  let distinct = 0;
  const move = (mask: number, by: 1 | -1) => {
    for (let m = mask, i = 0; m; m >>>= 1, i++) {
      if (!(m & 1)) continue;
      const before = inWindow[i] as number;
      inWindow[i] = before + by;
      if (before === 0) distinct++;
      else if (before === 1 && by < 0) distinct--;
    }
  };
  let best = 0;
  let from = 0;
  for (const h of hits) {
    move(groupsOf[h.hit] as number, 1);
    while ((hits[from] as Placed).position <= h.position - CLUSTER_SPAN) {
      move(groupsOf[(hits[from] as Placed).hit] as number, -1);
      from++;
    }
    best = Math.max(best, distinct);
  }
  return best;
}

/** The share of the query's counted groups the best passage of any text gathers (0–1). */
export function gathered(
  texts: readonly string[],
  words: HitWords,
  groupsOf: Int32Array,
  counted: number,
): number {
  if (counted < 2) return 0;
  let best = 0;
  for (const text of texts) {
    if (best >= counted) break;
    best = Math.max(best, gatheredIn(text, words, groupsOf));
  }
  return best / counted;
}
