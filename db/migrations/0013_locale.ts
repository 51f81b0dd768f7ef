import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Each person's language for the interface and their mail. Null follows the browser.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("locale", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("locale").execute();
}
