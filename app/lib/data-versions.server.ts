import type { DB } from "#db/client";
import type { DataVersionsTable } from "#db/schema";

type VersionName = DataVersionsTable["name"];

/** The named counter, bumped by triggers (migration 0005) whenever the data behind it changes. */
export async function dataVersion(db: DB, name: VersionName): Promise<number> {
  const row = await db
    .selectFrom("data_versions")
    .select("version")
    .where("name", "=", name)
    .executeTakeFirst();
  return row?.version ?? -1;
}

/**
 * Wraps `load` so each process keeps its answer until the named data version changes: one
 * primary-key lookup instead of the query. The version is read before loading, so a write that
 * lands meanwhile only makes the next call load again; nothing stale outlives a version change.
 */
export function cachedByVersion<T>(name: VersionName, load: (db: DB) => Promise<T>) {
  const entries = new WeakMap<DB, { version: number; value: Promise<T> }>();
  return async (db: DB): Promise<T> => {
    const version = await dataVersion(db, name);
    const hit = entries.get(db);
    if (hit && hit.version === version) return hit.value;
    const value = load(db);
    entries.set(db, { version, value });
    value.catch(() => {
      if (entries.get(db)?.value === value) entries.delete(db);
    });
    return value;
  };
}
