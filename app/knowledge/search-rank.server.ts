import { sql } from "kysely";
import type { DB } from "#db/client";
import { dataVersion } from "~/lib/data-versions.server";

// Ranking that looks at every match, and stays fast on common words without a recency window.
// Few matches (≤ EXHAUSTIVE): FTS5's bm25() over all of them. More: each word's own best
// TOP_LIST write-ups by bm25 (exact, computed once over every match in short chunks that let
// other requests run in between, then kept until write-ups change), and a write-up's score is
// the sum over the query's words, as bm25 itself sums. An old write-up is ranked like a new one.

/** bm25 weights in the index's column order: title, symptom, root_cause, fix, debugging, tags, ko_title, ko_body. */
export const WEIGHTS = [10, 6, 3, 3, 1.5, 5, 10, 4] as const;
const BM25 = sql.raw(`bm25(writeups_fts, ${WEIGHTS.join(", ")})`);
/** Up to this many matches, bm25() ranks every one of them directly. */
export const EXHAUSTIVE = 2500;
/** How many best write-ups are kept per word for the common-word ranking. */
const TOP_LIST = 1500;
/** Rowids read per chunk while computing a top list (adapted to take about CHUNK_MS). */
const FIRST_SPAN = 8000;
const CHUNK_MS = 12;
const MIN_SPAN = 4000;
/** Top lists computed for one search at most; other groups count only if their list is kept. */
const NEW_LISTS_PER_SEARCH = 3;
const MAX_LISTS = 400;

/** How many write-ups match `match`, counting no further than `cap + 1`. */
export async function countUpTo(db: DB, match: string, cap = EXHAUSTIVE): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from (select 1 from writeups_fts where writeups_fts match ${match}
    limit ${cap + 1})`.execute(db);
  return rows[0]?.n ?? 0;
}

export interface Scored {
  id: number;
  score: number;
}

interface TopList {
  version: number;
  ids: Int32Array;
  scores: Float64Array;
}
const lists = new WeakMap<DB, Map<string, TopList>>();
const pending = new WeakMap<DB, Map<string, Promise<TopList>>>();

const yieldNow = () => new Promise((resolve) => setImmediate(resolve));

async function computeTopList(db: DB, match: string, version: number): Promise<TopList> {
  const { rows } = await sql<{ top: number | null }>`select max(id) as top from writeups`.execute(
    db,
  );
  const top = rows[0]?.top ?? 0;
  let best: Scored[] = [];
  let span = FIRST_SPAN;
  for (let from = 0; from <= top; ) {
    const to = from + span;
    const started = performance.now();
    // Integer bounds (bigint), so FTS5 seeks rather than filtering every row.
    const chunk = await sql<{ id: number; rank: number }>`
      select rowid as id, ${BM25} as rank from writeups_fts
      where writeups_fts match ${match} and rowid >= ${BigInt(from)} and rowid < ${BigInt(to)}
      order by rank limit ${TOP_LIST}`.execute(db);
    for (const r of chunk.rows) best.push({ id: r.id, score: -r.rank });
    if (best.length > TOP_LIST * 2)
      best = best.sort((a, b) => b.score - a.score).slice(0, TOP_LIST);
    const took = performance.now() - started;
    from = to;
    span = Math.max(
      MIN_SPAN,
      Math.min(200_000, Math.round(span * (CHUNK_MS / Math.max(took, 0.5)))),
    );
    if (took > 1) await yieldNow();
  }
  best = best.sort((a, b) => b.score - a.score).slice(0, TOP_LIST);
  return {
    version,
    ids: Int32Array.from(best.map((b) => b.id)),
    scores: Float64Array.from(best.map((b) => b.score)),
  };
}

/**
 * The best TOP_LIST write-ups for `match` (one word, a word's alternatives, or a phrase): kept
 * per process; when write-ups changed, the old list serves while a new one is computed.
 */
export async function topList(db: DB, match: string, onlyIfKept = false): Promise<TopList | null> {
  const mine = lists.get(db) ?? new Map<string, TopList>();
  lists.set(db, mine);
  const running = pending.get(db) ?? new Map<string, Promise<TopList>>();
  pending.set(db, running);
  const version = await dataVersion(db, "writeups");
  const cached = mine.get(match);
  const refresh = () => {
    const inFlight = running.get(match);
    if (inFlight) return inFlight;
    const p = computeTopList(db, match, version)
      .then((list) => {
        mine.delete(match);
        if (mine.size >= MAX_LISTS) {
          const oldest = mine.keys().next().value;
          if (oldest !== undefined) mine.delete(oldest);
        }
        mine.set(match, list);
        return list;
      })
      .finally(() => running.delete(match));
    running.set(match, p);
    return p;
  };
  if (cached) {
    if (cached.version !== version) refresh().catch(() => {});
    return cached;
  }
  if (onlyIfKept) return null;
  return refresh();
}

/** Forget the per-word lists (tests). */
export function resetTopLists(db: DB) {
  lists.delete(db);
  pending.delete(db);
}

/**
 * Write-ups ranked by the sum of their scores in each group's top list; `all` puts those found in
 * every group's list first (they certainly hold every word).
 */
export async function rankFromLists(
  db: DB,
  groups: readonly string[],
): Promise<{ id: number; score: number; inAll: boolean }[]> {
  // Groups come rarest first: the first few get a list computed if needed, the rest only count
  // when theirs is already kept (a long paste of common words computes at most a few).
  const found: TopList[] = [];
  for (const [i, g] of groups.entries()) {
    const list = await topList(db, g, i >= NEW_LISTS_PER_SEARCH);
    if (list) found.push(list);
  }
  const byId = new Map<number, { score: number; seen: number }>();
  for (const list of found)
    for (let i = 0; i < list.ids.length; i++) {
      const id = list.ids[i] as number;
      const entry = byId.get(id);
      if (entry) {
        entry.score += list.scores[i] as number;
        entry.seen++;
      } else byId.set(id, { score: list.scores[i] as number, seen: 1 });
    }
  return [...byId.entries()]
    .map(([id, e]) => ({ id, score: e.score, inAll: e.seen === groups.length }))
    .sort((a, b) => Number(b.inAll) - Number(a.inAll) || b.score - a.score);
}

/** Ids matching `match`, at most `cap` of them (for exclusions). */
export async function idsMatching(db: DB, match: string, cap: number): Promise<Set<number>> {
  const { rows } = await sql<{ id: number }>`
    select rowid as id from writeups_fts where writeups_fts match ${match} limit ${cap}`.execute(
    db,
  );
  return new Set(rows.map((r) => r.id));
}
