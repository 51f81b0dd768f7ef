import type { DB } from "#db/client";
import { countAfter, EXHAUSTIVE } from "./search-rank.server";

// The commonest words of a query: a write-up may miss them and still rank beside those holding
// every word (search.server.ts scales it by coverage, as any write-up holding some words).

/** A word held by this share of write-ups or more says little about which one is meant. */
const WEAK_HELD = 1 / 3;
/** What all the words a result may miss weigh at most, as a share of the query (coverage). */
const WEAK_SHARE = 0.4;

/**
 * Which groups a result holding every other one may miss, by the share of write-ups holding
 * each: the commonest words ("after", "up", "not"; held by a third of the write-ups or more), as
 * long as together they weigh no more than WEAK_SHARE of the query (each log(1 + 1/share), as
 * coverage weighs), and never the rarest group. Among 100,000 write-ups, thousands hold
 * "config", "vars", "up", "after" and "deploy" by chance; the one answer, saying "config
 * variables" and "deployment" but not "up" or "after", was never ranked. It now is, scaled by
 * coverage like any result holding some of the words.
 */
export function weakGroups(shares: readonly number[]): boolean[] {
  const weak = shares.map(() => false);
  if (shares.length < 2) return weak;
  const weights = shares.map((s) => Math.log(1 + 1 / Math.max(1e-6, s)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const order = shares.map((_s, i) => i).sort((a, b) => (shares[b] ?? 0) - (shares[a] ?? 0));
  let share = 0;
  for (const i of order.slice(0, -1)) {
    const mine = (weights[i] ?? 0) / sum;
    if ((shares[i] ?? 0) < WEAK_HELD || share + mine > WEAK_SHARE) break;
    share += mine;
    weak[i] = true;
  }
  return weak;
}

/** Write-ups sampled (the newest) for the share of them a common group's words are in. */
const SHARE_SAMPLE = 2_000;

/**
 * weakGroups for a pass's groups: none of a single group, without asking how common it is (a
 * one-word search would count its word's newest holders for nothing).
 */
export async function commonestGroups(
  db: DB,
  groups: readonly string[],
  counts: readonly number[],
  total: number,
): Promise<boolean[]> {
  if (groups.length < 2) return groups.map(() => false);
  return weakGroups(await sharesOf(db, groups, counts, total));
}

/**
 * The share of the `total` write-ups holding each group: from its count when that is whole (at
 * most EXHAUSTIVE), else from the newest SHARE_SAMPLE write-ups (kept until write-ups change).
 */
export function sharesOf(
  db: DB,
  groups: readonly string[],
  counts: readonly number[],
  total: number,
): Promise<number[]> {
  return Promise.all(
    groups.map(async (group, i) => {
      const n = counts[i] ?? 0;
      if (n <= EXHAUSTIVE || total <= SHARE_SAMPLE) return Math.min(1, n / Math.max(1, total));
      return (await countAfter(db, group, total - SHARE_SAMPLE)) / SHARE_SAMPLE;
    }),
  );
}
