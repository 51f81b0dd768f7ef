import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Abbreviations engineers type for what a write-up spells out, and the other way round: "ECC"
// memory is "error correcting" memory, a11y is accessibility (and so 접근성), i18n and l10n are
// internationalization and localization, an NPE a null pointer exception, a WAF a web
// application firewall, an ACL an access control list, PII personal data, QPS queries per
// second, an RCA a root cause analysis, e2e tests end-to-end tests, an SMS a text message.
// Measured with `npm run eval:search`: "no error correcting memory caused corruption" found Sun's
// write-up on ECC nowhere in the first ten, and now first, beside the demo and among 100,000
// write-ups; no query fell anywhere. Leads keep the list; a pair already there is left as it is.

export const ENGINEERING_ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ["ecc", "error correcting"],
  ["a11y", "accessibility"],
  ["i18n", "internationalization"],
  ["l10n", "localization"],
  ["npe", "null pointer exception"],
  ["waf", "web application firewall"],
  ["acl", "access control list"],
  ["pii", "personal data"],
  ["qps", "queries per second"],
  ["rca", "root cause analysis"],
  ["e2e", "end to end"],
  ["sms", "text message"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of ENGINEERING_ABBREVIATIONS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of ENGINEERING_ABBREVIATIONS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
