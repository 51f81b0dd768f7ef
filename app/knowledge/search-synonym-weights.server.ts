import { sql } from "kysely";
import type { DB } from "#db/client";
import {
  BM25,
  countUpTo,
  docCount,
  type Excess,
  indexRows,
  keptPerVersion,
  MAX_LISTS,
} from "./search-rank.server";

// A synonym weighs as the word typed: bm25() gives each phrase of an expression its own rarity,
// so a rare synonym of a common word would outweigh the word itself.

/** Synonyms held by more write-ups than this are not capped (their idf is near the word's). */
const MAX_SYNONYM_HOLDERS = 10_000;

/** A typed word's group, its own atom, and its synonyms' atoms (each one phrase). */
export interface Partners {
  group: string;
  own: string;
  alternatives: readonly string[];
}

/** bm25's idf for a phrase `n` of `total` rows hold, as FTS5 computes it (clamped at 1e-6). */
export const idfOf = (n: number, total: number) =>
  Math.max(1e-6, Math.log((total - n + 0.5) / (n + 0.5)));

const excessKept = keptPerVersion<Excess>(MAX_LISTS);

/**
 * What bm25() over-credits write-ups for holding a synonym rarer than the word typed, by id, to
 * take off their scores. bm25 weighs each phrase by its own rarity, so among 100,000 write-ups
 * an English query's "certificate" (10,000 of them) gave the two holding its Korean partner
 * 인증서 five times the weight of any English one, and "error"'s best 1,500 write-ups were all
 * Korean ones saying 오류. A synonym counts as the typed word would: its idf is capped at the
 * typed word's (bm25 is linear in each phrase's idf, so the excess is the synonym's own score
 * times 1 − idf(word) / idf(synonym)). One statement per synonym, over at most
 * MAX_SYNONYM_HOLDERS rows (about 15 ms for 5,000); kept per version of the write-ups.
 */
export function groupExcess(db: DB, partners: Partners): Promise<Excess> {
  return excessKept(db, partners.group, async () => {
    const excess = new Map<number, number>();
    const n = await docCount(db, partners.own);
    if (!n) return excess;
    const total = await indexRows(db);
    for (const alternative of partners.alternatives) {
      const m = await countUpTo(db, alternative, MAX_SYNONYM_HOLDERS);
      if (!m || m >= n || m > MAX_SYNONYM_HOLDERS) continue;
      const share = 1 - idfOf(n, total) / idfOf(m, total);
      if (share <= 0) continue;
      const { rows } = await sql<{ id: number; rank: number }>`
        select rowid as id, ${BM25} as rank from writeups_fts
        where writeups_fts match ${alternative}`.execute(db);
      for (const r of rows) excess.set(r.id, (excess.get(r.id) ?? 0) - r.rank * share);
    }
    return excess;
  });
}

/** Each group's excess (groupExcess), for the groups with synonyms to cap. */
export async function synonymExcess(
  db: DB,
  partners: readonly Partners[],
): Promise<Map<string, Excess>> {
  const byGroup = new Map<string, Excess>();
  for (const p of partners) {
    const excess = await groupExcess(db, p);
    if (excess.size) byGroup.set(p.group, excess);
  }
  return byGroup;
}

/** The groups' excess summed by write-up (for a score over every group). */
export function summedExcess(byGroup: ReadonlyMap<string, Excess>): Excess {
  if (byGroup.size <= 1) return byGroup.values().next().value ?? new Map();
  const sum = new Map<number, number>();
  for (const excess of byGroup.values())
    for (const [id, over] of excess) sum.set(id, (sum.get(id) ?? 0) + over);
  return sum;
}
