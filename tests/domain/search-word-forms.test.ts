import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchWriteups } from "~/knowledge/search.server";
import { weakGroups } from "~/knowledge/search-common-words.server";
import { kinForms } from "~/knowledge/search-forms.server";
import { kinOf } from "~/knowledge/search-query";
import { resetVocabulary } from "~/knowledge/search-vocabulary.server";
import { createWriteup, type WriteupInput } from "~/knowledge/writeups.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupInput } from "../support/fixtures";

// Two rules that let a paraphrase find its answer among many write-ups: a word's forms the
// porter stemmer indexes apart ("deploy"/"deployment", "failed"/"failure"), and results that miss
// only the commonest words of the query ("up", "the") ranked beside those holding every word.

let t: TestDatabase;
const ids: Record<string, number> = {};
async function add(name: string, over: Partial<WriteupInput>) {
  ids[name] = await createWriteup(t.db, {
    authorId: null,
    writeup: writeupInput(over),
    status: "published",
  });
}
const firstOf = async (q: string, limit?: number) =>
  (await searchWriteups(t.db, { q, ...(limit ? { limit } : {}) })).results[0];

beforeAll(async () => {
  t = await createTestDatabase();
  await add("deployment", {
    title: "Config variables ignored",
    symptom: "A broken deployment process left new config variables unused.",
  });
  await add("deployed", {
    title: "Stale assets",
    symptom: "The web app was deployed with last week's assets.",
  });
  await add("failure", {
    title: "Card payments rejected",
    symptom: "Every card payment ended in a gateway failure for ten minutes.",
  });
  await add("expiry", {
    title: "Add-ons disabled overnight",
    symptom: "The signing certificate reached its expiry and every add-on was disabled.",
  });
  await add("feature", {
    title: "Flag left on",
    symptom: "The feature flag for exports stayed on in production.",
  });
  // Twelve write-ups hold "config", "variables", "up" and "deploy" by chance in long text, and
  // fifteen more hold "up": it is the commonest word of the query below, and the answer lacks it.
  for (let i = 0; i < 12; i++)
    await add(`chance${i}`, {
      title: `Invoice totals drift ${i}`,
      symptom:
        "Once the nightly run is up, the invoice totals drift by a cent. Someone looked at the " +
        "config of the exporter, the variables of the template and the deploy log, then rounding.",
      rootCause: "Rounding each line before summing. Summed first and rounded once, totals match.",
    });
  for (let i = 0; i < 15; i++)
    await add(`up${i}`, {
      title: `Reports slow ${i}`,
      symptom: "Reports load slowly until the cache warms up.",
    });
  resetVocabulary(t.db);
});

afterAll(() => t.close());

describe("a word's forms the stemmer indexes apart", () => {
  it("reads the other index term and a word that writes it", () => {
    const english = new Set(["failed", "failure", "feat", "feature", "expired", "expiry"]);
    for (const w of ["story", "stored", "battery", "memory"]) english.add(w);
    const isWord = (w: string) => english.has(w);
    // "deploy"/"deployed" are indexed as deploi, "deployment" as deploy.
    expect(kinOf("deployed", "deploi", isWord)).toEqual([
      { term: "deploy", words: ["deployment", "deploye"] },
    ]);
    expect(kinOf("deployment", "deploy", isWord)).toEqual([{ term: "deploi", words: ["deploy"] }]);
    expect(kinOf("failed", "fail", isWord)).toEqual([{ term: "failur", words: ["failure"] }]);
    expect(kinOf("failure", "failur", isWord)).toEqual([{ term: "fail", words: ["failed"] }]);
    // "feated" is no word: a feature is not a feat.
    expect(kinOf("feature", "featur", isWord)).toEqual([]);
    expect(kinOf("feat", "feat", isWord)).toEqual([]);
    // Short stems and stems with digits or Hangul have none.
    expect(kinOf("day", "dai", isWord)).toEqual([]);
    // A noun in -ry and its verb, both ways; never a short noun ("story" is not "stored"'s).
    expect(kinOf("expiry", "expiri", isWord)).toEqual([
      { term: "expiry", words: ["expiryment", "expirye"] },
      { term: null, words: ["expired"] },
    ]);
    expect(kinOf("expired", "expir", isWord)).toEqual([{ term: null, words: ["expiry"] }]);
    expect(kinOf("stored", "store", isWord)).toEqual([]);
    expect(kinOf("story", "stori", isWord)).toEqual([
      { term: "story", words: ["storyment", "storye"] },
    ]);
    expect(kinOf("e4012", "e4012", isWord)).toEqual([]);
    expect(kinOf("결제", "결제", isWord)).toEqual([]);
  });

  it("finds the forms the index holds, as words it stems to their terms", async () => {
    expect(await kinForms(t.db, "deploy")).toEqual(["deployment"]);
    expect(await kinForms(t.db, "deployment")).toEqual(["deploy"]);
    expect(await kinForms(t.db, "failed")).toEqual(["failure"]);
    // No write-up says "failed": nothing to add for "failure".
    expect(await kinForms(t.db, "failure")).toEqual([]);
    expect(await kinForms(t.db, "feature")).toEqual([]);
    expect(await kinForms(t.db, "expired")).toEqual(["expiry"]);
  });

  it("a search for deploy finds deployment, and one for deployment finds deployed", async () => {
    const deploy = (await searchWriteups(t.db, { q: "deploy" })).results.map((r) => r.id);
    expect(deploy).toContain(ids.deployment);
    expect(deploy).toContain(ids.deployed);
    const deployment = await searchWriteups(t.db, { q: "deployment" });
    expect(deployment.results.map((r) => r.id)).toContain(ids.deployed);
    expect(deployment.correctedQuery).toBeNull();
    // Typed whole while still typing (no trailing space) the word gets its forms too.
    expect(await firstOf("config variables deploy")).toMatchObject({
      id: ids.deployment,
      matchedAll: true,
    });
  });

  it("a search for an expired certificate finds the certificate's expiry", async () => {
    expect(await firstOf("signing certificate expired")).toMatchObject({
      id: ids.expiry,
      matchedAll: true,
    });
  });

  it("a search for failed payments finds the payment failure", async () => {
    expect(await firstOf("card payment failed")).toMatchObject({
      id: ids.failure,
      matchedAll: true,
    });
  });
});

describe("the commonest words of a query", () => {
  it("are those held by a third of the write-ups or more, weighing 40% of the query at most, never the rarest", () => {
    // "after" (nine in ten) and "up" (four in ten) against three rarer words.
    expect(weakGroups([0.15, 0.08, 0.9, 0.4, 0.25])).toEqual([false, false, true, true, false]);
    // Common words, but together they would weigh too much of the query: only the commonest.
    expect(weakGroups([0.5, 0.45, 0.4])).toEqual([true, false, false]);
    // One word, or none common: nothing may be missed.
    expect(weakGroups([0.9])).toEqual([false]);
    expect(weakGroups([0.2, 0.1])).toEqual([false, false]);
    // Two words as common as each other: either would weigh half the query, so both count.
    expect(weakGroups([0.9, 0.95])).toEqual([false, false]);
    // Every word common, the commonest light enough to miss: the rarest still counts.
    expect(weakGroups([0.35, 0.99, 0.98])).toEqual([false, true, false]);
  });

  it("a write-up missing only the commonest word ranks above many holding every word by chance", async () => {
    const response = await searchWriteups(t.db, { q: "config variables up deploy", limit: 5 });
    expect(response.results[0]).toMatchObject({ id: ids.deployment, matchedAll: false });
    // Those holding every word follow.
    expect(response.results.slice(1).every((r) => r.matchedAll)).toBe(true);
    expect(response.results).toHaveLength(5);
  });

  it("an English function word is neither asked for nor counted: the answer not saying 'the' holds every word", async () => {
    const response = await searchWriteups(t.db, { q: "the config variables deploy", limit: 5 });
    expect(response.results[0]).toMatchObject({ id: ids.deployment, matchedAll: true });
    expect(response.terms).toContain("the");
  });

  it("a rarer word is still required: without 'variables' the answer is not found among enough holders", async () => {
    const ranked = (
      await searchWriteups(t.db, { q: "config rounding up deploy", limit: 5 })
    ).results.map((r) => r.id);
    expect(ranked).not.toContain(ids.deployment);
  });
});
