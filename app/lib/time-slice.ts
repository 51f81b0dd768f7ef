import { performance } from "node:perf_hooks";

// Koan serves every request on one thread: long work (an export, an import preview) runs in
// slices of a few milliseconds and lets the event loop turn between them, so /healthz and other
// people's pages wait at most one slice per step of their own.

/** How long one slice of long work may hold the event loop before it lets others in. */
export const SLICE_MS = 15;

/** The next turn of the event loop, after pending I/O (a macrotask, not a microtask). */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A pause point for long loops: `await slice()` returns at once while the current slice is under
 * its budget, and otherwise waits for the next turn of the event loop and starts a new slice.
 * `slice.due()` says whether the next `slice()` would wait (to flush work before it does).
 */
export function timeSlicer(budgetMs: number = SLICE_MS) {
  let started = performance.now();
  const due = () => performance.now() - started >= budgetMs;
  const slice = async () => {
    if (!due()) return;
    await nextTurn();
    started = performance.now();
  };
  return Object.assign(slice, { due });
}
