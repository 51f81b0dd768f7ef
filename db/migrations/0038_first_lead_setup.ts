import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// An instance started without the demo (SEED_ON_EMPTY=false) had no way to make its first
// account: invites need an inviting lead. At start on a database with no users, the server now
// logs a one-time setup link for the first lead; only its hash is kept here, one row at most,
// deleted when the first lead is made (and replaced at each start while nobody exists).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table first_lead_setup (
    id integer primary key check (id = 1),
    token_hash text not null,
    created_at text not null
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table first_lead_setup`.execute(db);
}
