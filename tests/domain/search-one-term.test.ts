import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchWriteups } from "~/knowledge/search.server";
import { onePerTerm } from "~/knowledge/search-forms.server";
import { prepare } from "~/knowledge/search-prepare.server";
import { parseQuery } from "~/knowledge/search-query";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// A group asks for each index term once: bm25() scores every phrase of a group's expression, so
// a synonym ("variable") and a completion of the word being typed ("variabl", the index term
// FTS5 stems "variable" to) credited a write-up holding it twice.

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.exact = await add({
    title: "Staging var missing after deploy",
    symptom: "The DATABASE_URL var was never set on staging; the app fell back to localhost.",
    component: "infra",
  });
  ids.synonym = await add({
    title: "Staging variable renamed in the deploy script",
    symptom: "The deploy script read the old variable name on staging.",
    component: "infra",
  });
  ids.other = await add({
    title: "Various staging dashboards empty",
    symptom: "Various panels showed no data.",
    component: "infra",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("each index term once in a group", () => {
  it("keeps the first atom of each term, and leaves phrases and Hangul alone", async () => {
    expect(
      await onePerTerm(t.db, ['"variabl"', '"variable"', '"variables"', '"var"', '"data center"']),
    ).toEqual(['"variabl"', '"var"', '"data center"']);
    expect(await onePerTerm(t.db, ['"server"', '{ko_title ko_body}: "서버"', '"servers"'])).toEqual(
      ['"server"', '{ko_title ko_body}: "서버"'],
    );
  });

  it("a word being typed meets its synonym's term once, not as the synonym and as a completion", async () => {
    const { pass } = await prepare(t.db, parseQuery("staging var"));
    const group = pass.groups[1] ?? "";
    expect(group).toContain('"var"');
    expect(group.match(/"variabl"|"variable"/g)).toHaveLength(1);
  });

  it("the write-up saying the word typed is not outranked by one scored twice for its synonym", async () => {
    const order = (await searchWriteups(t.db, { q: "staging var" })).results.map((r) => r.id);
    expect(order[0]).toBe(ids.exact);
    expect(order).toContain(ids.synonym);
  });
});
