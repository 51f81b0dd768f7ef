import type { DB } from "#db/client";
import { inChunks } from "./search-chunks.server";
import { scoredTogether } from "./search-group-scores.server";
import { rankedJoined } from "./search-joined.server";
import type { Pass } from "./search-prepare.server";
import { isPhrase, joinMatch } from "./search-query";
import {
  type Candidate,
  EXHAUSTIVE,
  idsMatching,
  idsUpTo,
  type Partners,
  pairHoldersBelow,
  rankFromLists,
} from "./search-rank.server";
import { filtered, type Row, rankedRows, rowsFor, rowsInBatches } from "./search-rows.server";
import { cappedPartners, excessOf, weighedGroups } from "./search-synonym-weights.server";
import type { SearchFilters } from "./search-types";

// One ranked pass of a search (search.server.ts runs them: every word, then any of them): the
// write-ups holding the pass's groups, best first, from bm25() over few matches, from the
// groups' kept lists, or from their top lists among many.

/** A single word matching at least this many is ranked from its kept list (search-together.ts). */
const ONE_KEPT_FROM = 500;

/** Rows more an exhaustive pass reads when a synonym's over-credit may reorder them. */
const SYNONYM_EXTRA = 50;
/**
 * The share of a query's weight a write-up holds: each group weighted by its rarity
 * (log(1 + write-ups / matches)), times `weights[i]` when given.
 */
export function heldShare(
  held: readonly boolean[],
  counts: readonly number[],
  total: number,
  weights?: readonly number[],
): number {
  let all = 0;
  let mine = 0;
  for (const [i, n] of counts.entries()) {
    const weight = Math.log(1 + Math.max(1, total) / Math.max(1, n)) * (weights?.[i] ?? 1);
    all += weight;
    if (held[i]) mine += weight;
  }
  return all > 0 ? mine / all : 1;
}

/**
 * For write-ups holding some of the words only: the share of the query's weight they hold
 * (heldShare). bm25 sums what a write-up holds, so three common words can outweigh the one rare
 * word the answer shares with the query; scaling by the share (a coordination factor, from 0.5
 * for none to 1 for all) puts the rare word's holder first.
 */
export function coverage(held: readonly boolean[], counts: readonly number[], total: number) {
  return 0.5 + 0.5 * heldShare(held, counts, total);
}

/**
 * One ranked pass: every match scored by bm25() when there are few; otherwise the groups' top
 * lists. Filters and exclusions applied; `want` rows with their scores, best first.
 */
export async function rankPass(
  db: DB,
  pass: Pass,
  mode: "all" | "any",
  filters: SearchFilters,
  skip: ReadonlySet<number>,
  want: number,
  bonus: ReadonlyMap<number, number> = new Map(),
  partners: readonly Partners[] = [],
): Promise<{ row: Row; score: number; all: boolean }[]> {
  const match = joinMatch(pass.groups, pass.excluded, mode);
  if (!match) return [];
  const estimate =
    mode === "all" ? Math.min(...pass.counts) : pass.counts.reduce((a, b) => a + b, 0);
  // Common words (or phrases of them) may walk long doclists to find few matches: in chunks.
  const walksLong = pass.counts.some((n) => n > EXHAUSTIVE) || pass.groups.some(isPhrase);
  // Holding every group: the matching ids, walked in chunks (few, or the top lists rank instead).
  let ids: number[] | null = null;
  let exhaustive = estimate <= EXHAUSTIVE;
  // Several groups, common ones among them: scored exactly from the groups' kept lists, when
  // they are kept (otherwise FTS5 answers, and the lists are computed off the request). Not with
  // filters: FTS5's statement applies them as it ranks, where the lists' best write-ups would
  // each be looked up by id (among 100,000, a filter one write-up in twenty passes doubled the
  // time; one on an unindexed column over the whole table took 350 ms). A filtered search still
  // learns from them which write-ups hold every group (below), when too many may for FTS5 to
  // rank them all (then every group matches more than EXHAUSTIVE: none is computed here).
  const isFiltered = filtered(filters);
  // (With `lacking`, the lists give only the write-ups missing one of those groups.)
  const several = pass.groups.length > 1 || pass.lacking !== undefined;
  const joined =
    mode === "all" &&
    several &&
    !pass.excluded.length &&
    (isFiltered ? !exhaustive : walksLong || !exhaustive)
      ? await scoredTogether(db, pass.groups, pass.counts, partners, pass.lacking)
      : undefined;
  if (joined && !isFiltered) {
    // Many: the pairs' bonus orders them, as it orders the top lists' candidates below.
    const order = joined.size > EXHAUSTIVE ? bonus : new Map<number, number>();
    return rankedJoined(db, joined, { filters, skip, want, bonus: order });
  }
  if (!exhaustive && mode === "all" && several) {
    // The kept lists say which write-ups hold every group without walking FTS5's doclists (a
    // filtered search of common words walked them for 5 ms to learn there were too many).
    ids = joined
      ? joined.size <= EXHAUSTIVE
        ? Array.from(joined.all().ids)
        : null
      : await idsUpTo(db, match, EXHAUSTIVE);
    exhaustive = ids !== null;
  }
  // One word (with its alternatives) held by hundreds: scored from its kept list as several words
  // are, where bm25() read every match's positions again on each search (2,000 matches: 3 ms).
  if (
    exhaustive &&
    mode === "all" &&
    !several &&
    !pass.excluded.length &&
    !isFiltered &&
    estimate >= ONE_KEPT_FROM
  ) {
    const one = await scoredTogether(db, pass.groups, pass.counts, partners);
    if (one) return rankedJoined(db, one, { filters, skip, want, bonus: new Map() });
  }
  if (exhaustive) {
    // Write-ups over-credited for a synonym may fall below the page: more are read.
    let scored = await cappedPartners(db, partners);
    const extra = scored.length ? SYNONYM_EXTRA : 0;
    const ranked = (
      rank: string,
      range: { from: bigint; to: bigint } | null,
      among: readonly number[] | null,
    ) => rankedRows(db, { rank, range, among, filters, skip, want: want + extra });
    let rows: (Row & { rank: number })[] = [];
    if (walksLong && mode === "all") {
      // One statement over the ids found, ranked by the groups that can move a score: each
      // statement that ranks walks its words' doclists in full once, so chunks would repeat it.
      // (rowid + 0 keeps FTS5 from looking each id up as a query of its own.)
      ids ??= await idsUpTo(db, match, EXHAUSTIVE);
      if (!ids?.length) return [];
      const weighed = await weighedGroups(db, pass.groups, pass.counts, partners);
      const rank = joinMatch(weighed, [], "all") ?? match;
      // A synonym left out of the ranking expression has nothing to take off.
      if (rank !== match) scored = scored.filter((p) => weighed.includes(p.group));
      const span = { from: BigInt(Math.min(...ids)), to: BigInt(Math.max(...ids) + 1) };
      rows = (await ranked(rank, span, ids)).rows;
    } else if (walksLong)
      await inChunks(db, async (from, to) => {
        rows.push(...(await ranked(match, { from, to }, null)).rows);
        return true;
      });
    else rows = (await ranked(match, null, null)).rows;
    if (scored.length && rows.length) {
      const over = await excessOf(
        db,
        scored,
        rows.map((r) => r.id),
      );
      for (const r of rows) r.rank += over.get(r.id) ?? 0;
    }
    rows.sort((a, b) => a.rank - b.rank);
    return rows.slice(0, want).map((r) => ({ row: r, score: -r.rank, all: mode === "all" }));
  }
  // Many matches: the groups' top lists. Exclusions are looked up once (they are usually rare).
  const byRarity = pass.groups
    .map((group, i) => {
      const mine = partners.filter((p) => p.group === group);
      return {
        group,
        count: pass.counts[i] ?? 0,
        ...(mine.length ? { excess: () => excessOf(db, mine) } : {}),
      };
    })
    .filter((x) => x.count > 0)
    .sort((a, b) => a.count - b.count);
  const { ranked, unseen, upper } = await rankFromLists(db, byRarity, bonus);
  const excludedIds = pass.excluded.length
    ? await idsMatching(
        db,
        joinMatch(
          pass.excluded.map((e) => `"${e.replaceAll('"', '""')}"`),
          [],
          "any",
        ) as string,
        50_000,
      )
    : new Set<number>();
  const pick = (c: Candidate) =>
    (mode === "any" || c.inAll) && !skip.has(c.id) && !excludedIds.has(c.id);
  // The candidates in order, a batch at a time, until the page is full; with every group asked
  // for, only those in every list (they come first).
  const byId = new Map<number, Candidate>();
  const rows = await rowsInBatches(db, {
    size: mode === "all" ? ranked.inAll : ranked.size,
    batch: (from, to) =>
      ranked
        .first(to)
        .slice(from)
        .filter(pick)
        .map((c) => {
          byId.set(c.id, c);
          return c.id;
        }),
    filters,
    want,
  });
  const found = rows.map((row) => {
    const c = byId.get(row.id);
    // The pairs' bonus ordered the candidates; the caller adds it to every pass's scores.
    const score = (c?.score ?? 0) - (bonus.get(row.id) ?? 0);
    return { row, score, all: mode === "all" || Boolean(c?.inAll) };
  });
  if (mode !== "all" || !pass.runs?.length) return found;
  const lowest = found.length < want ? Number.NEGATIVE_INFINITY : (found.at(-1)?.score ?? 0);
  // (Unbounded when a word has no list: then none is found in every list, and the any-word
  // pass ranks them, with the pairs' bonus.)
  const most = unseen();
  if (lowest >= most || most === Number.POSITIVE_INFINITY) return found;
  const joining = await pairHoldersBelow(db, {
    runs: pass.runs,
    match,
    groups: pass.groups.length,
    // (The bound holds the pairs' bonus, as the lists' candidates did: taken off, as from theirs.)
    upper: (id) => upper(id) - (bonus.get(id) ?? 0),
    lowest,
    want,
    skip: (id) => skip.has(id) || excludedIds.has(id) || Boolean(ranked.find(id)?.inAll),
  });
  if (!joining.length) return found;
  const scoreOf = new Map(joining.map((c) => [c.id, c.score]));
  const more = await rowsFor(
    db,
    joining.map((c) => c.id),
    filters,
    want,
  );
  return [...found, ...more.map((row) => ({ row, score: scoreOf.get(row.id) ?? 0, all: true }))]
    .sort((a, b) => b.score - a.score)
    .slice(0, want);
}
