import type { DB } from "#db/client";
import { dataVersion } from "~/lib/data-versions.server";

/**
 * A map kept per process until write-ups change (the "writeups" data version): `mine(db)` gives
 * the map for the version now, a new empty one once write-ups changed.
 */
export function mapPerVersion<K, T>() {
  const kept = new WeakMap<DB, { version: number; answers: Map<K, T> }>();
  everyKept.push(kept);
  return async (db: DB): Promise<Map<K, T>> => {
    const version = await dataVersion(db, "writeups");
    let mine = kept.get(db);
    if (mine?.version !== version) {
      mine = { version, answers: new Map() };
      kept.set(db, mine);
    }
    return mine.answers;
  };
}

/**
 * Answers kept per process by key until write-ups change (the "writeups" data version), at most
 * `max` of them (all dropped when full): `kept(db, key, load)` loads once per version.
 */
export function keptPerVersion<T>(max: number) {
  const mine = mapPerVersion<string, T>();
  return async (db: DB, key: string, load: () => Promise<T>): Promise<T> => {
    const answers = await mine(db);
    if (answers.has(key)) return answers.get(key) as T;
    const answer = await load();
    if (answers.size >= max) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}

const everyKept: WeakMap<DB, unknown>[] = [];

/** Answers kept per version elsewhere, forgotten with these (the groups' scored lists). */
export function forgottenWithAnswers(kept: WeakMap<DB, unknown>): void {
  everyKept.push(kept);
}

/**
 * Forgets every answer kept for `db` (counts, capped synonyms, two-word forms, groups' scored
 * lists), as if write-ups
 * had changed: `npm run bench:search` times the mix once more so ("counts cold").
 */
export function forgetKeptAnswers(db: DB): void {
  for (const kept of everyKept) kept.delete(db);
}
