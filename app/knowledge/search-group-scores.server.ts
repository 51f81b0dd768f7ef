import { sql } from "kysely";
import type { DB } from "#db/client";
import { dataVersion } from "~/lib/data-versions.server";
import { logger } from "~/lib/logger.server";
import { BACKGROUND_HOLD_MS, inChunks, quietMoment } from "./search-chunks.server";
import { forgottenWithAnswers } from "./search-kept.server";
import { isPhrase } from "./search-query";
import { countedElsewhere, EXHAUSTIVE, type Partners } from "./search-rank.server";
import { mayQueueLists } from "./search-related-scope.server";
import { cappedPartners, excessOf, weighedGroups } from "./search-synonym-weights.server";
import { type GroupScores, groupScoresOf, type Joined, together, topOf } from "./search-together";
import {
  BM25,
  type Excess,
  patchStart,
  readAgain,
  startWalk,
  WALK_AGAIN_MS,
  type Walk,
} from "./search-top-lists.server";

// Every write-up holding a group, with the group's own bm25() score, kept in memory per version
// of the write-ups (and patched into the next: patchGroupScores). bm25() sums over the phrases of
// its expression, so a write-up's score for "every group" is the sum of its groups' own scores: a
// search of several words, common ones among them, is then an intersection of kept lists, where
// FTS5 would walk every word's whole doclist twice (once to find the write-ups holding them all,
// once more for bm25's idf).

/**
 * Ids and scores kept per process at most (12 bytes each: about 36 MB). Among 100,000
 * write-ups a common word's list holds 20,000–90,000; the least recently used go first.
 */
const MAX_KEPT = 3_000_000;

/**
 * Lists waiting to be computed off the request, at most, and how many one search may add: a burst
 * of long pastes, each a dozen words, queues a bounded amount of work behind it.
 */
const MAX_QUEUED = 24;
const QUEUED_PER_SEARCH = 8;
/** Kysely's and better-sqlite3's words for a database closed under a statement. */
const CLOSED = /driver has already been destroyed|database connection is not open/;

interface Kept {
  version: number;
  lists: Map<string, GroupScores>;
  /**
   * Lists kept under earlier versions and walked within WALK_AGAIN_MS: the first search asking
   * for one under this version takes in the write-ups added since (patched) instead of walking
   * every match again.
   */
  earlier: Map<string, GroupScores>;
  size: number;
  /** Lists being computed off the request, one at a time (their chunks then never pile up). */
  queue: Promise<void>;
  queued: Set<string>;
}
const keptFor = new WeakMap<DB, Kept>();
forgottenWithAnswers(keptFor);

/** What each kept list's walk read (search-top-lists.server.ts). */
const walks = new WeakMap<GroupScores, Walk>();

/** Lists of `mine` (and those it carried) still young enough to be patched, for the next version. */
function carried(mine: Kept | undefined): Map<string, GroupScores> {
  const young = new Map<string, GroupScores>();
  if (!mine) return young;
  const now = performance.now();
  for (const from of [mine.earlier, mine.lists])
    for (const [group, list] of from) {
      const walk = walks.get(list);
      if (walk && now - walk.walkedAt < WALK_AGAIN_MS) young.set(group, list);
      else young.delete(group);
    }
  return young;
}

async function keptOf(db: DB): Promise<Kept> {
  const version = await dataVersion(db, "writeups");
  const mine = keptFor.get(db);
  if (mine && mine.version === version) return mine;
  const fresh: Kept = {
    version,
    lists: new Map(),
    earlier: carried(mine),
    size: 0,
    queue: mine?.queue ?? Promise.resolve(),
    queued: new Set(),
  };
  keptFor.set(db, fresh);
  return fresh;
}

function keep(kept: Kept, group: string, list: GroupScores) {
  if (list.ids.length > MAX_KEPT / 4) return;
  // Two searches may compute the same quick list: the one kept before is replaced.
  kept.size -= kept.lists.get(group)?.ids.length ?? 0;
  kept.lists.delete(group);
  kept.lists.set(group, list);
  kept.size += list.ids.length;
  for (const [key, old] of kept.lists) {
    if (kept.size <= MAX_KEPT) break;
    kept.lists.delete(key);
    kept.size -= old.ids.length;
  }
}

/**
 * Every write-up holding `group` with its bm25() score less `excess`, walked in chunks (or in one
 * statement, on the request, for a word matching at most EXHAUSTIVE: what a search of it alone
 * reads); cut short (and then not to be kept) once `wanted` says the list is no longer wanted.
 */
export async function computeGroupScores(
  db: DB,
  group: string,
  excess: Excess,
  wanted?: () => Promise<boolean>,
  whole = false,
): Promise<GroupScores> {
  const ids: number[] = [];
  const scores: number[] = [];
  const walk = await startWalk(db);
  const read = async (from: bigint, to: bigint | null) => {
    const { rows } = await sql<{ id: number; rank: number }>`
      select rowid as id, ${BM25} as rank from writeups_fts
      where writeups_fts match ${group} and rowid >= ${from}
        ${to === null ? sql`` : sql`and rowid < ${to}`}`.execute(db);
    for (const r of rows) {
      ids.push(r.id);
      scores.push(-r.rank - (excess.get(r.id) ?? 0));
    }
    return true;
  };
  if (whole) {
    await read(0n, null);
    const list = groupScoresOf(Int32Array.from(ids), Float64Array.from(scores));
    walks.set(list, walk);
    return list;
  }
  await inChunks(
    db,
    (from, to) => read(from, to),
    // Off the request a chunk's cost varies along the ids (a span grown eightfold on a cheap
    // stretch held 70 ms on a dearer one): it grows at most twofold.
    wanted
      ? {
          hold: BACKGROUND_HOLD_MS,
          growth: 2,
          before: wanted,
        }
      : { hold: BACKGROUND_HOLD_MS },
  );
  // FTS5 returns a full-text query's rows in ascending rowid order, and the chunks ascend.
  const list = groupScoresOf(Int32Array.from(ids), Float64Array.from(scores));
  walks.set(list, walk);
  // A long list is the kind a search walks from its best scores: they are ordered here, off the
  // request, not by the first search walking it.
  topOf(list);
  return list;
}

/**
 * `old` with its entries from id `from` on (write-ups added or edited since its walk: patchStart)
 * read again, bm25() now less `excess`, after the walk's entries before `from`. Those keep the
 * scores of their walk (bm25's statistics have moved by the few write-ups added); a deleted
 * write-up stays in the list until it is walked again, and is never shown (its row is gone).
 */
async function patchGroupScores(
  db: DB,
  group: string,
  old: GroupScores,
  walk: Walk,
  from: number,
  excess: Excess,
): Promise<GroupScores> {
  const again = await readAgain(db, group, walk, from, excess);
  let cut = 0;
  while (cut < old.ids.length && (old.ids[cut] as number) < from) cut++;
  if (cut === old.ids.length && !again.entries.length) {
    // Nothing of the group added or edited (most changes): the same list, not a copy of it.
    walks.set(old, again.walk);
    return old;
  }
  const ids = new Int32Array(cut + again.entries.length);
  const scores = new Float64Array(cut + again.entries.length);
  ids.set(old.ids.subarray(0, cut));
  scores.set(old.scores.subarray(0, cut));
  for (const [i, e] of again.entries.entries()) {
    ids[cut + i] = e.id;
    scores[cut + i] = e.score;
  }
  const list = groupScoresOf(ids, scores);
  walks.set(list, again.walk);
  return list;
}

/** The group's over-credit from its capped synonyms (search-synonym-weights.server.ts). */
async function excessFor(db: DB, group: string, partners: readonly Partners[]): Promise<Excess> {
  const mine = partners.filter((p) => p.group === group);
  return mine.length ? excessOf(db, await cappedPartners(db, mine)) : new Map();
}

/** Whether a group's list is short enough to compute on the request: a word matching few. */
const quick = (group: string, count: number, now: number) => count <= now && !isPhrase(group);

/**
 * The group's kept list, or null. A quick one (a word or alternatives matching at most `now`
 * write-ups) is computed here when `compute` says so; a longer one is queued off the request,
 * and a later search finds it.
 */
async function groupScores(
  db: DB,
  group: string,
  o: {
    count: number;
    partners: readonly Partners[];
    now: number;
    compute: boolean;
    /** How many more lists this search may queue. */
    budget: { left: number };
  },
): Promise<GroupScores | null> {
  const kept = await keptOf(db);
  const found = kept.lists.get(group);
  if (found) {
    kept.lists.delete(group);
    kept.lists.set(group, found);
    return found;
  }
  const current = async () => (await keptOf(db)) === kept;
  const earlier = kept.earlier.get(group);
  const walk = earlier && walks.get(earlier);
  const from = walk ? await patchStart(db, walk) : null;
  if (earlier && walk && from !== null) {
    const excess = await excessFor(db, group, o.partners);
    const list = await patchGroupScores(db, group, earlier, walk, from, excess);
    // Written meanwhile: patched again by the next search, under the new version.
    if (await current()) {
      kept.earlier.delete(group);
      keep(kept, group, list);
      // Its length is the group's whole count (a deleted write-up stays in it until the next
      // walk): bm25's weights ask for it, and counting it again walks the whole doclist.
      await countedElsewhere(db, group, list.ids.length);
    }
    return list;
  }
  const compute = async (wanted?: () => Promise<boolean>) => {
    const excess = await excessFor(db, group, o.partners);
    const list = await computeGroupScores(db, group, excess, wanted, !wanted);
    // Written meanwhile: the list may miss a write-up, and is not kept.
    if (await current()) {
      keep(kept, group, list);
      // The list holds every match: the group's count (bm25's weights ask for it).
      await countedElsewhere(db, group, list.ids.length);
    }
    return list;
  };
  if (quick(group, o.count, o.now)) return o.compute ? compute() : null;
  if (
    !kept.queued.has(group) &&
    o.budget.left > 0 &&
    kept.queued.size < MAX_QUEUED &&
    mayQueueLists()
  ) {
    o.budget.left--;
    kept.queued.add(group);
    kept.queue = kept.queue
      .then(async () => {
        // Off the request, a list is given up as soon as write-ups change.
        // Between searches only: each chunk waits for a quiet moment.
        const wanted = async () => {
          await quietMoment();
          return current();
        };
        if ((await wanted()) && !kept.lists.has(group)) await compute(wanted);
      })
      .catch((error) => {
        // The database closed meanwhile (a test's, or the process stopping): nothing to keep.
        if (!CLOSED.test(String(error)))
          logger.warn("computing a search list failed", { error: String(error) });
      })
      .finally(() => kept.queued.delete(group));
  }
  return null;
}

/**
 * The write-ups holding every group, each scored as bm25() over the groups that can move a score
 * (weighedGroups) less the synonyms' over-credit — what one bm25() statement over them gives —
 * from the kept lists; undefined when a list is not kept yet (then it is computed off the request, and the caller asks FTS5). A list of a group matching
 * at most EXHAUSTIVE write-ups is computed on the request. With `lacking` groups, only the
 * write-ups missing one of them, scored by those they hold as well.
 */
export async function scoredTogether(
  db: DB,
  strong: readonly string[],
  strongCounts: readonly number[],
  partners: readonly Partners[],
  lacking?: { groups: readonly string[]; counts: readonly number[] },
): Promise<Joined | undefined> {
  const groups = [...strong, ...(lacking?.groups ?? [])];
  const counts = [...strongCounts, ...(lacking?.counts ?? [])];
  const budget = { left: QUEUED_PER_SEARCH };
  const ask = (i: number, compute: boolean) =>
    groupScores(db, groups[i] as string, {
      count: counts[i] ?? EXHAUSTIVE + 1,
      partners,
      now: EXHAUSTIVE,
      compute,
      budget,
    });
  // The long lists first: while one is missing, FTS5 answers and no quick one is computed.
  const lists: (GroupScores | null)[] = [];
  for (const [i, group] of groups.entries())
    lists[i] = quick(group, counts[i] ?? EXHAUSTIVE + 1, EXHAUSTIVE) ? null : await ask(i, false);
  if (
    lists.some(
      (list, i) => !list && !quick(groups[i] as string, counts[i] ?? EXHAUSTIVE + 1, EXHAUSTIVE),
    )
  )
    return undefined;
  for (const i of groups.keys()) lists[i] ??= await ask(i, true);
  // With none that can move a score, bm25() ranks by them all, as the one statement would.
  const weighed = new Set(await weighedGroups(db, groups, counts, partners));
  const weighs = groups.map((g) => weighed.size === 0 || weighed.has(g));
  const n = strong.length;
  return together(
    lists.slice(0, n) as GroupScores[],
    weighs.slice(0, n),
    lists.slice(n) as GroupScores[],
    weighs.slice(n),
  );
}

/** Once the lists queued off the request are computed (the bench times searches after it). */
export async function groupScoresSettled(db: DB): Promise<void> {
  for (let queue = keptFor.get(db)?.queue; queue; ) {
    await queue;
    const now = keptFor.get(db)?.queue;
    queue = now === queue ? undefined : now;
  }
}
