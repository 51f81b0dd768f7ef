import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "#db/client";
import { searchWriteups } from "~/knowledge/search.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

// A word in more than 5,000 write-ups is ranked over its newest 2,000 matches only: bm25 over
// every match is what made common words slow. Its own file, as it needs a big index.
let t: TestDatabase;
const TOTAL = 5200;
const OLD_TITLES = 3000;
beforeAll(async () => {
  t = await createTestDatabase();
  const now = new Date().toISOString();
  await writeTransaction(t.db, async (trx) => {
    for (let i = 0; i < TOTAL; i++) {
      // The oldest write-ups hold the word in their title, which bm25 weighs most.
      const title = i < OLD_TITLES ? `Zebu crossing ${i}` : `Crossing ${i}`;
      const debugging = i < OLD_TITLES ? "" : `a zebu was seen near item${i}`;
      await sql`insert into writeups (title, debugging, resolution, status, created_at, updated_at, published_at)
        values (${title}, ${debugging}, 'fixed', 'published', ${now}, ${now}, ${now})`.execute(trx);
    }
  });
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe("very common words", () => {
  it("rank only the newest 2,000 matches, with snippets for the rows shown", async () => {
    const { rows } = await sql<{
      id: number;
    }>`select rowid as id from writeups_fts where writeups_fts match 'zebu'
        order by rowid desc limit 1 offset 1999`.execute(t.db);
    const floor = rows[0]?.id as number;
    const { results } = await searchWriteups(t.db, { q: "zebu" });
    expect(results).toHaveLength(20);
    // Without the window the title matches, all older, would fill the page.
    for (const r of results) {
      expect(r.id).toBeGreaterThanOrEqual(floor);
      expect(r.title.startsWith("Crossing")).toBe(true);
      expect(r.snippet.some((p) => p.hit && p.text === "zebu")).toBe(true);
      expect(r.snippet.map((p) => p.text).join("")).toContain(`item${r.id - 1}`);
    }
    const scores = results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("a rarer word in the same query lifts the window", async () => {
    // "zebu" AND "item3012" matches one row, older than the window: no window, found anyway.
    const { results } = await searchWriteups(t.db, { q: "zebu item3012 " });
    expect(results[0]).toMatchObject({ title: "Crossing 3012", matchedAll: true });
  });
});
