import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// E-mail, chosen apart from the inbox: a kind of notification that also comes by e-mail (a review
// of one's evidence, the daily digest) can keep its inbox item and stop its mail. A row here is
// "not by e-mail"; none means e-mail too, as before.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_mutes")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("mail_mutes_pk", ["user_id", "kind"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mail_mutes").execute();
}
