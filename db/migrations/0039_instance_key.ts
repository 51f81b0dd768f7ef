import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Each Koan instance gets a random key of its own, made once here. The knowledge-base export
// names a write-up without an external id `koan-<key>-<id>`, so an import can tell its own
// write-ups (the same id here) from another instance's (whose id 12 is some other write-up here):
// before, `koan-12` from another team's export overwrote this instance's write-up 12.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table instance (
    id integer primary key check (id = 1),
    key text not null,
    created_at text not null
  )`.execute(db);
  await sql`insert into instance (id, key, created_at)
    values (1, lower(hex(randomblob(6))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table instance`.execute(db);
}
