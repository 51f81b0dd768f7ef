import type { SelectQueryBuilder } from "kysely";
import type { DB } from "#db/client";
import type { Database } from "#db/schema";
import { OLDER_COUNTED } from "./list-limits";

/**
 * How many rows `rows` selects (the items older than a window: a step's comments, a ticket's
 * events, an assignment's log), counted up to OLDER_COUNTED + 1 only, which the page says as
 * "more than 200". A count walks its index one row at a time and a list can run to tens of
 * thousands; counting stops at the cap, so a long one costs what one of 250 does.
 */
export async function countOlderUpToCap<TB extends keyof Database>(
  db: DB,
  rows: SelectQueryBuilder<Database, TB, { id: number }>,
): Promise<number> {
  const row = await db
    .selectFrom(rows.limit(OLDER_COUNTED + 1).as("o"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * How many rows are older than a window read newest first and shown oldest first (`shown`): none
 * when the window is not full, else what `olderThan(its oldest id)` selects, counted up to the cap.
 */
export async function olderThanWindow<TB extends keyof Database>(
  db: DB,
  shown: readonly { id: number }[],
  size: number,
  olderThan: (oldest: number) => SelectQueryBuilder<Database, TB, { id: number }>,
): Promise<number> {
  const oldest = shown[0]?.id;
  if (oldest === undefined || shown.length < size) return 0;
  return countOlderUpToCap(db, olderThan(oldest));
}
