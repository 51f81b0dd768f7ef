import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { tempDir } from "../support/db";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// GET /kb/export on the 100,000-write-up bench dataset (a copy: the server migrates it): while a
// mentor downloads the JSON and the zip, /healthz keeps answering (probed back to back), and a
// second export by the same mentor meanwhile is refused with 429. Needs bench/dataset.db
// (BENCH_DATASET to point elsewhere; `npm run bench:pages` builds it).

const DATASET = path.resolve(process.env.BENCH_DATASET ?? "bench/dataset.db");
const source = DATASET;
/** A stall bound with room for a machine shared with other work (the goal is ~200 ms). */
const WORST_PROBE_MS = 500;

let server: TestServer;
let dir: string;

beforeAll(async () => {
  if (!fs.existsSync(source)) return;
  dir = tempDir("koan-export-slow-");
  const copy = path.join(dir, "koan.db");
  fs.copyFileSync(source, copy);
  server = await startServer({}, { dbFile: copy });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function download(url: string, cookie: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { Cookie: cookie } }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      })
      .on("error", reject);
  });
}

describe.skipIf(!fs.existsSync(source))("the export at 100,000 write-ups", () => {
  it("never blocks /healthz for long, and one export at a time per person", async () => {
    const mentor = new Browser(server.url);
    await mentor.login("mentor@koan.test", DEMO_PASSWORD);
    for (const format of ["json", "zip"]) {
      let running = true;
      let worst = 0;
      const prober = (async () => {
        while (running) {
          const started = performance.now();
          await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer());
          worst = Math.max(worst, performance.now() - started);
        }
      })();
      const url = `${server.url}/kb/export?format=${format}`;
      const exporting = download(url, mentor.cookie);
      await new Promise((r) => setTimeout(r, 200));
      const second = await mentor.get(`/kb/export?format=${format}`);
      expect(second.status).toBe(429);
      const done = await exporting;
      running = false;
      await prober;
      expect(done.status).toBe(200);
      expect(done.bytes).toBeGreaterThan(50 * 1024 * 1024);
      expect(worst, `${format}: slowest /healthz ${Math.round(worst)} ms`).toBeLessThan(
        WORST_PROBE_MS,
      );
    }
  }, 900_000);
});
