import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("max_assignments", "integer").execute();

  await db.schema
    .createTable("tickets")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("component", "text", (c) => c.notNull())
    .addColumn("difficulty", "integer", (c) => c.notNull().check(sql`difficulty between 1 and 3`))
    .addColumn("starter", "integer", (c) => c.notNull().defaultTo(0).check(sql`starter in (0, 1)`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(
          sql`status in ('open', 'claimed', 'in_progress', 'in_review', 'resolved', 'closed')`,
        ),
    )
    .addColumn("close_reason", "text", (c) =>
      c.check(
        sql`close_reason is null or close_reason in ('works_as_designed', 'duplicate', 'wont_fix')`,
      ),
    )
    .addColumn("source", "text", (c) =>
      c.notNull().check(sql`source in ('manual', 'import', 'github')`),
    )
    .addColumn("external_id", "text")
    .addColumn("url", "text")
    .addColumn("reporter_id", "integer", (c) => c.references("users.id"))
    .addColumn("reporter_name", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("tickets_source_external")
    .on("tickets")
    .columns(["source", "external_id"])
    .unique()
    .where(sql.ref("external_id"), "is not", null)
    .execute();
  await db.schema
    .createIndex("tickets_status_created")
    .on("tickets")
    .columns(["status", "created_at"])
    .execute();
  await db.schema
    .createIndex("tickets_component")
    .on("tickets")
    .columns(["component", "status"])
    .execute();

  await db.schema
    .createTable("ticket_labels")
    .addColumn("ticket_id", "integer", (c) =>
      c.notNull().references("tickets.id").onDelete("cascade"),
    )
    .addColumn("label", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_labels_pk", ["ticket_id", "label"])
    .execute();
  await db.schema
    .createIndex("ticket_labels_label")
    .on("ticket_labels")
    .columns(["label", "ticket_id"])
    .execute();

  await db.schema
    .createTable("assignments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("ticket_id", "integer", (c) => c.notNull().references("tickets.id"))
    .addColumn("newcomer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("mentor_id", "integer", (c) => c.references("users.id"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('active', 'released', 'reassigned', 'resolved', 'closed')`),
    )
    .addColumn("claimed_at", "text", (c) => c.notNull())
    .addColumn("last_progress_at", "text", (c) => c.notNull())
    .addColumn("ended_at", "text")
    .execute();
  // The rule "one active assignment per ticket", enforced by the database itself.
  await db.schema
    .createIndex("assignments_one_active_per_ticket")
    .on("assignments")
    .column("ticket_id")
    .unique()
    .where(sql.ref("status"), "=", "active")
    .execute();
  await db.schema
    .createIndex("assignments_newcomer")
    .on("assignments")
    .columns(["newcomer_id", "status"])
    .execute();
  await db.schema
    .createIndex("assignments_mentor")
    .on("assignments")
    .columns(["mentor_id", "status"])
    .execute();

  await db.schema
    .createTable("ticket_events")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("ticket_id", "integer", (c) =>
      c.notNull().references("tickets.id").onDelete("cascade"),
    )
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("ticket_events_ticket")
    .on("ticket_events")
    .columns(["ticket_id", "id"])
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("delivery_id", "text", (c) => c.primaryKey())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("action", "text")
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "webhook_deliveries",
    "ticket_events",
    "assignments",
    "ticket_labels",
    "tickets",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("users").dropColumn("max_assignments").execute();
}
