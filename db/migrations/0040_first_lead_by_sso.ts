import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// With password log-in off (PASSWORD_LOGIN=false), the first lead's setup link used to make the
// account from an e-mail typed on the page, spending the link before the provider had seen it: a
// typo, or an address the provider spells differently, left an instance nobody could sign in to
// and no link to try again. Now the setup page starts a single sign-on, and the account is made
// at its callback from the provider's verified address: the sign-in carries the setup link's
// token hash.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("oidc_logins").addColumn("setup_token_hash", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("oidc_logins").dropColumn("setup_token_hash").execute();
}
