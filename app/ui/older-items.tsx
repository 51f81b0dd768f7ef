import { Link, useLocation } from "@remix-run/react";
import { useT } from "./i18n";

// Above a long list shown a window at a time (a ticket's timeline, a step's evidence and comments,
// an assignment's log): how many older items are left out, as the link that shows them, and a way
// back to the newest once the reader has gone further back. Plain links: they work before the
// page's scripts load, and the address names the window, so it can be shared.

/** What the list holds, for the link's words. */
type ListKind = "comments" | "events" | "notes" | "evidence";

const OLDER_KEY = {
  comments: "core.older.comments",
  events: "core.older.events",
  notes: "core.older.notes",
  evidence: "core.older.evidence",
} as const;

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
}) {
  const { t } = useT();
  const { search } = useLocation();
  if (!props.older && !props.back) return null;
  const href = (values: Record<string, string> | null) => {
    const next = new URLSearchParams(search);
    for (const name of [...Object.keys(props.params), props.cursor]) next.delete(name);
    if (values) for (const [name, value] of Object.entries(values)) next.set(name, value);
    const query = next.toString();
    return `${query ? `?${query}` : "?"}#${props.anchor}`;
  };
  return (
    <p className="older-items small">
      {props.older > 0 && props.oldestId !== undefined ? (
        <Link
          to={href({ ...props.params, [props.cursor]: String(props.oldestId) })}
          preventScrollReset
        >
          {t(OLDER_KEY[props.kind], { count: props.older })}
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
