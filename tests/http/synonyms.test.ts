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
