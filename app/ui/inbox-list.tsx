import { Link, useFetcher } from "@remix-run/react";
import { useCallback, useRef } from "react";
import type { NotificationKind } from "#db/schema";
import { Badge } from "./badge";
import { useFocusWhenGone } from "./focus";
import { useContentLang, useT } from "./i18n";
import { KindBadge } from "./inbox-kind";

// The inbox page's groups (routes/inbox.tsx): one per assignment, named by its ticket, its open
// items listed and its finished ones folded; each item's link and "Mark read" button named by
// what it is about, so a list of them read alone says where each goes.

/** An inbox group as the page shows it (mentoring's getInbox), its items in the viewer's words. */
export interface ShownInboxGroup {
  key: string;
  assignmentId: number | null;
  title: string;
  titleAsWritten: boolean;
  needsYou: number;
  unread: number;
  items: {
    id: number;
    kind: NotificationKind;
    title: string;
    titleAsWritten: boolean;
    body: string;
    bodyAsWritten: boolean;
    link: string;
    count: number;
    unread: boolean;
    resolved: boolean;
    createdAt: string;
  }[];
}

/** What an item's link adds to its title so that no two links of the page read the same. */
export interface LinkTail {
  /** Another link reads the same without the time: say when it came. */
  when: boolean;
  /** Still the same with the time (both came this minute): which of them it is, oldest first. */
  nth: { n: number; of: number } | null;
}

/**
 * The links of the page that would read the same: two items of one group with one title, or of
 * two groups of one ticket (a newcomer who gave the ticket back and claimed it again has an
 * assignment, and a group, for each claim). Those say when each came and, when that is the same
 * too, which of them each is.
 */
export function linkTails(
  groups: readonly ShownInboxGroup[],
  whenOf: (createdAt: string) => string,
): ReadonlyMap<number, LinkTail> {
  const items = groups.flatMap((group) =>
    group.items.map((item) => ({
      item,
      name: `${group.assignmentId === null ? "" : group.title}\n${item.title}`,
    })),
  );
  const tails = new Map<number, LinkTail>();
  for (const sameName of sortedInto(items, (i) => i.name)) {
    if (sameName.length < 2) continue;
    for (const same of sortedInto(sameName, (i) => whenOf(i.item.createdAt))) {
      same.forEach(({ item }, index) => {
        tails.set(item.id, {
          when: true,
          nth: same.length > 1 ? { n: index + 1, of: same.length } : null,
        });
      });
    }
  }
  return tails;
}

/** `list` in runs of one key, each run oldest first (as listed when created at the same time). */
function sortedInto<T extends { item: { id: number; createdAt: string } }>(
  list: T[],
  key: (entry: T) => string,
): T[][] {
  const runs = new Map<string, T[]>();
  for (const entry of list) {
    const run = runs.get(key(entry));
    if (run) run.push(entry);
    else runs.set(key(entry), [entry]);
  }
  return [...runs.values()].map((run) =>
    run.sort((a, b) => a.item.createdAt.localeCompare(b.item.createdAt) || a.item.id - b.item.id),
  );
}

/** One group of the inbox: its heading, its open items, its finished ones folded. */
export function InboxGroup({
  group,
  clock,
  tails,
}: {
  group: ShownInboxGroup;
  clock: Date;
  /** What the page's links that would read the same add to their titles (linkTails). */
  tails: ReadonlyMap<number, LinkTail>;
}) {
  const { t, msg } = useT();
  const { lang } = useContentLang();
  const headingId = `inbox-${group.key}`;
  // What is done asks nothing more: folded under one line, so the list (on a phone, the screen)
  // is what still needs a look.
  const finished = group.items.filter((item) => item.resolved);
  const open = group.items.filter((item) => !item.resolved);
  const doneLabel = t("team.inbox.finishedFolded", { count: finished.length });
  // Each link's name says where it goes: the ticket (when the group has one), and when two of the
  // page's items read the same, when each came.
  const ticket =
    group.assignmentId === null
      ? null
      : { text: msg(group.title), lang: group.titleAsWritten ? lang(group.title) : undefined };
  const item = (i: ShownInboxGroup["items"][number]) => (
    <Item key={i.id} item={i} clock={clock} ticket={ticket} tail={tails.get(i.id) ?? null} />
  );
  return (
    <section className="inbox-group" aria-labelledby={headingId}>
      <h2 id={headingId} className="inbox-group-title">
        {group.assignmentId === null ? (
          t("team.inbox.general")
        ) : (
          <span lang={group.titleAsWritten ? lang(group.title) : undefined}>
            {msg(group.title)}
          </span>
        )}
        {group.needsYou > 0 ? (
          <span className="muted inbox-group-count">
            {" · "}
            {t("team.inbox.groupNeedsYou", { count: group.needsYou })}
          </span>
        ) : group.unread > 0 ? (
          <span className="muted inbox-group-count">
            {" · "}
            {t("team.inbox.groupUnread", { count: group.unread })}
          </span>
        ) : null}
      </h2>
      {open.length ? (
        <ul className="inbox-list" aria-labelledby={headingId}>
          {open.map(item)}
        </ul>
      ) : null}
      {finished.length ? (
        <details className="inbox-finished">
          <summary>{doneLabel}</summary>
          <ul className="inbox-list" aria-label={doneLabel}>
            {finished.map(item)}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function Item({
  item,
  clock,
  ticket,
  tail,
}: {
  item: ShownInboxGroup["items"][number];
  clock: Date;
  /** The group's ticket, said after the title to those who hear the link alone. */
  ticket: { text: string; lang: string | undefined } | null;
  /** Another link of the page reads the same: the time (and which one) tells them apart. */
  tail: LinkTail | null;
}) {
  const { t, msg, relative } = useT();
  const { lang } = useContentLang();
  const fetcher = useFetcher<{ formError?: string }>();
  // Shown as read as soon as the button is pressed; the loaders catch up after the action.
  const unread = item.unread && fetcher.formData?.get("intent") !== "read";
  // "Mark read" goes away once pressed: focus moves on to the next item still to read (this one
  // moves below them once the page catches up, and Tab from it skipped them), or to this item's
  // title when none is left, rather than to <body>.
  const title = useRef<HTMLAnchorElement>(null);
  const row = useRef<HTMLLIElement>(null);
  const nextToRead = useCallback(() => nextMarkRead(row.current) ?? title.current, []);
  useFocusWhenGone(unread, nextToRead);
  const failed = fetcher.data && "formError" in fetcher.data ? fetcher.data.formError : null;
  const titleLang = item.titleAsWritten ? lang(item.title) : undefined;
  // Said after the title to those who hear the link alone: the link's name is the title and this.
  const context =
    ticket || tail
      ? t("team.inbox.linkContext", {
          hasTicket: ticket ? "yes" : "no",
          ticket: ticket?.text ?? "",
          hasWhen: tail?.when ? "yes" : "no",
          when: relative(item.createdAt, clock),
          hasNth: tail?.nth ? "yes" : "no",
          nth: tail?.nth?.n ?? 0,
          of: tail?.nth?.of ?? 0,
        })
      : "";
  return (
    <li ref={row} className={unread ? "inbox-item inbox-unread" : "inbox-item"}>
      <div className="inbox-main">
        <p className="inbox-title">
          {unread ? (
            <>
              <Badge tone="accent">{t("team.inbox.new")}</Badge>{" "}
            </>
          ) : null}
          <Link
            ref={title}
            to={item.link}
            lang={titleLang}
            aria-label={context ? `${item.title}${context}` : undefined}
          >
            {item.title}
          </Link>
        </p>
        {item.body ? (
          <p className="inbox-body muted" lang={item.bodyAsWritten ? lang(item.body) : undefined}>
            {item.body}
          </p>
        ) : null}
        <p className="inbox-meta">
          <KindBadge kind={item.kind} />{" "}
          {item.count > 1 ? (
            <span className="inbox-fold">{t("team.inbox.folded", { count: item.count })} </span>
          ) : null}
          {item.resolved ? (
            <>
              <Badge tone="good">{t("team.inbox.done")}</Badge>{" "}
            </>
          ) : null}
          <time dateTime={item.createdAt} className="muted">
            {relative(item.createdAt, clock)}
          </time>
        </p>
        {failed ? (
          <p className="field-error" role="alert">
            {msg(failed)}
          </p>
        ) : null}
      </div>
      {unread ? (
        <fetcher.Form method="post" className="inbox-action">
          <input type="hidden" name="intent" value="read" />
          <input type="hidden" name="notificationId" value={item.id} />
          <button type="submit" className="button button-quiet">
            {t("team.inbox.markRead")}
            <span className="visually-hidden">
              {": "}
              <span lang={titleLang}>{item.title}</span>
              {context}
            </span>
          </button>
        </fetcher.Form>
      ) : null}
    </li>
  );
}

/** The "Mark read" button shown after this item on the page, else the last one before it. */
function nextMarkRead(item: HTMLElement | null): HTMLElement | null {
  if (!item) return null;
  const buttons = [...document.querySelectorAll<HTMLElement>("main .inbox-action button")].filter(
    // One in a folded list can't take focus.
    (button) => !item.contains(button) && button.getClientRects().length > 0,
  );
  const after = buttons.find(
    (button) => item.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING,
  );
  return after ?? buttons.at(-1) ?? null;
}
