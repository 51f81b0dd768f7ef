import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  Kysely,
  type LogEvent,
  type MigrationResultSet,
  Migrator,
  type SqliteDatabase,
  type SqliteStatement,
  sql,
} from "kysely";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";
import { hangulBigrams, identifierParts, searchText, ticketSearchText } from "./search-text";
import { TurnTakingDialect } from "./turns";

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_PATH = "./data/koan.db";

export interface OpenedDatabase {
  db: DB;
  sqlite: SQLite.Database;
}

/** SQLite could not write because the disk (or the database's size cap) is full. */
export class StorageFullError extends Error {
  readonly code = "SQLITE_FULL";
  constructor(cause: unknown) {
    super("The disk holding the database is full: nothing was written.", { cause });
    this.name = "StorageFullError";
  }
}

export interface OpenOptions {
  /**
   * What to throw instead of SQLite's "database or disk is full" error; the web app throws an
   * HTTP 503 answer. Default: a StorageFullError.
   */
  onStorageFull?: (error: StorageFullError) => unknown;
  /** Refuse to grow the file beyond this many megabytes (writes then fail as storage full). */
  maxMegabytes?: number;
  /** Told about every query and its duration (the web app logs the slow ones). */
  log?: (event: LogEvent) => void;
}

const STATEMENT_CACHE_SIZE = 1000;

function isFull(error: unknown): boolean {
  return (
    error instanceof Error && "code" in error && (error as { code: unknown }).code === "SQLITE_FULL"
  );
}

/** Statements that may have written, sent through any database openDatabase opened here. */
let writes = 0;

/**
 * How many statements that may write this process has sent through Kysely so far (any of its
 * databases): a read remembered since the count last changed still holds, but for other
 * processes' writes.
 */
export function writesSoFar(): number {
  return writes;
}

/**
 * The better-sqlite3 handle as Kysely sees it, with "disk is full" errors (a write, or the
 * commit that flushes it) turned into `onStorageFull`'s answer. SQLite has already rolled the
 * statement (or transaction) back by then, so the file stays intact.
 */
function guarded(sqlite: SQLite.Database, onFull: (error: StorageFullError) => unknown) {
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (isFull(error)) throw onFull(new StorageFullError(error));
      throw error;
    }
  };
  // Kysely prepares every query it sends; compiling the same SQL again costs more than running
  // most of them, so prepared statements are kept by their text (a bounded, oldest-out cache).
  const statements = new Map<string, SQLite.Statement>();
  const prepared = (query: string) => {
    let statement = statements.get(query);
    if (!statement) {
      statement = guard(() => sqlite.prepare(query));
      if (statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      statements.set(query, statement);
    }
    return statement;
  };
  const database: SqliteDatabase = {
    close: () => sqlite.close(),
    prepare(query): SqliteStatement {
      const statement = prepared(query);
      return {
        reader: statement.reader,
        all: (parameters) => {
          // A statement returning rows may write too (insert … returning).
          if (!statement.readonly) writes++;
          return guard(() => statement.all(parameters));
        },
        run: (parameters) => {
          // Every statement returning no rows counts: a write, and also begin and commit.
          writes++;
          return guard(() => statement.run(parameters));
        },
        // A cached statement may be in use by another iteration: streams get their own.
        iterate: (parameters) => guard(() => sqlite.prepare(query).iterate(parameters)),
      };
    },
  };
  return database;
}

/**
 * The SQL functions Koan's schema calls: the search index's reading of a write-up's debugging
 * notes, its Korean reading and its camel-case names' words, computed by its triggers and its
 * content view, and the ticket queue's search text, computed by the tickets' triggers
 * (db/search-text.ts). Any connection that writes write-ups or tickets, or checks the search
 * index, needs them.
 */
export function registerKoanFunctions(sqlite: SQLite.Database): void {
  sqlite.function("koan_bigrams", { deterministic: true }, (text: unknown) =>
    hangulBigrams(typeof text === "string" ? text : null),
  );
  sqlite.function("koan_search_text", { deterministic: true }, (text: unknown) =>
    searchText(typeof text === "string" ? text : null),
  );
  sqlite.function("koan_identifier_parts", { deterministic: true }, (text: unknown) =>
    identifierParts(typeof text === "string" ? text : null),
  );
  sqlite.function(
    "koan_ticket_search_text",
    { deterministic: true },
    (title: unknown, body: unknown) =>
      ticketSearchText(
        typeof title === "string" ? title : "",
        typeof body === "string" ? body : "",
      ),
  );
}

/** Opens (creating if needed) the SQLite file at `file` with Koan's PRAGMAs. */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  registerKoanFunctions(sqlite);
  if (options.maxMegabytes) {
    const pageSize = Number(sqlite.pragma("page_size", { simple: true }));
    sqlite.pragma(
      `max_page_count = ${Math.max(1, Math.floor((options.maxMegabytes * 1024 * 1024) / pageSize))}`,
    );
  }
  const onFull = options.onStorageFull ?? ((error) => error);
  const db = new Kysely<Database>({
    dialect: new TurnTakingDialect({ database: guarded(sqlite, onFull) }),
    ...(options.log ? { log: options.log } : {}),
  });
  handles.set(db, sqlite);
  return { db, sqlite };
}

const handles = new WeakMap<DB, SQLite.Database>();

/**
 * The better-sqlite3 handle under `db`, when `db` is a database openDatabase made (not a
 * transaction) and no transaction is open on it: a read made on it then sees exactly what a
 * query sent through Kysely would, without Kysely's queue and its turns of the event loop.
 */
export function idleHandleOf(db: DB): SQLite.Database | undefined {
  const sqlite = handles.get(db);
  return sqlite?.open && !sqlite.inTransaction ? sqlite : undefined;
}

export async function migrateToLatest(db: DB): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  if (result.results?.length) await refreshPlannerStatistics(db);
  return result;
}

/**
 * Where the database holds the planner's statistics (someone ran ANALYZE or PRAGMA optimize, as
 * the bench's datasets do), an index a migration added has none while the older ones do, and the
 * planner takes the new one for queries it does not suit (migrations 0023 and 0024 made the search
 * page's list of recent write-ups go from 1 to 330 ms at 100,000). After migrations, each table
 * with such an index is analyzed again (about 200 ms for write-ups at 100,000). A database without
 * statistics is left without: the defaults choose well.
 */
async function refreshPlannerStatistics(db: DB): Promise<void> {
  const { rows: held } = await sql<{ n: number }>`
    select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db);
  if (!held[0]?.n) return;
  const { rows: tables } = await sql<{ tbl: string }>`
    select distinct tbl_name as tbl from sqlite_master as i
    where type = 'index' and not exists (select 1 from sqlite_stat1 where idx = i.name)`.execute(
    db,
  );
  for (const { tbl } of tables) await sql`analyze ${sql.table(tbl)}`.execute(db);
}

/**
 * The production server's bundle (build/server.js) and the Remix build it loads each carry their
 * own copy of this module, so the process-wide database is kept on `globalThis` (the Epic Stack's
 * `singleton`): the server's start-up work and the request handlers share one connection, and
 * with it one set of options. Two connections in one process could deadlock: a write waiting on
 * the busy timeout blocks the event loop that the other connection needs to commit.
 */
const SHARED = Symbol.for("koan.database");
const holder = globalThis as { [SHARED]?: OpenedDatabase };

/** The process-wide database named by DATABASE_PATH (options apply when it is first opened). */
export function getDatabase(options: OpenOptions = {}): OpenedDatabase {
  holder[SHARED] ??= openDatabase(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH, options);
  return holder[SHARED];
}

export function closeSharedDatabase(): void {
  holder[SHARED]?.sqlite.close();
  delete holder[SHARED];
}

/** A database nobody can log in to yet: no users (the server seeds the demo into such a one). */
export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return row === undefined;
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
      // SQLite may have rolled back already (a full disk does that): the first error is the news.
      await sql`rollback`.execute(trx).catch(() => undefined);
      throw error;
    }
  });
}
