// Ranking measures for judged queries: reciprocal rank of the first relevant answer in the top
// `k`, and the share of the relevant answers found in the top 5 and top 10.

export interface Judged {
  id: string;
  kind: string;
  heldOut: boolean;
  relevant: readonly number[];
  /** Koan write-up ids in the order returned. */
  returned: readonly number[];
}

export interface Scores {
  n: number;
  mrr10: number;
  recall5: number;
  recall10: number;
  /** Results in the top 5 that are not judged relevant, on average (related: what is shown amiss). */
  unrelated5: number;
}

export function reciprocalRank(relevant: readonly number[], returned: readonly number[], k = 10) {
  const at = returned.slice(0, k).findIndex((id) => relevant.includes(id));
  return at === -1 ? 0 : 1 / (at + 1);
}

export function recallAt(relevant: readonly number[], returned: readonly number[], k: number) {
  if (!relevant.length) return 0;
  const top = new Set(returned.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

const mean = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

export function score(rows: readonly Judged[]): Scores {
  return {
    n: rows.length,
    mrr10: mean(rows.map((r) => reciprocalRank(r.relevant, r.returned))),
    recall5: mean(rows.map((r) => recallAt(r.relevant, r.returned, 5))),
    recall10: mean(rows.map((r) => recallAt(r.relevant, r.returned, 10))),
    unrelated5: mean(
      rows.map((r) => r.returned.slice(0, 5).filter((id) => !r.relevant.includes(id)).length),
    ),
  };
}

export interface Report {
  all: Scores;
  tuned: Scores;
  heldOut: Scores;
  byKind: Record<string, Scores>;
}

export function report(rows: readonly Judged[]): Report {
  const kinds = [...new Set(rows.map((r) => r.kind))];
  return {
    all: score(rows),
    tuned: score(rows.filter((r) => !r.heldOut)),
    heldOut: score(rows.filter((r) => r.heldOut)),
    byKind: Object.fromEntries(kinds.map((k) => [k, score(rows.filter((r) => r.kind === k))])),
  };
}

const f = (x: number) => x.toFixed(3);

export function formatScores(s: Scores): string {
  return `MRR@10 ${f(s.mrr10)}  R@5 ${f(s.recall5)}  R@10 ${f(s.recall10)}  (n=${s.n})`;
}
