import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// The daily loop (issue 13): a step skipped by "works as designed" remembers the state it was
// skipped from, so "Back to fixing it" puts it back exactly; and an assignment keeps a log of
// what its people did beside the checkpoints (nudges, pairing sessions, hand-overs, releases,
// works-as-designed decisions and their undoing).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("assignment_checkpoints").addColumn("skipped_from", "text").execute();
  await db.schema
    .alterTable("assignment_checkpoints")
    .addColumn("skipped_from_since", "text")
    .execute();
  await db.schema
    .createTable("assignment_notes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("assignment_id", "integer", (c) => c.notNull().references("assignments.id"))
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('nudge', 'pairing', 'handover', 'released', 'works_as_designed', 'back_to_fixing', 'reopened')`,
        ),
    )
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("assignment_notes_assignment")
    .on("assignment_notes")
    .columns(["assignment_id", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("assignment_notes").execute();
  await db.schema.alterTable("assignment_checkpoints").dropColumn("skipped_from_since").execute();
  await db.schema.alterTable("assignment_checkpoints").dropColumn("skipped_from").execute();
}
