import type { DB } from "#db/client";
import { logger } from "~/lib/logger.server";
import { quietMoment } from "./search-chunks.server";
import type { SearchInput } from "./search-engine";
import { prepare } from "./search-prepare.server";
import { parseQuery } from "./search-query";
import { EXHAUSTIVE } from "./search-rank.server";
import { listKept, walkAhead } from "./search-top-lists.server";
import { commonestTerms, stems } from "./search-vocabulary.server";

// The first search of a word held by thousands of write-ups walks every one of its matches for
// its list of best write-ups (search-top-lists.server.ts): among 100,000 write-ups, a few hundred
// milliseconds a word, so the first person to search "세션 만료" or "login error" after a large import waited a
// second or two. Once the server is listening, the commonest words' lists are walked ahead, one
// word at a time, between searches and on at most half the process's time, and kept in the
// database: a later start finds them there and walks none.

/** The commonest words walked ahead at most (the database keeps 1,000 lists). */
export const WALK_AHEAD_WORDS = 500;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Walks the lists of the index's `words` commonest words that have none kept, through `search`
 * (so each word's list is the one a search of it asks for, synonyms included). Words the index
 * stems differently from their stem are left out: a search types words, not stems. Returns how
 * many words were walked and how many already had their lists.
 */
export async function walkCommonWordsAhead(
  db: DB,
  search: (db: DB, input: SearchInput) => Promise<unknown>,
  { words = WALK_AHEAD_WORDS }: { words?: number } = {},
): Promise<{ walked: number; kept: number }> {
  const started = performance.now();
  let walked = 0;
  let kept = 0;
  for (const term of await commonestTerms(db, words, EXHAUSTIVE)) {
    await quietMoment();
    const [stem] = await stems(db, [term]);
    if (stem !== term) continue;
    const q = `${term} `;
    const { pass } = await prepare(db, parseQuery(q));
    const common = pass.groups.filter((_group, i) => (pass.counts[i] ?? 0) > EXHAUSTIVE);
    if (!common.length) continue;
    let missing = false;
    for (const group of common) if (!(await listKept(db, group))) missing = true;
    if (!missing) {
      kept++;
      continue;
    }
    const walkStarted = performance.now();
    await walkAhead(() => search(db, { q, limit: 1 }));
    walked++;
    // At most half the process's time: as long a rest as the walk took.
    await pause(performance.now() - walkStarted);
  }
  logger.info("common words' search lists ready", {
    walked,
    kept,
    durationMs: Math.round(performance.now() - started),
  });
  return { walked, kept };
}
