import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// The actions Koan's own Korean screens name, 가져오기 (import) and 내보내기 (export), and a card
// payment's 거절 (declined): a Korean newcomer types the word the screen showed her, and the
// write-ups about those actions are often in English ("CSV 가져오기 실패" did not find "Settlement
// CSV import fails" on the demo). 거절 is also a request's "rejected". Leads keep the list; a pair
// already there is left as it is.

export const ACTION_WORDS: readonly (readonly [string, string])[] = [
  ["가져오기", "import"],
  ["내보내기", "export"],
  ["거절", "declined"],
  ["거절", "rejected"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of ACTION_WORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of ACTION_WORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
