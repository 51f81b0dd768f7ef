import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "#db/client";
import { setOwnLocale } from "~/auth/users.server";
import { EXPORT_RETRY_AFTER_SECONDS, EXPORTS_AT_ONCE } from "~/knowledge/transfer/export.server";
import { insertWriteup } from "~/knowledge/writeups.server";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { writeupInput } from "../support/fixtures";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { unreadDownload } from "../support/unread-download";

// A few knowledge-base exports at once, for the whole server: each one whose reader has stopped
// reading holds its page of write-ups and the bytes made from them (5-6 MB at 100,000
// write-ups). Before the cap, every mentor and lead could hold one; past EXPORTS_AT_ONCE the next
// is now refused with 429, a page saying so in the reader's language, and Retry-After.

/** Write-ups of ~60 KB each: 24 MB of JSON, more than loopback sockets hold unread. */
const WRITEUPS = 400;

let server: TestServer;
/** Mentors and leads, signed in: one more than the cap. */
let exporters: Browser[];
beforeAll(async () => {
  server = await startServer();
  const author = await server.db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "mentor@koan.test")
    .executeTakeFirstOrThrow();
  const long = "Stepped through the retry loop with the debugger and logged each attempt. ";
  await writeTransaction(server.db, async (trx) => {
    for (let i = 0; i < WRITEUPS; i++)
      await insertWriteup(trx, {
        authorId: author.id,
        status: "published",
        writeup: writeupInput({
          title: `Export cap case ${i}`,
          debugging: `${long.repeat(800)} (${i})`,
        }),
      });
  });
  const people = await server.db
    .selectFrom("users")
    .select(["id", "email"])
    .where("role", "in", ["mentor", "lead"])
    .where("status", "=", "active")
    .orderBy("id")
    .limit(EXPORTS_AT_ONCE + 1)
    .execute();
  expect(people).toHaveLength(EXPORTS_AT_ONCE + 1);
  // The one refused reads the page in the language their browser asks for.
  const refusedOne = people.at(-1);
  if (refusedOne) await setOwnLocale(server.db, { userId: refusedOne.id, locale: null });
  exporters = [];
  for (const { email } of people) {
    const browser = new Browser(server.url);
    await browser.login(email, DEMO_PASSWORD);
    exporters.push(browser);
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("exports at once", () => {
  it(`past ${EXPORTS_AT_ONCE} unread exports the next person is refused with 429 and Retry-After, until one ends`, async () => {
    const last = exporters.at(-1);
    if (!last) throw new Error("nobody to export");
    const running = [];
    for (const browser of exporters.slice(0, EXPORTS_AT_ONCE)) {
      const download = await unreadDownload(server.url, "/kb/export?format=json", browser.cookie);
      expect(download.status).toBe(200);
      running.push(download);
    }

    const refused = await last.get("/kb/export?format=json");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(EXPORT_RETRY_AFTER_SECONDS));
    expect(refused.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await refused.text()).toContain(
      "Koan is already preparing as many exports as it can at once. Try again in a minute.",
    );
    const korean = await last.request("/kb/export?format=zip", {
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    expect(korean.status).toBe(429);
    expect(await korean.text()).toContain("지금은 내보내기를 동시에 더 준비할 수 없어요.");

    // One download read to its end frees a place for the next person.
    const [first, ...rest] = running;
    if (!first) throw new Error("no export running");
    expect(await first.finish()).toBeGreaterThan(WRITEUPS * 50_000);
    const after = await last.get("/kb/export?format=json");
    expect(after.status).toBe(200);
    expect((await after.arrayBuffer()).byteLength).toBeGreaterThan(WRITEUPS * 50_000);
    for (const download of rest) await download.finish();
  }, 120_000);
});
