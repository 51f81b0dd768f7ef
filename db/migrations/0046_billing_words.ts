import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// What a Korean team types about a bill and its amount, each with one fixed English:
// "세금계산서 금액 틀림" (the tax invoice's amount is wrong) found only a write-up about how an
// amount is shown, and "중복 청구" (charged twice) put two write-ups about duplicated import rows
// before "Customer charged twice for a renewal": 청구 was "billing" only (0019). Left out,
// measured: 중복 as "twice" and 잘못 or 틀리다 as "wrong" (among 100,000 write-ups, an English
// ticket about a chart legend read twice was shown one more unrelated write-up). Leads keep the
// list; a pair already there is left as it is.

export const BILLING_WORDS: readonly (readonly [string, string])[] = [
  ["계산서", "invoice"],
  ["세금계산서", "invoice"],
  ["금액", "amount"],
  ["청구", "charge"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of BILLING_WORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of BILLING_WORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
