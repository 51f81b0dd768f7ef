import type SQLite from "better-sqlite3";
import { CompiledQuery } from "kysely";
import { type DB, idleHandleOf, writesSoFar } from "#db/client";
import type { DataVersionsTable } from "#db/schema";

type VersionName = DataVersionsTable["name"];

const VERSION_SQL = "select version from data_versions where name = ?";

/** The named counter, bumped by triggers (migration 0005) whenever the data behind it changes. */
export async function dataVersion(db: DB, name: VersionName): Promise<number> {
  // Every cached answer reads its version first, and a search does so dozens of times: read
  // straight from the handle when no transaction holds it (Kysely's queue cost more than the
  // lookup), else through Kysely, which waits for the transaction as any query would.
  const sqlite = idleHandleOf(db);
  if (sqlite) {
    const remembered = thisTurn(sqlite);
    const known = remembered.get(name);
    if (known !== undefined) return known;
    const row = versionStatement(sqlite).get(name) as { version: number } | undefined;
    const version = row?.version ?? -1;
    remembered.set(name, version);
    return version;
  }
  const { rows } = await db.executeQuery<{ version: number }>(
    CompiledQuery.raw(VERSION_SQL, [name]),
  );
  return rows[0]?.version ?? -1;
}

/**
 * Versions read in this turn of the event loop, per handle, while this process writes nothing: a
 * search reads the version dozens of times, and each read opens a read transaction of its own.
 * Dropped at the next turn (another process's write shows then) and at any write sent here.
 */
let turn: { writes: number; versions: WeakMap<SQLite.Database, Map<VersionName, number>> } | null =
  null;

function thisTurn(sqlite: SQLite.Database): Map<VersionName, number> {
  const writes = writesSoFar();
  if (!turn) setImmediate(() => (turn = null));
  if (turn?.writes !== writes) turn = { writes, versions: new WeakMap() };
  let versions = turn.versions.get(sqlite);
  if (!versions) {
    versions = new Map();
    turn.versions.set(sqlite, versions);
  }
  return versions;
}

const versionStatements = new WeakMap<SQLite.Database, SQLite.Statement>();

function versionStatement(sqlite: SQLite.Database): SQLite.Statement {
  let statement = versionStatements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare(VERSION_SQL);
    versionStatements.set(sqlite, statement);
  }
  return statement;
}

/**
 * Wraps `load` so each process keeps its answer until the named data version changes: one
 * primary-key lookup instead of the query. The version is read before loading, so a write that
 * lands meanwhile only makes the next call load again; nothing stale outlives a version change.
 */
export function cachedByVersion<T>(name: VersionName, load: (db: DB) => Promise<T>) {
  return cachedByVersions([name], load, { key: () => "", max: 1 });
}

/**
 * Like cachedByVersion, for answers that depend on arguments too (a page of the queue, a
 * search): up to `max` answers per process, all dropped when any of the named versions changes.
 */
export function cachedByVersions<A extends unknown[], T>(
  names: readonly VersionName[],
  load: (db: DB, ...args: A) => Promise<T>,
  options: { key: (...args: A) => string; max?: number },
) {
  const max = options.max ?? 200;
  const caches = new WeakMap<DB, { versions: string; entries: Map<string, Promise<T>> }>();
  return async (db: DB, ...args: A): Promise<T> => {
    const versions: number[] = [];
    for (const name of names) versions.push(await dataVersion(db, name));
    const signature = versions.join(":");
    let cache = caches.get(db);
    if (!cache || cache.versions !== signature) {
      cache = { versions: signature, entries: new Map() };
      caches.set(db, cache);
    }
    const key = options.key(...args);
    const hit = cache.entries.get(key);
    if (hit) {
      // Most recently used last, so the oldest leaves first.
      cache.entries.delete(key);
      cache.entries.set(key, hit);
      return hit;
    }
    const value = load(db, ...args);
    const entries = cache.entries;
    entries.set(key, value);
    if (entries.size > max) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    value.catch(() => {
      if (entries.get(key) === value) entries.delete(key);
    });
    return value;
  };
}
