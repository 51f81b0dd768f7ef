import type { DB } from "#db/client";

/** Whether any starter ticket is open (a new team's first steps ask for one). */
export async function hasOpenStarter(db: DB): Promise<boolean> {
  const row = await db
    .selectFrom("tickets")
    .select("id")
    .where("starter", "=", 1)
    .where("status", "=", "open")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
