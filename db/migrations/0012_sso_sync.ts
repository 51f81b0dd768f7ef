import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Single sign-on (OpenID Connect) and the GitHub pull sync.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per sign-in started at the provider; spent (deleted) by its callback, so a replayed
  // state finds nothing. Only the state's SHA-256 is stored.
  await db.schema
    .createTable("oidc_logins")
    .addColumn("state_hash", "text", (c) => c.primaryKey())
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("code_verifier", "text", (c) => c.notNull())
    .addColumn("redirect_to", "text", (c) => c.notNull())
    .addColumn("invite_token_hash", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  // (The updated_at that a ticket last took its content from, shared by the webhook and the
  // sync, is tickets.source_updated_at from 0007.)
  // Per repository: where the pull sync left off, its conditional-request validator, and its
  // last success and error (the lead's status page).
  await db.schema
    .createTable("github_sync_repos")
    .addColumn("repo", "text", (c) => c.primaryKey())
    .addColumn("since", "text")
    .addColumn("etag", "text")
    .addColumn("etag_url", "text")
    .addColumn("last_run_at", "text")
    .addColumn("last_success_at", "text")
    .addColumn("last_error", "text")
    .addColumn("last_error_at", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("github_sync_repos").execute();
  await db.schema.dropTable("oidc_logins").execute();
}
