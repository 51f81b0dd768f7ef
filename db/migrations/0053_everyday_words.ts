import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Everyday words a newcomer types where an incident write-up says another: a "quick" migration
// is the "extremely fast" one, a "neighbouring" service the "adjacent" one, and a feature turned
// on "for everyone" was enabled "for all users". Before, each such query found the write-up only
// by its other words, behind write-ups sharing those. Measured with `npm run eval:search`: three
// English answers moved to first beside the demo (from second and third), none fell anywhere;
// English MRR@10 0.976 -> 0.980 beside the demo, unchanged among 100,000 write-ups. Leads keep
// the list; a pair already there is left as it is.

export const EVERYDAY_WORDS: readonly (readonly [string, string])[] = [
  ["quick", "fast"],
  ["neighbouring", "adjacent"],
  ["neighboring", "adjacent"],
  ["everyone", "all users"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of EVERYDAY_WORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of EVERYDAY_WORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
