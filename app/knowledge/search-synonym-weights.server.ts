import { sql } from "kysely";
import type { DB } from "#db/client";
import { keptPerVersion } from "./search-kept.server";
import { groupAtom, isPhrase } from "./search-query";
import { countUpTo, docCount, EXHAUSTIVE, indexRows, type Partners } from "./search-rank.server";
import { idsIn } from "./search-rows.server";
import { BM25, MAX_LISTS } from "./search-top-lists.server";

// A synonym weighs as the word typed: bm25() gives each phrase of an expression its own rarity,
// so a rare synonym of a common word would outweigh the word itself. And a word held by half the
// index, with synonyms that weigh as it does, weighs nothing: it leaves the ranking expression.

/** Synonyms held by more write-ups than this are not capped (their idf is near the word's). */
const MAX_SYNONYM_HOLDERS = 10_000;

/** bm25's idf for a phrase `n` of `total` rows hold, as FTS5 computes it (clamped at 1e-6). */
const idfOf = (n: number, total: number) => Math.max(1e-6, Math.log((total - n + 0.5) / (n + 0.5)));

/** A synonym to weigh down, and by what share of its score. */
interface Capped {
  alternative: string;
  share: number;
}

const cappedKept = keptPerVersion<Capped[]>(MAX_LISTS);

/**
 * The group's synonyms rarer than the word typed, each with the share of its bm25 score that is
 * over-credit. bm25 weighs each phrase by its own rarity, so among 100,000 write-ups an English
 * query's "certificate" (10,000 of them) gave the two holding its Korean partner 인증서 five
 * times the weight of any English one, and "error"'s best 1,500 write-ups were all Korean ones
 * saying 오류. A synonym counts as the typed word would: its idf is capped at the typed word's.
 * bm25 is linear in each phrase's idf, so the over-credit is the synonym's own score times
 * 1 − idf(word) / idf(synonym).
 */
function cappedOf(db: DB, partners: Partners): Promise<Capped[]> {
  return cappedKept(db, partners.group, async () => {
    const n = await docCount(db, partners.own);
    if (!n) return [];
    const total = await indexRows(db);
    const capped: Capped[] = [];
    for (const alternative of partners.alternatives) {
      // A two-word form of common words may walk long doclists to find few: counted in chunks.
      const m = await countUpTo(db, alternative, MAX_SYNONYM_HOLDERS, isPhrase(alternative));
      if (!m || m >= n || m > MAX_SYNONYM_HOLDERS) continue;
      const share = 1 - idfOf(n, total) / idfOf(m, total);
      if (share > 0) capped.push({ alternative, share });
    }
    return capped;
  });
}

/** The partners with a synonym to weigh down (most have none: no synonym rarer than the word). */
export async function cappedPartners(db: DB, partners: readonly Partners[]): Promise<Partners[]> {
  const capped = await Promise.all(partners.map((p) => cappedOf(db, p)));
  return partners.filter((_p, i) => capped[i]?.length);
}

/**
 * What each write-up holding a capped synonym is over-credited, by id: of every such write-up
 * (for a group's top list, computed once per version), or of those among `ids` (a page's rows).
 * One statement per synonym, over at most MAX_SYNONYM_HOLDERS rows (about 15 ms for 5,000).
 */
export async function excessOf(
  db: DB,
  partners: readonly Partners[],
  ids?: readonly number[],
): Promise<Map<number, number>> {
  const excess = new Map<number, number>();
  for (const p of partners)
    for (const { alternative, share } of await cappedOf(db, p)) {
      const { rows } = await sql<{ id: number; rank: number }>`
        select rowid as id, ${BM25} as rank from writeups_fts
        where writeups_fts match ${alternative}
          ${ids ? sql`and (rowid + 0) in ${idsIn(ids)}` : sql``}`.execute(db);
      for (const r of rows) excess.set(r.id, (excess.get(r.id) ?? 0) - r.rank * share);
    }
  return excess;
}

/** A single quoted token: one phrase of one word, with no alternatives and no column filter. */
const ONE_WORD = /^"[^" ]+"$/;

/**
 * The groups that can move a bm25() score: bm25 gives a word held by half the index or more an
 * idf of 1e-6 (FTS5 clamps log((N − n + 0.5) / (n + 0.5)) there), so leaving such a word out of
 * the ranking expression changes no order, and saves walking its doclist. The same goes for such
 * a word with synonyms and nothing else (`partners`) when each synonym weighs as the word does
 * (capped, cappedOf) or is held by half the index too (weighNothing).
 */
export async function weighedGroups(
  db: DB,
  groups: readonly string[],
  capped: readonly number[],
  partners: readonly Partners[] = [],
): Promise<string[]> {
  const half = (await indexRows(db)) / 2;
  const kept: string[] = [];
  for (const [i, group] of groups.entries()) {
    // Counts are capped past EXHAUSTIVE: only a word counted that far is counted in full.
    const counted = (capped[i] ?? 0) >= Math.min(half, EXHAUSTIVE + 1);
    const partner = partners.find(
      (p) => p.group === group && groupAtom([p.own, ...p.alternatives]) === group,
    );
    const word = ONE_WORD.test(group) ? group : partner?.own;
    const common =
      counted &&
      word !== undefined &&
      (await docCount(db, word)) >= half &&
      (!partner || (await weighNothing(db, partner.alternatives, half)));
    if (!common) kept.push(group);
  }
  return kept;
}

/**
 * Whether a common word's alternatives weigh nothing either: each is capped at the word's idf
 * (held by `holders` or fewer) or held by half the index itself. One held by more, but fewer than
 * half, keeps its own idf, and with it the group's weight. (Exported for its test.)
 */
export async function weighNothing(
  db: DB,
  alternatives: readonly string[],
  half: number,
  holders = MAX_SYNONYM_HOLDERS,
) {
  for (const alternative of alternatives) {
    const chunked = isPhrase(alternative);
    if ((await countUpTo(db, alternative, holders, chunked)) <= holders) continue;
    if ((await countUpTo(db, alternative, Math.ceil(half), chunked)) < half) return false;
  }
  return true;
}
