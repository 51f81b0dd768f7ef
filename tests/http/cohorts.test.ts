import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { buildUsers, DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// A large team's cohort view lists the 20 fullest mentors (and the 20 longest stuck), says how
// many there are, and shows them all on request.

let server: TestServer;
let lead: Browser;

beforeAll(async () => {
  server = await startServer();
  const { db } = openDatabase(server.dbFile);
  await buildUsers(
    db,
    Array.from({ length: 30 }, (_, i) => ({
      email: `extra-mentor-${i}@koan.test`,
      name: `Extra Mentor ${String(i).padStart(2, "0")}`,
      role: "mentor" as const,
      capacity: 2,
      components: ["billing"],
    })),
  );
  await db.destroy();
  lead = new Browser(server.url);
  await lead.login("lead@koan.test", DEMO_PASSWORD);
});

afterAll(async () => {
  await server.stop();
});

/** The page's HTML without React's text separators (`<!-- -->`). */
const text = (html: string) => html.replaceAll("<!-- -->", "");

const mentorRows = (html: string) =>
  (html.slice(html.indexOf('id="mentors"')).match(/<th scope="row">/g) ?? []).length;

describe("the cohort view with many mentors", () => {
  it("shows the 20 fullest and says how many there are", async () => {
    const response = await lead.get("/cohorts");
    expect(response.status).toBe(200);
    const html = text(await response.text());
    expect(mentorRows(html)).toBe(20);
    expect(html).toContain("Showing 20 of 34 mentors, fullest first.");
    expect(html).toContain('href="/cohorts?mentors=all#mentors"');
  });

  it("shows every mentor on request, with a way back to the first 20", async () => {
    const html = text(await (await lead.get("/cohorts?mentors=all")).text());
    expect(mentorRows(html)).toBe(34);
    expect(html).toContain("Showing all 34 mentors.");
    expect(html).toContain("Show the first 20");
  });
});
