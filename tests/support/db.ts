import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type SQLite from "better-sqlite3";
import {
  type DB,
  migrateToLatest,
  type OpenedDatabase,
  openDatabase,
  registerKoanFunctions,
} from "#db/client";

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

/**
 * SQLite's own integrity check and the full-text index's: "ok" for each when the file is intact.
 * On an open better-sqlite3 handle (the tests read the same file afterwards).
 */
export function integrityOf(sqlite: SQLite.Database): { file: string; fts: string } {
  registerKoanFunctions(sqlite);
  const file = String(sqlite.pragma("integrity_check", { simple: true }));
  try {
    sqlite
      .prepare("insert into writeups_fts(writeups_fts, rank) values('integrity-check', 1)")
      .run();
    return { file, fts: "ok" };
  } catch (error) {
    return { file, fts: String(error) };
  }
}
