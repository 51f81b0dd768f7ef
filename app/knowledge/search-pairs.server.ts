import type { DB } from "#db/client";
import { countUpTo, RARE_GROUP, scoredNow } from "./search-rank.server";
import type { Chain } from "./search-runs";

// The query's words typed side by side, held side by side: a write-up holding "production
// database" where the query says so is likelier the answer than one holding the words apart.

/**
 * What a bonus phrase's bm25 score counts for beside a word's: half (the eval among 100,000
 * write-ups: a whole one let generated texts that hold a pair by chance outrank real answers).
 */
const PAIR_WEIGHT = 0.5;

/**
 * The query's pairs of words typed side by side that few write-ups hold side by side as well,
 * too rare for the words' top lists to find their holders. With two words, the pair is the
 * query's name ("primary key"): its holders hold every word, and score for holding them as typed.
 * Three words typed in a row (a chain) stand for a pair of theirs too common to count alone: among
 * 100,000 write-ups hundreds held "deleted the wrong", one "admin deleted the wrong". A chain of
 * two rare pairs adds nothing (its holders hold both already).
 */
export async function rarePairs(
  db: DB,
  runs: readonly string[],
  groups: number,
  chains: readonly Chain[] = [],
): Promise<string[]> {
  if (!runs.length || groups < 2) return [];
  const counted = await Promise.all(
    runs.map(async (run) => ({ run, n: await countUpTo(db, run, RARE_GROUP) })),
  );
  const rare = counted.filter((c) => c.n > 0 && c.n <= RARE_GROUP).map((c) => c.run);
  const standing = chains.filter(
    (c) => c.pairs.some((p) => rare.includes(p)) && !c.pairs.every((p) => rare.includes(p)),
  );
  const held = await Promise.all(
    standing.map(async (c) => ({ run: c.atom, n: await countUpTo(db, c.atom, RARE_GROUP) })),
  );
  return [...rare, ...held.filter((c) => c.n > 0 && c.n <= RARE_GROUP).map((c) => c.run)];
}

/** Each rare pair's holders with their bm25 scores (every match, as for a rare word). */
export type PairLists = Awaited<ReturnType<typeof scoredNow>>[];

export function pairLists(db: DB, pairs: readonly string[]): Promise<PairLists> {
  return Promise.all(pairs.map((pair) => scoredNow(db, pair)));
}

/**
 * What the query's rare pairs of words add to each write-up holding one side by side: each
 * pair's score at PAIR_WEIGHT, summed over the pairs. With `atLeast` 2, only for the write-ups
 * holding two of the pairs or more: a run of three of the query's words or longer, as typed,
 * which counts even when many write-ups hold every word (search.server.ts). Among 100,000
 * write-ups, hundreds of generated texts held "high", "filtering" and "sms" apart, or one pair
 * of them by chance, and outscored the one whose title says "high filtering on SMS", which no
 * list of the words' best write-ups held.
 */
export function pairBonus(lists: PairLists, atLeast = 1): ReadonlyMap<number, number> {
  const bonus = new Map<number, number>();
  if (lists.length < atLeast) return bonus;
  const held = new Map<number, number>();
  for (const list of lists)
    for (let i = 0; i < list.ids.length; i++) {
      const id = list.ids[i] as number;
      bonus.set(id, (bonus.get(id) ?? 0) + (list.scores[i] as number) * PAIR_WEIGHT);
      held.set(id, (held.get(id) ?? 0) + 1);
    }
  for (const [id, n] of held) if (n < atLeast) bonus.delete(id);
  return bonus;
}
