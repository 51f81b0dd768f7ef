import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { HOSTILE_QUERIES } from "./search.test";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = new Browser(server.url);
  await browser.login("newcomer@koan.test", DEMO_PASSWORD);
});
afterAll(async () => {
  await server?.stop();
});

describe("the search page", () => {
  it("finds a demo write-up, highlighting the match, with the query kept in the page", async () => {
    const response = await browser.get(`/kb?${new URLSearchParams({ q: "worker" })}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<mark>worker<\/mark>/i);
    expect(html).toContain('value="worker"');
  });

  it(`answers every one of ${HOSTILE_QUERIES.length} hostile queries with a page, never an error, and escapes them`, async () => {
    for (const q of HOSTILE_QUERIES) {
      const response = await browser.get(`/kb?${new URLSearchParams({ q: q.slice(0, 4000) })}`);
      expect(response.status, JSON.stringify(q).slice(0, 60)).toBe(200);
      const html = await response.text();
      expect(html).not.toContain("<script>alert(1)</script>");
    }
  });

  it("ignores nonsense filters instead of failing", async () => {
    const response = await browser.get(
      "/kb?q=crash&resolution=bogus&from=yesterday&verified=maybe&component=%00",
    );
    expect(response.status).toBe(200);
  });
});
