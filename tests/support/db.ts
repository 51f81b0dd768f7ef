import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type DB, migrateToLatest, type OpenedDatabase, openDatabase } from "#db/client";

export function tempDir(prefix = "koan-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestDatabase extends OpenedDatabase {
  file: string;
  close(): Promise<void>;
}

/** A fresh, migrated SQLite file of its own, on disk like production. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = tempDir();
  const file = path.join(dir, "koan.db");
  const opened = openDatabase(file);
  await migrateToLatest(opened.db);
  return {
    ...opened,
    file,
    close: async () => {
      await opened.db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type { DB };
