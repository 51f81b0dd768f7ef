import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Search's per-word top lists (app/knowledge/search-rank.server.ts), kept across restarts. A
// common word's list takes a walk of its whole doclist to compute (about a third of a second at
// 100,000 write-ups); kept here, the first search after a restart reads it instead. A list
// carries the write-ups' data version it was computed at: an older one is served while a new one
// is computed, as in memory. A cache: deleting every row loses nothing but time.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table search_top_lists (
    match text primary key,
    version integer not null,
    ids blob not null,
    scores blob not null
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_top_lists").execute();
}
