import { sql } from "kysely";
import type { DB } from "#db/client";
import { bestPositions } from "./search-best";
import { inChunks } from "./search-chunks.server";
import { keptPerVersion } from "./search-kept.server";
import {
  BM25,
  type Excess,
  noExcess,
  type Scored,
  TOP_LIST,
  type TopList,
  topList,
} from "./search-top-lists.server";

// Ranking that looks at every match, and stays fast on common words without a recency window.
// Few matches (≤ EXHAUSTIVE): FTS5's bm25() over all of them. More: each word's own best
// TOP_LIST write-ups by bm25 (exact, computed once over every match in short chunks that let
// other requests run in between, then kept until write-ups change), and a write-up's score is
// the sum over the query's words, as bm25 itself sums. An old write-up is ranked like a new one.

/** Up to this many matches, bm25() ranks every one of them directly. */
export const EXHAUSTIVE = 2500;
/**
 * Top lists computed for one search at most; other groups count only if their list is kept. Five,
 * not three: a query's fourth and fifth common words then count from a fresh server's first
 * search (100,000 write-ups in `npm run eval:search`: English MRR@10 0.973 → 0.979), at one or
 * two more walks the first time those words are searched.
 */
const NEW_LISTS_PER_SEARCH = 5;

/**
 * How many write-ups match `match`, counting no further than `cap + 1`. A plain word stops as
 * soon as it has counted enough; an expression whose matches may be sparse in long doclists (a
 * phrase of common words, common words together) is counted in chunks.
 */
export function countUpTo(
  db: DB,
  match: string,
  cap = EXHAUSTIVE,
  chunked = false,
): Promise<number> {
  return keptCounts(db, countKey(match, cap, chunked), () => countNow(db, match, cap, chunked));
}

/** Where a count is kept: by its expression, its cap and whether it was walked in chunks. */
const countKey = (match: string, cap: number, chunked: boolean) =>
  `${cap}|${chunked ? "c" : ""}|${match}`;

/** No cap: what docCount counts to. */
const ALL = Number.MAX_SAFE_INTEGER - 1;

/** A whole count found another way (every match walked for its score), kept for docCount. */
export async function countedElsewhere(db: DB, match: string, n: number): Promise<void> {
  await keptCounts(db, countKey(match, ALL, false), async () => n);
}

/**
 * Counts kept per version of the write-ups: a query's words are counted by every step that reads
 * them (the query's groups, corrections, rare pairs, synonyms' weights), and a common word's count
 * walks its doclist.
 */
const keptCounts = keptPerVersion<number>(4_096);

async function countNow(db: DB, match: string, cap: number, chunked: boolean): Promise<number> {
  if (!chunked) {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from (select 1 from writeups_fts where writeups_fts match ${match}
      limit ${cap + 1})`.execute(db);
    return rows[0]?.n ?? 0;
  }
  let total = 0;
  await inChunks(db, async (from, to) => {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from (select 1 from writeups_fts where writeups_fts match ${match}
        and rowid >= ${from} and rowid < ${to} limit ${cap + 1 - total})`.execute(db);
    total += rows[0]?.n ?? 0;
    return total <= cap;
  });
  return total;
}

/** How many write-ups after id `after` match `match` (the newest ones: a sample for shares). */
export function countAfter(db: DB, match: string, after: number): Promise<number> {
  return keptCounts(db, `after ${after}|${match}`, async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from writeups_fts where writeups_fts match ${match}
        and rowid > ${BigInt(after)}`.execute(db);
    return rows[0]?.n ?? 0;
  });
}

/** A typed word's group, its own atom, and its synonyms' and two-word form's atoms (one phrase each). */
export interface Partners {
  group: string;
  own: string;
  alternatives: readonly string[];
}

/** Write-ups holding a pair side by side that may join a page its words' lists made, at most. */
const PAIR_JOIN = 500;

/** A group with at most this many matches is scored in full for each search, never kept. */
export const RARE_GROUP = 200;

/**
 * Every match of a rare group with its score: what its top list would hold, read once per
 * version of the write-ups (a query's rare words and pairs are read again by every search typed
 * after it, "알림톡 발송" by "알림톡 발송 실패"). With an excess (a synonym's over-credit), read
 * each time: the excess is the search's own.
 */
export function scoredNow(db: DB, match: string, excess: Excess = new Map()): Promise<TopList> {
  return excess.size
    ? scoreAll(db, match, excess)
    : keptScored(db, match, () => scoreAll(db, match, excess));
}
const keptScored = keptPerVersion<TopList>(2_000);

async function scoreAll(db: DB, match: string, excess: Excess): Promise<TopList> {
  const { rows } = await sql<{ id: number; rank: number }>`
    select rowid as id, ${BM25} as rank from writeups_fts where writeups_fts match ${match}
    order by rank limit ${TOP_LIST}`.execute(db);
  const scored = rows
    .map((r) => ({ id: r.id, score: -r.rank - (excess.get(r.id) ?? 0) }))
    .sort((a, b) => b.score - a.score);
  return {
    version: 0,
    ids: Int32Array.from(scored.map((r) => r.id)),
    scores: Float64Array.from(scored.map((r) => r.score)),
  };
}

/**
 * Write-ups ranked by the sum of their scores in each group's top list; `all` puts those found in
 * every group's list first (they certainly hold every word). `bonus` (pairBonus) is added, and
 * the write-ups it names are candidates too. A group's `excess` (a synonym's over-credit) is
 * already taken off its list's scores.
 *
 * `unseen` bounds the score of a write-up holding every word but missing from some list (or all):
 * what it has, plus the lowest score of each list it is not in; minus infinity when such a list
 * holds every match of its group (the write-up doesn't hold that word), infinity when a group
 * has no list kept (computed when asked). `upper` is that bound for one write-up.
 */
export async function rankFromLists(
  db: DB,
  groups: readonly { group: string; count: number; excess?: () => Promise<Excess> }[],
  bonus: ReadonlyMap<number, number> = new Map(),
): Promise<{
  ranked: Ranked;
  unseen: () => number;
  upper: (id: number) => number;
}> {
  // Groups come rarest first. A rare group's matches are scored on the spot, none left out; of
  // the others, the first few get a list computed if needed, the rest only count when theirs is
  // already kept (a long paste of common words computes at most a few).
  const found: TopList[] = [];
  let computed = 0;
  for (const { group, count, excess = noExcess } of groups) {
    const list =
      count <= RARE_GROUP
        ? await scoredNow(db, group, await excess())
        : await topList(db, group, computed++ >= NEW_LISTS_PER_SEARCH, excess);
    if (list) found.push(list);
  }
  const full = found.length === groups.length;
  // Which lists hold a write-up, as bits: all of them only when every group has a list. Entries
  // in parallel arrays, found by id through `slot` (its place + 1; a search merges up to
  // thousands of ids per list, and an array indexed by id beats a Map).
  const every = 2 ** groups.length - 1;
  let top = 0;
  for (const id of bonus.keys()) top = Math.max(top, id);
  for (const list of found) for (const id of list.ids) top = Math.max(top, id);
  const slot = slotsUpTo(top);
  // Sized for every entry at once: arrays grown entry by entry were a search's largest garbage.
  let room = bonus.size;
  for (const list of found) room += list.ids.length;
  const ids = new Int32Array(room);
  const scores = new Float64Array(room);
  const held = new Int32Array(room);
  let size = 0;
  const enter = (id: number, score: number, lists: number) => {
    const k = (slot[id] as number) - 1;
    if (k < 0) {
      slot[id] = size + 1;
      ids[size] = id;
      scores[size] = score;
      held[size] = lists;
      size++;
    } else {
      scores[k] = (scores[k] as number) + score;
      held[k] = (held[k] as number) | lists;
    }
  };
  for (const [id, score] of bonus) enter(id, score, 0);
  for (const [j, list] of found.entries())
    for (let i = 0; i < list.ids.length; i++)
      enter(list.ids[i] as number, list.scores[i] as number, 1 << j);
  // The slots are shared by every search: cleared before anything awaits. The few ids looked up
  // later (a pair's holders, at most PAIR_JOIN) are found through a Map made when first asked.
  for (let k = 0; k < size; k++) slot[ids[k] as number] = 0;
  let places: Map<number, number> | undefined;
  const at = (id: number) => {
    if (!places) {
      places = new Map();
      for (let k = 0; k < size; k++) places.set(ids[k] as number, k);
    }
    return places.get(id) ?? -1;
  };
  const ranked = rankedOf(ids.subarray(0, size), scores, (k) => held[k] === every, at);
  // What a list leaves out scores no more than its last entry; nothing, if it holds every match.
  const caps = found.map((list) =>
    list.ids.length < TOP_LIST ? Number.NEGATIVE_INFINITY : (list.scores.at(-1) ?? 0),
  );
  const capOutside = (lists: number) =>
    caps.reduce((sum, cap, j) => (lists & (1 << j) ? sum : sum + cap), 0);
  /** The most write-up `id` can score if it holds every word. */
  const upper = (id: number) => {
    if (!full) return Number.POSITIVE_INFINITY;
    const k = at(id);
    return k < 0 ? capOutside(0) : (scores[k] as number) + capOutside(held[k] as number);
  };
  const unseen = () => {
    let most = full ? capOutside(0) : Number.POSITIVE_INFINITY;
    if (!full) return most;
    for (let k = 0; k < size; k++)
      if (held[k] !== every)
        most = Math.max(most, (scores[k] as number) + capOutside(held[k] as number));
    return most;
  };
  return { ranked, unseen, upper };
}

/**
 * Scratch slots by write-up id for rankFromLists, all 0 between uses (each use clears the slots
 * it set before it awaits anything): an array of up to 100,000 ids made per search was garbage.
 */
let slots = new Int32Array(0);
function slotsUpTo(top: number): Int32Array {
  if (slots.length <= top) slots = new Int32Array(Math.max(top + 1, slots.length * 2));
  return slots;
}

/** A write-up rankFromLists found, with its score and whether every group's list holds it. */
export interface Candidate {
  id: number;
  score: number;
  inAll: boolean;
}

/**
 * Candidates in order (those in every list first, then by score; ties in the order found), put
 * in order only as far as asked: a page needs the first few dozen of up to tens of thousands.
 */
export interface Ranked {
  size: number;
  /** How many are in every list (they come first). */
  inAll: number;
  /** The first `n`, in order. */
  first(n: number): Candidate[];
  /** The candidate with this id, if any. */
  find(id: number): Candidate | undefined;
}

/** How many candidates are put in order at least, once any is asked for. */
const FIRST_SORTED = 200;

/** Ranked over parallel arrays: entry k's id, score, and whether `inAll(k)`. */
function rankedOf(
  ids: ArrayLike<number>,
  scores: ArrayLike<number>,
  inAll: (k: number) => boolean,
  at: (id: number) => number,
): Ranked {
  const holding: number[] = [];
  const others: number[] = [];
  for (let k = 0; k < ids.length; k++) (inAll(k) ? holding : others).push(k);
  // The best `limit` of `entries` by score, best first (ties: the earlier entry).
  const best = (entries: readonly number[], limit: number) => {
    const keys = new Float64Array(entries.length);
    for (let i = 0; i < entries.length; i++) keys[i] = scores[entries[i] as number] as number;
    return bestPositions(keys, Math.min(limit, entries.length)).map((i) => entries[i] as number);
  };
  let ordered: number[] = [];
  const candidate = (k: number) => ({
    id: ids[k] as number,
    score: scores[k] as number,
    inAll: inAll(k),
  });
  return {
    size: ids.length,
    inAll: holding.length,
    find(id) {
      const k = at(id);
      return k < 0 ? undefined : candidate(k);
    },
    first(n) {
      if (n > ordered.length && ordered.length < ids.length) {
        const m = Math.max(n, FIRST_SORTED);
        ordered =
          m <= holding.length
            ? best(holding, m)
            : [...best(holding, holding.length), ...best(others, m - holding.length)];
      }
      return ordered.slice(0, n).map(candidate);
    },
  };
}

/**
 * The ids matching `match`, walked in chunks, or null once there are more than `cap`. No bm25()
 * here: an expression of common words is cheap to walk, but each statement that ranks walks
 * every one of its words' doclists once more to count them (bm25's idf).
 */
export async function idsUpTo(db: DB, match: string, cap: number): Promise<number[] | null> {
  const ids: number[] = [];
  await inChunks(db, async (from, to) => {
    const { rows } = await sql<{ id: number }>`
      select rowid as id from writeups_fts where writeups_fts match ${match}
        and rowid >= ${from} and rowid < ${to} limit ${cap + 1 - ids.length}`.execute(db);
    for (const r of rows) ids.push(r.id);
    return ids.length <= cap;
  });
  return ids.length <= cap ? ids : null;
}

/** Rows in the index as bm25() counts them: the first varint of FTS5's averages record. */
export async function indexRows(db: DB): Promise<number> {
  const { rows } = await sql<{ block: Uint8Array }>`
    select block from writeups_fts_data where id = 1`.execute(db);
  const block = rows[0]?.block;
  let n = 0;
  for (let i = 0; block && i < Math.min(block.length, 8); i++) {
    const byte = block[i] as number;
    n = n * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) break;
  }
  return n;
}

/** How many write-ups hold `atom`, counted in full once per version of the write-ups. */
export function docCount(db: DB, atom: string): Promise<number> {
  return countUpTo(db, atom, ALL);
}

/** Ids matching `match`, at most `cap` of them (for exclusions). */
export async function idsMatching(db: DB, match: string, cap: number): Promise<Set<number>> {
  const { rows } = await sql<{ id: number }>`
    select rowid as id from writeups_fts where writeups_fts match ${match} limit ${cap}`.execute(
    db,
  );
  return new Set(rows.map((r) => r.id));
}

/** Which of a few `ids` match `match` (each looked up by rowid: for a handful only). */
export async function idsAmong(
  db: DB,
  match: string,
  ids: readonly number[],
): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const { rows } = await sql<{ id: number }>`
    select rowid as id from writeups_fts where writeups_fts match ${match}
      and rowid in (${sql.join(ids.map((id) => sql`${id}`))})`.execute(db);
  return new Set(rows.map((r) => r.id));
}

/**
 * A write-up missing from a word's list can still hold every word and belong on the page (a long
 * text saying "결제 재시도" in its title, among 3,000 short ones holding both words apart): the
 * best `want` of those holding a pair of the words side by side (when at most PAIR_JOIN do),
 * whose `upper` bound (rankFromLists) beats `lowest`, each at that bound; the nearness bonus then
 * weighs the pair. Scoring them exactly would cost a bm25() statement walking every word's
 * doclist again.
 */
export async function pairHoldersBelow(
  db: DB,
  o: {
    runs: readonly string[];
    match: string;
    groups: number;
    upper: (id: number) => number;
    lowest: number;
    want: number;
    skip: (id: number) => boolean;
  },
): Promise<Scored[]> {
  const paired = await idsMatching(db, o.runs.map((r) => `(${r})`).join(" OR "), PAIR_JOIN + 1);
  if (paired.size > PAIR_JOIN) return [];
  const joining = [...paired]
    .filter((id) => !o.skip(id))
    .map((id) => ({ id, score: o.upper(id) }))
    .filter((c) => c.score > o.lowest)
    .sort((a, b) => b.score - a.score)
    .slice(0, o.want);
  // With two words, a pair's holders hold both; with more, the few joining are checked.
  if (!joining.length || o.groups <= 2) return joining;
  const holding = await idsAmong(
    db,
    o.match,
    joining.map((c) => c.id),
  );
  return joining.filter((c) => holding.has(c.id));
}
