import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { tempDir } from "./db";
import { startServer, TEMPLATE_VARIABLE } from "./server";

// Vitest's globalSetup for the suites that start the built server (after fresh-build.ts): the
// server seeds the demo organisation into an empty database once, here, and every test server
// that wants the demo starts on a copy of that file (startServer, KOAN_TEST_DEMO_DB). Seeding is
// most of a server's start, and the HTTP suites start dozens. Made fresh for each run, so the
// demo's dates stay relative to today.

export default async function setup() {
  const dir = tempDir("koan-demo-template-");
  const dbFile = path.join(dir, "koan.db");
  // Ready means migrated and seeded; stopped the way an operator would stop it.
  const server = await startServer({}, { dbFile, freshSeed: true });
  await server.stop();
  // Everything in the one file: a copy of it alone is the whole database.
  const sqlite = new Database(dbFile);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  process.env[TEMPLATE_VARIABLE] = dbFile;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
