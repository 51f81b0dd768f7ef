import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Each person's time zone (an IANA name such as Asia/Seoul), for the daily digest's hour and the
// dates Koan shows them. Null follows the organisation's default (DIGEST_TIME_ZONE, else UTC).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("time_zone", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("time_zone").execute();
}
