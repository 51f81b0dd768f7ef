import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// The review list (/kb/review, reviewList in knowledge/health.server.ts) asks which published
// write-ups are due: verified (or, never verified, published) before a cutoff, or edited since
// their sign-off. Through the status index alone, the count and the page read every published
// write-up's whole row: about half a second each at 100,000 write-ups, holding the event loop. This
// index holds exactly what the question reads (the expressions as the query writes them), so the
// count reads the index alone (about 30 ms) and the page of the 100 oldest walks it in order (1 ms).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index writeups_review_due on writeups (
    status,
    coalesce(verified_at, published_at),
    id,
    verified_at,
    published_at,
    (verified_snapshot is not null)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists writeups_review_due`.execute(db);
}
