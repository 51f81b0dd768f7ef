import type { DB } from "#db/client";
import { bestPositions } from "./search-best";
import type { Joined } from "./search-group-scores.server";
import { FIRST_BATCH, type Row, rowsInBatches } from "./search-rows.server";
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
  // Each write-up's key: its score plus bonus; a write-up to skip never ranks. (The scores
  // themselves when neither changes one: no copy of up to 90,000 of them.) The few with a bonus
  // or to skip are found by id (the ids ascend), not looked up for each of the many.
  const adjusted = o.bonus.size > 0 || o.skip.size > 0;
  const keys = adjusted ? joined.scores.slice() : joined.scores;
  let rankable = keys.length;
  if (adjusted) {
    for (const [id, bonus] of o.bonus) {
      const at = placeOf(joined.ids, id);
      if (at >= 0 && !o.skip.has(id)) keys[at] = (keys[at] as number) + bonus;
    }
    for (const id of o.skip) {
      const at = placeOf(joined.ids, id);
      if (at >= 0) {
        keys[at] = Number.NEGATIVE_INFINITY;
        rankable--;
      }
    }
  }
  // The best few first; when too few of them pass the filters, ten times as many next.
  const scoreOf = new Map<number, number>();
  const rows = await rowsInBatches(db, {
    size: rankable,
    first: Math.max(FIRST_BATCH, o.want * 4),
    batch: (from, to) =>
      bestPositions(keys, to)
        .slice(from)
        .map((k) => {
          const id = joined.ids[k] as number;
          scoreOf.set(id, joined.scores[k] as number);
          return id;
        }),
    filters: o.filters,
    want: o.want,
  });
  return rows.map((row) => ({ row, score: scoreOf.get(row.id) ?? 0, all: true }));
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
