import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// A ticket page asks whether its ticket was made from a search that found nothing (its related
// write-ups are then what that search finds now, not what the ticket's standard wording finds):
// the missed searches by their ticket, an index of the few that have one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("search_misses_ticket")
    .on("search_misses")
    .column("ticket_id")
    .where("ticket_id", "is not", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("search_misses_ticket").execute();
}
