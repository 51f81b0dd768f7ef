import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// The toil board groups every toil row on a published write-up (136,000 at 100,000 write-ups)
// and was read afresh on each visit: half a second holding the event loop for the lead's
// /kb/toil and /cohorts. It is now kept per process until the "toil" data version moves, which
// these triggers bump whenever a toil row, or a write-up's status or component, changes.

const TRIGGERS: [trigger: string, event: string][] = [
  ["toil_version_insert", "after insert on toil"],
  ["toil_version_update", "after update on toil"],
  ["toil_version_delete", "after delete on toil"],
  ["writeups_toil_version_update", "after update of status, component on writeups"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`insert into data_versions (name, version) values ('toil', 0)`.execute(db);
  for (const [trigger, event] of TRIGGERS)
    await sql`create trigger ${sql.raw(trigger)} ${sql.raw(event)} begin
      update data_versions set version = version + 1 where name = 'toil';
    end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [trigger] of TRIGGERS)
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  await sql`delete from data_versions where name = 'toil'`.execute(db);
}
