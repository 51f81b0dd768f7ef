import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, writeTransaction } from "#db/client";
import { searchWriteups } from "~/knowledge/search.server";
import { listKey, resetTopLists, topList } from "~/knowledge/search-top-lists.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

// A common word's list of best write-ups is walked once over every match and kept; every form of
// the word the index stems alike ("heartbeats", "heartbeat") matches the same write-ups with the
// same scores, so it is kept under one key and walked once.
let t: TestDatabase;
const TOTAL = 5400;
beforeAll(async () => {
  t = await createTestDatabase();
  const now = new Date(Date.now() - 3_600_000).toISOString();
  await writeTransaction(t.db, async (trx) => {
    for (let i = 0; i < TOTAL; i++) {
      // More than EXHAUSTIVE (2,500) hold "heartbeat": it is ranked from its list.
      const title = i % 2 ? `Heartbeat missed on node ${i}` : `Node ${i} restarted`;
      await sql`insert into writeups (title, symptom, resolution, status, created_at, updated_at, published_at)
        values (${title}, ${`item${i}`}, 'fixed', 'published', ${now}, ${now}, ${now})`.execute(
        trx,
      );
    }
  });
}, 60_000);
afterAll(async () => {
  await t.close();
});

/** The lists the database keeps, with the rowid each was stored under (a new walk: a new rowid). */
const storedLists = async () =>
  (
    await sql<{ match: string; rowid: number }>`
      select match, rowid from search_top_lists order by match`.execute(t.db)
  ).rows;

describe("a common word's list of best write-ups", () => {
  it("is kept under the word as the index stems it; prefixes and Hangul as they are", async () => {
    const key = await listKey(t.db, '"heartbeat"');
    expect(await listKey(t.db, '"heartbeats"')).toBe(key);
    expect(await listKey(t.db, '"connection pools"')).toBe(await listKey(t.db, '"connected pool"'));
    // A prefix is matched as typed, not stemmed; alternatives keep their order (the first is the
    // word typed, which a synonym's excess is weighed against).
    expect(await listKey(t.db, '"updates"*')).toBe('"updates"*');
    expect(await listKey(t.db, '{ko_title ko_body}: "결제"')).toBe('{ko_title ko_body}: "결제"');
    expect(await listKey(t.db, '(("rebooted") OR ("restarts"))')).toBe(
      '(("reboot") OR ("restart"))',
    );
  });

  it("is walked once for every form of the word: a search of another form walks none", async () => {
    await t.db.deleteFrom("search_top_lists").execute();
    resetTopLists(t.db);
    await searchWriteups(t.db, { q: "heartbeat ", limit: 5 });
    const stored = await storedLists();
    expect(stored.map((s) => s.match)).toContain(await listKey(t.db, '"heartbeat"'));
    resetTopLists(t.db);
    const statements: string[] = [];
    const watched = openDatabase(t.file, { log: (e) => statements.push(e.query.sql) });
    try {
      const { results } = await searchWriteups(watched.db, { q: "heartbeats ", limit: 5 });
      expect(results.length).toBe(5);
      // No walk over the matches in ranges of ids, no list stored again.
      expect(
        statements.filter((s) => /rowid >= \? and rowid < \?\s+order by rank/.test(s)),
      ).toEqual([]);
      expect(await storedLists()).toEqual(stored);
    } finally {
      await watched.db.destroy();
    }
  });

  it("ranks the same whichever form walked it", async () => {
    await t.db.deleteFrom("search_top_lists").execute();
    resetTopLists(t.db);
    const one = await topList(t.db, '"heartbeat"');
    await t.db.deleteFrom("search_top_lists").execute();
    resetTopLists(t.db);
    const other = await topList(t.db, '"heartbeats"');
    expect(one?.ids.length).toBe(1500);
    expect(Array.from(other?.ids ?? [])).toEqual(Array.from(one?.ids ?? []));
  });
});
