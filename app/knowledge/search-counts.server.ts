import { sql } from "kysely";
import type { DB } from "#db/client";
import { dataVersion } from "~/lib/data-versions.server";
import { inChunks, topId } from "./search-chunks.server";
import { forgottenWithAnswers } from "./search-kept.server";
import { patchStart, startWalk, WALK_AGAIN_MS, type Walk } from "./search-top-lists.server";

// How many write-ups match an expression, kept per version of the write-ups and carried into the
// next. A query's words are counted by every step that reads them (its groups, corrections, rare
// pairs, synonyms' weights), and a common word's count walks its doclist up to the cap: dropped
// at every change, a stream of new write-ups (one a second) had every search count its words
// again (an eighth of the statement time under `npm run bench:pages`' writer). So a count is taken in
// two parts, the ids before the newest TAIL_SPAN and those from there on; once write-ups change,
// a count whose older part nothing edited since keeps that part and counts the recent ids again
// (one short statement; none when the older part alone is past the cap). An edit further back, a
// count over a minute old or the recent part grown past twice TAIL_SPAN ids: counted again in
// full. What it trades: a deleted older write-up stays counted until then, as it stays in a kept
// list (search-top-lists.server.ts).

/** Counts kept per version at most (all dropped when full). */
const MAX_KEPT = 4_096;
/** The recent ids counted apart (read again when write-ups change). */
const TAIL_SPAN = 2_000;

interface Count {
  n: number;
  /** The matches among ids before `tail`, up to the cap + 1. */
  older: number;
  /** Where the recent part starts. */
  tail: number;
  /** What the count read: the ids up to `through`, edits until `since` (null: not carried). */
  walk: Walk | null;
}

interface Kept {
  version: number;
  answers: Map<string, Count>;
  /** Counts of earlier versions that may be carried, by key. */
  earlier: Map<string, Count>;
}
const keptFor = new WeakMap<DB, Kept>();
forgottenWithAnswers(keptFor);

/** How an expression is counted: its matches among ids in [from, to), up to `limit`. */
export type Counter = (limit: number, range?: { from?: number; to?: number }) => Promise<number>;

async function keptOf(db: DB): Promise<Kept> {
  const version = await dataVersion(db, "writeups");
  const mine = keptFor.get(db);
  if (mine && mine.version === version) return mine;
  // The latest of each key first; none older than a minute (patchStart refuses them), MAX_KEPT at most.
  const earlier = new Map<string, Count>();
  const now = performance.now();
  for (const from of [mine?.answers, mine?.earlier])
    for (const [key, count] of from ?? []) {
      if (earlier.size >= MAX_KEPT) break;
      if (count.walk && now - count.walk.walkedAt < WALK_AGAIN_MS && !earlier.has(key))
        earlier.set(key, count);
    }
  const fresh: Kept = { version, answers: new Map(), earlier };
  keptFor.set(db, fresh);
  return fresh;
}

function keep(kept: Kept, key: string, count: Count) {
  if (kept.answers.size >= MAX_KEPT) kept.answers.clear();
  kept.answers.set(key, count);
}

/**
 * The number of matches `count` finds, up to `cap + 1`, kept under `key` for this version of the
 * write-ups; carried from an earlier version when nothing before its recent part was edited.
 */
export async function keptCount(db: DB, key: string, cap: number, count: Counter): Promise<number> {
  const kept = await keptOf(db);
  const found = kept.answers.get(key);
  if (found) return found.n;
  const before = kept.earlier.get(key);
  kept.earlier.delete(key);
  const counted =
    (before && (await carried(db, before, cap, count))) ?? (await fresh(db, cap, count));
  // Written meanwhile: the count may miss a write-up, and is not kept.
  if ((await keptOf(db)) === kept) keep(kept, key, counted);
  return counted.n;
}

/** Counted in full, in its two parts. */
async function fresh(db: DB, cap: number, count: Counter): Promise<Count> {
  const walk = await startWalk(db);
  const tail = Math.max(1, walk.through - TAIL_SPAN + 1);
  const older = await count(cap + 1, { to: tail });
  const n = older > cap ? older : older + (await count(cap + 1 - older, { from: tail }));
  return { n, older, tail, walk };
}

/** `before` brought up to now, its recent part counted again; null when it must be counted anew. */
async function carried(db: DB, before: Count, cap: number, count: Counter): Promise<Count | null> {
  const { walk, tail, older } = before;
  const from = await patchStart(db, walk ?? undefined);
  // An edit of an older write-up (or a count too old to carry): counted again.
  if (walk === null || from === null || from < tail) return null;
  if ((await topId(db)) - tail >= 2 * TAIL_SPAN) return null;
  // Past the cap before the recent part: past it whatever came since.
  const n = older > cap ? older : older + (await count(cap + 1 - older, { from: tail }));
  return { n, older, tail, walk };
}

/**
 * Kept under `key` as counted elsewhere (every match walked), carried as a count of its own when
 * `by` gives the walk that counted it (its recent part then counted apart, one short statement).
 */
export async function keepCount(
  db: DB,
  key: string,
  n: number,
  by?: { walk: Walk; count: Counter },
): Promise<void> {
  const kept = await keptOf(db);
  if (kept.answers.has(key)) return;
  let counted: Count = { n, older: n, tail: 0, walk: null };
  if (by) {
    const tail = Math.max(1, by.walk.through - TAIL_SPAN + 1);
    const recent = await by.count(n + 1, { from: tail, to: by.walk.through + 1 });
    counted = { n, older: n - recent, tail, walk: by.walk };
  }
  if ((await keptOf(db)) === kept) keep(kept, key, counted);
}

/** A Counter for a MATCH expression, walking long doclists in chunks when `chunked`. */
export function matchCounter(db: DB, match: string, chunked: boolean): Counter {
  return async (limit, { from = 1, to = Number.MAX_SAFE_INTEGER } = {}) => {
    if (limit <= 0) return 0;
    if (!chunked) {
      const { rows } = await sql<{ n: number }>`
        select count(*) as n from (select 1 from writeups_fts where writeups_fts match ${match}
          and rowid >= ${from} and rowid < ${to} limit ${limit})`.execute(db);
      return rows[0]?.n ?? 0;
    }
    let total = 0;
    await inChunks(db, async (lo, hi) => {
      const start = Math.max(Number(lo), from);
      const end = Math.min(Number(hi), to);
      if (start < end) {
        const { rows } = await sql<{ n: number }>`
          select count(*) as n from (select 1 from writeups_fts where writeups_fts match ${match}
            and rowid >= ${start} and rowid < ${end} limit ${limit - total})`.execute(db);
        total += rows[0]?.n ?? 0;
      }
      return total < limit && Number(hi) < to;
    });
    return total;
  };
}
