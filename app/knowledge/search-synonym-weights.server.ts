import { sql } from "kysely";
import type { DB } from "#db/client";
import { keptPerVersion } from "./search-kept.server";
import { isPhrase } from "./search-query";
import {
  BM25,
  countUpTo,
  docCount,
  indexRows,
  MAX_LISTS,
  MAX_SYNONYM_HOLDERS,
  type Partners,
} from "./search-rank.server";

// A synonym weighs as the word typed: bm25() gives each phrase of an expression its own rarity,
// so a rare synonym of a common word would outweigh the word itself.

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
          ${ids ? sql`and (rowid + 0) in (select value from json_each(${JSON.stringify(ids)}))` : sql``}`.execute(
        db,
      );
      for (const r of rows) excess.set(r.id, (excess.get(r.id) ?? 0) - r.rank * share);
    }
  return excess;
}
