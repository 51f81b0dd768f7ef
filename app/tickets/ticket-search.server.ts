import { sql } from "kysely";
import type { DB } from "#db/client";
import { ticketSearchWord } from "#db/search-text";
import { timeSlicer } from "~/lib/time-slice";

/** The most words of a query the queue's search looks for. */
const MAX_WORDS = 8;

/**
 * Tickets' search texts read per statement: a few milliseconds each at ordinary lengths, and
 * under the event loop's budget even at the longest bodies Koan takes, with a turn between them.
 */
const ROWS_PER_STATEMENT = 500;

/** The words of a query the ticket queue looks for (the first 8), as its search text reads them. */
export function ticketQueryWords(q: string | undefined): string[] {
  const words = q?.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS) ?? [];
  return [...new Set(words.map(ticketSearchWord))];
}

/**
 * The ids of the tickets whose title or body hold every word, in any order, each as a substring
 * (English "log" finds "login"), Hangul whatever its spacing ("두번" finds "두 번"; "결제버튼"
 * finds "결제 버튼"): see db/search-text.ts `ticketSearchText`. One pass over the search texts in
 * rowid ranges, letting the event loop turn between them, however many tickets there are.
 */
export async function ticketsMatching(db: DB, words: readonly string[]): Promise<number[]> {
  if (words.length === 0) return [];
  const { last } = await db
    .selectFrom("ticket_search_text")
    .select((eb) => eb.fn.max("ticket_id").as("last"))
    .executeTakeFirstOrThrow();
  const slice = timeSlicer();
  const ids: number[] = [];
  for (let from = 0; from < (last ?? 0); from += ROWS_PER_STATEMENT) {
    let query = db
      .selectFrom("ticket_search_text")
      .select("ticket_id")
      .where("ticket_id", ">", from)
      .where("ticket_id", "<=", from + ROWS_PER_STATEMENT);
    for (const word of words) query = query.where(sql<boolean>`instr(text, ${word}) > 0`);
    for (const row of await query.execute()) ids.push(row.ticket_id);
    await slice();
  }
  return ids;
}
