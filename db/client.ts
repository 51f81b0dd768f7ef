import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type MigrationResultSet, Migrator, SqliteDialect, sql } from "kysely";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_PATH = "./data/koan.db";

export interface OpenedDatabase {
  db: DB;
  sqlite: SQLite.Database;
}

/** Opens (creating if needed) the SQLite file at `file` with Koan's PRAGMAs. */
export function openDatabase(file: string): OpenedDatabase {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, sqlite };
}

export async function migrateToLatest(db: DB): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

let shared: OpenedDatabase | undefined;

/** The process-wide database named by DATABASE_PATH. */
export function getDatabase(): OpenedDatabase {
  shared ??= openDatabase(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH);
  return shared;
}

export function closeSharedDatabase(): void {
  shared?.sqlite.close();
  shared = undefined;
}

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so concurrent
 * writers queue on the busy timeout instead of failing with SQLITE_BUSY_SNAPSHOT when a deferred
 * transaction upgrades. Keep `fn` short and free of network I/O; use only the `trx` it receives.
 */
export async function writeTransaction<T>(db: DB, fn: (trx: DB) => Promise<T>): Promise<T> {
  return db.connection().execute(async (trx) => {
    await sql`begin immediate`.execute(trx);
    try {
      const result = await fn(trx);
      await sql`commit`.execute(trx);
      return result;
    } catch (error) {
      await sql`rollback`.execute(trx);
      throw error;
    }
  });
}
