import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Two kinds of security incident go by a name the write-ups about them rarely use: a hijacked
// session is one stolen ("malware was used to steal a valid SSO session"), an insider is an
// employee ("an employee stole $200,000"). "session hijacking" found the answer fifth, and
// "insider threat" not at all; with these pairs both are first, beside the demo's write-ups and
// among 100,000 (`npm run eval:search`: English MRR@10 0.964 -> 0.969 beside the demo, 0.931 ->
// 0.937 among 100,000, every Korean figure the same). 탈취 and 내부자 are the Korean words.
// Left out, measured: "limit"/"maximum" ("thread limit": "the maximum number of threads") put a
// write-up saying "Maximum sending rate exceeded" before the answer to "rate limit 지도", and
// "misconfig"/"misconfiguration" put write-ups about misconfigurations before the one about a
// bad BGP config. Nor 유출 ("leak"): through 누수 ↔ "leak" (0008), a Korean memory leak would
// meet every data leak. Leads keep the list; a pair already there is left as it is.

export const SECURITY_WORDS: readonly (readonly [string, string])[] = [
  ["hijack", "steal"],
  ["hijack", "stolen"],
  ["탈취", "hijack"],
  ["insider", "employee"],
  ["내부자", "insider"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of SECURITY_WORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of SECURITY_WORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
