import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Knowledge-base and ticket integrity (issue 12): who reported a missed search on which day (one
// count per person, query and day), the GitHub issue's `updated_at` a ticket last took (a re-sent
// or older delivery changes nothing), and what a verified write-up said when it was verified
// (kept when its content changes, which clears the verification and returns it to review).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("search_miss_reports")
    .addColumn("query", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("search_miss_reports_pk", ["query", "user_id", "day"])
    .execute();
  await db.schema.alterTable("tickets").addColumn("source_updated_at", "text").execute();
  await db.schema.alterTable("writeups").addColumn("verified_snapshot", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("writeups").dropColumn("verified_snapshot").execute();
  await db.schema.alterTable("tickets").dropColumn("source_updated_at").execute();
  await db.schema.dropTable("search_miss_reports").execute();
}
