import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Search's kept top lists (0018) are now scored with a rare synonym weighing as the word typed
// (app/knowledge/search-synonym-weights.server.ts). Lists kept before were scored otherwise and
// would be served as they are until write-ups change: they go, and are computed again when
// searched. A cache: deleting loses nothing but time.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from search_top_lists`.execute(db);
}

export async function down(): Promise<void> {}
