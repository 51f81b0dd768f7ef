import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Korean everyday words a support ticket uses where the write-up uses another word for the same
// thing: 옛날 and 예전 ("the old price", "the old screen"), 누락
// and 빠짐 (missing), 먹통 and 멈춤 (stopped answering). Korean pairs only: an English partner of
// a broad word lets short English texts outrank the Korean answer among 100,000 write-ups (0020).
// Leads keep the list; a pair already there is left as it is.

export const EVERYDAY_KOREAN: readonly (readonly [string, string])[] = [
  ["옛날", "예전"],
  ["누락", "빠짐"],
  ["먹통", "멈춤"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of EVERYDAY_KOREAN)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of EVERYDAY_KOREAN)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
