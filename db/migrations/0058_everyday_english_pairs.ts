import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Everyday English words for what a write-up says with another: an "alert" that never went off
// is the "alarm" that was never triggered, an "os" upgrade the "operating system" one, machines
// "wiped" were "erased", data "exposed" was "leaked", and a "planned" upgrade the "scheduled" one.
// Measured with `npm run eval:search` on queries written before searching: "planned operating
// system upgrade erased db hosts" found Dropbox's "scheduled OS upgrade ... machines wiped out"
// nowhere in the first ten, and now first beside the demo (fourth among 100,000 write-ups);
// "exposed private profile data" now finds the write-up on a "leak of users' information"
// (fifth); no answer fell. "cpu" and "processor" were tried and left out: "high cpu usage" lost
// a judged answer from the top five to write-ups on payment processors. Leads keep the list; a
// pair already there is left as it is.

export const EVERYDAY_ENGLISH_PAIRS: readonly (readonly [string, string])[] = [
  ["alert", "alarm"],
  ["alerts", "alarms"],
  ["os", "operating system"],
  ["wipe", "erase"],
  ["wiped", "erased"],
  ["leak", "expose"],
  ["leaked", "exposed"],
  ["scheduled", "planned"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of EVERYDAY_ENGLISH_PAIRS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of EVERYDAY_ENGLISH_PAIRS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
