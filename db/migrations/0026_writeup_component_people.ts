import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Who knows a component (the mentor suggestions on a claim, a hand-over and a ticket page) counts
// the published write-ups each person wrote or verified there. Through (status, component) that
// read every such write-up's row for its author and verifier: 180–350 ms for a component with
// 16,000 write-ups at 100,000, on every assignment page a mentor or lead opened. On this index the
// count reads the index alone: about 15 ms.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index writeups_component_people
    on writeups (status, component, author_id, verified_by)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists writeups_component_people`.execute(db);
}
