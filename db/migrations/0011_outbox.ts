import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// The outbox: every e-mail and Slack message Koan means to send, written in the same transaction
// as the event that causes it, then sent by a worker that claims rows with a lease. And the
// integrations' last success and last error, for the lead's Settings → Integrations page.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("recipient", "text")
    .addColumn("subject", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("body_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("body_html", "text")
    .addColumn("payload", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("dedupe_key", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("lease_owner", "text")
    .addColumn("lease_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  // The worker's question: what is due, oldest first.
  await db.schema
    .createIndex("outbox_due")
    .on("outbox")
    .columns(["status", "next_attempt_at", "id"])
    .execute();
  // The Slack batcher's question: when did this kind last go out.
  await db.schema
    .createIndex("outbox_channel_kind_sent")
    .on("outbox")
    .columns(["channel", "kind", "sent_at"])
    .execute();
  // One message per event (a daily digest per person per day, …).
  await sql`create unique index outbox_dedupe_unique on outbox (dedupe_key) where dedupe_key is not null`.execute(
    db,
  );

  await db.schema
    .createTable("integration_status")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("last_success_at", "text")
    .addColumn("last_error_at", "text")
    .addColumn("last_error", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("integration_status").execute();
  await db.schema.dropTable("outbox").execute();
}
