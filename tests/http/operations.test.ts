import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { integrityOf, tempDir } from "../support/db";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";

// Operations: a full disk answers 503 ("nothing was saved") and leaves the database intact, with
// every acknowledged write in it; the benchmark's framework floor page exists only when asked for.

const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A small tmpfs of its own (needs root, as CI has); null when this machine cannot mount one. */
function smallDisk(megabytes: number): string | null {
  const dir = tempDir("koan-disk-");
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir], {
      stdio: "ignore",
    });
  } catch {
    return null;
  }
  cleanups.push(() => {
    execFileSync("umount", ["-l", dir], { stdio: "ignore" });
  });
  return dir;
}

/** Fills the file system holding `dir` until it refuses another byte; returns the filler file. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, "filler");
  const fd = fs.openSync(filler, "w");
  try {
    for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          fs.writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

function checkDatabase(dbFile: string) {
  const check = new SQLite(dbFile);
  try {
    expect(integrityOf(check)).toEqual({ file: "ok", fts: "ok" });
    return check.prepare("select id, title from writeups").all() as { id: number; title: string }[];
  } finally {
    check.close();
  }
}

async function publish(browser: Browser, title: string, symptom = "Seen on a full disk.") {
  const response = await browser.post("/kb/new", {
    title,
    symptom,
    rootCause: "The disk was full.",
    fix: "Freed space.",
    resolution: "fixed",
    intent: "publish",
  });
  const html = response.status === 302 ? "" : await response.text();
  const id = Number(response.headers.get("location")?.match(/^\/kb\/(\d+)$/)?.[1]);
  return { status: response.status, id, html };
}

/**
 * Writes until the server refuses one with 503, then checks the answer, frees the space, and
 * checks that writing works again and that the database holds exactly what was acknowledged.
 */
async function writeUntilFull(server: TestServer, free: (() => void) | null) {
  const browser = new Browser(server.url);
  await browser.login("mentor@koan.test", DEMO_PASSWORD);
  const acknowledged = new Map<string, number>();
  const refused: string[] = [];
  let full: { status: number; html: string } | null = null;
  // 40 KB of text a write-up: a few hundred at most fill what is left.
  const symptom = "The settlement file grew and grew. ".repeat(1200);
  for (let i = 0; i < 400 && !full; i++) {
    const title = `disk-${i}`;
    const answer = await publish(browser, title, symptom);
    if (answer.status === 302 && answer.id) acknowledged.set(title, answer.id);
    else if (answer.status === 503) {
      refused.push(title);
      full = answer;
    } else throw new Error(`${title}: unexpected ${answer.status}\n${answer.html.slice(0, 500)}`);
  }
  expect(full, "the disk never filled up").not.toBeNull();
  expect(full?.html).toContain("Koan couldn&#x27;t save that</h1>");
  expect(full?.html).toContain("disk is full, so nothing was saved");
  // Reading still works while the disk is full.
  expect((await browser.get("/kb")).status).toBe(200);
  // A second refusal is just as calm.
  const again = await publish(browser, "disk-again", symptom);
  expect([302, 503]).toContain(again.status);
  if (again.status === 302) acknowledged.set("disk-again", again.id);
  else refused.push("disk-again");

  if (free) {
    free();
    const after = await publish(browser, "disk-after");
    expect(after.status).toBe(302);
    acknowledged.set("disk-after", after.id);
  }
  expect(server.output()).toContain("storage full");
  expect(server.output()).not.toMatch(/"status":500/);
  await server.stop();

  const rows = checkDatabase(server.dbFile);
  const byTitle = new Map<string, number[]>();
  for (const row of rows) byTitle.set(row.title, [...(byTitle.get(row.title) ?? []), row.id]);
  for (const [title, id] of acknowledged) expect(byTitle.get(title), title).toEqual([id]);
  for (const title of refused) expect(byTitle.has(title), `${title} was refused`).toBe(false);
  return { acknowledged: acknowledged.size, refused: refused.length };
}

describe("a full disk", () => {
  it("answers 503 saying nothing was saved, keeps every acknowledged write, and recovers", async () => {
    const disk = smallDisk(24);
    if (disk) {
      // Seeded there by the server itself, as in production: its write-ahead log already has the
      // room that a log-in's write reuses once the disk is full.
      const server = await startServer({}, { dbFile: path.join(disk, "koan.db"), freshSeed: true });
      cleanups.push(() => server.stop());
      const filler = fillDisk(disk);
      const result = await writeUntilFull(server, () => fs.rmSync(filler));
      process.stdout.write(
        `full disk (24 MB tmpfs): ${result.acknowledged} writes acknowledged and kept, ${result.refused} refused with 503\n`,
      );
    } else {
      // No mount here: SQLite's own size cap raises the same "database or disk is full".
      process.stdout.write("full disk: cannot mount a tmpfs here, using DATABASE_MAX_MB instead\n");
      const dir = tempDir("koan-cap-");
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      const server = await startServer(
        { DATABASE_MAX_MB: "8" },
        { dbFile: path.join(dir, "koan.db") },
      );
      cleanups.push(() => server.stop());
      await writeUntilFull(server, null);
    }
  }, 120_000);

  it("can be imitated with DATABASE_MAX_MB, a cap on the database file's size", async () => {
    const dir = tempDir("koan-cap-");
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const server = await startServer(
      { DATABASE_MAX_MB: "6" },
      { dbFile: path.join(dir, "koan.db") },
    );
    cleanups.push(() => server.stop());
    const browser = new Browser(server.url);
    await browser.login("mentor@koan.test", DEMO_PASSWORD);
    const symptom = "A very long symptom. ".repeat(2000);
    let status = 0;
    const kept: number[] = [];
    for (let i = 0; i < 300 && status !== 503; i++) {
      const answer = await publish(browser, `cap-${i}`, symptom);
      status = answer.status;
      if (status === 302) kept.push(answer.id);
      else expect(status, answer.html.slice(0, 300)).toBe(503);
    }
    expect(status).toBe(503);
    await server.stop();
    const rows = checkDatabase(server.dbFile);
    const ids = new Set(rows.map((r) => r.id));
    for (const id of kept) expect(ids.has(id)).toBe(true);
  }, 120_000);
});

describe("the benchmark's framework floor", () => {
  it("is a small page when BENCH_ROUTES is on (and a 404 otherwise, in the permission table)", async () => {
    const server = await startServer({ BENCH_ROUTES: "true" });
    cleanups.push(() => server.stop());
    const response = await fetch(`${server.url}/bench/floor`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Framework floor</h1>");
    expect(html).toContain("<main");
  });
});

describe("the request log", () => {
  it("writes a request's line on an idle server soon after, and every line still held when the server stops", async () => {
    const server = await startServer();
    cleanups.push(() => server.stop());
    // Info lines are written in batches (app/lib/logger.server.ts): one request alone still
    // reaches the log within a fraction of a second, not when the batch would be full.
    const started = Date.now();
    const first = await fetch(`${server.url}/login`);
    await first.arrayBuffer();
    const id = first.headers.get("x-request-id");
    await waitFor(() => server.output().includes(`"requestId":"${id}"`), {
      what: "the request's log line",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    // A few more, then the server stops at once: their lines are written on the way out.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${server.url}/login`);
      await response.arrayBuffer();
      ids.push(response.headers.get("x-request-id") ?? "");
    }
    await server.stop();
    await waitFor(() => ids.every((one) => server.output().includes(`"requestId":"${one}"`)), {
      what: "every request's log line after the stop",
    });
    expect(server.output()).toContain('"msg":"shutting down"');
  });
});
