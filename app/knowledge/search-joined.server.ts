import type { DB } from "#db/client";
import type { Joined } from "./search-group-scores.server";
import { type Row, rowsFor } from "./search-rows.server";
import type { SearchFilters } from "./search-types";

// A pass's page from the write-ups holding every group (search-group-scores.server.ts): the best
// few by score, selected without sorting them all, then their rows.

/**
 * A pass's page from the write-ups holding every group, scored from the kept lists: ordered by
 * score plus `bonus` (scores returned without it); the best few sorted first, more only when
 * too few of those are published.
 */
export async function rankedJoined(
  db: DB,
  joined: Joined,
  o: {
    filters: SearchFilters;
    skip: ReadonlySet<number>;
    want: number;
    bonus: ReadonlyMap<number, number>;
  },
): Promise<{ row: Row; score: number; all: boolean }[]> {
  // Each write-up's key: its score plus bonus; a write-up to skip never ranks.
  const keys = joined.scores.slice();
  if (o.bonus.size || o.skip.size)
    for (let i = 0; i < keys.length; i++) {
      const id = joined.ids[i] as number;
      keys[i] = o.skip.has(id)
        ? Number.NEGATIVE_INFINITY
        : (keys[i] as number) + (o.bonus.get(id) ?? 0);
    }
  let rankable = 0;
  for (const key of keys) if (key > Number.NEGATIVE_INFINITY) rankable++;
  // The best few first; when too few of them are published, ten times as many are taken next
  // (each looked up by id, best first, until the page is full).
  const scoreOf = new Map<number, number>();
  const rows: Row[] = [];
  let taken = 0;
  for (let limit = Math.max(JOINED_FIRST, o.want * 4); taken < rankable; limit *= 10) {
    const best = bestPositions(keys, Math.min(limit, rankable))
      .slice(taken)
      .map((k) => {
        const id = joined.ids[k] as number;
        scoreOf.set(id, joined.scores[k] as number);
        return id;
      });
    taken += best.length;
    rows.push(...(await rowsFor(db, best, o.filters, o.want - rows.length)));
    if (rows.length >= o.want) break;
  }
  return rows.map((row) => ({ row, score: scoreOf.get(row.id) ?? 0, all: true }));
}

/** How many of the best joined write-ups are sorted first (most pages need far fewer). */
const JOINED_FIRST = 200;

/** The positions of the `limit` highest `keys`, highest first (ties: the earlier position). */
export function bestPositions(keys: Float64Array, limit: number): number[] {
  if (limit >= keys.length) {
    const all = Array.from(keys.keys());
    return all.sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b);
  }
  // The limit-th highest key by selection; those above it sorted, then ties with it in order.
  const threshold = nthHighest(keys.slice(), limit - 1);
  const above: number[] = [];
  const level: number[] = [];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as number;
    if (key > threshold) above.push(k);
    else if (key === threshold && level.length < limit) level.push(k);
  }
  above.sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b);
  return [...above, ...level].slice(0, limit);
}

/** The value that would stand at `n` (0-based) if `values` were sorted highest first. */
function nthHighest(values: Float64Array, n: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (n <= j) hi = j;
    else if (n >= i) lo = i;
    else return values[n] as number;
  }
  return values[lo] as number;
}
