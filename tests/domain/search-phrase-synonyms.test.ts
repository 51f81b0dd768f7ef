import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchWriteups } from "~/knowledge/search.server";
import { groupsHeld } from "~/knowledge/search-hits";
import { prepare } from "~/knowledge/search-prepare.server";
import { parseQuery } from "~/knowledge/search-query";
import { addSynonym, phrasesTyped, synonymsOf } from "~/knowledge/search-synonyms.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// A synonym may be a phrase (migration 0051): "oom" finds the write-up saying "ran out of memory",
// and "regular expression" typed finds the one blaming a "regex".

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, found, first, warm } = writeupSearch(() => t);
const lead = { id: 1, role: "lead" as const };

beforeAll(async () => {
  t = await createTestDatabase();
  ids.memory = await add({
    title: "Search indexer crashed overnight",
    symptom: "The indexer process ran out of memory while reading a large catalogue.",
    component: "search",
  });
  ids.memoryKo = await add({
    title: "정산 배치가 메모리 부족으로 중단",
    symptom: "월말 정산 배치가 메모리 부족으로 새벽에 멈춤.",
    component: "billing",
  });
  ids.regex = await add({
    title: "Support inbox pegged the CPU",
    symptom: "A regex in the ticket parser backtracked on long subject lines.",
    component: "support",
  });
  ids.memoryOther = await add({
    title: "Memory graph shows the wrong unit",
    symptom: "The admin memory graph says MB where the values are in KB.",
    component: "admin",
  });
  ids.expression = await add({
    title: "Price expression editor rejects regular prices",
    symptom: "Typing a regular price into the expression editor shows an error.",
    component: "billing",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("a word typed finds the phrase it stands for", () => {
  it("finds the write-up saying “ran out of memory” for oom, and the Korean one saying 메모리 부족", async () => {
    const results = await found("oom");
    expect(results.slice(0, 2).sort()).toEqual([ids.memory, ids.memoryKo].sort());
    // Only side by side: the write-up holding "memory" alone is not one of them.
    expect(results).not.toContain(ids.memoryOther);
  });

  it("meets the phrase in a query of several words", async () => {
    expect(await first("indexer oom")).toBe(ids.memory);
  });

  it("marks the phrase's words where they stand side by side in the snippet", async () => {
    const { results } = await searchWriteups(t.db, { q: "oom" });
    const result = results.find((r) => r.id === ids.memory);
    const marked = result?.snippet.filter((p) => p.hit).map((p) => p.text);
    expect(marked).toEqual(["out", "of", "memory"]);
  });

  it("holds a Korean phrase written with its particle, as a Korean word is held", async () => {
    const { pass } = await prepare(t.db, parseQuery("oom 정산"));
    const texts = ["정산 배치가 메모리 부족으로 중단", "월말 정산 배치가 멈춤."];
    expect(groupsHeld(texts, pass.held)).toEqual([true, true]);
    expect(groupsHeld(["월말 정산 배치가 멈춤. 메모리 사용량은 정상."], pass.held)).toEqual([
      false,
      true,
    ]);
  });
});

describe("a phrase typed finds the word it stands for", () => {
  it("finds the regex write-up for “regular expression”, before one holding the two words apart", async () => {
    const results = await found("regular expression");
    expect(results[0]).toBe(ids.regex);
  });

  it("reads a phrase in the plural (“regular expressions”)", async () => {
    expect(await first("regular expressions")).toBe(ids.regex);
  });

  it("lists the table's phrases among words typed in a row, each once", async () => {
    const synonyms = await synonymsOf(t.db);
    const typed = phrasesTyped(synonyms, [
      ["ran", "out"],
      ["out", "of", "memory"],
      ["out", "of", "memory"],
    ]);
    expect(typed).toEqual([
      { words: ["out", "of", "memory"], partners: expect.arrayContaining(["oom"]) },
    ]);
  });
});

describe("a lead adds a phrase", () => {
  it("keeps it as its words one space apart, hyphens read as spaces", async () => {
    const added = await addSynonym(t.db, lead, {
      term: "SRE",
      synonym: "  Site   reliability-engineering ",
    });
    expect(added).toEqual({ ok: true, term: "sre", synonym: "site reliability engineering" });
  });

  it("is searched with it at once", async () => {
    expect(await first("went down")).toBeUndefined();
    await addSynonym(t.db, lead, { term: "crashed", synonym: "went down" });
    expect(await first("went down")).toBe(ids.memory);
  });

  it("says at the field when a phrase is too long or holds other characters", async () => {
    const long = await addSynonym(t.db, lead, { term: "one two three four five", synonym: "x" });
    expect(long).toMatchObject({ ok: false, field: "term" });
    const odd = await addSynonym(t.db, lead, { term: "oom", synonym: "out/of memory" });
    expect(odd).toMatchObject({ ok: false, field: "synonym" });
  });
});
