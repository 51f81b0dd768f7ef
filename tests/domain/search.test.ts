import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "#db/client";
import { editDistance } from "~/knowledge/edit-distance";
import { searchWriteups } from "~/knowledge/search.server";
import { parseQuery } from "~/knowledge/search-query";
import { resetVocabulary } from "~/knowledge/search-vocabulary.server";
import { createWriteup, type WriteupInput } from "~/knowledge/writeups.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupInput } from "../support/fixtures";
import { HOSTILE_QUERIES } from "../support/hostile-queries";

let t: TestDatabase;
const base = writeupInput();
async function add(over: Partial<WriteupInput>, status: "published" | "draft" = "published") {
  return createWriteup(t.db, { authorId: null, writeup: { ...base, ...over }, status });
}

const ids: Record<string, number> = {};
let author = 0;
beforeAll(async () => {
  t = await createTestDatabase();
  ids.titleHit = await add({
    title: "Invoice totals rounded down",
    symptom: "Totals were off by one cent.",
  });
  ids.bodyHit = await add({
    title: "Slow checkout page",
    debugging: "We looked at invoice rendering among other things.",
  });
  ids.phrase = await add({
    title: "Card declined twice",
    symptom: "Customers saw payment declined after retry.",
  });
  ids.words = await add({
    title: "Declined payment retry loop",
    symptom: "The retry kept the declined state for the payment.",
  });
  ids.error = await add({
    title: "Worker crash on startup",
    symptom:
      "TypeError: Cannot read properties of undefined (reading 'currency') at InvoiceRenderer.render (src/billing/invoice.ts:42) id 0x7f3a9c ERR_PAYMENT_DECLINED",
    component: "billing",
    tags: ["worker", "crash"],
  });
  ids.addOns = await add({
    title: "Browser add-ons stopped loading",
    symptom: "Every add-on was disabled after the signing certificate expired.",
  });
  ids.apart = await add({
    title: "Queue depth spikes at night",
    symptom: "We drop stale jobs first; the backlog went down within minutes.",
  });
  ids.spelledOut = await add({
    title: "Tests truncated a table",
    symptom: "A stray environment variable pointed the test run at the production database.",
  });
  ids.shortForm = await add({
    title: "Nightly job reads a stale config",
    symptom: "The worker kept the old db password after the repo moved.",
  });
  ids.polish = await add({
    title: "Polish users can't type one letter",
    symptom: "The “Ś” key does nothing in the comment box.",
  });
  ids.keys = await add({
    title: "Rotated key still accepted",
    symptom: "The old key works for a day: the key cache keeps every key it has seen.",
  });
  ids.korean = await add({
    title: "결제 오류 반복",
    symptom: "결제 화면에서 오류가 반복됩니다",
    debugging: "화면에서",
    component: "web-ui",
  });
  ids.accent = await add({
    title: "Café names garbled in exports",
    component: "imports",
    resolution: "data_fix",
  });
  ids.wad = await add({
    title: "Weekly digest arrives on Sunday",
    resolution: "works_as_designed",
    component: "notifications",
    tags: ["digest"],
  });
  ids.draft = await add({ title: "Invoice draft not yet published" }, "draft");
  author = await buildTestUser(t.db, "mentor");
  ids.authored = await createWriteup(t.db, {
    authorId: author,
    writeup: { ...base, title: "Crash report by a mentor", component: "web-ui" },
    status: "published",
  });
});
afterAll(async () => {
  await t.close();
});

const titles = async (q: string, filters = {}) =>
  (await searchWriteups(t.db, { q, filters })).results.map((r) => r.id);

describe("the index stays in sync", () => {
  it("on insert, update and delete, and passes FTS5's own integrity check", async () => {
    const id = await add({ title: "Zebra stripes missing from tables" });
    // Found at once, before the cached vocabulary catches up.
    expect(await titles("zebra ")).toEqual([id]);
    await sql`update writeups set title = 'Okapi stripes missing from tables' where id = ${id}`.execute(
      t.db,
    );
    resetVocabulary(t.db);
    expect(await titles("zebra")).toEqual([]);
    expect(await titles("okapi")).toEqual([id]);
    await writeTransaction(t.db, async (trx) => {
      await trx.deleteFrom("writeup_tags").where("writeup_id", "=", id).execute();
      await trx.deleteFrom("writeups").where("id", "=", id).execute();
    });
    resetVocabulary(t.db);
    expect(await titles("okapi")).toEqual([]);
    await sql`insert into writeups_fts(writeups_fts, rank) values('integrity-check', 1)`.execute(
      t.db,
    );
  });
});

describe("ranking", () => {
  it("a title match beats a body match", async () => {
    const found = await titles("invoice");
    expect(found.indexOf(ids.titleHit as number)).toBeLessThan(
      found.indexOf(ids.bodyHit as number),
    );
    expect(found).not.toContain(ids.draft);
  });

  it("quoted phrases match the words together, in order", async () => {
    expect(await titles('"payment declined"')).toEqual([ids.phrase]);
  });

  it("prefixes match while typing", async () => {
    expect(await titles("invo")).toContain(ids.titleHit);
    const typing = (await searchWriteups(t.db, { q: "invoice ro" })).results;
    expect(typing[0]?.id).toBe(ids.titleHit);
    expect(typing.filter((r) => r.matchedAll).map((r) => r.id)).toEqual([ids.titleHit]);
  });

  it("-exclusions remove matches", async () => {
    const found = await titles("declined -card");
    expect(found).toContain(ids.words);
    expect(found).not.toContain(ids.phrase);
  });

  it("typos are corrected from the index's vocabulary, saying so", async () => {
    const response = await searchWriteups(t.db, { q: "invoce totls " });
    expect(response.correctedQuery).toBe("invoice totals");
    expect(response.results[0]?.id).toBe(ids.titleHit);
  });

  it("two words run together find them side by side (addons → add-ons), saying so", async () => {
    const response = await searchWriteups(t.db, { q: "addons stopped " });
    expect(response.correctedQuery).toBe("add ons stopped");
    expect(response.results[0]?.id).toBe(ids.addOns);
    // Halves that never stand side by side are not a reading of the word.
    const apart = await searchWriteups(t.db, { q: "dropdown " });
    expect(apart.correctedQuery).toBeNull();
    expect(apart.results).toEqual([]);
  });

  it("short forms and spelled-out words find each other (db ↔ database, env var ↔ environment variable)", async () => {
    expect((await searchWriteups(t.db, { q: "prod db env var truncated " })).results[0]?.id).toBe(
      ids.spelledOut,
    );
    expect(
      (await searchWriteups(t.db, { q: "stale configuration database repository " })).results[0]
        ?.id,
    ).toBe(ids.shortForm);
  });

  it("a lone accented letter ranks the write-up holding it as typed first (ś is not the possessive s)", async () => {
    expect(parseQuery("ś key").marked).toEqual(["ś"]);
    expect(parseQuery("café's key").marked).toBeUndefined();
    const found = (await searchWriteups(t.db, { q: "ś key" })).results.map((r) => r.id);
    expect(found[0]).toBe(ids.polish);
    expect(found).toContain(ids.keys);
  });

  it("write-ups holding every word come first, then those holding some", async () => {
    const response = await searchWriteups(t.db, { q: "payment retry declined loop " });
    expect(response.results[0]).toMatchObject({ id: ids.words, matchedAll: true });
    expect(response.results.map((r) => r.id)).toContain(ids.phrase);
    expect(response.results.find((r) => r.id === ids.phrase)?.matchedAll).toBe(false);
  });

  it("pasted errors and stack lines find their write-up: punctuation, paths, hex ids, camelCase", async () => {
    for (const q of [
      "TypeError: Cannot read properties of undefined (reading 'currency')",
      "at InvoiceRenderer.render (src/billing/invoice.ts:42)",
      "0x7f3a9c",
      "ERR_PAYMENT_DECLINED",
    ]) {
      expect((await titles(q))[0]).toBe(ids.error);
    }
  });

  it("highlights why each result matched", async () => {
    const [first] = (await searchWriteups(t.db, { q: "rounded " })).results;
    expect(first?.snippet.some((p) => p.hit && p.text.toLowerCase() === "rounded")).toBe(true);
  });

  it("every row shown gets its own snippet, highlighting the words it matched", async () => {
    // More than a few rows (snippets found by walking an id range) and a single row (by id).
    const wombats: number[] = [];
    for (const [i, where] of (
      ["title", "symptom", "fix", "debugging", "rootCause"] as const
    ).entries())
      wombats.push(await add({ title: `Marsupial case ${i}`, [where]: `wombat marker${i} here` }));
    const many = (await searchWriteups(t.db, { q: "wombat " })).results;
    expect(many.map((r) => r.id).sort()).toEqual([...wombats].sort());
    for (const r of many) {
      const i = wombats.indexOf(r.id);
      const text = r.snippet.map((p) => p.text).join("");
      expect(r.snippet.some((p) => p.hit && p.text === "wombat")).toBe(true);
      // The row's own text, not a neighbour's.
      expect(text).toContain(i === 0 ? "wombat" : `marker${i}`);
    }
    const [one] = (await searchWriteups(t.db, { q: "wombat marker3" })).results;
    expect(one?.id).toBe(wombats[3]);
    expect(one?.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(["wombat", "marker3"]);
  });

  it("Korean words and accents are searched sensibly", async () => {
    // 결제 is also "payment" (the synonym table): the Korean write-up first, then the English.
    const payment = await titles("결제");
    expect(payment[0]).toBe(ids.korean);
    expect(payment).toEqual(expect.arrayContaining([ids.phrase, ids.words]));
    // A particle attached to the word: 결제가 is still about 결제.
    expect(await titles("화면 ")).toEqual([ids.korean]);
    expect(await titles("반복 오류 ")).toEqual([ids.korean]);
    expect(await titles("cafe")).toEqual([ids.accent]);
  });

  it("filters by component, tag, resolution and verified", async () => {
    expect(await titles("crash", { component: "billing" })).toEqual([ids.error]);
    expect(await titles("crash", { component: "search" })).toEqual([]);
    expect(await titles("sunday", { tag: "digest" })).toEqual([ids.wad]);
    expect(await titles("sunday", { resolution: "fixed" })).toEqual([]);
    expect(await titles("sunday", { verified: true })).toEqual([]);
    expect(await titles("crash", { authorId: author })).toEqual([ids.authored]);
  });
});

// At least 50 hostile queries (tests/support/hostile-queries.ts): none may throw, each returns
// results or an empty list.
describe("hostile queries never throw", () => {
  it(`has at least 50 (${HOSTILE_QUERIES.length})`, () => {
    expect(HOSTILE_QUERIES.length).toBeGreaterThanOrEqual(50);
  });
  for (const [index, q] of HOSTILE_QUERIES.entries()) {
    it(`#${index} ${JSON.stringify(q).slice(0, 40)}`, async () => {
      const response = await searchWriteups(t.db, { q });
      expect(Array.isArray(response.results)).toBe(true);
      // Prove that the query reached SQLite and came back, rather than failing quietly:
      expect(response.results.every((r) => typeof r.id === "number")).toBe(true);
    });
  }
});

describe("helpers", () => {
  it("leave out Korean particles written straight after an English word or a number", () => {
    expect(parseQuery("결제 webhook이 PG사 timeout 후").terms).toEqual([
      "결제",
      "webhook",
      "pg",
      "사",
      "timeout",
      "후",
    ]);
    expect(parseQuery("API를 호출").terms).toEqual(["api", "호출"]);
    expect(parseQuery("iOS에서만 Redis에서 502가").terms).toEqual(["ios", "redis", "502"]);
    expect(parseQuery("webhook이에요").terms).toEqual(["webhook"]);
    // A Korean word after an English one is a word (SameSite쿠키); a particle alone is kept.
    expect(parseQuery("SameSite쿠키").terms).toEqual(["samesite", "쿠키"]);
    expect(parseQuery('"API를 호출"').phrases).toEqual([["api", "호출"]]);
  });
  it("leave out Korean particles written apart after an identifier or a number, or after a closing quote", () => {
    // As a Korean team writes a ticket: "NotRegistered 가", "CSV 를", "-5 로", "80GB 입니다".
    expect(
      parseQuery("FCM 응답에 NotRegistered 가 많습니다. CSV 를 열면 -5 로 표시, 80GB 입니다").terms,
    ).toEqual(["fcm", "응답", "notregistered", "csv", "열면", "5", "표시", "80gb"]);
    expect(parseQuery("'신청서'가 '신청셔'로 적힘. (FCM)이 에러(3018)로 끝남").terms).toEqual([
      "신청서",
      "신청셔",
      "적힘",
      "fcm",
      "에러",
      "3018",
      "끝남",
    ]);
    // A Korean word after a Hangul one, or a word that is more than particles, stays.
    expect(parseQuery("API 가능 여부").terms).toEqual(["api", "가능", "여부"]);
  });
  it("parse phrases, exclusions and a prefix being typed", () => {
    expect(parseQuery('"payment declined" retry -card inv')).toEqual({
      terms: ["retry", "inv"],
      phrases: [["payment", "declined"]],
      excluded: ["card"],
      prefixLast: true,
    });
    expect(parseQuery("retry ").prefixLast).toBe(false);
    // A pasted error's long option and a negative number are text, not exclusions.
    expect(parseQuery("running with the --read-only option")).toMatchObject({
      terms: ["running", "with", "the", "read", "only", "option"],
      excluded: [],
    });
    expect(parseQuery("exit code -1 --force")).toMatchObject({
      terms: ["exit", "code", "1", "force"],
      excluded: [],
      prefixLast: true,
    });
  });

  it("read the pairs of words typed side by side, skipping function words and quotes; Hangul pairs with Hangul", () => {
    // One function word may stand between the two; two may not.
    expect(parseQuery("someone deleted the production database by mistake ").runs).toEqual([
      ["someone", "deleted"],
      ["deleted", "the", "production"],
      ["production", "database"],
      ["database", "by", "mistake"],
    ]);
    expect(parseQuery("timeout of the worker").runs).toBeUndefined();
    // A quoted phrase or an exclusion stands between words; the word being typed ends no pair.
    expect(parseQuery('production "a b" database').runs).toBeUndefined();
    expect(parseQuery("production -staging database").runs).toBeUndefined();
    expect(parseQuery("invoice export reti").runs).toEqual([["invoice", "export"]]);
    // Unless the pair is the whole query, function words aside: a two-word name.
    expect(parseQuery("primary key").runs).toEqual([["primary", "key"]]);
    expect(parseQuery("the primary key").runs).toEqual([["primary", "key"]]);
    // Hangul words pair without their particles, never with a Latin word or a one-syllable word.
    expect(parseQuery("결제 버튼 timeout retry ").runs).toEqual([
      ["결제", "버튼"],
      ["timeout", "retry"],
    ]);
    expect(parseQuery("결제를 재시도").runs).toEqual([["결제", "재시도"]]);
    expect(parseQuery("결제 timeout 재시도").runs).toBeUndefined();
    expect(parseQuery("결제 재 시도").runs).toBeUndefined();
    expect(parseQuery("retry retry retry ").runs).toBeUndefined();
    // A long sentence keeps up to six pairs (four lost "no data" in "observability vendor fully
    // down for an hour, no data ingested"); more are not kept.
    expect(
      parseQuery("observability vendor fully down for an hour, no data ingested").runs,
    ).toEqual([
      ["observability", "vendor"],
      ["vendor", "fully"],
      ["fully", "down"],
      ["hour", "no"],
      ["no", "data"],
    ]);
    expect(parseQuery("one two three four five six seven eight nine ").runs).toEqual([
      ["one", "two"],
      ["two", "three"],
      ["three", "four"],
      ["four", "five"],
      ["five", "six"],
      ["six", "seven"],
    ]);
  });

  it("edit distance counts a swap as one", () => {
    expect(editDistance("invoice", "invoce", 2)).toBe(1);
    expect(editDistance("totals", "totasl", 2)).toBe(1);
    expect(editDistance("abc", "xyz", 1)).toBe(2);
  });
});
