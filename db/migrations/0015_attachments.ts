import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Screenshots and log files attached to a checkpoint's evidence or to a write-up. The bytes live
// in files under the data folder (attachments/<storage_key>); a row goes with its checkpoint or
// write-up (on delete cascade), and files whose row is gone are swept.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("attachments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("assignment_checkpoint_id", "integer", (c) =>
      c.references("assignment_checkpoints.id").onDelete("cascade"),
    )
    .addColumn("writeup_id", "integer", (c) => c.references("writeups.id").onDelete("cascade"))
    .addColumn("uploader_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('image', 'log')`))
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addCheckConstraint(
      "attachments_one_owner",
      sql`(assignment_checkpoint_id is null) <> (writeup_id is null)`,
    )
    .execute();
  await db.schema
    .createIndex("attachments_storage_key_unique")
    .on("attachments")
    .column("storage_key")
    .unique()
    .execute();
  await db.schema
    .createIndex("attachments_checkpoint")
    .on("attachments")
    .columns(["assignment_checkpoint_id", "id"])
    .execute();
  await db.schema
    .createIndex("attachments_writeup")
    .on("attachments")
    .columns(["writeup_id", "id"])
    .execute();
  await db.schema
    .createIndex("attachments_uploader")
    .on("attachments")
    .column("uploader_id")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("attachments").execute();
}
