// `tsx tests/bench/hardening.ts`: issue 12's denial-of-service figures for one server build on one
// database: how long /healthz was blocked (the slowest of back-to-back probes) and the server's
// peak RSS while a mentor downloads the JSON and the zip export, and while a 300 MB chunked body
// is sent to /login. Also the longest the server's own event loop was held (eventLoopMaxMs, from
// event-loop-monitor.mjs preloaded into it), which a busy machine's scheduling skews less than the
// probes' round trips. Also an export read by a slow client (1 MB/s for 15 s, then it hangs up),
// whose peak RSS shows whether the server waits for the client, and a ticket-import preview of
// 50,000 rows (~8 MB CSV) by a mentor. Prints JSON; asserts nothing.
//
//   BENCH_SERVER   the server to measure (default build/server.js)
//   BENCH_DB       the database file (a copy of bench/dataset.db: the server migrates it)
//   BENCH_ONLY     run only the measurements whose name contains this text (e.g. "zip")
//   BENCH_NODE_ARGS  extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
//   BENCH_LOG      a file to copy the server's log (JSON lines, slow queries included) into
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { sendChunked } from "../support/chunked";
import { Browser } from "../support/http";
import { ticketImportCsv } from "../support/ticket-csv";

const server = path.resolve(process.env.BENCH_SERVER ?? "build/server.js");
const dbFile = process.env.BENCH_DB;
if (!dbFile) throw new Error("set BENCH_DB to a copy of bench/dataset.db");

const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const monitor = path.resolve(import.meta.dirname, "event-loop-monitor.mjs");
const child = spawn(process.execPath, ["--import", monitor, ...nodeArgs, server], {
  env: {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_PATH: dbFile,
    LOG_LEVEL: "info",
  },
  stdio: ["ignore", "pipe", "pipe"],
});
/** The longest event-loop stall the server reported since the last reset. */
let eventLoopMaxMs = 0;
let stderrLine = "";
child.stderr?.on("data", (chunk) => {
  const lines = (stderrLine + chunk).split("\n");
  stderrLine = lines.pop() ?? "";
  for (const line of lines) {
    const match = /^\{"eventLoopMaxMs":(\d+)\}$/.exec(line);
    if (match) eventLoopMaxMs = Math.max(eventLoopMaxMs, Number(match[1]));
  }
});
if (process.env.BENCH_LOG) child.stdout?.pipe(fs.createWriteStream(process.env.BENCH_LOG));
const url = await new Promise<string>((resolve) => {
  let said = "";
  child.stdout?.on("data", (chunk) => {
    said += chunk;
    const match = said.match(/"port":(\d+)/);
    if (match) resolve(`http://127.0.0.1:${match[1]}`);
  });
});

const rssMb = () => {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
};

/** Runs `work` while probing /healthz back to back and sampling RSS. */
async function measure(name: string, work: () => Promise<unknown>) {
  let running = true;
  let worstProbeMs = 0;
  let peakRss = rssMb();
  const rssBefore = peakRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb());
  }, 50);
  const prober = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      worstProbeMs = Math.max(worstProbeMs, performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await new Promise((r) => setTimeout(r, 300)); // let the monitor close its idle window
  eventLoopMaxMs = 0;
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await prober;
  clearInterval(sampler);
  return {
    name,
    seconds: Math.round(seconds * 10) / 10,
    healthzBlockedMs: Math.round(worstProbeMs),
    eventLoopMaxMs,
    rssBeforeMb: rssBefore,
    peakRssMb: peakRss,
    result,
  };
}

function download(pathname: string, cookie: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(pathname, url), { headers: { Cookie: cookie } }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      })
      .on("error", reject);
  });
}

/**
 * Downloads at about `bytesPerSecond` (reading 64 KB, then pausing) for `seconds`, then hangs up:
 * a client on a slow link, or one that stopped reading.
 */
function slowDownload(
  pathname: string,
  cookie: string,
  bytesPerSecond: number,
  seconds: number,
  stopAfterBytes = Number.POSITIVE_INFINITY,
): Promise<{ status: number; bytesRead: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      new URL(pathname, url),
      { agent: false, headers: { Cookie: cookie } },
      (res) => {
        let bytesRead = 0;
        const started = performance.now();
        res.pause();
        const timer = setInterval(
          () => {
            if (performance.now() - started > seconds * 1000) {
              clearInterval(timer);
              req.destroy();
              resolve({ status: res.statusCode ?? 0, bytesRead });
              return;
            }
            if (bytesRead >= stopAfterBytes) return;
            let taken = 0;
            for (let chunk = res.read(); chunk; chunk = taken < 64 * 1024 ? res.read() : null) {
              taken += (chunk as Buffer).length;
            }
            bytesRead += taken;
          },
          Math.round((64 * 1024 * 1000) / bytesPerSecond),
        );
        res.on("end", () => {
          clearInterval(timer);
          resolve({ status: res.statusCode ?? 0, bytesRead });
        });
      },
    );
    req.on("error", (error) => {
      if (!req.destroyed) reject(error);
    });
  });
}

async function previewTicketImport(cookie: string, rows: number) {
  const form = new FormData();
  form.set("intent", "preview");
  const csv = ticketImportCsv(rows, `hardening-${Date.now()}`);
  form.set("file", new File([csv], "tickets.csv", { type: "text/csv" }));
  const response = await fetch(new URL("/tickets/import", url), {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: url },
  });
  const html = await response.text();
  return {
    status: response.status,
    csvMb: Math.round(csv.length / 1e5) / 10,
    htmlKb: Math.round(html.length / 1024),
  };
}

/** A `gh api --paginate --slurp` export of `count` issues (pages of 100), about 300 bytes each. */
function githubIssuesJson(count: number): string {
  const pages: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    if (i % 100 === 0) pages.push([]);
    pages.at(-1)?.push({
      number: i + 1,
      html_url: `https://github.com/hanbit/pay/issues/${i + 1}`,
      title: `결제 재시도 ${i + 1}: the retry ran twice (hardening-${Date.now()})`,
      body: `Steps:\n1. Pay\n2. Pay again\n\nSeen on web ${i}. ${"Details. ".repeat(12)}`,
      labels: [{ name: "good first issue" }, { name: "billing" }],
      state: "open",
    });
  }
  return JSON.stringify(pages, null, 2);
}

/** Previews `file` and then confirms it (the stored batch read back and applied). */
async function previewAndApply(cookie: string, file: File) {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("file", file);
  const preview = await fetch(new URL("/tickets/import", url), {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: url },
  });
  const html = await preview.text();
  const batch = /name="batch" value="([0-9a-f-]{36})"/.exec(html)?.[1];
  if (!batch) return { previewStatus: preview.status, error: "no batch in the preview" };
  const started = performance.now();
  const apply = await fetch(new URL("/tickets/import", url), {
    method: "POST",
    body: new URLSearchParams({ intent: "apply", batch }),
    headers: { Cookie: cookie, Origin: url },
  });
  await apply.text();
  return {
    previewStatus: preview.status,
    applyStatus: apply.status,
    fileMb: Math.round(file.size / 1e5) / 10,
    applySeconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

const mentor = new Browser(url);
await mentor.login("mentor@koan.test", DEMO_PASSWORD);
const only = process.env.BENCH_ONLY ?? "";
const runs: [string, () => Promise<unknown>][] = [
  ["GET /kb/export?format=json", () => download("/kb/export?format=json", mentor.cookie)],
  ["GET /kb/export?format=zip", () => download("/kb/export?format=zip", mentor.cookie)],
  [
    "GET /kb/export?format=json, slow reader",
    () => slowDownload("/kb/export?format=json", mentor.cookie, 1024 * 1024, 15),
  ],
  [
    "GET /kb/export?format=zip, slow reader",
    () => slowDownload("/kb/export?format=zip", mentor.cookie, 1024 * 1024, 15),
  ],
  [
    "GET /kb/export?format=json, reader stops after 1 MB",
    () => slowDownload("/kb/export?format=json", mentor.cookie, 1024 * 1024, 15, 2 ** 20),
  ],
  [
    "GET /kb/export?format=zip, reader stops after 1 MB",
    () => slowDownload("/kb/export?format=zip", mentor.cookie, 1024 * 1024, 15, 2 ** 20),
  ],
  ["POST /tickets/import preview, 50,000 rows", () => previewTicketImport(mentor.cookie, 50_000)],
  [
    "POST /tickets/import preview and apply, GitHub JSON of 20,000 issues",
    () =>
      previewAndApply(
        mentor.cookie,
        new File([githubIssuesJson(20_000)], "issues.json", { type: "application/json" }),
      ),
  ],
  [
    "POST /login, 300 MB chunked",
    () =>
      sendChunked(url, {
        path: "/login",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        totalBytes: 300 * 1024 * 1024,
      }).then((a) => ({
        status: a.status,
        sentWhenAnsweredMb: Math.round(a.sentWhenAnswered / 2 ** 20),
      })),
  ],
];
const results = [];
for (const [name, work] of runs) {
  if (name.includes(only)) results.push(await measure(name, work));
}
process.stdout.write(`${JSON.stringify({ server, results }, null, 2)}\n`);
child.kill("SIGTERM");
