import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DB, openDatabase, writeTransaction } from "#db/client";
import { countUpTo, docCount, EXHAUSTIVE } from "~/knowledge/search-rank.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

// Counts of a query's words are kept per version of the write-ups and carried into the next when
// only recent write-ups changed: under a stream of new write-ups every search counted its words
// again, walking a common word's doclist each time.
let t: TestDatabase;
const TOTAL = 3000;
beforeAll(async () => {
  t = await createTestDatabase();
  // Written an hour ago: a count taken now has no edit since to read again.
  const then = new Date(Date.now() - 3_600_000).toISOString();
  await writeTransaction(t.db, async (trx) => {
    for (let i = 1; i <= TOTAL; i++) {
      // "wombat" in every third write-up; "numbat" in every one (past any cap but the whole count).
      const symptom = `${i % 3 === 0 ? "wombat " : ""}numbat seen near item${i}`;
      await sql`insert into writeups (title, symptom, resolution, status, created_at, updated_at, published_at)
        values (${`Sighting ${i}`}, ${symptom}, 'fixed', 'published', ${then}, ${then}, ${then})`.execute(
        trx,
      );
    }
  });
}, 60_000);
afterAll(async () => {
  await t.close();
});

/** A database handle of its own (nothing kept yet) that records each count statement's bounds. */
function watched() {
  const counts: { sql: string; parameters: readonly unknown[] }[] = [];
  const opened = openDatabase(t.file, {
    log: (e) => {
      if (/select count\(\*\) as n from \(select 1 from writeups_fts/.test(e.query.sql))
        counts.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  return { db: opened.db, counts };
}

/** The true count, straight from the index. */
async function truth(db: DB, match: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from writeups_fts where writeups_fts match ${match}`.execute(db);
  return rows[0]?.n ?? 0;
}

async function add(symptom: string): Promise<number> {
  const now = new Date().toISOString();
  const { rows } = await sql<{ id: number }>`insert into writeups
    (title, symptom, resolution, status, created_at, updated_at, published_at)
    values ('New sighting', ${symptom}, 'fixed', 'published', ${now}, ${now}, ${now})
    returning id`.execute(t.db);
  return rows[0]?.id as number;
}

/** Every write-up dated an hour ago, as if each test's counts came long after the last edit. */
async function settle() {
  const then = new Date(Date.now() - 3_600_000).toISOString();
  await t.db.updateTable("writeups").set({ updated_at: then }).execute();
}

async function edit(id: number, symptom: string) {
  await t.db
    .updateTable("writeups")
    .set({ symptom, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

describe("a kept count, once write-ups change", () => {
  it("takes in a new write-up by counting only the recent ids again", async () => {
    await settle();
    const w = watched();
    try {
      const before = await countUpTo(w.db, '"wombat"', EXHAUSTIVE);
      expect(before).toBe(await truth(t.db, '"wombat"'));
      await add("a wombat again");
      w.counts.length = 0;
      const after = await countUpTo(w.db, '"wombat"', EXHAUSTIVE);
      expect(after).toBe(before + 1);
      expect(after).toBe(await truth(t.db, '"wombat"'));
      // One statement over the newest ids (from 2,000 before the top the first count saw).
      expect(w.counts).toHaveLength(1);
      expect(w.counts[0]?.parameters[1]).toBeGreaterThan(TOTAL - 2000);
      // Asked again under the same version: kept, nothing counted.
      w.counts.length = 0;
      expect(await countUpTo(w.db, '"wombat"', EXHAUSTIVE)).toBe(after);
      expect(w.counts).toHaveLength(0);
    } finally {
      await w.db.destroy();
    }
  });

  it("past its cap before the recent ids, stays past it without counting anything", async () => {
    await settle();
    const w = watched();
    try {
      expect(await countUpTo(w.db, '"numbat"', 10)).toBe(11);
      expect(await countUpTo(w.db, '"numbat"', 0)).toBe(1);
      await add("no marsupial here");
      w.counts.length = 0;
      expect(await countUpTo(w.db, '"numbat"', 10)).toBe(11);
      expect(await countUpTo(w.db, '"numbat"', 0)).toBe(1);
      expect(w.counts).toHaveLength(0);
    } finally {
      await w.db.destroy();
    }
  });

  it("counts a recent write-up's edit, reading the recent ids only", async () => {
    await settle();
    const w = watched();
    try {
      const before = await docCount(w.db, '"wombat"');
      const { rows } = await sql<{ id: number }>`
        select rowid as id from writeups_fts where writeups_fts match '"wombat"'
        order by rowid desc limit 1`.execute(t.db);
      await edit(rows[0]?.id as number, "nothing to see");
      w.counts.length = 0;
      const after = await docCount(w.db, '"wombat"');
      expect(after).toBe(before - 1);
      expect(after).toBe(await truth(t.db, '"wombat"'));
      expect(w.counts).toHaveLength(1);
    } finally {
      await w.db.destroy();
    }
  });

  it("is counted again in full after an edit of an older write-up", async () => {
    await settle();
    const w = watched();
    try {
      const before = await docCount(w.db, '"wombat"');
      // Write-up 1 is far older than the recent part; it gains the word.
      await edit(1, "a wombat after all");
      w.counts.length = 0;
      const after = await docCount(w.db, '"wombat"');
      expect(after).toBe(before + 1);
      expect(after).toBe(await truth(t.db, '"wombat"'));
      // Both parts counted again: the older ids too.
      expect(w.counts.some((c) => /rowid < \?/.test(c.sql) && c.parameters[1] === 1)).toBe(true);
    } finally {
      await w.db.destroy();
    }
  });

  it("is counted again in full once thousands of write-ups came since", async () => {
    await settle();
    const w = watched();
    try {
      const before = await countUpTo(w.db, '"wombat"', EXHAUSTIVE);
      await writeTransaction(t.db, async (trx) => {
        const now = new Date().toISOString();
        for (let i = 0; i < 4000; i++)
          await sql`insert into writeups (title, symptom, resolution, status, created_at, updated_at, published_at)
            values ('Bulk', ${i % 2 ? "wombat" : "other"}, 'fixed', 'published', ${now}, ${now}, ${now})`.execute(
            trx,
          );
      });
      w.counts.length = 0;
      const after = await countUpTo(w.db, '"wombat"', EXHAUSTIVE);
      expect(after).toBe(Math.min(EXHAUSTIVE + 1, before + 2000));
      expect(w.counts.some((c) => c.parameters[1] === 1)).toBe(true);
    } finally {
      await w.db.destroy();
    }
  });
});
