import { bestPositions } from "./search-best";

// The write-ups holding every group of a query, from the groups' kept lists (each group's ids
// with its bm25() score, search-group-scores.server.ts): which they are, by ANDing the lists' bits,
// and the best few of them by their summed scores. The best few are found by walking each list
// from its best scores down, until no write-up not yet met can score as high as the last of
// them: among 100,000 write-ups two common words share 40,000–70,000, and a page needs 200.

/**
 * Every write-up holding a group, ascending by id, each with its score less its excess; and the
 * same ids as bits (id i is bit i % 32 of word i / 32) with how many ids come before each word,
 * so that lists intersect a word at a time and an id's score is found by counting bits.
 */
export interface GroupScores {
  ids: Int32Array;
  scores: Float64Array;
  bits: Uint32Array;
  before: Int32Array;
}

/** How many bits of `x` are set. */
export function bitsSet(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** A list from ascending ids and their scores. */
export function groupScoresOf(ids: Int32Array, scores: Float64Array): GroupScores {
  const words = ids.length ? ((ids[ids.length - 1] as number) >>> 5) + 1 : 0;
  const bits = new Uint32Array(words);
  for (const id of ids) bits[id >>> 5] = (bits[id >>> 5] as number) | (1 << (id & 31));
  const before = new Int32Array(words);
  for (let w = 0, count = 0; w < words; w++) {
    before[w] = count;
    count += bitsSet(bits[w] as number);
  }
  return { ids, scores, bits, before };
}

/** The write-ups holding every group, ascending by id, with their scores. */
export interface Joined {
  /** How many there are. */
  size: number;
  /** Whether write-up `id` is one of them. */
  holds(id: number): boolean;
  /** Every one of them, ascending by id, with its score. */
  all(): { ids: Int32Array; scores: Float64Array };
  /**
   * The best `n` of them by score plus `bonus`, never one of `skip`, best first (on a tie the
   * lower id first), each with its score (without the bonus).
   */
  best(
    n: number,
    bonus: ReadonlyMap<number, number>,
    skip: ReadonlySet<number>,
  ): { id: number; score: number }[];
  /** How many of them have been scored so far (all of them once every one was asked for). */
  scored(): number;
}

/**
 * The write-ups held by every list, each scored by the sum of `weighed` lists' scores. The lists'
 * bits are ANDed a word at a time; an id found is scored by its place in each weighed list (the
 * ids before its word, plus its word's bits below it). With `lacking` lists, only the ids missing
 * at least one of those, scored by each of them they do hold (when weighed) as well.
 */
export function together(
  lists: readonly GroupScores[],
  weighed: readonly boolean[],
  lacking: readonly GroupScores[] = [],
  lackingWeighed: readonly boolean[] = [],
): Joined {
  const [first, ...rest] = lists;
  const words = first ? Math.min(...lists.map((l) => l.bits.length)) : 0;
  const both = new Uint32Array(words);
  let size = 0;
  for (let w = 0; w < words; w++) {
    let x = (first as GroupScores).bits[w] as number;
    for (let k = 0; k < rest.length && x; k++) x &= (rest[k] as GroupScores).bits[w] as number;
    if (x && lacking.length) {
      let all = -1;
      for (let k = 0; k < lacking.length && all; k++)
        all &= ((lacking[k] as GroupScores).bits[w] as number | undefined) ?? 0;
      x &= ~all;
    }
    both[w] = x;
    if (x) size += bitsSet(x);
  }
  const strong = lists.filter((_, i) => weighed[i] ?? true);
  const weak = lacking.filter((_, i) => lackingWeighed[i] ?? true);
  // An id's score sums its place's score in each weighed list holding it, in this order.
  const scoring = [...strong, ...weak];
  const holds = (id: number) => {
    const w = id >>> 5;
    return id >= 0 && w < words && ((both[w] as number) & (1 << (id & 31))) !== 0;
  };
  let scored = 0;
  const scoreOf = (id: number) => {
    scored++;
    const w = id >>> 5;
    const low = 1 << (id & 31);
    let score = 0;
    for (let k = 0; k < scoring.length; k++) {
      const list = scoring[k] as GroupScores;
      const word = (list.bits[w] as number | undefined) ?? 0;
      if (!(word & low)) continue;
      score += list.scores[(list.before[w] as number) + bitsSet(word & (low - 1))] as number;
    }
    return score;
  };
  let everyOne: { ids: Int32Array; scores: Float64Array } | null = null;
  const all = () => {
    if (everyOne) return everyOne;
    const ids = new Int32Array(size);
    const scores = new Float64Array(size);
    let found = 0;
    for (let w = 0; w < words; w++) {
      for (let x = both[w] as number; x; ) {
        const low = x & -x;
        x ^= low;
        const id = (w << 5) | (31 - Math.clz32(low));
        ids[found] = id;
        scores[found] = scoreOf(id);
        found++;
      }
    }
    everyOne = { ids, scores };
    return everyOne;
  };
  const best = (n: number, bonus: ReadonlyMap<number, number>, skip: ReadonlySet<number>) =>
    (strong.length && n * WALK_BELOW < size
      ? walked(strong, weak, { n, bonus, skip, holds, scoreOf, budget: size / WALK_SHARE })
      : null) ?? bestOfAll(all(), n, bonus, skip);
  return { size, holds, all, best, scored: () => scored };
}

/** The best are walked for only when they are fewer than one in this many. */
const WALK_BELOW = 20;
/**
 * A walk reads at most one place of a list per this many write-ups holding every list: a place
 * read costs about what scoring one of them all does, so a walk given up wastes a quarter.
 */
const WALK_SHARE = 4;

/** How far down each list the walk goes at most: its best this many (kept with the list). */
export const WALK_DEPTH = 4096;

const tops = new WeakMap<GroupScores, Int32Array>();
/**
 * A list's places of its WALK_DEPTH best scores, best first (on a tie the earlier place first):
 * found the first time it is walked, or as it is computed off the request (walkable).
 */
export function topOf(list: GroupScores): Int32Array {
  let top = tops.get(list);
  if (!top) {
    top = Int32Array.from(bestPositions(list.scores, Math.min(WALK_DEPTH, list.ids.length)));
    tops.set(list, top);
  }
  return top;
}

/**
 * The best `n` found by walking the weighed lists from their best scores down, a place in each
 * at a time (the threshold algorithm): a write-up met is scored whole; the walk stops once the
 * n-th best met scores more than any write-up not met can — the scores at the places reached,
 * summed (a lacking list a write-up may miss adds no more than nothing). Those with a bonus are
 * scored first, so that none not met has one. Null when the walk would read more places than
 * `budget`, or go deeper than the lists' kept best: then every write-up is scored.
 */
function walked(
  strong: readonly GroupScores[],
  weak: readonly GroupScores[],
  o: {
    n: number;
    bonus: ReadonlyMap<number, number>;
    skip: ReadonlySet<number>;
    holds: (id: number) => boolean;
    scoreOf: (id: number) => number;
    budget: number;
  },
): { id: number; score: number }[] | null {
  const { n, bonus, skip, holds, scoreOf } = o;
  if (n <= 0) return [];
  const scoring = [...strong, ...weak];
  const orders = scoring.map(topOf);
  // Each write-up met once: a bit per id, as the lists' own bits.
  const met = new Uint32Array(Math.max(...scoring.map((l) => l.bits.length)));
  const found: { id: number; score: number; key: number }[] = [];
  const keys = new MinKeys(n);
  const meet = (id: number) => {
    const w = id >>> 5;
    const bit = 1 << (id & 31);
    if ((met[w] as number) & bit) return;
    met[w] = (met[w] as number) | bit;
    if (skip.has(id) || !holds(id)) return;
    const score = scoreOf(id);
    const key = score + (bonus.get(id) ?? 0);
    found.push({ id, score, key });
    keys.add(key);
  };
  for (const id of bonus.keys()) meet(id);
  const finish = () =>
    found
      .sort((a, b) => b.key - a.key || a.id - b.id)
      .slice(0, n)
      .map(({ id, score }) => ({ id, score }));
  const deepest = Math.floor(o.budget / scoring.length);
  for (let depth = 0; depth < deepest; depth++) {
    let bound = 0;
    for (let k = 0; k < scoring.length; k++) {
      const list = scoring[k] as GroupScores;
      const order = orders[k] as Int32Array;
      // Every write-up holds each strong list: one walked to its end has met them all.
      if (depth >= list.ids.length && k < strong.length) return finish();
      if (depth >= order.length) {
        if (depth < list.ids.length) return null;
        continue;
      }
      const place = order[depth] as number;
      meet(list.ids[place] as number);
      const score = list.scores[place] as number;
      bound += k < strong.length ? score : Math.max(score, 0);
    }
    if (keys.full() && keys.lowest() > bound) return finish();
  }
  return null;
}

/** The best `n` of every write-up, each key its score plus bonus; those to skip never rank. */
function bestOfAll(
  every: { ids: Int32Array; scores: Float64Array },
  n: number,
  bonus: ReadonlyMap<number, number>,
  skip: ReadonlySet<number>,
): { id: number; score: number }[] {
  // (The scores themselves when neither changes one: no copy of up to 90,000 of them.) The few
  // with a bonus or to skip are found by id (the ids ascend), not looked up for each of the many.
  const adjusted = bonus.size > 0 || skip.size > 0;
  const keys = adjusted ? every.scores.slice() : every.scores;
  let rankable = keys.length;
  if (adjusted) {
    for (const [id, add] of bonus) {
      const at = placeOf(every.ids, id);
      if (at >= 0 && !skip.has(id)) keys[at] = (keys[at] as number) + add;
    }
    for (const id of skip) {
      const at = placeOf(every.ids, id);
      if (at >= 0) {
        keys[at] = Number.NEGATIVE_INFINITY;
        rankable--;
      }
    }
  }
  return bestPositions(keys, Math.min(n, rankable)).map((k) => ({
    id: every.ids[k] as number,
    score: every.scores[k] as number,
  }));
}

/** Where `id` stands in ascending `ids`, or -1. */
export function placeOf(ids: Int32Array, id: number): number {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = ids[mid] as number;
    if (at === id) return mid;
    if (at < id) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** The `n` highest keys added so far, lowest on top (a heap): is it full, and its lowest. */
class MinKeys {
  private readonly heap: number[] = [];
  constructor(private readonly n: number) {}
  full(): boolean {
    return this.heap.length >= this.n;
  }
  lowest(): number {
    return this.heap[0] ?? Number.NEGATIVE_INFINITY;
  }
  add(key: number): void {
    const heap = this.heap;
    if (heap.length < this.n) {
      heap.push(key);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if ((heap[parent] as number) <= key) break;
        heap[i] = heap[parent] as number;
        heap[parent] = key;
        i = parent;
      }
      return;
    }
    if (key <= (heap[0] as number)) return;
    heap[0] = key;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let low = i;
      if (l < heap.length && (heap[l] as number) < (heap[low] as number)) low = l;
      if (r < heap.length && (heap[r] as number) < (heap[low] as number)) low = r;
      if (low === i) break;
      const swap = heap[i] as number;
      heap[i] = heap[low] as number;
      heap[low] = swap;
      i = low;
    }
  }
}
