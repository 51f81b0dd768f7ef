import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { integrityOf, tempDir } from "../support/db";
import { Browser } from "../support/http";
import { copyDemoTemplate } from "../support/server";
import { waitFor } from "../support/wait";

// The built server is killed with SIGKILL in the middle of bursts of writes, over and over, on one
// database file: every write it acknowledged must survive, once, in an intact database. A second
// process holding the write lock makes web writes wait on the busy timeout instead of failing.

const SERVER = path.resolve("build/server.js");
/** Twelve in CI (each one a restart, about two seconds); CRASH_KILLS=100 for a longer hunt. */
const KILLS = Number(process.env.CRASH_KILLS ?? 12);
const BURST = 30;
const WRITERS = ["lead", "mentor", "priya", "newcomer", "ana", "sam"];

interface RunningServer {
  url: string;
  child: ChildProcess;
  /** What the server wrote to stderr (warnings and errors). */
  errors(): string;
}

/**
 * Spawns `build/server.js` on `dbFile` like tests/support/server.ts does, but hands back the child
 * so the test can kill it. LOG_LEVEL stays at info: the "ready" line carrying the port is an info
 * line; stdout is only read until it appears.
 */
async function spawnServer(dbFile: string): Promise<RunningServer> {
  copyDemoTemplate(dbFile); // the demo organisation, as the first start would seed it
  if (!fs.existsSync(SERVER))
    throw new Error("build/server.js is missing: run `npm run build` first.");
  const child = spawn(process.execPath, [SERVER], {
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
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 20_000);
    const onData = (chunk: Buffer) => {
      stdout += chunk;
      const match = stdout.match(/"port":(\d+)/);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume(); // keep draining request logs without keeping them
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code ?? signal}:\n${stdout}${stderr}`));
    });
  });
  return { url, child, errors: () => stderr };
}

async function kill(server: RunningServer, signal: NodeJS.Signals) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill(signal);
  await exited;
}

/** The same session, pointed at a server on a new port (Origin must match the new address). */
function rebase(browser: Browser, url: string) {
  const moved = new Browser(url);
  moved.cookie = browser.cookie;
  return moved;
}

const dirs: string[] = [];
const running: RunningServer[] = [];
afterAll(async () => {
  for (const server of running) await kill(server, "SIGTERM");
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function startOn(dbFile: string) {
  const server = await spawnServer(dbFile);
  running.push(server);
  return server;
}

describe("crash safety", () => {
  it(
    `keeps every acknowledged write, once, in an intact database across ${KILLS} SIGKILLs mid-burst`,
    async () => {
      const started = Date.now();
      const dir = tempDir("koan-crash-");
      dirs.push(dir);
      const dbFile = path.join(dir, "koan.db");

      let server = await startOn(dbFile); // on a copy of the demo organisation
      const sessions = await Promise.all(
        WRITERS.map(async (name) => {
          const browser = new Browser(server.url);
          await browser.login(`${name}@koan.test`, DEMO_PASSWORD);
          return browser;
        }),
      );

      const acknowledged = new Map<string, number>(); // title → id from the redirect
      let attempted = 0;
      let cutOff = 0;
      for (let round = 0; round < KILLS; round++) {
        const browsers = sessions.map((s) => rebase(s, server.url));
        let answered = 0;
        const burst = Array.from({ length: BURST }, async (_, i) => {
          const title = `crash-${round}-${i}`;
          attempted++;
          try {
            const response = await browsers[i % browsers.length]?.post("/kb/new", {
              title,
              symptom: `Written in round ${round}, just before a SIGKILL.`,
              rootCause: "A SIGKILL.",
              fix: "None needed.",
              resolution: "fixed",
              intent: "publish",
            });
            const location = response?.headers.get("location") ?? "";
            const match = location.match(/^\/kb\/(\d+)$/);
            if (response?.status === 302 && match) {
              acknowledged.set(title, Number(match[1]));
              answered++;
            } else if (response) throw new Error(`${title}: ${response.status} ${location}`);
          } catch (error) {
            // A reset connection is an unknown outcome; any other answer than 302 is a failure.
            if (error instanceof Error && error.message.startsWith(title)) throw error;
            cutOff++;
          }
        });
        // The kill lands mid-burst: after a random number of this round's writes were answered,
        // with the others sent and in flight (0 kills before any was answered).
        const killAfter = Math.floor(Math.random() * (BURST - 1));
        await waitFor(() => answered >= killAfter, {
          timeout: 20_000,
          interval: 1,
          what: `${killAfter} answered writes`,
        });
        await kill(server, "SIGKILL");
        await Promise.all(burst);

        server = await startOn(dbFile);
        const check = new SQLite(dbFile);
        try {
          check.pragma("busy_timeout = 5000");
          expect(integrityOf(check)).toEqual({ file: "ok", fts: "ok" });
          const rows = check
            .prepare("select id, title from writeups where title like 'crash-%'")
            .all() as { id: number; title: string }[];
          const seen = new Map<string, number[]>();
          for (const row of rows) seen.set(row.title, [...(seen.get(row.title) ?? []), row.id]);
          for (const [title, ids] of seen)
            expect(ids, `${title} stored more than once`).toHaveLength(1);
          for (const [title, id] of acknowledged)
            expect(seen.get(title), `acknowledged ${title} (id ${id}) lost`).toEqual([id]);
        } finally {
          check.close();
        }
      }
      await kill(server, "SIGTERM");

      process.stdout.write(
        `crash safety: ${KILLS} SIGKILLs, ${attempted} writes sent, ${acknowledged.size} acknowledged and found, ${cutOff} cut off, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      expect(acknowledged.size).toBeGreaterThan(0);
    },
    120_000 + KILLS * 2_000,
  );

  it("makes a web write wait for another process's write lock instead of failing", async () => {
    const dir = tempDir("koan-lock-");
    dirs.push(dir);
    const dbFile = path.join(dir, "koan.db");
    const server = await startOn(dbFile);
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);

    // better-sqlite3 blocks its event loop while it waits, so the lock lives in a child process.
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require("better-sqlite3"))(process.argv[1]);
         db.pragma("busy_timeout = 5000");
         db.exec("begin immediate");
         process.stdout.write("locked\\n");
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
         db.exec("commit");
         process.stdout.write("released\\n");
         db.close();`,
        dbFile,
      ],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
    );
    let said = "";
    const holderExited = new Promise<number | null>((resolve) => holder.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout?.on("data", (chunk) => {
        said += chunk;
        if (said.includes("locked")) resolve();
      });
      holder.once("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
    });

    const sent = Date.now();
    const response = await lead.post("/kb/new", {
      title: "written while another process held the lock",
      symptom: "Saving waited.",
      rootCause: "Another process held the lock.",
      fix: "None needed: it waited.",
      resolution: "fixed",
      intent: "publish",
    });
    const waited = Date.now() - sent;
    expect(await holderExited).toBe(0);
    expect(said).toContain("released");
    expect(response.status).toBe(302);
    expect(waited).toBeGreaterThanOrEqual(2_500);
    const id = Number(response.headers.get("location")?.match(/^\/kb\/(\d+)$/)?.[1]);
    const check = new SQLite(dbFile, { readonly: true });
    try {
      expect(check.prepare("select title from writeups where id = ?").get(id)).toEqual({
        title: "written while another process held the lock",
      });
    } finally {
      check.close();
    }
    await kill(server, "SIGTERM");
  }, 30_000);
});
