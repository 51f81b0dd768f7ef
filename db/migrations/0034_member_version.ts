import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// A lead's member form (Team → the person) is refused with 409 when it was opened at an older
// version of the person. That version was users.updated_at, which also moves when the person
// changes their own name, language, time zone or password: a lead saving the role form after the
// member renamed themself was told another lead had changed them. `member_changed_at` moves only
// with what leads change (role and its details, active or not). Empty until then (the version is
// created_at); existing people start at their updated_at, so a form opened before the upgrade
// still saves.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column member_changed_at text not null default ''`.execute(db);
  await sql`update users set member_changed_at = updated_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column member_changed_at`.execute(db);
}
