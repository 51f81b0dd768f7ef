// `npm run bench:pages`: the production build under load on loopback, on a copy of the large
// dataset (tests/bench/dataset.ts). For each page — the ticket queue (50 rows), a ticket page, the
// knowledge-base search page, My onboarding and the lead's cohort dashboard — autocannon measures
// req/s, p50/p95/p99 and errors at 10 and 100 connections, next to a minimal Remix page of the
// same build (the framework floor) and a plain node:http handler running the queue's own queries
// (the physical floor). The framework floor proper is a bare Remix app of the same versions outside
// Koan's server (tests/bench/bare.ts), built and measured in the same run: Koan's /healthz against
// its resource route, Koan's minimal page against its one-heading page, and the ticket queue
// against its 50-row page, each pair measured in alternating slices. Meanwhile a parallel writer claims, submits, approves and publishes, and
// afterwards the database must hold exactly what was acknowledged. Also: cold start to the first
// 200 on /healthz (empty and large database), the server's peak RSS, and client JavaScript per
// page. Prints a table and writes bench/results-pages.json; asserts nothing about speed.
//
//   DURATION=10     seconds measured per page and connection count (after WARMUP=2 s)
//   SLICE=2         a Koan page and its bare Remix counterpart alternate in slices this long
//   BENCH_DATASET   the dataset file (default bench/dataset.db; built when missing)
//   BENCH_SERVER    the server to measure (default build/server.js; a copy of an earlier build
//                   inside the repository, to compare before and after)
//   BARE_ROUTES=koan  the bare Remix app gets Koan's route table (a stub page per route file): the
//                   framework floor for an app of Koan's size (tests/bench/bare.ts)
//   BENCH_KEEP=1    keep the database copy and the server's log (its folder is printed)
//   KOAN_NODE_ARGS  flags for Koan's server process ("--cpu-prof --cpu-prof-dir=/tmp/prof" to
//                   profile it; NODE_OPTIONS does not take --cpu-prof)
//   BENCH_QUICK=1   only the three Koan-to-bare-Remix pairs at 10 connections: no cold starts, no
//                   other pages, no parallel writer (for iterating; DURATION=5 WARMUP=1 and a
//                   small BENCH_DATASET with DATASET_TICKETS=… make it quicker still)
//   BENCH_LOG_LEVEL the server's LOG_LEVEL (debug logs every query and its duration)
//   BENCH_PAGES     only these pages, comma-separated ("knowledge-base search,My onboarding"),
//                   with the parallel writer (for iterating on one page under load)
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import SQLite from "better-sqlite3";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { tempDir } from "../support/db";
import { Browser } from "../support/http";
import { freePort } from "../support/ports";
import { buildBareRemix, startBareRemix } from "./bare";
import { type ClientJsReport, clientJsReport } from "./client-js";
import { SEARCH_PAGE_QUERIES } from "./corpus";
import { DEFAULT_DATASET, ensureDataset } from "./dataset";
import { writeResults } from "./results";
import { ParallelWriter, type WriterReport } from "./writer";

const DURATION = Number(process.env.DURATION ?? 10);
const WARMUP = Number(process.env.WARMUP ?? 2);
const SLICE = Number(process.env.SLICE ?? 2);
const QUICK = process.env.BENCH_QUICK === "1";
const CONNECTIONS = QUICK ? [10] : [10, 100];
const SERVER = path.resolve(process.env.BENCH_SERVER ?? "build/server.js");
const COLD_RUNS = 3;

const out = (line = "") => process.stdout.write(`${line}\n`);
const log = (line: string) => console.warn(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  url: string;
  child: ChildProcess;
  startMs: number;
  logFile: string;
}

/** Starts the built server and times it from spawn to the first 200 on /healthz. */
async function startKoan(dbFile: string, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const logFile = `${dbFile}.log`;
  const logFd = fs.openSync(logFile, "a");
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...(process.env.KOAN_NODE_ARGS?.split(" ") ?? []), SERVER],
    {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_PATH: dbFile,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info",
        ...env,
      },
      stdio: ["ignore", logFd, logFd],
    },
  );
  fs.closeSync(logFd);
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the server exited:\n${fs.readFileSync(logFile, "utf8")}`);
    try {
      const response = await fetch(`${url}/healthz`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 60_000) throw new Error("the server did not start in 60 s");
    await sleep(5);
  }
  return { url, child, startMs: performance.now() - started, logFile };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

function copyDatabase(from: string, to: string) {
  // The dataset is checkpointed and closed: the main file is the whole database. Written to disk
  // before the server opens it: otherwise the server's first commit waits for the copy's 700 MB to
  // reach the disk (half a second here), a cost of the bench, not of Koan.
  fs.copyFileSync(from, to);
  const copy = fs.openSync(to, "r+");
  fs.fsyncSync(copy);
  fs.closeSync(copy);
}

async function coldStarts() {
  const empty: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const dir = tempDir("koan-cold-");
    const server = await startKoan(path.join(dir, "koan.db"), { SEED_ON_EMPTY: "false" });
    empty.push(server.startMs);
    await stop(server.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const dir = tempDir("koan-cold-");
  const seeded = await startKoan(path.join(dir, "koan.db"));
  await stop(seeded.child);
  fs.rmSync(dir, { recursive: true, force: true });
  return { emptyMs: empty, emptyWithDemoSeedMs: seeded.startMs };
}

// -------------------------------------------------------------------------------------------

interface Target {
  name: string;
  url: string;
  paths: string[];
  cookie?: string;
  floor?: "framework" | "physical" | "bare";
  /** A resource route answers JSON, not a page. */
  json?: boolean;
  /** The server process, whose CPU time per answer is measured. */
  pid?: number;
}

interface Run {
  target: string;
  connections: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** CPU time (user + system, all threads) the server spent per 2xx answer. */
  cpuMsPerRequest: number;
}

/** User + system CPU time of a process so far, in milliseconds (clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** One autocannon run's raw figures, to be summarised alone or with others of the same target. */
interface Shot {
  latencies: number[];
  ok: number;
  cpuMs: number;
  seconds: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function shoot(target: Target, connections: number, seconds: number): Promise<Shot> {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = cpuMs(target.pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        connections,
        duration: seconds,
        timeout: 10,
        headers: target.cookie ? { cookie: target.cookie } : {},
        requests: [
          {
            method: "GET",
            setupRequest: (request) => ({
              ...request,
              path: target.paths[next++ % target.paths.length] as string,
            }),
          },
        ],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  return {
    latencies,
    ok: result["2xx"],
    cpuMs: cpuMs(target.pid) - cpuBefore,
    seconds: result.duration,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

function summarise(target: Target, connections: number, shots: Shot[]): Run {
  const latencies = shots.flatMap((shot) => shot.latencies).sort((a, b) => a - b);
  const sum = (pick: (shot: Shot) => number) => shots.reduce((n, shot) => n + pick(shot), 0);
  const ok = sum((shot) => shot.ok);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    target: target.name,
    connections,
    requests: ok,
    reqPerSec: Math.round(ok / sum((shot) => shot.seconds)),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? Number.NaN),
    errors: sum((shot) => shot.errors),
    timeouts: sum((shot) => shot.timeouts),
    non2xx: sum((shot) => shot.non2xx),
    cpuMsPerRequest: round(sum((shot) => shot.cpuMs) / ok),
  };
}

async function cannon(target: Target, connections: number, seconds: number): Promise<Run> {
  return summarise(target, connections, [await shoot(target, connections, seconds)]);
}

/** Samples the server's resident memory; VmHWM at the end is the kernel's own peak. */
function rssSampler(pid: number) {
  let peakKb = 0;
  const read = (field: string) => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      return Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  const timer = setInterval(() => {
    peakKb = Math.max(peakKb, read("VmRSS"));
  }, 250);
  return {
    startKb: read("VmRSS"),
    stop() {
      clearInterval(timer);
      return { sampledPeakKb: peakKb, highWaterKb: read("VmHWM") };
    },
  };
}

async function startFloor(dbFile: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.resolve("tests/bench/floor-server.ts")],
    {
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_PATH: dbFile },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let said = "";
    child.stdout?.on("data", (chunk) => {
      said += chunk;
      const match = said.match(/"port":(\d+)/);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`the floor server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function session(url: string, email: string) {
  const browser = new Browser(url);
  await browser.login(email, DEMO_PASSWORD);
  return browser.cookie;
}

/** Each page answers 200 with what it should show before it is measured. */
async function check(target: Target) {
  for (const p of target.paths.slice(0, 3)) {
    const response = await fetch(new URL(p, target.url), {
      headers: target.cookie ? { cookie: target.cookie } : {},
      redirect: "manual",
    });
    const html = await response.text();
    if (response.status !== 200)
      throw new Error(`${target.name} ${p} answered ${response.status}, not 200`);
    if (!target.json && !html.includes("</html>"))
      throw new Error(`${target.name} ${p} is not a whole page`);
  }
}

// -------------------------------------------------------------------------------------------

const datasetFile = path.resolve(process.env.BENCH_DATASET ?? DEFAULT_DATASET);
if (!fs.existsSync(SERVER))
  throw new Error("build/server.js is missing: run `npm run build` first.");
const dataset = await ensureDataset(datasetFile);
const client: ClientJsReport = clientJsReport();
const catalogKb = (locale: string) =>
  ((client.catalogs.find((c) => c.locale === locale)?.gzipBytes ?? 0) / 1024).toFixed(1);
log("Page benchmark: building the bare Remix app …");
buildBareRemix();

log(QUICK || process.env.BENCH_PAGES ? "  no cold starts" : "  cold starts …");
const cold =
  QUICK || process.env.BENCH_PAGES
    ? { emptyMs: [], emptyWithDemoSeedMs: Number.NaN }
    : await coldStarts();
const work = tempDir("koan-pages-");
const dbFile = path.join(work, "koan.db");
copyDatabase(dataset.file, dbFile);
const koan = await startKoan(dbFile, { BENCH_ROUTES: "true" });
log(`  large database: first 200 on /healthz after ${koan.startMs.toFixed(0)} ms`);
// The server loads the search vocabulary in the background once it listens: measure after that.
const warmedMs = await (async () => {
  const started = performance.now();
  for (;;) {
    const line = fs
      .readFileSync(koan.logFile, "utf8")
      .split("\n")
      .find((l) => l.includes("search vocabulary loaded"));
    if (line) return Number(JSON.parse(line).durationMs);
    if (performance.now() - started > 120_000) throw new Error("the server never warmed up");
    await sleep(100);
  }
})();
log(`  search vocabulary loaded in the background in ${warmedMs} ms`);
const floor = await startFloor(dbFile);
const bare = await startBareRemix();

const newcomerCookie = await session(koan.url, "newcomer@koan.test");
const leadCookie = await session(koan.url, "lead@koan.test");
const lookup = new SQLite(dbFile, { readonly: true });
const ticketRow = lookup
  .prepare(
    `select a.ticket_id as id from assignments a join users u on u.id = a.newcomer_id
     where u.email = 'newcomer@koan.test' and a.status = 'resolved' order by a.id desc limit 1`,
  )
  .get() as { id: number } | undefined;
const counts = lookup
  .prepare(
    `select (select count(*) from users) as users, (select count(*) from tickets) as tickets,
       (select count(*) from assignments) as assignments, (select count(*) from writeups) as writeups`,
  )
  .get() as Record<string, number>;
lookup.close();
if (!ticketRow) throw new Error("the dataset has no finished assignment for newcomer@koan.test");

// Each Koan page compared with the bare Remix app is measured right before its counterpart, so
// both see the same neighbours on the machine.
const allTargets: Target[] = [
  { name: "health check", url: koan.url, paths: ["/healthz"], json: true },
  { name: "bare resource route", url: bare.url, paths: ["/ping"], floor: "bare", json: true },
  {
    name: "minimal Remix page",
    url: koan.url,
    paths: ["/bench/floor"],
    cookie: newcomerCookie,
    floor: "framework",
  },
  {
    name: "bare minimal page",
    url: bare.url,
    // With Koan's route table, at Koan's own path (one more segment to match).
    paths: [process.env.BARE_ROUTES === "koan" ? "/bench/floor" : "/heading"],
    floor: "bare",
  },
  { name: "ticket queue", url: koan.url, paths: ["/tickets"], cookie: newcomerCookie },
  { name: "bare 50-row page", url: bare.url, paths: ["/rows"], floor: "bare" },
  {
    name: "ticket page",
    url: koan.url,
    paths: [`/tickets/${ticketRow.id}`],
    cookie: newcomerCookie,
  },
  {
    name: "knowledge-base search",
    url: koan.url,
    paths: SEARCH_PAGE_QUERIES.map((q) => `/kb?q=${encodeURIComponent(q)}`),
    cookie: newcomerCookie,
  },
  { name: "My onboarding", url: koan.url, paths: ["/onboarding"], cookie: newcomerCookie },
  { name: "cohort dashboard", url: koan.url, paths: ["/cohorts"], cookie: leadCookie },
  { name: "node:http floor", url: floor.url, paths: ["/tickets"], floor: "physical" },
];
const pids = new Map([
  [koan.url, koan.child.pid],
  [bare.url, bare.child.pid],
  [floor.url, floor.child.pid],
]);
for (const target of allTargets) target.pid = pids.get(target.url);
/** Koan's side of each pair, the bare app's side, and the goal for their ratio. */
const PAIRS = [
  { koan: "health check", bare: "bare resource route", goal: 0.8 },
  { koan: "minimal Remix page", bare: "bare minimal page", goal: 0.8 },
  { koan: "ticket queue", bare: "bare 50-row page", goal: 0.6 },
];
const only = process.env.BENCH_PAGES?.split(",").map((name) => name.trim());
const unknownPage = only?.find((name) => !allTargets.some((t) => t.name === name));
if (unknownPage)
  throw new Error(
    `BENCH_PAGES: no page "${unknownPage}" (${allTargets.map((t) => t.name).join(", ")})`,
  );
const targets = only
  ? allTargets.filter((t) => only.includes(t.name))
  : QUICK
    ? allTargets.filter((t) => PAIRS.some((p) => p.koan === t.name || p.bare === t.name))
    : allTargets;
for (const target of targets) await check(target);
const queueHtml = await (
  await fetch(`${koan.url}/tickets`, { headers: { cookie: newcomerCookie } })
).text();
const queueRows = (queueHtml.match(/class="ticket-title"/g) ?? []).length;

const writer = new ParallelWriter(koan.url, dbFile);
if (!QUICK) {
  const prepared = await writer.prepare();
  log(`  parallel writer: ${prepared.plans} claims planned, ${prepared.sessions} people signed in`);
}

const memory = rssSampler(koan.child.pid as number);
if (!QUICK) writer.start();
const runs: Run[] = [];
const benchStarted = performance.now();
const report = (run: Run) =>
  log(
    `  ${run.target.padEnd(22)} ${String(run.connections).padStart(3)} conns  ${String(run.reqPerSec).padStart(6)} req/s  p99 ${run.p99} ms  errors ${run.errors + run.non2xx}`,
  );

/**
 * A Koan page and its bare Remix counterpart, in alternating slices of SLICE seconds (DURATION
 * each in all), so that whatever else the machine is doing weighs on both alike.
 */
async function measurePair(koanTarget: Target, bareTarget: Target, connections: number) {
  const rounds = Math.max(1, Math.round(DURATION / SLICE));
  const shots = new Map<Target, Shot[]>([
    [koanTarget, []],
    [bareTarget, []],
  ]);
  const slice = async (target: Target, seconds: number) => {
    // The floors run alone: the writer's work on Koan would only slow its neighbour.
    if (target.floor) writer.pause();
    const shot = await shoot(target, connections, seconds);
    writer.resume();
    return shot;
  };
  await slice(koanTarget, WARMUP);
  await slice(bareTarget, WARMUP);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [koanTarget, bareTarget] : [bareTarget, koanTarget];
    for (const target of order) shots.get(target)?.push(await slice(target, DURATION / rounds));
  }
  return [koanTarget, bareTarget].map((t) => summarise(t, connections, shots.get(t) ?? []));
}

for (const connections of CONNECTIONS) {
  for (const target of targets) {
    if (target.floor === "bare") continue; // measured with its Koan counterpart
    const partner = targets.find(
      (t) => t.name === PAIRS.find((pair) => pair.koan === target.name)?.bare,
    );
    if (partner) {
      for (const run of await measurePair(target, partner, connections)) {
        runs.push(run);
        report(run);
      }
      continue;
    }
    if (target.floor === "physical") writer.pause();
    await cannon(target, connections, WARMUP);
    const run = await cannon(target, connections, DURATION);
    writer.resume();
    runs.push(run);
    report(run);
  }
}
const benchSeconds = (performance.now() - benchStarted) / 1000;
await writer.stop();
const rss = memory.stop();
await stop(koan.child);
await stop(floor.child);
await stop(bare.child);
const writerReport: WriterReport = writer.verify();
const serverLog = fs.readFileSync(koan.logFile, "utf8");
const busyInLog = (serverLog.match(/SQLITE_BUSY/g) ?? []).length;
const errorLines = serverLog.split("\n").filter((l) => l.includes('"level":"error"')).length;
const integrity = (() => {
  const check = new SQLite(dbFile, { readonly: true });
  try {
    return check.pragma("integrity_check", { simple: true }) as string;
  } finally {
    check.close();
  }
})();
if (process.env.BENCH_KEEP === "1") log(`  kept the database and the server's log in ${work}`);
else fs.rmSync(work, { recursive: true, force: true });

// -------------------------------------------------------------------------------------------

const find = (name: string, connections: number) =>
  runs.find((r) => r.target === name && r.connections === connections);
const share = (reqPerSec: number, of: Run | undefined) =>
  of ? Math.round((reqPerSec / of.reqPerSec) * 100) / 100 : Number.NaN;
const table = runs.map((r) => ({
  ...r,
  ofFramework: share(r.reqPerSec, find("minimal Remix page", r.connections)),
  ofPhysical: share(r.reqPerSec, find("node:http floor", r.connections)),
}));
const pages = table.filter((r) => {
  const target = targets.find((t) => t.name === r.target);
  return !target?.floor && !target?.json;
});
const ratios = CONNECTIONS.flatMap((connections) =>
  PAIRS.filter((pair) => find(pair.koan, connections) && find(pair.bare, connections)).map(
    (pair) => {
      const koanRun = find(pair.koan, connections) as Run;
      const bareRun = find(pair.bare, connections) as Run;
      return {
        ...pair,
        connections,
        koanReqPerSec: koanRun.reqPerSec,
        bareReqPerSec: bareRun.reqPerSec,
        ratio: Math.round((koanRun.reqPerSec / bareRun.reqPerSec) * 100) / 100,
        koanCpuMs: koanRun.cpuMsPerRequest,
        bareCpuMs: bareRun.cpuMsPerRequest,
        /** The req/s ratio the servers would reach on equal CPU: insensitive to the neighbours. */
        cpuRatio: Math.round((bareRun.cpuMsPerRequest / koanRun.cpuMsPerRequest) * 100) / 100,
      };
    },
  ),
);
const queue10 = find("ticket queue", 10) as Run | undefined;
const ratioGoals = ratios
  .filter((r) => r.connections === 10)
  .map((r) => ({
    goal: `${r.koan} ≥ ${r.goal}× the ${r.bare} (bare Remix) at 10 connections`,
    value: `${r.ratio}× (on equal CPU ${r.cpuRatio}×)`,
    met: r.ratio >= r.goal,
  }));
const fullGoals = (queue10: Run) => [
  {
    goal: "ticket queue ≥ 1,000 req/s at 10 connections",
    value: `${queue10.reqPerSec} req/s`,
    met: queue10.reqPerSec >= 1000,
  },
  {
    goal: "ticket queue p99 ≤ 40 ms at 10 connections",
    value: `${queue10.p99} ms`,
    met: queue10.p99 <= 40,
  },
  {
    goal: "every page ≥ 50% of the minimal Remix page's req/s",
    value: pages
      .filter((p) => p.ofFramework < 0.5)
      .map((p) => `${p.target} @${p.connections}: ${Math.round(p.ofFramework * 100)}%`)
      .join(", "),
    met: pages.every((p) => p.ofFramework >= 0.5),
  },
  {
    goal: "0 errors at 100 connections",
    value: `${table.filter((r) => r.connections === 100).reduce((n, r) => n + r.errors + r.non2xx, 0)} errors`,
    met: table.filter((r) => r.connections === 100).every((r) => r.errors + r.non2xx === 0),
  },
  {
    goal: "p99 ≤ 300 ms at 100 connections",
    value: pages
      .filter((p) => p.connections === 100 && p.p99 > 300)
      .map((p) => `${p.target}: ${p.p99} ms`)
      .join(", "),
    met: pages.filter((p) => p.connections === 100).every((p) => p.p99 <= 300),
  },
  {
    goal: "client JS ≤ 95 KB gzip on every page",
    value: `largest ${((client.pages[0]?.gzipBytes ?? 0) / 1024).toFixed(1)} KB (${client.pages[0]?.route})`,
    met: client.pages.every((p) => p.gzipBytes <= 95 * 1024),
  },
  {
    goal: "no markdown parser or sanitiser in the client",
    value: client.serverOnlyLibraries
      .filter((l) => l.foundIn.length)
      .map((l) => l.name)
      .join(", "),
    met: client.serverOnlyLibraries.every((l) => l.foundIn.length === 0),
  },
  {
    goal: "cold start ≤ 1.5 s (empty database)",
    value: `${Math.max(...cold.emptyMs).toFixed(0)} ms`,
    met: Math.max(...cold.emptyMs) <= 1500,
  },
  {
    goal: "cold start ≤ 1.5 s (large database)",
    value: `${koan.startMs.toFixed(0)} ms`,
    met: koan.startMs <= 1500,
  },
  {
    goal: "under load, nothing lost (writer)",
    value: `${writerReport.missing.length} missing, ${writerReport.unexpected.length} unexpected, ${writerReport.serverErrors} server errors, ${busyInLog} SQLITE_BUSY`,
    met:
      writerReport.missing.length === 0 &&
      writerReport.unexpected.length === 0 &&
      writerReport.serverErrors === 0 &&
      busyInLog === 0,
  },
];
const goals = QUICK || only || !queue10 ? ratioGoals : [...ratioGoals, ...fullGoals(queue10)];

const fmt = (n: number, width = 8) => (Number.isFinite(n) ? String(n) : "n/a").padStart(width);
out();
out(
  `Page benchmark — ${counts.users?.toLocaleString("en")} people, ${counts.tickets?.toLocaleString("en")} tickets, ${counts.assignments?.toLocaleString("en")} assignments, ${counts.writeups?.toLocaleString("en")} write-ups`,
);
out(
  `  autocannon on loopback against the production build; ${DURATION} s per run after ${WARMUP} s warm-up; ${benchSeconds.toFixed(0)} s in all`,
);
out(
  `  the ticket queue page showed ${queueRows} rows; the search page rotates ${SEARCH_PAGE_QUERIES.length} queries`,
);
out();
out(
  "  page                    conns │   req/s      p50      p95      p99      max  errors │ ×minimal  ×node:http  CPU ms",
);
out(`  ${"─".repeat(112)}`);
for (const r of table)
  out(
    `  ${r.target.padEnd(22)} ${fmt(r.connections, 6)} │ ${fmt(r.reqPerSec)} ${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.p99)} ${fmt(r.max)} ${fmt(r.errors + r.non2xx, 7)} │ ${fmt(r.ofFramework, 7)}× ${fmt(r.ofPhysical, 9)}× ${fmt(r.cpuMsPerRequest, 7)}`,
  );
out(
  "  (milliseconds; errors = socket errors + timeouts + non-2xx answers; CPU ms = the server's CPU time per answer)",
);
out();
out(
  `  Koan against a bare Remix app of the same versions (Express, no middleware${process.env.BARE_ROUTES === "koan" ? ", Koan's route table" : ""}), in alternating slices:`,
);
for (const r of ratios)
  out(
    `    ${`${r.koan} / ${r.bare}`.padEnd(44)} @${String(r.connections).padEnd(3)} ${fmt(r.koanReqPerSec, 6)} / ${fmt(r.bareReqPerSec, 6)} req/s = ${r.ratio.toFixed(2)}×;  CPU per answer ${r.koanCpuMs} / ${r.bareCpuMs} ms → ${r.cpuRatio.toFixed(2)}×  (goal ≥ ${r.goal})`,
  );
out();
out(
  `  peak RSS of the server during the runs: ${(rss.highWaterKb / 1024).toFixed(0)} MB (VmHWM; sampled peak ${(rss.sampledPeakKb / 1024).toFixed(0)} MB, ${(memory.startKb / 1024).toFixed(0)} MB before)`,
);
if (!QUICK)
  out(
    `  cold start to the first 200 on /healthz: empty database ${cold.emptyMs.map((m) => m.toFixed(0)).join(" / ")} ms; empty + demo seed ${cold.emptyWithDemoSeedMs.toFixed(0)} ms; large database ${koan.startMs.toFixed(0)} ms (then the search vocabulary loads in the background: ${warmedMs} ms)`,
  );
out(
  `  client JS, gzip: shared ${(client.shared.gzipBytes / 1024).toFixed(1)} KB (of it the English catalog ${catalogKb("en")} KB; Korean's ${catalogKb("ko")} KB); ${client.pages
    .filter((p) =>
      [
        "routes/tickets._index",
        "routes/tickets.$ticketId",
        "routes/kb._index",
        "routes/onboarding",
        "routes/cohorts",
      ].includes(p.route),
    )
    .map((p) => `${p.route.replace("routes/", "")} ${(p.gzipBytes / 1024).toFixed(1)} KB`)
    .join(
      ", ",
    )}; largest ${client.pages[0]?.route.replace("routes/", "")} ${((client.pages[0]?.gzipBytes ?? 0) / 1024).toFixed(1)} KB`,
);
if (!QUICK)
  out(
    `  parallel writer (a claim, evidence, an approval and a write-up each second at most): ${writerReport.attempted} writes sent; acknowledged ${writerReport.acknowledged.claims} claims, ${writerReport.acknowledged.evidence} evidence, ${writerReport.acknowledged.approvals} approvals, ${writerReport.acknowledged.writeups} write-ups; refused ${JSON.stringify(writerReport.refused)}; ${writerReport.missing.length} missing, ${writerReport.unexpected.length} unexpected; server log: ${busyInLog} SQLITE_BUSY, ${errorLines} error lines; integrity_check ${integrity}`,
  );
for (const line of [...writerReport.missing, ...writerReport.unexpected].slice(0, 10))
  out(`    ! ${line}`);
out();
out("  goals (printed, not asserted):");
for (const g of goals) out(`    ${g.met ? "met    " : "NOT MET"}  ${g.goal.padEnd(52)} ${g.value}`);
out();

out(
  `  written to ${writeResults(
    only ? "results-pages-some.json" : QUICK ? "results-pages-quick.json" : "results-pages.json",
    {
      date: new Date().toISOString(),
      node: process.version,
      quick: QUICK,
      dataset: {
        file: path.relative(process.cwd(), dataset.file),
        counts,
        buildSeconds: dataset.seconds,
      },
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      queueRows,
      runs: table,
      bareRemix: ratios,
      memory: {
        beforeMb: memory.startKb / 1024,
        peakMb: rss.highWaterKb / 1024,
        sampledPeakMb: rss.sampledPeakKb / 1024,
      },
      coldStart: { ...cold, largeMs: koan.startMs, vocabularyWarmMs: warmedMs },
      clientJs: client,
      writer: { ...writerReport, busyInLog, errorLines, integrity },
      goals,
    },
  )}`,
);
