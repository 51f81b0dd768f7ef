import { Link, useFetcher, useLocation } from "@remix-run/react";
import { type MouseEvent, useEffect, useRef, useState } from "react";
import { useT } from "./i18n";

// Above a long list shown a window at a time (a ticket's timeline, a step's evidence and comments,
// an assignment's log): how many older items are left out, as the link that shows them, and a way
// back to the newest once the reader has gone further back. Plain links: they work before the
// page's scripts load, and the address names the window, so it can be shared. Once the scripts
// run, the link adds the older window to what is shown (useOlderItems) instead of replacing it:
// the reader keeps their place, and focus goes to the first item newly shown.

/** What the list holds, for the link's words. */
type ListKind = "comments" | "events" | "notes" | "evidence";

const OLDER_KEY = {
  comments: "core.older.comments",
  events: "core.older.events",
  notes: "core.older.notes",
  evidence: "core.older.evidence",
} as const;

/**
 * Lists whose older items are counted only so far ("more than 200 older comments"). Evidence is
 * counted in full: each piece is numbered from the first ever sent.
 */
const MORE_KEY = {
  comments: "core.older.moreComments",
  events: "core.older.moreEvents",
  notes: "core.older.moreNotes",
} as const;

/** A window of a list as a loader gives it: its items oldest first, and how many are older. */
export interface ListShown<T> {
  items: T[];
  older: number;
}

/** What "Show older" needs from useOlderItems to add the older window in place. */
export interface OlderLoader {
  /** Fetch the window at this address (path and query) and add it to the list. */
  load: (to: string) => void;
  busy: boolean;
}

export function OlderItems(props: {
  kind: ListKind;
  /** Items older than the first one shown. */
  older: number;
  /** The window shown is not the newest. */
  back: boolean;
  /** The oldest item shown: the older window ends before it. */
  oldestId: number | undefined;
  /** The address parameters that name this list's window, e.g. { before: "before" }. */
  params: Record<string, string>;
  /** Its cursor parameter (which of `params` gets the id). */
  cursor: string;
  /** The list's element id, to land on it. */
  anchor: string;
  /** With the page's scripts: adds the older window to the list (the link stays a link). */
  loader?: OlderLoader;
  /**
   * Where the scripts fetch the window before the item `oldestId` from, when the list has an
   * address of its own (only its window, not the whole page's data); the page's own address else.
   */
  fetchFrom?: (oldestId: number) => string;
  /** Older items are counted this far only: past it, "more than N" (not for evidence). */
  countedUpTo?: number;
}) {
  const { t } = useT();
  const { pathname, search } = useLocation();
  if (!props.older && !props.back) return null;
  const query = (values: Record<string, string> | null) => {
    const next = new URLSearchParams(search);
    for (const name of [...Object.keys(props.params), props.cursor]) next.delete(name);
    if (values) for (const [name, value] of Object.entries(values)) next.set(name, value);
    const text = next.toString();
    return text ? `?${text}` : "?";
  };
  const href = (values: Record<string, string> | null) => `${query(values)}#${props.anchor}`;
  const olderValues =
    props.oldestId !== undefined
      ? { ...props.params, [props.cursor]: String(props.oldestId) }
      : null;
  const { loader } = props;
  const onOlder = (event: MouseEvent<HTMLAnchorElement>) => {
    // A new tab or window (a modifier or the middle button) opens the older page as a link does.
    if (!loader || !olderValues) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    if (loader.busy) return;
    const { fetchFrom, oldestId } = props;
    loader.load(
      fetchFrom && oldestId !== undefined
        ? fetchFrom(oldestId)
        : `${pathname}${query(olderValues)}`,
    );
  };
  return (
    <p className="older-items small">
      {props.older > 0 && olderValues ? (
        <Link
          to={href(olderValues)}
          preventScrollReset
          onClick={onOlder}
          aria-disabled={loader?.busy || undefined}
        >
          {props.kind !== "evidence" &&
          props.countedUpTo !== undefined &&
          props.older > props.countedUpTo
            ? t(MORE_KEY[props.kind], { count: props.countedUpTo })
            : t(OLDER_KEY[props.kind], { count: props.older })}
        </Link>
      ) : null}
      {props.back ? (
        <Link to={href(null)} preventScrollReset>
          {t("core.older.newest")}
        </Link>
      ) : null}
    </p>
  );
}

/** Items by id, each once (the later copy wins: it is the fresher), oldest first. */
function byId<T extends { id: number }>(lists: readonly T[][]): T[] {
  const map = new Map<number, T>();
  for (const list of lists) for (const item of list) map.set(item.id, item);
  return [...map.values()].sort((a, b) => a.id - b.id);
}

/**
 * A windowed list that grows backwards in place: "Show older" fetches the older window (the same
 * route's loader, at the address the link names, or the list's own address: OlderItems'
 * `fetchFrom`) and adds its items to those shown, so nothing
 * the reader was reading goes away. What was added stays while the address stays (a comment sent
 * meanwhile joins the newest); another address (say "Back to the newest") starts again from its
 * own window. `pick` finds the list in the route's loader data.
 *
 * Returns the items to show (oldest first), how many older ones are still left out, the loader
 * for OlderItems, and the id of the first item newly shown in reading order, which is focused
 * once shown: the element `elementId(id)` is given tabindex -1 by the caller.
 */
export function useOlderItems<T extends { id: number }>(
  shown: ListShown<T>,
  options: {
    pick: (data: unknown) => ListShown<T> | null;
    /** The list reads newest first (older items are added below). */
    newestFirst?: boolean;
    elementId: (id: number) => string;
  },
): { items: T[]; older: number; loader: OlderLoader; focusId: number | null } {
  const { search } = useLocation();
  const fetcher = useFetcher();
  const [added, setAdded] = useState<{
    search: string;
    items: T[];
    older: number;
    focusId: number | null;
  } | null>(null);
  const current = added && added.search === search ? added : null;
  const items = current ? byId([current.items, shown.items]) : shown.items;
  /** What was shown when the link was followed: the new window joins it. */
  const waiting = useRef<{ search: string; items: T[] } | null>(null);
  // The caller's functions, as of its last render (written inline, they are new each time).
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    const before = waiting.current;
    if (fetcher.state !== "idle" || fetcher.data === undefined || !before) return;
    waiting.current = null;
    const { pick, newestFirst } = latest.current;
    const got = pick(fetcher.data);
    if (!got) return;
    const fresh = got.items.filter((i) => !before.items.some((b) => b.id === i.id));
    const first = newestFirst ? fresh.at(-1) : fresh[0];
    setAdded({
      search: before.search,
      items: byId([fresh, before.items]),
      older: got.older,
      focusId: first?.id ?? null,
    });
  }, [fetcher.state, fetcher.data]);
  const focusId = current?.focusId ?? null;
  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(latest.current.elementId(focusId))?.focus({ preventScroll: true });
  }, [focusId]);
  return {
    items,
    older: current ? current.older : shown.older,
    focusId,
    loader: {
      busy: fetcher.state !== "idle",
      load: (to) => {
        waiting.current = { search, items };
        fetcher.load(to);
      },
    },
  };
}
