import { AsyncLocalStorage } from "node:async_hooks";

// A ticket's related write-ups are a search of the ticket's own text: its common words ("1",
// "steps", "customer") are seldom what anyone searches for. A search in this scope computes what
// it needs on the request as any search does, but leaves no common word's list to be computed off
// the request for later searches: each such list walks tens of thousands of matches, and a busy
// queue of tickets (each claim opens a ticket page) kept the process walking lists nobody asked
// for, thrown away again at the next publish.

const relatedScope = new AsyncLocalStorage<true>();

/** Runs `work` as a search for related write-ups (see above). */
export function asRelatedSearch<T>(work: () => Promise<T>): Promise<T> {
  return relatedScope.run(true, work);
}

/** Whether the search running now may queue a common word's list off the request. */
export function mayQueueLists(): boolean {
  return relatedScope.getStore() !== true;
}
