import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { tempDir } from "./db";

// Vitest's globalSetup for the suites that start the built server (after fresh-build.ts): the
// server seeds the demo organisation into an empty database once, here, and every test server
// that wants the demo starts on a copy of that file (startServer, KOAN_TEST_DEMO_DB). Seeding is
// most of a server's start, and the HTTP suites start dozens. Made fresh for each run, so the
// demo's dates stay relative to today.

export const TEMPLATE_VARIABLE = "KOAN_TEST_DEMO_DB";

function seedOnce(dbFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve("build/server.js")], {
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
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the demo template's server did not start:\n${output}`));
    }, 120_000);
    const collect = (chunk: Buffer) => {
      output += chunk;
      // Ready means migrated and seeded; stop it the way an operator would.
      if (/"port":\d+/.test(output) && child.exitCode === null) child.kill("SIGTERM");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (/"port":\d+/.test(output)) resolve();
      else reject(new Error(`the demo template's server exited (${code ?? signal}):\n${output}`));
    });
  });
}

export default async function setup() {
  const dir = tempDir("koan-demo-template-");
  const dbFile = path.join(dir, "koan.db");
  await seedOnce(dbFile);
  // Everything in the one file: a copy of it alone is the whole database.
  const sqlite = new Database(dbFile);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  process.env[TEMPLATE_VARIABLE] = dbFile;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
