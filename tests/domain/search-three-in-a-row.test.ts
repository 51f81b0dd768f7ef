import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "#db/client";
import { RARE_GROUP } from "~/knowledge/search-rank.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// Two rules for a typed query among many write-ups holding its words by chance:
// - three words typed in a row and held in a row ("admin deleted the wrong") count as the query's
//   rare pairs do, when one of their pairs ("deleted the wrong") is too common to count alone:
//   among 100,000 write-ups, hundreds of generated texts holding "delete" and "wrong" in their
//   titles outranked GitLab's "tired admin deleted the wrong directory";
// - a number's plural ("404s") is held by a write-up saying the number, as the index reads it:
//   the write-up with "Google 404 errors" counted as lacking the query's rarest word.

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, first, found, warm } = writeupSearch(() => t);
/** More write-ups than RARE_GROUP hold "deleted the wrong" (and "admin", "directory") apart. */
const CHANCE = RARE_GROUP + 60;
/** Those holding them in their titles, ranked by bm25 before the answer. */
const STRONG = 20;
/** Write-ups holding none of the query's words (bm25 weighs nothing a majority holds). */
const OTHERS = 600;

beforeAll(async () => {
  t = await createTestDatabase();
  const now = new Date(Date.now() - 3_600_000).toISOString();
  await writeTransaction(t.db, async (trx) => {
    for (let i = 0; i < CHANCE; i++) {
      // A few hold the words in their titles, which bm25 weighs most; the rest in long notes.
      const strong = i < STRONG;
      const title = strong
        ? `Deleted the wrong ${["invoice", "ledger", "export", "batch"][i % 4]} row ${i}`
        : `Nightly cleanup ${i}`;
      const symptom = strong
        ? `The admin console showed ${i} rows. A directory listing took ${i % 7} seconds; the admin retried.`
        : "";
      const debugging = strong
        ? ""
        : `${"Queue lag and retries were seen across the workers that night. ".repeat(6)}The cleanup deleted the wrong rows; the admin restored them from the backup directory.`;
      await sql`insert into writeups (title, symptom, debugging, resolution, status, created_at, updated_at, published_at)
        values (${title}, ${symptom}, ${debugging}, 'fixed', 'published', ${now}, ${now}, ${now})`.execute(
        trx,
      );
    }
    for (let i = 0; i < OTHERS; i++) {
      const title = `Nightly ${["report", "sync", "mailer"][i % 3]} job ${i} ran late`;
      const symptom = `The queue held ${i} messages before returning to normal.`;
      await sql`insert into writeups (title, symptom, resolution, status, created_at, updated_at, published_at)
        values (${title}, ${symptom}, 'fixed', 'published', ${now}, ${now}, ${now})`.execute(trx);
    }
  });
  ids.gitlab = await add({
    title: "Replication lag during a load spike, then six hours of data lost",
    symptom:
      "An influx of requests overloaded the database and replication lagged; a tired admin deleted the wrong directory, and six hours of data were lost.",
    component: "database",
  });
  for (const [i, title] of [
    "A bug in the load balancer config rollout raised error rates",
    "Changes to a rarely modified load balancer went through a slow code path",
    "Load balancer maintenance took capacity away",
  ].entries())
    ids[`balancer${i}`] = await add({
      title,
      symptom: "Some customers saw errors for twenty minutes.",
      component: "infra",
    });
  ids.notFound = await add({
    title: "Cloud networking issue in the global load balancing service",
    symptom:
      "Impacted customers observed Google 404 errors on their websites; a latent bug in a network configuration service was triggered during routine operation.",
    component: "infra",
  });
  await warm();
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe("three words typed in a row", () => {
  it("finds the write-up holding them in a row first, among hundreds holding them apart", async () => {
    expect(await first("admin deleted the wrong directory")).toBe(ids.gitlab);
  });

  it("still ranks the write-ups holding the words apart after it", async () => {
    const results = await found("admin deleted the wrong directory");
    expect(results.length).toBeGreaterThan(5);
    expect(results.slice(1).every((id) => id !== ids.gitlab)).toBe(true);
  });
});

describe("a number's plural", () => {
  it("is held by a write-up saying the number, which comes first for holding the rarest word", async () => {
    expect(await first("load balancer returning 404s")).toBe(ids.notFound);
    expect(await first("google 404s")).toBe(ids.notFound);
  });
});
