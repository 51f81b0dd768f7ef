import type { DB } from "#db/client";
import { FIRST_BATCH, type Row, rowsInBatches } from "./search-rows.server";
import type { Joined } from "./search-together";
import type { SearchFilters } from "./search-types";

// A pass's page from the write-ups holding every group (search-together.ts): the best few by
// score, found without scoring them all where they are many, then their rows.

/**
 * A pass's page from the write-ups holding every group, scored from the kept lists: ordered by
 * score plus `bonus` (scores returned without it); the best few first, more only when too few of
 * those are published.
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
  // A write-up to skip never ranks.
  let rankable = joined.size;
  for (const id of o.skip) if (joined.holds(id)) rankable--;
  // The best few first; when too few of them pass the filters, ten times as many next.
  const scoreOf = new Map<number, number>();
  const rows = await rowsInBatches(db, {
    size: rankable,
    first: Math.max(FIRST_BATCH, o.want * 4),
    batch: (from, to) =>
      joined
        .best(to, o.bonus, o.skip)
        .slice(from)
        .map(({ id, score }) => {
          scoreOf.set(id, score);
          return id;
        }),
    filters: o.filters,
    want: o.want,
  });
  return rows.map((row) => ({ row, score: scoreOf.get(row.id) ?? 0, all: true }));
}
