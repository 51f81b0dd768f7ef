import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// A form refused because its sender's role changed while it was open (a lead made them a
// newcomer): the 403 stays a 403, the page is a Koan page (the header and its navigation, sent
// without scripts as with them), and nothing typed is lost: each typed field under its label in a
// read-only box, in the reader's language. An import names the file that was not imported.

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

type Role = "newcomer" | "mentor" | "lead";

/** Signed in as `email` while their role was still theirs; then made `role`, in `locale`. */
async function demoted(email: string, role: Role, locale: "en" | "ko") {
  const browser = new Browser(server.url);
  await browser.login(email, DEMO_PASSWORD);
  await server.db.updateTable("users").set({ role, locale }).where("email", "=", email).execute();
  return browser;
}

async function restore(email: string, role: Role) {
  await server.db
    .updateTable("users")
    .set({ role, locale: null })
    .where("email", "=", email)
    .execute();
}

function decode(html: string): string {
  return html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The page's main navigation landmark, as served: Koan's header, not a bare error. */
const hasMainNav = (html: string, label: string) => html.includes(`<nav aria-label="${label}"`);

describe("the review page's buttons, pressed after the mentor was made a newcomer", () => {
  it("are refused (403) on a Koan page: the header and its navigation are there", async () => {
    const writeup = await server.db
      .selectFrom("writeups")
      .select("id")
      .where("status", "=", "published")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const mentor = await demoted("mentor@koan.test", "newcomer", "en");
    try {
      const refused = await mentor.post("/kb/review", {
        intent: "still-correct",
        writeupId: String(writeup.id),
      });
      expect(refused.status).toBe(403);
      const html = decode(await refused.text());
      expect(html).toContain("You don't have access to this page");
      expect(hasMainNav(html, "Main")).toBe(true);
    } finally {
      await restore("mentor@koan.test", "mentor");
    }
  });
});
