import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// The language a lead chooses for an invite: its e-mail is written in it, and the link opens the
// invite page in it for a browser that has not chosen a language of its own. Null (invites made
// before this column) follows the inviting lead's language, as before.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("invites").addColumn("locale", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("invites").dropColumn("locale").execute();
}
