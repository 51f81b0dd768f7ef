import type { DB } from "#db/client";
import { sameFormSince } from "~/lib/sent-twice";

/**
 * The ticket this person made by hand a moment ago with exactly these (stored) values, if any:
 * the same form sent twice makes one ticket. Call inside the creating transaction.
 */
export async function sameTicketJustMade(
  trx: DB,
  reporterId: number,
  values: {
    title: string;
    body: string;
    component: string;
    difficulty: number;
    starter: number;
  },
  labels: readonly string[],
  now: Date,
): Promise<number | null> {
  const rows = await trx
    .selectFrom("tickets")
    .select(["id"])
    .where("reporter_id", "=", reporterId)
    .where("source", "=", "manual")
    .where("created_at", ">=", sameFormSince(now))
    .where("title", "=", values.title)
    .where("body", "=", values.body)
    .where("component", "=", values.component)
    .where("difficulty", "=", values.difficulty)
    .where("starter", "=", values.starter)
    .orderBy("id", "desc")
    .execute();
  for (const { id } of rows) {
    const stored = await trx
      .selectFrom("ticket_labels")
      .select("label")
      .where("ticket_id", "=", id)
      .execute();
    const same = new Set(stored.map((l) => l.label));
    if (same.size === labels.length && labels.every((l) => same.has(l))) return id;
  }
  return null;
}
