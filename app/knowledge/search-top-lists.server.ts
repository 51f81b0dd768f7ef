import { sql } from "kysely";
import type { DB } from "#db/client";
import type { WriteupsTable } from "#db/schema";
import { dataVersion } from "~/lib/data-versions.server";
import { logger } from "~/lib/logger.server";
import { inChunks, topId } from "./search-chunks.server";
import { stems } from "./search-vocabulary.server";

// Each common word's best TOP_LIST write-ups by bm25(), walked once over every match in short
// chunks and kept (in memory and in search_top_lists): what search-rank.server.ts sums to rank a
// query of common words without a recency window.

/** bm25 weights in the index's column order: title, symptom, root_cause, fix, debugging, tags, ko_title, ko_body. */
export const WEIGHTS = [10, 6, 3, 3, 1.5, 5, 10, 4] as const;
export const BM25 = sql.raw(`bm25(writeups_fts, ${WEIGHTS.join(", ")})`);

/** How many best write-ups are kept per word for the common-word ranking. */
export const TOP_LIST = 1500;
/** Lists kept per process at most (the least recently computed go first). */
export const MAX_LISTS = 400;

export interface Scored {
  id: number;
  score: number;
}

/** What a group's write-ups are over-credited, by id (search-synonym-weights.server.ts). */
export type Excess = ReadonlyMap<number, number>;
export const noExcess = async (): Promise<Excess> => new Map();

export interface TopList {
  version: number;
  ids: Int32Array;
  scores: Float64Array;
  /** What the list's walk read (unknown for a list an earlier process stored: walked again). */
  walk?: Walk;
}

/**
 * What a walk over every match read: write-ups up to id `through`, at `walkedAt`
 * (performance.now()), their edits until `since` (an ISO time a little before the walk). Once
 * write-ups change, a list is patched (patchStart) instead of walked again: walked again after
 * every change, a search's common words were walked over and over under a steady stream of new
 * write-ups, and searches slowed everything else down.
 */
export interface Walk {
  through: number;
  walkedAt: number;
  since: string;
}

/** How long a walked list is patched before it is walked again (its scores' statistics age). */
export const WALK_AGAIN_MS = 60_000;
/** An edit whose transaction began this long before a walk may be missed by it: read again. */
const EDIT_MARGIN_MS = 10_000;
/** Ids a patch reads again at most: an edit of an older write-up has the list walked again. */
const PATCH_SPAN = 2_000;

/** Every write-up status, so the index on (status, updated_at) finds recent edits (a Record: all). */
const STATUSES = Object.keys({ draft: true, published: true } satisfies Record<
  WriteupsTable["status"],
  true
>);

/** Starts a walk: what it will have read (ids up to the largest now, edits until now). */
export async function startWalk(db: DB): Promise<Walk> {
  return {
    through: await topId(db),
    walkedAt: performance.now(),
    since: new Date(Date.now() - EDIT_MARGIN_MS).toISOString(),
  };
}

/**
 * Where a patch of a list `walk` made starts reading again: the first write-up edited since the
 * walk (content edits set updated_at) or added after it; null when the walk is older than
 * WALK_AGAIN_MS or that write-up lies further back than PATCH_SPAN (the list is walked again).
 * The patch reads every id from there in one statement and keeps the walk's entries before it.
 */
export async function patchStart(db: DB, walk: Walk | undefined): Promise<number | null> {
  if (!walk || performance.now() - walk.walkedAt >= WALK_AGAIN_MS) return null;
  const { rows } = await sql<{ first: number | null }>`
    select min(id) as first from writeups
    where status in (${sql.join(STATUSES)}) and updated_at > ${walk.since}`.execute(db);
  const first = Math.min(rows[0]?.first ?? walk.through + 1, walk.through + 1);
  return walk.through + 1 - first > PATCH_SPAN ? null : first;
}

const lists = new WeakMap<DB, Map<string, TopList>>();
const pending = new WeakMap<DB, Map<string, Promise<TopList>>>();

/** An FTS5 string ("" inside stands for a quote) and the `*` that makes it a prefix. */
const QUOTED = /"((?:[^"]|"")*)"(\*?)/g;
/** A word the index's porter stemmer may change. */
const STEMMED = /^[a-z][a-z0-9_]*$/;

/**
 * What a group's list is kept under: the group with each whole English word as the index stems
 * it, so "update", "updates" and "updated" (the same matches, the same scores) share one list and
 * one walk. Prefixes are kept as typed: a prefix is not stemmed. Alternatives keep their order:
 * the first is the word typed, which its synonyms' excess is weighed against.
 */
export async function listKey(db: DB, match: string): Promise<string> {
  const words = new Set<string>();
  for (const [, body = "", star] of match.matchAll(QUOTED))
    if (!star) for (const word of body.split(" ")) if (STEMMED.test(word)) words.add(word);
  if (!words.size) return match;
  const asked = [...words];
  const stemmed = await stems(db, asked);
  const stemOf = new Map(asked.map((word, i) => [word, stemmed[i] ?? word]));
  const stemmedPhrase = (body: string) =>
    body
      .split(" ")
      .map((word) => stemOf.get(word) ?? word)
      .join(" ");
  return match.replace(QUOTED, (whole, body: string, star: string) =>
    star ? whole : `"${stemmedPhrase(body)}"`,
  );
}

/** How many of the sorted `ids` lie in [from, to). */
function countIn(ids: Int32Array, from: number, to: number): number {
  const at = (x: number) => {
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ids[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return at(to) - at(from);
}

/**
 * The group's best TOP_LIST write-ups, each score less its `excess` (a synonym's over-credit):
 * each chunk reads as many more rows as it has over-credited write-ups, which may drop below.
 */
async function computeTopList(
  db: DB,
  match: string,
  version: number,
  excess: Excess,
): Promise<TopList> {
  let best: Scored[] = [];
  const over = Int32Array.from(excess.keys()).sort();
  const walk = await startWalk(db);
  await inChunks(db, async (from, to) => {
    const more = countIn(over, Number(from), Number(to));
    const chunk = await sql<{ id: number; rank: number }>`
      select rowid as id, ${BM25} as rank from writeups_fts
      where writeups_fts match ${match} and rowid >= ${from} and rowid < ${to}
      order by rank limit ${TOP_LIST + more}`.execute(db);
    for (const r of chunk.rows) best.push({ id: r.id, score: -r.rank - (excess.get(r.id) ?? 0) });
    if (best.length > TOP_LIST * 2)
      best = best.sort((a, b) => b.score - a.score).slice(0, TOP_LIST);
    return true;
  });
  best = best.sort((a, b) => b.score - a.score).slice(0, TOP_LIST);
  return {
    version,
    ids: Int32Array.from(best.map((b) => b.id)),
    scores: Float64Array.from(best.map((b) => b.score)),
    walk,
  };
}

/**
 * A patch's reading (patchStart): the matches of `match` from id `from` on, scored as a walk
 * scores them (bm25() now, less their excess), in rowid order or the best `limit` first; and
 * `walk` brought up to the write-ups read. One statement over the ids from `from` on.
 */
export async function readAgain(
  db: DB,
  match: string,
  walk: Walk,
  from: number,
  excess: Excess,
  best?: { limit: number },
): Promise<{ entries: Scored[]; walk: Walk }> {
  const through = await topId(db);
  const { rows } = await sql<{ id: number; rank: number }>`
    select rowid as id, ${BM25} as rank from writeups_fts
    where writeups_fts match ${match} and rowid >= ${BigInt(from)}
    ${best ? sql`order by rank limit ${best.limit}` : sql`order by rowid`}`.execute(db);
  return {
    entries: rows.map((r) => ({ id: r.id, score: -r.rank - (excess.get(r.id) ?? 0) })),
    walk: { ...walk, through: Math.max(through, walk.through) },
  };
}

/**
 * `old` with its entries from id `from` on (write-ups added or edited since its walk) read again:
 * their scores (bm25() now, less their excess) merged with the walk's before `from`, the best
 * TOP_LIST kept. One statement over the ids from `from` on.
 */
async function patchTopList(
  db: DB,
  match: string,
  old: TopList & { walk: Walk },
  from: number,
  version: number,
  excess: Excess,
): Promise<TopList> {
  const again = await readAgain(db, match, old.walk, from, excess, {
    limit: TOP_LIST + excess.size,
  });
  const best = again.entries;
  for (let i = 0; i < old.ids.length; i++) {
    const id = old.ids[i] as number;
    if (id < from) best.push({ id, score: old.scores[i] as number });
  }
  best.sort((a, b) => b.score - a.score);
  const kept = best.slice(0, TOP_LIST);
  return {
    version,
    ids: Int32Array.from(kept.map((b) => b.id)),
    scores: Float64Array.from(kept.map((b) => b.score)),
    walk: again.walk,
  };
}

/** Lists kept in the database across restarts, at most (the oldest computed go first). */
const MAX_STORED = 1000;

/** A list kept by an earlier process (any version), or null. */
async function storedList(db: DB, match: string): Promise<TopList | null> {
  try {
    const row = await db
      .selectFrom("search_top_lists")
      .select(["version", "ids", "scores"])
      .where("match", "=", match)
      .executeTakeFirst();
    if (!row) return null;
    // Copied into fresh buffers: typed arrays need their own alignment.
    return {
      version: row.version,
      ids: new Int32Array(new Uint8Array(row.ids).buffer),
      scores: new Float64Array(new Uint8Array(row.scores).buffer),
    };
  } catch (error) {
    logger.warn("reading a stored search list failed", { error: String(error) });
    return null;
  }
}

/** Keeps a computed list for the next process; a failure (a full disk) only loses the saving. */
async function storeList(db: DB, match: string, list: TopList): Promise<void> {
  try {
    const values = {
      match,
      version: list.version,
      ids: new Uint8Array(list.ids.buffer, list.ids.byteOffset, list.ids.byteLength),
      scores: new Uint8Array(list.scores.buffer, list.scores.byteOffset, list.scores.byteLength),
    };
    // Replacing a row gives it a new rowid: rowid order is the order lists were computed in.
    await db.replaceInto("search_top_lists").values(values).execute();
    await sql`delete from search_top_lists where rowid <= (
      select max(rowid) from search_top_lists) - ${MAX_STORED}`.execute(db);
  } catch (error) {
    logger.warn("storing a search list failed", { error: String(error) });
  }
}

/**
 * The best TOP_LIST write-ups for `match` (one word, a word's alternatives, or a phrase), less
 * their `excess` (the group's, so the same for the same `match` and version; asked only when the
 * list is computed): kept per process and in the database. When write-ups changed, a list walked
 * in this process within WALK_AGAIN_MS gets the added and edited write-ups' matches merged in
 * (patchTopList); an older one, or one an edit of an older write-up changed, serves while it is
 * walked again.
 */
export async function topList(
  db: DB,
  match: string,
  onlyIfKept = false,
  excess: () => Promise<Excess> = noExcess,
): Promise<TopList | null> {
  // Kept and shared under its key; walked with the match as asked (the same matches).
  const key = await listKey(db, match);
  const mine = lists.get(db) ?? new Map<string, TopList>();
  lists.set(db, mine);
  const running = pending.get(db) ?? new Map<string, Promise<TopList>>();
  pending.set(db, running);
  const version = await dataVersion(db, "writeups");
  const keep = (list: TopList) => {
    mine.delete(key);
    if (mine.size >= MAX_LISTS) {
      const oldest = mine.keys().next().value;
      if (oldest !== undefined) mine.delete(oldest);
    }
    mine.set(key, list);
  };
  const refresh = () => {
    const inFlight = running.get(key);
    if (inFlight) return inFlight;
    const p = excess()
      .then((over) => computeTopList(db, match, version, over))
      .then(async (list) => {
        keep(list);
        await storeList(db, key, list);
        return list;
      })
      .finally(() => running.delete(key));
    running.set(key, p);
    return p;
  };
  /** The kept list with the write-ups added since (one search patches it, the others wait). */
  const patch = (old: TopList, walk: Walk, from: number) => {
    const patchKey = `patch ${key}`;
    const inFlight = running.get(patchKey);
    if (inFlight) return inFlight;
    const p = excess()
      .then((over) => patchTopList(db, match, { ...old, walk }, from, version, over))
      .then((list) => {
        // A walk that ended meanwhile is newer: it is kept, not replaced.
        if (mine.get(key) === old) keep(list);
        return list;
      })
      .finally(() => running.delete(patchKey));
    running.set(patchKey, p);
    return p;
  };
  let cached = mine.get(key);
  if (!cached) {
    const stored = await storedList(db, key);
    if (stored) {
      keep(stored);
      cached = stored;
    }
  }
  if (cached) {
    if (cached.version === version) return cached;
    // A patch under way: wait for it, not look for what it is already reading.
    const patching = running.get(`patch ${key}`);
    if (patching) return patching;
    const { walk } = cached;
    const from = await patchStart(db, walk);
    if (walk && from !== null) return patch(cached, walk, from);
    refresh().catch(() => {});
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
