import { sql } from "kysely";
import type { DB } from "#db/client";

/** A real query through the pool: throws when the database cannot answer. */
export async function checkDatabase(db: DB): Promise<void> {
  await sql`select count(*) from users`.execute(db);
}
