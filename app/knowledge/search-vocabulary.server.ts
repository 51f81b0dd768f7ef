import { sql } from "kysely";
import type { DB } from "#db/client";
import { dataVersion } from "~/lib/data-versions.server";
import { logger } from "~/lib/logger.server";

// ---------------------------------------------------------------------------------------------
// The index's vocabulary: document frequencies, and typo corrections.

interface Vocabulary {
  checkedAt: number;
  /** The "writeups" data version it was loaded at. */
  signature: number;
  /** Every term, sorted, for prefix completions and look-ups by binary search. */
  sorted: string[];
  /** Each term's document count, at the same index as in `sorted`. */
  docs: Uint32Array;
  /** Terms by "length|first letter" and "length|*second letter": typo candidates, found fast. */
  byShape: Map<string, string[]>;
}
const VOCAB_CHECK_MS = 60_000;
/** Terms read per query while loading: each read blocks the process, so it stays short. */
const VOCAB_CHUNK = 5_000;
const vocabularies = new WeakMap<DB, Vocabulary>();
const loading = new WeakMap<DB, Promise<Vocabulary>>();

/**
 * Reads the index's vocabulary in chunks of VOCAB_CHUNK terms, letting other requests run in
 * between (reading all 400,000 terms of a large index at once would hold the process for over a
 * second). Terms come in index order, which is JS string order except around astral characters.
 */
async function loadVocabulary(db: DB): Promise<Vocabulary> {
  const signature = await dataVersion(db, "writeups");
  const terms: string[] = [];
  const counts: number[] = [];
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: { term: string; doc: number }[] } = await sql<{
      term: string;
      doc: number;
    }>`select term, doc from writeups_vocab
       ${after === null ? sql`` : sql`where term > ${after}`}
       order by term limit ${VOCAB_CHUNK}`.execute(db);
    for (const row of rows) {
      terms.push(row.term);
      counts.push(row.doc);
    }
    if (rows.length < VOCAB_CHUNK) break;
    after = (rows.at(-1) as { term: string }).term;
    await new Promise((resolve) => setImmediate(resolve));
  }
  let ordered = true;
  for (let i = 1; i < terms.length && ordered; i++)
    ordered = (terms[i - 1] as string) < (terms[i] as string);
  const order = terms.map((_, i) => i);
  if (!ordered)
    order.sort((a, b) => {
      const x = terms[a] as string;
      const y = terms[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  const sorted: string[] = new Array(terms.length);
  const docs = new Uint32Array(terms.length);
  const byShape = new Map<string, string[]>();
  const file = (key: string, term: string) => {
    const list = byShape.get(key);
    if (list) list.push(term);
    else byShape.set(key, [term]);
  };
  for (const [i, from] of order.entries()) {
    const term = terms[from] as string;
    sorted[i] = term;
    docs[i] = counts[from] as number;
    // Only words worth correcting to: letters only, the lengths `correct` looks at.
    if (term.length >= 3 && term.length <= 24 && !/[\d_]/.test(term)) {
      file(`${term.length}|${term[0]}`, term);
      file(`${term.length}|*${term[1]}`, term);
    }
  }
  return { checkedAt: Date.now(), signature, sorted, docs, byShape };
}

/** One load at a time per database; the result replaces the cached vocabulary. */
function reload(db: DB): Promise<Vocabulary> {
  const current = loading.get(db);
  if (current) return current;
  const pending: Promise<Vocabulary> = loadVocabulary(db)
    .then((vocab) => {
      // A reset meanwhile (tests, bulk imports) makes this load stale: keep it out of the cache.
      if (loading.get(db) === pending) vocabularies.set(db, vocab);
      return vocab;
    })
    .finally(() => {
      if (loading.get(db) === pending) loading.delete(db);
    });
  loading.set(db, pending);
  return pending;
}

/**
 * The index's terms with their document counts, kept in memory. At most once a minute the
 * "writeups" data version is checked; when write-ups changed, the vocabulary is reloaded in the
 * background while searches go on with the one they have (counts a minute old rank just as
 * well, and words it doesn't know yet are looked up directly). Only the very first search in a
 * process waits for a load — unless warmSearch started it at server start.
 */
export async function vocabulary(db: DB): Promise<Vocabulary> {
  const cached = vocabularies.get(db);
  if (!cached) return reload(db);
  if (Date.now() - cached.checkedAt >= VOCAB_CHECK_MS && !loading.has(db)) {
    cached.checkedAt = Date.now();
    const signature = await dataVersion(db, "writeups");
    if (signature !== cached.signature)
      reload(db).catch((error: unknown) => {
        logger.error("reloading the search vocabulary failed", { error: String(error) });
      });
  }
  return cached;
}

/** Loads the vocabulary ahead of the first search (the server calls it once it is listening); the number of terms. */
export function warmSearch(db: DB): Promise<number> {
  return reload(db).then((vocab) => vocab.sorted.length);
}

/** The first index in `sorted` whose term is not below `term`. */
function lowerBound(sorted: readonly string[], term: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many write-ups hold `term`, or undefined when the vocabulary doesn't know it. */
export function documentCount(
  vocab: Pick<Vocabulary, "sorted" | "docs">,
  term: string,
): number | undefined {
  const i = lowerBound(vocab.sorted, term);
  return vocab.sorted[i] === term ? vocab.docs[i] : undefined;
}

const MAX_COMPLETIONS = 4;

/**
 * The most common indexed words starting with `prefix` (the prefix itself counts if indexed),
 * most common first; equally common words in term order. One pass, keeping the best four.
 */
export function completions(prefix: string, vocab: Pick<Vocabulary, "sorted" | "docs">): string[] {
  const best: { term: string; doc: number }[] = [];
  for (let i = lowerBound(vocab.sorted, prefix); i < vocab.sorted.length; i++) {
    const term = vocab.sorted[i] as string;
    if (!term.startsWith(prefix)) break;
    const doc = vocab.docs[i] as number;
    if (best.length === MAX_COMPLETIONS && doc <= (best.at(-1) as { doc: number }).doc) continue;
    // After every equally common word already kept: term order breaks ties.
    let at = best.length;
    while (at > 0 && (best[at - 1] as { doc: number }).doc < doc) at--;
    best.splice(at, 0, { term, doc });
    if (best.length > MAX_COMPLETIONS) best.pop();
  }
  return best.map((b) => b.term);
}

/** Forget the cached vocabulary (tests, and after bulk imports in this process). */
export function resetVocabulary(db: DB) {
  vocabularies.delete(db);
  loading.delete(db);
}

/** Optimal string alignment distance, giving up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j] ?? 0;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** The most common indexed word within 1 edit (2 for long words), or null. */
export function correct(term: string, vocab: Vocabulary): string | null {
  if (term.length < 4 || term.length > 22 || /[\d_]/.test(term)) return null;
  const max = term.length >= 8 ? 2 : 1;
  let best: string | null = null;
  let bestScore = -1;
  for (let len = term.length - max; len <= term.length + max; len++) {
    const sameFirst = vocab.byShape.get(`${len}|${term[0]}`) ?? [];
    const sameSecond = (vocab.byShape.get(`${len}|*${term[1]}`) ?? []).filter(
      (c) => c[0] !== term[0],
    );
    for (const candidate of [...sameFirst, ...sameSecond]) {
      const distance = editDistance(term, candidate, max);
      if (distance > max) continue;
      const score = (documentCount(vocab, candidate) ?? 0) / (1 + distance * 10);
      if (score > bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
  }
  return best;
}
