import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./db";
import { writeupSearch } from "./search-writeups";

type Add = ReturnType<typeof writeupSearch>["add"];

/**
 * The cases every migration adding synonym pairs is tested by, on a database of its own (call it
 * inside a describe): the migration holds exactly the words the file types, and each, typed whole
 * (the space ends it), finds a write-up that says only its partner. `more` adds the file's own
 * write-ups (their ids join `ids`); the search helpers are returned for the file's own cases.
 */
export function synonymPairCases(
  pairs: readonly (readonly [string, string])[],
  said: readonly (readonly [typed: string, title: string])[],
  more: (add: Add) => Promise<Record<string, number>> = async () => ({}),
) {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  const search = writeupSearch(() => t);

  beforeAll(async () => {
    t = await createTestDatabase();
    for (const [typed, title] of said)
      ids[typed] = await search.add({ title, symptom: `${title}.`, component: "platform" });
    Object.assign(ids, await more(search.add));
    await search.warm();
  });
  afterAll(async () => {
    await t.close();
  });

  it("the migration holds each word the tests type", () => {
    // (A word may have two partners: 비동기 is "async" and "asynchronous".)
    expect([...new Set(pairs.map(([term]) => term))].sort()).toEqual(
      said.map(([typed]) => typed).sort(),
    );
  });

  it.each(said)("“%s”, typed whole, finds the write-up saying its partner", async (typed) => {
    expect(await search.found(`${typed} `)).toContain(ids[typed]);
  });

  return { ...search, ids };
}
