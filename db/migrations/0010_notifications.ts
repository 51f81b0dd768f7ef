import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Calm notifications: an item is resolved by the action it asks for (resolved_at), and each
// person chooses what notifies them (a muted kind is a row in notification_mutes; none means on).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notifications").addColumn("resolved_at", "text").execute();
  // Resolving and folding look up one assignment's items of a kind.
  await db.schema
    .createIndex("notifications_assignment_kind")
    .on("notifications")
    .columns(["assignment_id", "kind"])
    .execute();
  await db.schema
    .createTable("notification_mutes")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_mutes_pk", ["user_id", "kind"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notification_mutes").execute();
  await db.schema.dropIndex("notifications_assignment_kind").execute();
  await db.schema.alterTable("notifications").dropColumn("resolved_at").execute();
}
