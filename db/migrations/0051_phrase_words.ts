import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Short names and the phrases they stand for. The synonym table now takes a phrase of up to four
// words on either side: a newcomer typing "oom" means the write-ups saying "ran out of memory",
// and one typing "regular expression" means the one blaming a "regex". Before, each found only
// the write-ups using their own form ("oom" found nothing beside the demo). Leads keep the list;
// a pair already there is left as it is.

export const PHRASE_WORDS: readonly (readonly [string, string])[] = [
  ["oom", "out of memory"],
  ["oom", "메모리 부족"],
  ["regex", "regular expression"],
  ["ddos", "denial of service"],
  ["az", "availability zone"],
  ["lb", "load balancer"],
  ["gc", "garbage collection"],
  ["ttl", "time to live"],
  ["sso", "single sign on"],
  ["cdn", "content delivery network"],
  ["2fa", "two factor"],
  ["mfa", "multi factor"],
  ["vm", "virtual machine"],
  ["pr", "pull request"],
  ["ci", "continuous integration"],
  ["rps", "requests per second"],
  ["eol", "end of life"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of PHRASE_WORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of PHRASE_WORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
