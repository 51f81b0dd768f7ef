import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, writeTransaction } from "#db/client";
import { searchWriteups } from "~/knowledge/search.server";
import { bestPositions } from "~/knowledge/search-best";
import { asSearch } from "~/knowledge/search-chunks.server";
import { groupScoresSettled, scoredTogether } from "~/knowledge/search-group-scores.server";
import { docCount } from "~/knowledge/search-rank.server";
import { asRelatedSearch } from "~/knowledge/search-related-scope.server";
import { addSynonym } from "~/knowledge/search-synonyms.server";
import { type GroupScores, groupScoresOf, placeOf, together } from "~/knowledge/search-together";
import { BM25 } from "~/knowledge/search-top-lists.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

// A search of several words, common ones among them, is scored from each group's kept list of
// write-ups and bm25() scores, instead of FTS5 walking every word's doclist again: the same
// write-ups, the same scores, and never a list from before write-ups changed.

/** A sorted list of `n` distinct ids below `top`, each with a score, from a seeded generator. */
function randomList(seed: number, n: number, top: number): GroupScores {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  const ids = new Set<number>();
  while (ids.size < n) ids.add(1 + Math.floor(next() * top));
  const sorted = [...ids].sort((a, b) => a - b);
  return groupScoresOf(
    Int32Array.from(sorted),
    Float64Array.from(sorted, () => next() * 10),
  );
}

describe("intersect", () => {
  it("finds exactly the ids every list holds, summing the weighed lists' scores", () => {
    for (let round = 0; round < 60; round++) {
      const count = 1 + (round % 4);
      const lists = Array.from({ length: count }, (_, i) =>
        randomList(round * 31 + i, 5 + ((round * 7 + i * 13) % 400), 600 + round * 50),
      );
      const weighed = lists.map((_, i) => (round + i) % 3 !== 0);
      const expected: { id: number; score: number }[] = [];
      for (const [i, id] of (lists[0] as GroupScores).ids.entries()) {
        const at = lists.map((l) => l.ids.indexOf(id));
        if (at.some((p) => p < 0)) continue;
        const score = lists.reduce(
          (sum, l, k) => sum + (weighed[k] ? (l.scores[at[k] as number] as number) : 0),
          0,
        );
        expected.push({ id, score });
        expect(at[0]).toBe(i);
      }
      const joined = together(lists, weighed).all();
      expect(Array.from(joined?.ids ?? [])).toEqual(expected.map((e) => e.id));
      for (const [i, score] of (joined?.scores ?? []).entries())
        expect(score).toBeCloseTo(expected[i]?.score as number, 9);
    }
  });
});

describe("intersect, lacking some lists", () => {
  it("finds exactly the ids every list holds but not every lacking one, scored by each weighed list holding them", () => {
    for (let round = 0; round < 60; round++) {
      const lists = Array.from({ length: 1 + (round % 3) }, (_, i) =>
        randomList(round * 17 + i, 20 + ((round * 11 + i * 7) % 300), 500 + round * 40),
      );
      // Common lists, one of them longer than the others' ids reach or shorter.
      const lacking = Array.from({ length: 1 + (round % 2) }, (_, i) =>
        randomList(round * 23 + 100 + i, 200 + ((round * 5 + i) % 300), 400 + round * 60),
      );
      const weighed = lists.map((_, i) => (round + i) % 4 !== 0);
      const lackingWeighed = lacking.map((_, i) => (round + i) % 3 !== 1);
      const expected: { id: number; score: number }[] = [];
      for (const id of (lists[0] as GroupScores).ids) {
        const at = lists.map((l) => l.ids.indexOf(id));
        if (at.some((p) => p < 0)) continue;
        const held = lacking.map((l) => l.ids.indexOf(id));
        if (held.every((p) => p >= 0)) continue;
        let score = 0;
        for (const [k, l] of lists.entries())
          if (weighed[k]) score += l.scores[at[k] as number] as number;
        for (const [k, l] of lacking.entries())
          if (lackingWeighed[k] && (held[k] as number) >= 0)
            score += l.scores[held[k] as number] as number;
        expected.push({ id, score });
      }
      const joined = together(lists, weighed, lacking, lackingWeighed).all();
      expect(Array.from(joined.ids)).toEqual(expected.map((e) => e.id));
      for (const [i, score] of joined.scores.entries())
        expect(score).toBeCloseTo(expected[i]?.score as number, 9);
    }
  });
});

describe("placeOf", () => {
  it("finds an id's place among ascending ids, and -1 for one not there", () => {
    const list = randomList(7, 5_000, 90_000);
    for (const [place, id] of list.ids.entries()) expect(placeOf(list.ids, id)).toBe(place);
    const held = new Set(list.ids);
    for (let id = 0; id < 2_000; id++) if (!held.has(id)) expect(placeOf(list.ids, id)).toBe(-1);
    expect(placeOf(new Int32Array(0), 1)).toBe(-1);
  });
});

describe("bestPositions", () => {
  it("gives the same positions as a full sort among tens of thousands of keys, ties and skipped keys too", () => {
    let s = 7;
    const next = () => {
      s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
      return s / 2_147_483_648;
    };
    const kinds: ((i: number) => number)[] = [
      () => next() * 30,
      () => Math.floor(next() * 10),
      () => 0,
      (i) => (i % 3 === 0 ? Number.NEGATIVE_INFINITY : next()),
      (i) => (i < 40 ? 100 + next() : next()),
      (i) => i / 1000,
    ];
    for (const [round, kind] of kinds.entries()) {
      const keys = Float64Array.from({ length: 9_000 + round * 11_000 }, (_, i) => kind(i));
      const sorted = Array.from(keys.keys()).sort(
        (a, b) => (keys[b] as number) - (keys[a] as number) || a - b,
      );
      for (const limit of [1, 35, 200, 1_000])
        expect(bestPositions(keys, limit)).toEqual(sorted.slice(0, limit));
    }
  });

  it("gives the positions of the highest keys, highest first, ties in order", () => {
    for (let round = 0; round < 40; round++) {
      const keys = Float64Array.from({ length: 50 + round * 37 }, (_, i) => ((i * 7919) % 97) / 7);
      const sorted = Array.from(keys.keys()).sort(
        (a, b) => (keys[b] as number) - (keys[a] as number) || a - b,
      );
      for (const limit of [1, 20, 200, keys.length, keys.length + 5])
        expect(bestPositions(keys, limit)).toEqual(sorted.slice(0, limit));
    }
  });
});

let t: TestDatabase;
const TOTAL = 8000;
beforeAll(async () => {
  t = await createTestDatabase();
  // Written an hour ago: lists walked now have no edit since to read again.
  const now = new Date(Date.now() - 3_600_000).toISOString();
  await writeTransaction(t.db, async (trx) => {
    for (let i = 0; i < TOTAL; i++) {
      // "harbor" in 3,000 write-ups, "lantern" in 3,429, both in 1,286; "lamp" in 1 of 50.
      const harbor = i % 8 < 3;
      const lantern = i % 7 < 3;
      const both = harbor && lantern;
      // "ferry" and "quay" in 3,600 each, both in 3,200: more than a pass scores by bm25().
      const ferry = i % 20 < 9;
      const quay = i % 20 < 8 || i % 20 === 10;
      const words = [
        ferry ? "ferry ".repeat(1 + (i % 3)) : "",
        quay ? "quay ".repeat(1 + (i % 4)) : "",
        "pad ".repeat(i % 11),
        i % 10 < 6 ? "wharf" : "",
        i % 5 < 2 ? "north" : "",
        i % 6 < 2 ? "south" : "",
        i % 7 >= 4 ? "east" : "",
        harbor ? "harbor ".repeat(1 + (i % 5)) : "",
        lantern ? "lantern" : "",
        i % 50 === 7 ? "lamp" : "",
        // "beacon" alone in 1,600: few enough for bm25() over them all, many to read each time.
        i % 5 === 4 ? "beacon ".repeat(1 + (i % 4)) : "",
        `item${i}`,
      ];
      const title = both && i % 97 === 5 ? `Harbor lantern ${i}` : `Note ${i}`;
      const symptom = words.join(" ");
      await sql`insert into writeups (title, symptom, resolution, status, created_at, updated_at, published_at)
        values (${title}, ${symptom}, 'fixed', 'published', ${now}, ${now}, ${now})`.execute(trx);
    }
  });
}, 60_000);
afterAll(async () => {
  await t.close();
});

/** Each write-up holding every group, with the one bm25() statement's score. */
async function bm25Of(match: string) {
  const { rows } = await sql<{ id: number; rank: number }>`
    select rowid as id, ${BM25} as rank from writeups_fts where writeups_fts match ${match}
    order by rowid`.execute(t.db);
  return rows;
}

describe("scores from kept lists", () => {
  it("are bm25()'s over the expression, for every write-up holding all groups", async () => {
    const groups = ['"harbor"', '"lantern"'];
    const counts = [3000, 3429];
    // Not kept yet: computed off the request, and FTS5 answers this time.
    expect(await scoredTogether(t.db, groups, counts, [])).toBeUndefined();
    await groupScoresSettled(t.db);
    const joined = (await scoredTogether(t.db, groups, counts, []))?.all();
    const expected = await bm25Of('("harbor") AND ("lantern")');
    expect(Array.from(joined?.ids ?? [])).toEqual(expected.map((r) => r.id));
    for (const [i, score] of (joined?.scores ?? []).entries())
      expect(score).toBeCloseTo(-(expected[i]?.rank as number), 9);
  });

  it("lacking a group: the write-ups holding the others but not it, with bm25()'s scores", async () => {
    const lacking = { groups: ['"wharf"'], counts: [4800] };
    await scoredTogether(t.db, ['"harbor"'], [3000], [], lacking);
    await groupScoresSettled(t.db);
    const joined = (await scoredTogether(t.db, ['"harbor"'], [3000], [], lacking))?.all();
    const expected = await bm25Of('("harbor") NOT ("wharf")');
    expect(expected.length).toBeGreaterThan(100);
    expect(Array.from(joined?.ids ?? [])).toEqual(expected.map((r) => r.id));
    for (const [i, score] of (joined?.scores ?? []).entries())
      expect(score).toBeCloseTo(-(expected[i]?.rank as number), 9);
  });

  it("give a search the page FTS5 gave it, synonyms' over-credit taken off", async () => {
    await addSynonym(t.db, { id: 1, role: "lead" }, { term: "lantern", synonym: "lamp" });
    const q = "harbor lantern";
    const before = await searchWriteups(t.db, { q, limit: 20 });
    await groupScoresSettled(t.db);
    const after = await searchWriteups(t.db, { q, limit: 20 });
    expect(after.results.map((r) => r.id)).toEqual(before.results.map((r) => r.id));
    for (const [i, r] of after.results.entries())
      expect(r.score).toBeCloseTo(before.results[i]?.score as number, 9);
    // Those holding "lamp" were over-credited for it, and are not all first.
    expect(after.results.filter((r) => (r.id - 1) % 50 === 7).length).toBeLessThan(20);
  });

  it("take in a new write-up at once, and a recent write-up's edit", async () => {
    const groups = ['"harbor"', '"lantern"'];
    await scoredTogether(t.db, groups, [3000, 3429], []);
    await groupScoresSettled(t.db);
    expect(await scoredTogether(t.db, groups, [3000, 3429], [])).toBeDefined();
    const now = new Date().toISOString();
    const { rows } = await sql<{ id: number }>`insert into writeups
      (title, symptom, resolution, status, created_at, updated_at, published_at)
      values ('Harbor lantern', 'harbor lantern', 'fixed', 'published', ${now}, ${now}, ${now})
      returning id`.execute(t.db);
    const id = rows[0]?.id as number;
    // The lists kept before are patched with the new write-up, with bm25()'s score for it.
    const joined = (await scoredTogether(t.db, groups, [3001, 3430], []))?.all();
    expect(joined?.ids.at(-1)).toBe(id);
    const expected = await bm25Of('("harbor") AND ("lantern")');
    expect(Array.from(joined?.ids ?? [])).toEqual(expected.map((r) => r.id));
    expect(joined?.scores.at(-1)).toBeCloseTo(-(expected.at(-1)?.rank as number), 9);
    // Edited (as the app writes it), the new write-up no longer says lantern: patched again.
    await sql`update writeups set symptom = 'harbor', title = 'Harbor',
        updated_at = ${new Date().toISOString()} where id = ${id}`.execute(t.db);
    const after = (await scoredTogether(t.db, groups, [3001, 3429], []))?.all();
    expect(Array.from(after?.ids ?? [])).not.toContain(id);
    expect(Array.from(after?.ids ?? [])).toEqual(
      (await bm25Of('("harbor") AND ("lantern")')).map((r) => r.id),
    );
  });

  it("give a patched list's length as its word's whole count: nothing walks it to count it", async () => {
    // Whole counts of "harbor" (no cap short of every match, no rowid bound).
    const counted: unknown[] = [];
    const watched = openDatabase(t.file, {
      log: (e) => {
        if (/select count\(\*\)/.test(e.query.sql) && !/rowid/.test(e.query.sql))
          if (e.query.parameters[0] === '"harbor"' && Number(e.query.parameters[1]) > 10_000)
            counted.push(e.query.parameters);
      },
    });
    try {
      const groups = ['"harbor"', '"lantern"'];
      await scoredTogether(watched.db, groups, [3001, 3429], []);
      await groupScoresSettled(watched.db);
      expect(await scoredTogether(watched.db, groups, [3001, 3429], [])).toBeDefined();
      const now = new Date().toISOString();
      await sql`insert into writeups (title, symptom, resolution, status, created_at, updated_at, published_at)
        values ('Harbor again', 'harbor', 'fixed', 'published', ${now}, ${now}, ${now})`.execute(
        t.db,
      );
      counted.length = 0;
      // Patched with the new write-up (one statement from it on); bm25's weights ask its count.
      await scoredTogether(watched.db, groups, [3002, 3429], []);
      const { rows } = await sql<{ n: number }>`
        select count(*) as n from writeups_fts where writeups_fts match '"harbor"'`.execute(t.db);
      expect(await docCount(watched.db, '"harbor"')).toBe(rows[0]?.n);
      expect(counted).toEqual([]);
    } finally {
      await watched.db.destroy();
    }
  });

  it("rank more write-ups than bm25() would over all of them: the page holds the best", async () => {
    const q = "ferry quay";
    await searchWriteups(t.db, { q });
    await groupScoresSettled(t.db);
    // More than bm25() would rank in one statement (2,500) hold them both.
    expect((await scoredTogether(t.db, ['"ferry"', '"quay"'], [3600, 3600], []))?.size).toBe(3200);
    const { results } = await searchWriteups(t.db, { q, limit: 20 });
    const best = (await bm25Of('"ferry" AND "quay"')).map((r) => r.rank).sort((a, b) => a - b);
    const { rows } = await sql<{ rank: number }>`
      select ${BM25} as rank from writeups_fts where writeups_fts match '"ferry" AND "quay"'
        and rowid in (${sql.join(results.map((r) => r.id))})`.execute(t.db);
    expect(results).toHaveLength(20);
    expect(rows.map((r) => r.rank).sort((a, b) => a - b)).toEqual(best.slice(0, 20));
  });

  it("rank a single word held by hundreds from its kept list: bm25()'s page, not bm25() again", async () => {
    const statements: string[] = [];
    const watched = openDatabase(t.file, { log: (e) => statements.push(e.query.sql) });
    try {
      const q = "beacon";
      await searchWriteups(watched.db, { q, limit: 20 });
      statements.length = 0;
      const { results } = await searchWriteups(watched.db, { q, limit: 20 });
      // Kept from the first search: no statement read the matches' positions for bm25().
      expect(statements.filter((s) => /bm25\(/.test(s))).toEqual([]);
      const best = (await bm25Of('"beacon"')).sort((a, b) => a.rank - b.rank || a.id - b.id);
      expect(best).toHaveLength(1600);
      expect(results.map((r) => r.id)).toEqual(best.slice(0, 20).map((r) => r.id));
      for (const [i, r] of results.entries())
        expect(r.score).toBeCloseTo(-(best[i]?.rank as number), 3);
    } finally {
      await watched.db.destroy();
    }
  });

  it("leave a filtered search its page: only write-ups passing, the best of those", async () => {
    await sql`update writeups set component = 'billing' where id % 9 = 0`.execute(t.db);
    const filters = { component: "billing" };
    const before = await searchWriteups(t.db, { q: "harbor lantern", filters });
    await groupScoresSettled(t.db);
    const after = await searchWriteups(t.db, { q: "harbor lantern", filters });
    expect(after.results.length).toBeGreaterThan(0);
    expect(after.results.map((r) => r.id)).toEqual(before.results.map((r) => r.id));
    expect(after.results.every((r) => r.id % 9 === 0)).toBe(true);
    // Of 3,200 holding both, one in nine is billing's: the page is its best 20 by bm25().
    await searchWriteups(t.db, { q: "ferry quay", filters });
    await groupScoresSettled(t.db);
    const { results } = await searchWriteups(t.db, { q: "ferry quay", filters, limit: 20 });
    expect(results).toHaveLength(20);
    expect(results.every((r) => r.id % 9 === 0)).toBe(true);
    const best = (await bm25Of('"ferry" AND "quay"'))
      .filter((r) => r.id % 9 === 0)
      .map((r) => r.rank)
      .sort((a, b) => a - b);
    const { rows } = await sql<{ rank: number }>`
      select ${BM25} as rank from writeups_fts where writeups_fts match '"ferry" AND "quay"'
        and rowid in (${sql.join(results.map((r) => r.id))})`.execute(t.db);
    expect(rows.map((r) => r.rank).sort((a, b) => a - b)).toEqual(best.slice(0, 20));
  });

  it("leave a filtered search only write-ups passing as they are now, after one changed", async () => {
    await sql`update writeups set component = 'harborside' where id % 13 = 0`.execute(t.db);
    const filters = { component: "harborside" };
    const page = async () => {
      await searchWriteups(t.db, { q: "ferry quay", filters });
      await groupScoresSettled(t.db);
      return (await searchWriteups(t.db, { q: "ferry quay", filters, limit: 20 })).results;
    };
    const before = await page();
    expect(before).toHaveLength(20);
    const [first] = before;
    await sql`update writeups set component = 'elsewhere' where id = ${first?.id}`.execute(t.db);
    const after = await page();
    expect(after).toHaveLength(20);
    expect(after.map((r) => r.id)).not.toContain(first?.id);
    expect(after.every((r) => r.id % 13 === 0)).toBe(true);
    await sql`update writeups set component = 'harborside' where id = ${first?.id}`.execute(t.db);
    expect((await page())[0]?.id).toBe(first?.id);
  });

  it("tell a filtered search which write-ups hold every word, without FTS5 walking them", async () => {
    const sent: string[] = [];
    const logged = openDatabase(t.file, {
      log: (event) => {
        if (event.level === "query") sent.push(event.query.sql);
      },
    });
    try {
      const q = "harbor lantern";
      const filters = { component: "billing" };
      const before = await searchWriteups(logged.db, { q, filters });
      // (A search without filters queues the lists.)
      await searchWriteups(logged.db, { q });
      await groupScoresSettled(logged.db);
      sent.length = 0;
      const after = await searchWriteups(logged.db, { q, filters });
      expect(after.results.map((r) => r.id)).toEqual(before.results.map((r) => r.id));
      // The 1,286 holding both are ranked by FTS5 among their ids; none is found by walking.
      const walks = sent.filter((s) => /select rowid as id from writeups_fts where/.test(s));
      expect(walks).toEqual([]);
    } finally {
      await logged.db.destroy();
    }
  });

  it("rank by words held by half the index when every word is (their weights are tiny, not none)", async () => {
    // "pad" in 91% of write-ups, "wharf" in 60%: bm25() gives each an idf of 1e-6.
    const q = "pad wharf";
    await searchWriteups(t.db, { q });
    await groupScoresSettled(t.db);
    const { results } = await searchWriteups(t.db, { q, limit: 20 });
    const best = (await bm25Of('"pad" AND "wharf"')).map((r) => r.rank).sort((a, b) => a - b);
    const { rows } = await sql<{ rank: number }>`
      select ${BM25} as rank from writeups_fts where writeups_fts match '"pad" AND "wharf"'
        and rowid in (${sql.join(results.map((r) => r.id))})`.execute(t.db);
    expect(rows.map((r) => r.rank).sort((a, b) => a - b)).toEqual(best.slice(0, 20));
  });

  it("are computed between searches, never while one runs", async () => {
    // An edit of an old write-up (as the app writes it, updated_at set): walked again.
    await sql`update writeups set title = 'Note 2 again', updated_at = ${new Date().toISOString()}
      where id = 2`.execute(t.db);
    const groups = ['"harbor"', '"lantern"'];
    const counts = [3000, 3429];
    let finish = () => {};
    const ended = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let queued = () => {};
    const asked = new Promise<void>((resolve) => {
      queued = resolve;
    });
    // A search in flight (its statements awaited one by one) until `finish` is called.
    const running = asSearch(async () => {
      expect(await scoredTogether(t.db, groups, counts, [])).toBeUndefined();
      queued();
      await ended;
    });
    await asked;
    const settled = groupScoresSettled(t.db).then(() => "settled");
    const soon = new Promise((resolve) => setTimeout(() => resolve("waiting"), 150));
    // The lists queued by the search wait for it to end.
    const first = await Promise.race([settled, soon]);
    finish();
    await running;
    expect(first).toBe("waiting");
    expect(await settled).toBe("settled");
    expect(await scoredTogether(t.db, groups, counts, [])).toBeDefined();
  });

  it("queue nothing for a ticket's related write-ups: its common words wait for a search of them", async () => {
    const groups = ['"north"', '"south"'];
    const counts = [3200, 2667];
    expect(await asRelatedSearch(() => scoredTogether(t.db, groups, counts, []))).toBeUndefined();
    await groupScoresSettled(t.db);
    // Nothing was computed off the request: FTS5 answers the next related search too. (The first
    // test shows the search box's own search queueing its lists.)
    expect(await asRelatedSearch(() => scoredTogether(t.db, groups, counts, []))).toBeUndefined();
  });

  it("queue a bounded number of lists for one search", async () => {
    // An edit of the oldest write-up: every list of the last version is walked again.
    await sql`update writeups set title = 'Note 1 again', updated_at = ${new Date().toISOString()}
      where id = 1`.execute(t.db);
    const words = ["harbor", "lantern", "ferry", "quay", "pad", "wharf", "north", "south", "east"];
    const groups = words.map((w) => `"${w}"`);
    const counts = groups.map(() => 3000);
    // Nine long lists, eight queued by the first search: the ninth waits for the next one.
    expect(await scoredTogether(t.db, groups, counts, [])).toBeUndefined();
    await groupScoresSettled(t.db);
    expect(await scoredTogether(t.db, groups, counts, [])).toBeUndefined();
    await groupScoresSettled(t.db);
    expect(await scoredTogether(t.db, groups, counts, [])).toBeDefined();
  });
});

/** A list holding each id from 1 to `top` by chance (`share` of them), scored from 0 to 10. */
function chanceList(seed: number, share: number, top: number): GroupScores {
  let s = seed >>> 0;
  // mulberry32
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const ids: number[] = [];
  for (let id = 1; id <= top; id++) if (next() < share) ids.push(id);
  return groupScoresOf(
    Int32Array.from(ids),
    Float64Array.from(ids, () => next() * 10),
  );
}

describe("the best of those holding every list", () => {
  /** The best `n` by score plus bonus, skipping `skip`, from every one of them scored. */
  const expectedBest = (
    every: { ids: Int32Array; scores: Float64Array },
    n: number,
    bonus: ReadonlyMap<number, number>,
    skip: ReadonlySet<number>,
  ) =>
    Array.from(every.ids, (id, i) => ({ id, score: every.scores[i] as number }))
      .filter((e) => !skip.has(e.id))
      .map((e) => ({ ...e, key: e.score + (bonus.get(e.id) ?? 0) }))
      .sort((a, b) => b.key - a.key || a.id - b.id)
      .slice(0, n)
      .map(({ id, score }) => ({ id, score }));

  it("are those every one scored would give, found by scoring a few of them", () => {
    let walkedPast = 0;
    for (let round = 0; round < 40; round++) {
      const lists = Array.from({ length: 1 + (round % 3) }, (_, i) =>
        chanceList(round * 13 + i, 0.35 + ((round * 7 + i * 11) % 50) / 100, 9_000),
      );
      const lacking =
        round % 4 === 3 ? [chanceList(round * 29 + 7, 0.6, 9_000)] : ([] as GroupScores[]);
      const weighed = lists.map((_, i) => i === 0 || (round + i) % 3 !== 0);
      // Some scores below nothing, and many alike (a score's ties go to the lower id).
      for (const list of [...lists, ...lacking])
        for (let i = 0; i < list.scores.length; i++) {
          const s = list.scores[i] as number;
          list.scores[i] = round % 5 === 0 ? Math.round(s) - 2 : s;
        }
      const every = together(lists, weighed, lacking, [true]).all();
      const ids = Array.from(every.ids);
      const bonus = new Map(ids.filter((_, i) => i % 97 === round % 97).map((id) => [id, 4]));
      const skip = new Set(ids.filter((_, i) => i % 89 === 5));
      for (const n of [1, 20, 35, 200]) {
        const joined = together(lists, weighed, lacking, [true]);
        expect(joined.size).toBe(ids.length);
        expect(joined.best(n, bonus, skip), `round ${round}, n ${n}`).toEqual(
          expectedBest(every, n, bonus, skip),
        );
        if (joined.scored() < ids.length / 2) walkedPast++;
      }
    }
    // Most asked for few among many: those were found without scoring half of them.
    expect(walkedPast).toBeGreaterThan(60);
  });

  it("are all of them, in order, when fewer hold every list than are asked for", () => {
    const lists = [chanceList(3, 0.2, 2_000), chanceList(4, 0.2, 2_000)];
    const joined = together(lists, [true, true]);
    const every = together(lists, [true, true]).all();
    expect(joined.best(500, new Map(), new Set())).toEqual(
      expectedBest(every, 500, new Map(), new Set()),
    );
    expect(joined.best(500, new Map(), new Set())).toHaveLength(every.ids.length);
  });
});
