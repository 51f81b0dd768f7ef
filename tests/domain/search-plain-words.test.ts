import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare } from "~/knowledge/search-prepare.server";
import { parseQuery } from "~/knowledge/search-query";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// A long text (a ticket's description, a paste) is searched by its rarest words; plain words
// that say how or when ("worse", "makes", "under") come after those saying what, however rare
// they are in a small knowledge base.

let t: TestDatabase;
const { add, warm } = writeupSearch(() => t);

const ticket = {
  title: "Instances dropped from the pool at peak",
  body: "The balancer health check timeout is one second; at peak the app answers in two, gets marked unhealthy, which makes everything worse under traffic.",
};

beforeAll(async () => {
  t = await createTestDatabase();
  await add({
    title: "Load balancer pulls healthy instances at peak",
    symptom:
      "The balancer's health check timeout was one second; at peak the app answered slower and was marked unhealthy.",
    component: "infra",
  });
  await add({
    title: "Search results got worse after the reindex",
    symptom: "Relevance got worse under the new analyzer; it makes old synonyms disappear.",
    component: "search",
  });
  for (const [n, what] of ["TLS certificate", "sticky sessions", "idle timeout"].entries())
    await add({
      title: `Balancer ${what} misconfigured ${n + 1}`,
      symptom: `The balancer's ${what} setting was wrong after the migration.`,
      component: "infra",
    });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("plain words in a long text", () => {
  it("chooses the balancer and the health check before 'worse', 'makes' and 'under'", async () => {
    const { shown } = await prepare(
      t.db,
      parseQuery(`${ticket.title} ${ticket.body}`),
      ticket.title,
    );
    expect(shown).toEqual(expect.arrayContaining(["balancer", "health", "unhealthy"]));
    expect(shown).not.toContain("worse");
    expect(shown).not.toContain("makes");
  });
});
