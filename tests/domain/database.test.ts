import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { tempDir } from "../support/db";

// build/server.js and the Remix build it loads each carry a copy of db/client.ts: both must hand
// out the same process-wide database, opened once with the web app's options.

const dir = tempDir("koan-shared-");
const saved = process.env.DATABASE_PATH;
afterAll(() => {
  if (saved === undefined) delete process.env.DATABASE_PATH;
  else process.env.DATABASE_PATH = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the process-wide database", () => {
  it("is one connection, shared by two copies of db/client, until it is closed", async () => {
    process.env.DATABASE_PATH = path.join(dir, "koan.db");
    const first = await import("#db/client");
    vi.resetModules();
    const second = await import("#db/client");
    expect(second.getDatabase).not.toBe(first.getDatabase);
    const opened = first.getDatabase();
    expect(second.getDatabase()).toBe(opened);
    second.closeSharedDatabase();
    expect(opened.sqlite.open).toBe(false);
    const reopened = first.getDatabase();
    expect(reopened).not.toBe(opened);
    expect(reopened.sqlite.open).toBe(true);
    first.closeSharedDatabase();
  });
});
