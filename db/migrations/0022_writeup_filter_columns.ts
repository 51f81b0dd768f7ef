import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// A search that filters (component, resolution, author, verified, dates) checks its best
// matches' ids a batch at a time. Read from the table, each id is a row of a write-up's whole
// text (a page of its own at 2 KB or more); this index holds the same id with only the columns
// the filters read, about sixty to a page, so the check reads a few pages instead of hundreds
// (search-rows.server.ts names it). It costs about 7 MB at 100,000 write-ups.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index writeups_filter_columns on writeups
    (id, status, component, resolution, verified_at, author_id, published_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists writeups_filter_columns`.execute(db);
}
