import http from "node:http";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "#db/client";
import { insertWriteup } from "~/knowledge/writeups.server";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { CorpusGenerator } from "../bench/corpus";
import { worstHealthzWait } from "../support/healthz";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { ticketImportCsv } from "../support/ticket-csv";
import { unreadDownload } from "../support/unread-download";

// Issue 12 item 2: no request may hold the event loop. While a mentor downloads the knowledge
// base (zip and JSON), /healthz is asked back to back and must never wait a second. Before the fix the zip export deflated a page of 250
// entries in one go: at 5,000 write-ups /healthz waited 4.9 s (100,000: 2.3-6.2 s). The stall
// is per page, so a few thousand write-ups show it; 3,000 keeps this file well under a minute.

const WRITEUPS = 3_000;
/** The longest /healthz may wait during any of these requests (the goal is ~200 ms of event-loop hold). */
const MAX_HEALTHZ_WAIT_MS = 1_000;

let server: TestServer;
let mentor: Browser;
beforeAll(async () => {
  server = await startServer();
  const corpus = new CorpusGenerator();
  const author = await server.db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "mentor@koan.test")
    .executeTakeFirstOrThrow();
  for (let done = 0; done < WRITEUPS; done += 500) {
    await writeTransaction(server.db, async (trx) => {
      for (let i = 0; i < 500; i++) {
        await insertWriteup(trx, {
          authorId: author.id,
          writeup: corpus.next().writeup,
          status: "published",
        });
      }
    });
  }
  mentor = new Browser(server.url);
  await mentor.login("mentor@koan.test", DEMO_PASSWORD);
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

function download(pathname: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(pathname, server.url), { headers: { Cookie: mentor.cookie } }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      })
      .on("error", reject);
  });
}

describe("/healthz keeps answering", () => {
  for (const format of ["zip", "json"]) {
    it(`during a ${format} export of ${WRITEUPS.toLocaleString("en")} write-ups`, async () => {
      const { worstMs, probes, result } = await worstHealthzWait(server.url, () =>
        download(`/kb/export?format=${format}`),
      );
      expect(result.status).toBe(200);
      expect(result.bytes).toBeGreaterThan(WRITEUPS * 200);
      expect(probes).toBeGreaterThan(3);
      expect(worstMs).toBeLessThan(MAX_HEALTHZ_WAIT_MS);
    }, 120_000);
  }
});

// Issue 12 item 2, end to end: Remix writes a body as fast as it is made, whatever the client
// reads, so before the fix an export nobody read was made whole into the server's memory (1.9 GB
// at 100,000 write-ups). Now it is made only as the client reads: while the download sits unread,
// the export is still under way, so the same person's next export is refused as busy; read, it
// completes. Before the fix the unread export was finished (and the next one allowed) in less
// than a full download's time.
it("makes an export only as fast as the client reads it", async () => {
  const started = performance.now();
  const whole = await download("/kb/export?format=json");
  const fullDownloadMs = performance.now() - started;
  expect(whole.status).toBe(200);

  const unread = await unreadDownload(server.url, "/kb/export?format=json", mentor.cookie);
  expect(unread.status).toBe(200);
  await new Promise((r) => setTimeout(r, Math.max(2_000, 2 * fullDownloadMs)));
  const meanwhile = await mentor.request("/kb/export?format=json");
  await meanwhile.body?.cancel();
  expect(meanwhile.status).toBe(429);

  expect(await unread.finish()).toBe(whole.bytes);
  const after = await download("/kb/export?format=json");
  expect(after.status).toBe(200);
}, 120_000);

// Issue 12 item 4: a mentor's preview of 50,000 tickets (the cap; an 8.4 MB CSV). Before the fix
// the file was decoded, re-encoded and its batch written each in one go (and the batch file's
// JSON encoded whole): /healthz waited 1.5-2.4 s on a busy machine.
it("/healthz keeps answering during a ticket-import preview of 50,000 rows", async () => {
  const form = new FormData();
  form.set("intent", "preview");
  form.set(
    "file",
    new File([ticketImportCsv(50_000, "stall")], "tickets.csv", { type: "text/csv" }),
  );
  const { worstMs, probes, result } = await worstHealthzWait(server.url, async () => {
    const response = await mentor.request("/tickets/import", {
      method: "POST",
      body: form,
      headers: { Origin: server.url },
    });
    return { status: response.status, html: await response.text() };
  });
  expect(result.status).toBe(200);
  expect(result.html).toContain("tickets.csv");
  expect(probes).toBeGreaterThan(3);
  expect(worstMs).toBeLessThan(MAX_HEALTHZ_WAIT_MS);
}, 120_000);
