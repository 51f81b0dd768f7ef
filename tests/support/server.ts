import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type DB, openDatabase } from "#db/client";
import { tempDir } from "./db";

const SERVER = path.resolve("build/server.js");

/** Where tests/support/demo-template.ts leaves the run's seeded demo database. */
export const TEMPLATE_VARIABLE = "KOAN_TEST_DEMO_DB";

export interface TestServer {
  url: string;
  db: DB;
  dbFile: string;
  /** The server process's id (for reading its memory). */
  pid: number;
  /** Everything the server printed so far (JSON log lines). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built production server (`npm run build` first) on a free port with a fresh
 * database of its own, seeded with the demo organisation unless told otherwise. Under Vitest the
 * demo comes as a copy of the run's template (tests/support/demo-template.ts), the database the
 * server itself seeded at the start of the run; `freshSeed` makes this server seed its own.
 */
/**
 * Puts a copy of the run's demo database at `dbFile` when there is a template and nothing is
 * there yet; otherwise the server seeds the empty file itself when it starts.
 */
export function copyDemoTemplate(dbFile: string) {
  const template = process.env[TEMPLATE_VARIABLE];
  if (template && !fs.existsSync(dbFile)) fs.copyFileSync(template, dbFile);
}

export async function startServer(
  env: Record<string, string> = {},
  options: { dbFile?: string; freshSeed?: boolean } = {},
): Promise<TestServer> {
  if (!fs.existsSync(SERVER))
    throw new Error("build/server.js is missing: run `npm run build` first.");
  const dir = tempDir("koan-server-");
  const dbFile = options.dbFile ?? path.join(dir, "koan.db");
  if (env.SEED_ON_EMPTY !== "false" && !options.freshSeed) copyDemoTemplate(dbFile);
  const child: ChildProcess = spawn(process.execPath, [SERVER], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_PATH: dbFile,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A server that is slow to start must not outlive the test that gave up on it.
      child.kill("SIGKILL");
      reject(new Error(`server did not start:\n${output}`));
    }, 45_000);
    const check = () => {
      const match = output.match(/"port":(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout?.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const { db } = openDatabase(dbFile);
  return {
    url,
    db,
    dbFile,
    pid: child.pid as number,
    output: () => output,
    stop: async () => {
      await db.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
