import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Search synonyms (leads): a word that can't be paired is said at its own field, with what the
// lead typed kept, without JavaScript as with it.

let server: TestServer;
let lead: Browser;

beforeAll(async () => {
  server = await startServer();
  lead = new Browser(server.url);
  await lead.login("lead@koan.test", DEMO_PASSWORD);
});

afterAll(async () => {
  await server.stop();
});

/** The `<input>` for `name`, as served. */
const input = (html: string, name: string) =>
  html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0] ?? "";

describe("adding a synonym pair", () => {
  it("marks the word that is not one word, and keeps both", async () => {
    const response = await lead.post("/kb/synonyms", {
      intent: "add",
      term: "결제 오류",
      synonym: "payment",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(input(html, "term")).toContain('aria-invalid="true"');
    expect(input(html, "term")).toContain('aria-describedby="field-term-error"');
    expect(input(html, "term")).toContain('value="결제 오류"');
    expect(input(html, "synonym")).not.toContain("aria-invalid");
    expect(input(html, "synonym")).toContain('value="payment"');
    expect(html).toMatch(
      /<p class="field-error" id="field-term-error">Give two different single words/,
    );
  });

  it("marks the second word when it is the first again, or too long, keeping what was typed", async () => {
    const same = await (
      await lead.post("/kb/synonyms", { intent: "add", term: "Cookie", synonym: "cookie" })
    ).text();
    expect(input(same, "synonym")).toContain('aria-invalid="true"');
    expect(input(same, "term")).not.toContain("aria-invalid");

    const long = "가".repeat(150);
    const response = await lead.post("/kb/synonyms", {
      intent: "add",
      term: "쿠키",
      synonym: long,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(input(html, "synonym")).toContain('aria-invalid="true"');
    expect(input(html, "synonym")).toContain(`value="${long}"`);
  });
});

describe("removing a synonym pair", () => {
  /** The page's status message (role=status), as served. */
  const status = (html: string) =>
    html.match(/<div class="notice notice-success" role="status"[^>]*>([^<]*)<\/div>/)?.[1] ?? "";

  it("says which pair went, in the page's language, and says so calmly when it was already gone", async () => {
    const [first, second] = await server.db
      .selectFrom("search_synonyms")
      .select(["id", "term", "synonym"])
      .orderBy("id")
      .limit(2)
      .execute();
    if (!first || !second) throw new Error("the demo has synonym pairs");
    const removed = await lead.post("/kb/synonyms", { intent: "remove", id: String(first.id) });
    expect(removed.status).toBe(200);
    expect(status(await removed.text())).toBe(`Removed: ${first.term} ↔ ${first.synonym}.`);

    const korean = await lead.request("/kb/synonyms", {
      form: { intent: "remove", id: String(second.id) },
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    expect(korean.status).toBe(200);
    expect(status(await korean.text())).toBe(`삭제했어요: ${second.term} ↔ ${second.synonym}.`);

    // Pressed again (a second tab, another lead was first): nothing to remove, and it says so.
    const again = await lead.post("/kb/synonyms", { intent: "remove", id: String(first.id) });
    expect(again.status).toBe(200);
    expect(status(await again.text())).toBe("That pair was already removed: nothing to do.");
    const againKo = await lead.request("/kb/synonyms", {
      form: { intent: "remove", id: String(first.id) },
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    expect(status(await againKo.text())).toBe("이미 삭제된 짝이에요. 더 할 일은 없어요.");
  });
});
