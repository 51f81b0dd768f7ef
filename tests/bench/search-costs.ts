// `npx tsx tests/bench/search-costs.ts [server.js] [dataset.db]`: what the knowledge-base search
// page costs the server in CPU time, one request at a time, so that other work on a shared machine
// moves the figures little (bench:pages' req/s moved 2–3× between runs of one build): the first
// searches of a fresh process (with the work they leave off the request), a repeated search (kept
// per version of the write-ups), the ten searches after one write-up is published, and a ticket
// page (its related write-ups, a search of the ticket's text, and the work it leaves off the
// request). Each figure waits for the server to fall idle, so work done off the request counts.
// A copy of the dataset is used (default bench/dataset.db, tests/bench/dataset.ts).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { tempDir } from "../support/db";
import { Browser } from "../support/http";
import { freePort } from "../support/ports";
import { SEARCH_PAGE_QUERIES } from "./corpus";
import { DEFAULT_DATASET } from "./dataset";

const SERVER = path.resolve(process.argv[2] ?? "build/server.js");
const DATASET = path.resolve(process.argv[3] ?? DEFAULT_DATASET);
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const TICKETS = Number(process.env.TICKETS ?? 4);
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The process's CPU time (user + system) in ms, from /proc. */
function cpuMs(child: ChildProcess): number {
  const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ");
  return (Number(fields?.[11]) + Number(fields?.[12])) * 10;
}

const work = tempDir("koan-search-costs-");
const dbFile = path.join(work, "koan.db");
fs.copyFileSync(DATASET, dbFile);
const logFile = `${dbFile}.log`;
const logFd = fs.openSync(logFile, "a");
const port = await freePort();
const child = spawn(process.execPath, [SERVER], {
  env: {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_PATH: dbFile,
    LOG_LEVEL: "info",
  },
  stdio: ["ignore", logFd, logFd],
});
fs.closeSync(logFd);
const url = `http://127.0.0.1:${port}`;
/** Until the server spent under 3% of a core over half a second. */
const idle = async () => {
  for (;;) {
    const before = cpuMs(child);
    await sleep(500);
    if (cpuMs(child) - before < 15) return;
  }
};
try {
  for (;;) {
    if (child.exitCode !== null) throw new Error(fs.readFileSync(logFile, "utf8"));
    const ready =
      fs.readFileSync(logFile, "utf8").includes("search vocabulary loaded") &&
      (await fetch(`${url}/healthz`)
        .then((r) => r.ok)
        .catch(() => false));
    if (ready) break;
    await sleep(100);
  }
  await idle();
  const reader = new Browser(url);
  await reader.login("newcomer@koan.test", DEMO_PASSWORD);
  const search = async (q: string) => {
    const response = await reader.get(`/kb?q=${encodeURIComponent(q)}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`/kb?q=${q} answered ${response.status}`);
  };
  /** CPU ms for `work`, with what it leaves off the request. */
  const costOf = async (task: () => Promise<void>) => {
    const before = cpuMs(child);
    await task();
    const onRequest = cpuMs(child) - before;
    await idle();
    return { onRequest, all: cpuMs(child) - before };
  };
  const cold = await costOf(async () => {
    for (const q of SEARCH_PAGE_QUERIES) await search(q);
  });
  out(`first searches (10): ${cold.onRequest} ms CPU on the requests, ${cold.all} ms in all`);
  const passes = 5;
  const repeated = await costOf(async () => {
    for (let i = 0; i < passes; i++) for (const q of SEARCH_PAGE_QUERIES) await search(q);
  });
  out(
    `a repeated search: ${(repeated.onRequest / (passes * SEARCH_PAGE_QUERIES.length)).toFixed(1)} ms CPU`,
  );
  const author = new Browser(url);
  await author.login("newcomer@koan.test", DEMO_PASSWORD);
  const after: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const published = await author.post("/kb/new", {
      title: `search costs ${round}: settlement file rounding`,
      symptom: "The settlement file rounded amounts down under load.",
      component: "billing",
      resolution: "fixed",
      intent: "publish",
    });
    await published.arrayBuffer();
    if (published.status !== 302) throw new Error(`publishing answered ${published.status}`);
    await idle();
    after.push(
      (await costOf(async () => Promise.all(SEARCH_PAGE_QUERIES.map(search)).then(() => {}))).all,
    );
  }
  out(
    `the 10 searches after a publish: median ${median(after)} ms CPU in all (${after.join(", ")})`,
  );
  const lookup = new SQLite(dbFile, { readonly: true });
  const tickets = lookup
    .prepare(
      "select id from tickets where starter = 1 and status = 'open' order by id desc limit ?",
    )
    .all(TICKETS) as { id: number }[];
  lookup.close();
  const lead = new Browser(url);
  await lead.login("lead@koan.test", DEMO_PASSWORD);
  const pages: string[] = [];
  for (const { id } of tickets) {
    const cost = await costOf(async () => {
      const response = await lead.get(`/tickets/${id}`);
      await response.arrayBuffer();
    });
    pages.push(`${cost.onRequest}/${cost.all}`);
  }
  out(`a ticket page (on the request/in all, ms CPU): ${pages.join(", ")}`);
} finally {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  fs.rmSync(work, { recursive: true, force: true });
}
