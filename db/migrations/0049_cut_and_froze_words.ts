import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Two more words an incident write-up uses where a newcomer types another: a link or connection
// "severed" is one "cut" ("bgp mistake cut off upstream carriers": "a bad BGP config severed
// Valve's connection to Level 3"), and a program that "froze" is "unresponsive" ("http3 bug froze
// the browser": "made Firefox unresponsive"; "unresponsive" already meets "hang", but "froze"
// reached it only through two pairs, and a partner's partner is not looked up). Measured with
// `npm run eval:search`: both queries' answers moved to first beside the demo. Leads keep the
// list; a pair already there is left as it is.

export const CUT_AND_FROZE_WORDS: readonly (readonly [string, string])[] = [
  ["severed", "cut"],
  ["froze", "unresponsive"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of CUT_AND_FROZE_WORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of CUT_AND_FROZE_WORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
