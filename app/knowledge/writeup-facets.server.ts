import type { DB } from "#db/client";
import { cachedByVersion } from "~/lib/data-versions.server";

// Counts over published write-ups: the search page's filters, and one person's published count.

/** The author filter lists the most prolific authors; a large team's full list would be a wall. */
export const MAX_AUTHOR_FACETS = 100;

/** The components and (most prolific) authors of published write-ups, for the search filters (cached until they change). */
export const listWriteupFacets = cachedByVersion("writeups", async (db: DB) => {
  const [components, authors] = await Promise.all([
    db
      .selectFrom("writeups")
      .select("component")
      .distinct()
      .where("status", "=", "published")
      .where("component", "!=", "")
      .orderBy("component")
      .execute(),
    db
      .selectFrom("writeups")
      .innerJoin("users", "users.id", "writeups.author_id")
      .select((eb) => ["users.id", "users.name", eb.fn.countAll<number>().as("published")])
      .where("writeups.status", "=", "published")
      .groupBy("writeups.author_id")
      .orderBy("published", "desc")
      .orderBy("users.name")
      .limit(MAX_AUTHOR_FACETS)
      .execute(),
  ]);
  return {
    components: components.map((c) => c.component),
    authors: authors
      .map(({ id, name }) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
});

/** How many write-ups this person has published. */
export async function countPublishedBy(db: DB, authorId: number): Promise<number> {
  const row = await db
    .selectFrom("writeups")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("author_id", "=", authorId)
    .where("status", "=", "published")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
