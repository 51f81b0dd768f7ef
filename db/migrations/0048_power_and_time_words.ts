import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Words an incident write-up uses for the same thing in another form: power is electricity, a
// loss is what was lost ("datacenter lost electricity": "loss of power at an AWS facility"; "lost
// data": "data loss"; 유실 is the Korean for it), and the short forms of units of time. Measured
// with `npm run eval:search`: "datacenter lost electricity" found one of its seven judged
// write-ups in the first five, now three; English recall@5 0.966 -> 0.967 beside the demo, 0.918
// -> 0.919 among 100,000, MRR@10 the same beside the demo. Among 100,000, "alarm never fired
// trees power lines blackout" now puts a second write-up about the same 2003 blackout ("North
// American Electric Power System") before the judged one (MRR@10 0.935 -> 0.934): its title's
// "Electric" meets "power". Every Korean figure the same. Short words (hrs, hr) are looked up as
// typed only, never in other forms. Leads keep the list; a pair already there is left as it is.

export const POWER_AND_TIME_WORDS: readonly (readonly [string, string])[] = [
  ["electricity", "power"],
  ["전력", "power"],
  ["lost", "loss"],
  ["lose", "loss"],
  ["유실", "loss"],
  ["hrs", "hours"],
  ["hr", "hour"],
  ["mins", "minutes"],
  ["secs", "seconds"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of POWER_AND_TIME_WORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of POWER_AND_TIME_WORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
