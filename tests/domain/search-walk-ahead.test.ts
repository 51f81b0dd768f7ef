import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, writeTransaction } from "#db/client";
import { searchWriteups, walkSearchListsAhead } from "~/knowledge/search.server";
import { listKey, resetTopLists, topList } from "~/knowledge/search-top-lists.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

// The commonest words' lists of best write-ups are walked once the server listens, so the first
// person to search a common word does not wait for its walk over every match; and one list
// serves every form of a word ("heartbeats", "heartbeat").
let t: TestDatabase;
const TOTAL = 5400;
beforeAll(async () => {
  t = await createTestDatabase();
  const now = new Date(Date.now() - 3_600_000).toISOString();
  await writeTransaction(t.db, async (trx) => {
    for (let i = 0; i < TOTAL; i++) {
      // More than EXHAUSTIVE (2,500) hold "heartbeat" and "결제" (payment); 45 hold "walrus".
      const title = i % 2 ? `Heartbeat missed on node ${i}` : `Node ${i} restarted`;
      const symptom = `${i % 2 ? "" : "결제 화면이 멈춤 "}${i % 120 ? "" : "a walrus "}item${i}`;
      await sql`insert into writeups (title, symptom, resolution, status, created_at, updated_at, published_at)
        values (${title}, ${symptom}, 'fixed', 'published', ${now}, ${now}, ${now})`.execute(trx);
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

describe("a list's key", () => {
  it("is the same for every form of a word the index stems alike, and keeps prefixes", async () => {
    const key = await listKey(t.db, '"heartbeat"');
    expect(await listKey(t.db, '"heartbeats"')).toBe(key);
    expect(await listKey(t.db, '"Heartbeat"'.toLowerCase())).toBe(key);
    expect(await listKey(t.db, '"connection pools"')).toBe(await listKey(t.db, '"connected pool"'));
    // A prefix is matched as typed, not stemmed.
    expect(await listKey(t.db, '"updates"*')).toBe('"updates"*');
    expect(await listKey(t.db, '{ko_title ko_body}: "결제"')).toBe('{ko_title ko_body}: "결제"');
  });
});

describe("walking the commonest words' lists ahead", () => {
  it("walks each common word's list once, keeps it, and a later start walks none", async () => {
    const first = await walkSearchListsAhead(t.db);
    expect(first.walked).toBeGreaterThanOrEqual(2);
    const stored = await storedLists();
    const keys = stored.map((s) => s.match);
    expect(keys).toContain(await listKey(t.db, '"heartbeat"'));
    expect(keys.some((k) => k.startsWith('(({ko_title ko_body}: "결제")'))).toBe(true);
    // A word in few write-ups is scored in full by each search: it has no list.
    expect(keys.some((k) => k.includes("walrus"))).toBe(false);

    // A restarted server (the process's lists forgotten) finds them kept: nothing walked again.
    resetTopLists(t.db);
    const again = await walkSearchListsAhead(t.db);
    expect(again).toEqual({ walked: 0, kept: first.walked + first.kept });
    expect(await storedLists()).toEqual(stored);
  });

  it("spares the first search of a common word its walk, in any form, in either language", async () => {
    await walkSearchListsAhead(t.db);
    const before = await storedLists();
    resetTopLists(t.db);
    const statements: string[] = [];
    const watched = openDatabase(t.file, { log: (e) => statements.push(e.query.sql) });
    try {
      for (const q of ["heartbeats ", "결제를 ", "missed heartbeat "]) {
        const { results } = await searchWriteups(watched.db, { q, limit: 5 });
        expect(results.length).toBeGreaterThan(0);
      }
      // No walk over the matches in ranges of ids, no list stored again.
      expect(
        statements.filter((s) => /rowid >= \? and rowid < \?\s+order by rank/.test(s)),
      ).toEqual([]);
      expect(await storedLists()).toEqual(before);
    } finally {
      await watched.db.destroy();
    }
  });

  it("ranks from a list walked ahead exactly as from one a search walked", async () => {
    await walkSearchListsAhead(t.db);
    const ahead = await topList(t.db, '"heartbeats"');
    await t.db.deleteFrom("search_top_lists").execute();
    resetTopLists(t.db);
    const walked = await topList(t.db, '"heartbeats"');
    expect(Array.from(ahead?.ids ?? [])).toEqual(Array.from(walked?.ids ?? []));
    expect(ahead?.ids.length).toBe(1500);
  });
});
