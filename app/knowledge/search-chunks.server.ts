import { sql } from "kysely";
import type { DB } from "#db/client";

// Walking the index in rowid ranges, with the event loop's other work between them: a statement
// over common words' long doclists would otherwise hold the process for its whole walk.

/** Rowids in the first chunk when a query may walk long doclists. */
export const SPAN = 2_500;
/** Rowids per chunk at most. */
const MAX_SPAN = 160_000;
/**
 * What one chunk may hold the process for: a chunk that took under half of it grows the next
 * one's span (growth), one that took longer halves it. Each chunk costs a fixed start (every word's
 * doclist is opened again) plus its rows, so 2,500-id chunks over 100,000 write-ups cost five
 * times one walk; growing them keeps each hold short and the walk near its single-query cost.
 */
const CHUNK_HOLD_MS = 60;
/**
 * What a chunk of work done off the request may hold the process for: it may run in the same
 * turn of the event loop as a request's own chunk, and the two together stay near 100 ms.
 */
export const BACKGROUND_HOLD_MS = 25;

const yieldNow = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Searches running now. Work done off the request (the kept lists) waits until none has run for
 * QUIET_MS: a search awaits its statements one by one, and a background chunk run between two of
 * them would add its whole hold to that search (a fresh server's first searches doubled).
 */
let searching = 0;
let lastSearchEnded = 0;
/** How long after the last search ends work off the request may start again. */
const QUIET_MS = 10;
/** How long work off the request waits for a quiet moment at most (under steady load). */
const QUIET_WAIT_MOST_MS = 1_000;

/** Runs a search, counted as running until it settles (see `quietMoment`). */
export async function asSearch<T>(search: () => Promise<T>): Promise<T> {
  searching++;
  try {
    return await search();
  } finally {
    searching--;
    lastSearchEnded = performance.now();
  }
}

/**
 * Resolves once no search is running and none has ended within QUIET_MS, or after
 * QUIET_WAIT_MOST_MS whatever the load (the lists are still computed on a busy server).
 */
export async function quietMoment(): Promise<void> {
  const started = performance.now();
  for (;;) {
    const now = performance.now();
    const quietFor = now - lastSearchEnded;
    if ((!searching && quietFor >= QUIET_MS) || now - started >= QUIET_WAIT_MOST_MS) return;
    await new Promise((resolve) =>
      setTimeout(resolve, searching ? QUIET_MS : Math.max(1, QUIET_MS - quietFor)),
    );
  }
}

/** Most a quick chunk's span is multiplied by for the next one. */
const MAX_GROWTH = 8;

/**
 * How much a chunk that took `took` ms grows the next one's span: as many times as it fits in
 * half of CHUNK_HOLD_MS, between 2 and MAX_GROWTH. A chunk's cost is a fixed start plus its rows,
 * so a quick chunk's rows cost less than its time says, and the next one holds less than that.
 * Common words' AND over 100,000 write-ups: 3 chunks instead of 6, each start (every doclist
 * opened again, a prefix expanded again) saved.
 */
const growth = (took: number, hold: number) =>
  Math.max(2, Math.min(MAX_GROWTH, Math.floor(hold / 2 / Math.max(took, 0.01))));

/** The highest write-up id (chunks cover 1 … it). */
export async function topId(db: DB): Promise<number> {
  const { rows } = await sql<{ top: number | null }>`select max(id) as top from writeups`.execute(
    db,
  );
  return rows[0]?.top ?? 0;
}

/** How a walk in chunks paces itself. */
export interface Pace {
  /** What one chunk may hold the process for (CHUNK_HOLD_MS when not said). */
  hold?: number;
  /** Most a quick chunk's span is multiplied by for the next one (MAX_GROWTH when not said). */
  growth?: number;
  /**
   * Awaited before each chunk, outside its timing (waiting for a quiet moment): false stops the
   * walk.
   */
  before?: () => Promise<boolean>;
}

/**
 * Runs `step` over consecutive rowid ranges [from, to), letting other requests run between them,
 * until it returns false. The ranges start at SPAN ids and grow or shrink to keep each step near
 * the pace's hold. Bounds are bigints: FTS5 seeks on an integer rowid bound.
 */
export async function inChunks(
  db: DB,
  step: (from: bigint, to: bigint) => Promise<boolean | undefined>,
  pace: Pace = {},
): Promise<void> {
  await walkRanges(await topId(db), step, pace);
}

/** inChunks over ids 0 … top (exported for its test). */
export async function walkRanges(
  top: number,
  step: (from: bigint, to: bigint) => Promise<boolean | undefined>,
  pace: Pace = {},
): Promise<void> {
  const hold = pace.hold ?? CHUNK_HOLD_MS;
  const most = pace.growth ?? MAX_GROWTH;
  let span = SPAN;
  for (let from = 0; from <= top; ) {
    if (pace.before && !(await pace.before())) return;
    const started = performance.now();
    const to = from + span;
    if ((await step(BigInt(from), BigInt(to))) === false) return;
    const took = performance.now() - started;
    if (took < hold / 2) span = Math.min(MAX_SPAN, span * Math.min(most, growth(took, hold)));
    else if (took > hold) span = Math.max(SPAN, Math.floor(span / 2));
    from = to;
    if (from <= top) await yieldNow();
  }
}
