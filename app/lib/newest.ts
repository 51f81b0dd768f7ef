import { z } from "zod";

// Long lists on one page (a ticket's timeline, a step's comments, an assignment's log) show their
// newest items only; the rest are one "Show older" link away, a window of the same size further
// back, named in the address (`?before=<id>`) so it works before scripts load and can be linked.

import { NEWEST_SHOWN, OLDER_COUNTED } from "./list-limits";

export { NEWEST_SHOWN, OLDER_COUNTED };

/** Which part of a list to show: up to `size` items, the newest before `before` (null: the newest). */
export interface ListWindow {
  before: number | null;
  size: number;
}

const cursor = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An address's `before`-style parameter as an id; anything else (missing, "x", -1) is none. */
export function cursorParam(search: URLSearchParams, name: string): number | null {
  const parsed = cursor.safeParse(search.get(name) ?? undefined);
  return parsed.success ? parsed.data : null;
}

/** The window of the newest items, or of those before an id the address names. */
export function windowFrom(search: URLSearchParams, name = "before"): ListWindow {
  return { before: cursorParam(search, name), size: NEWEST_SHOWN };
}

/** A list as shown: its items oldest first, and how many older ones are left out. */
export interface Shown<T> {
  items: T[];
  /** Items older than the first one shown. */
  older: number;
  /** The window shown is not the newest (the address named one further back). */
  back: boolean;
}
