import { sql } from "kysely";
import { type DB, writeTransaction } from "#db/client";
import type { NotificationKind } from "#db/schema";
import { CATALOGS } from "~/lib/i18n/catalogs.server";
import { decodeMsg, k } from "~/lib/i18n/messages";
import type { Translator } from "~/lib/i18n/translator";
import { pageWithin } from "~/lib/paging";
import { DEFAULT_STEP_KEYS, DEFAULT_STEPS } from "./default-steps";
import { digestTitle } from "./inbox-digest.server";
import { END_NEWS_KINDS, FYI_KINDS, OPEN } from "./notify.server";

export type { NotificationKind };

// The in-app inbox: reading and clearing one's own notifications. `notify.server.ts` creates them.

export interface InboxItem {
  /** The newest notification folded into this item; marking it read marks the older ones too. */
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  /**
   * How many events this item folds: repeats of one kind with one link (one checkpoint's events,
   * or the assignment's).
   */
  count: number;
  unread: boolean;
  /** Done: the action it asked for was taken, or its assignment has ended. */
  resolved: boolean;
  /** Unread, not resolved, and of a kind that asks for an action. */
  needsYou: boolean;
}

export interface InboxGroup {
  /** A stable key for React and for heading ids: `assignment-12` or `general`. */
  key: string;
  assignmentId: number | null;
  /** The ticket title of the assignment, or "General". */
  title: string;
  unread: number;
  needsYou: number;
  latestAt: string;
  items: InboxItem[];
}

export interface Inbox {
  groups: InboxGroup[];
  /**
   * The highest id the user has (on any page): "mark all read" clears only what existed when the
   * page was shown.
   */
  maxId: number | null;
  /** More notifications exist than this page lists (on later pages). */
  truncated: boolean;
  /** This page (1 is the first) and how many there are, for the pager. */
  page: number;
  pageCount: number;
  /** How many notifications the user has in all. */
  total: number;
}

export const GENERAL_GROUP_TITLE = "General";

/**
 * A stored title or body in the viewer's language. Notifications are stored as messages with
 * their data (`k()`), worded when shown; rows from before that hold English sentences, and content
 * people wrote (a comment), are shown as they are.
 */
export function notificationText(tr: Translator, stored: string): string {
  const decoded = decodeMsg(stored, tr.has);
  if (decoded?.key === "team.notify.digest") return digestTitle(tr, decoded.values ?? {});
  if (decoded && typeof decoded.values?.step === "string") {
    return tr.t(decoded.key, {
      ...decoded.values,
      step: localDefaultStep(tr, decoded.values.step),
    });
  }
  return tr.msg(stored);
}

/** Titles that name a checkpoint step, as `k()` stores them and as English rows before that. */
const STEP_TITLE_KEYS = [
  "team.notify.readyForReview",
  "team.notify.resubmitted",
  "team.notify.approved",
  "team.notify.changesRequested",
  "team.notify.helpRequested",
] as const;

/** A step title: the default track's (stored in English) in the viewer's language, else as written. */
function localDefaultStep(tr: Translator, step: string): string {
  const key = DEFAULT_STEP_KEYS.find((k) => DEFAULT_STEPS[k].title === step);
  return key ? tr.t(`mentoring.step.${key}.title`) : step;
}

/**
 * A notification's title in the viewer's language (see notificationText). A title stored as an
 * English sentence before the catalogs, such as "Approved: Reproduce the bug", is worded again
 * when it names a default step; anything else is shown as stored.
 */
export function notificationTitle(tr: Translator, stored: string): string {
  if (!decodeMsg(stored, tr.has)) {
    for (const key of STEP_TITLE_KEYS) {
      const [before = "", after = ""] = (CATALOGS.en[key] ?? "").split("{step}");
      if (!stored.startsWith(before) || !stored.endsWith(after)) continue;
      const step = stored.slice(before.length, stored.length - after.length);
      if (DEFAULT_STEP_KEYS.some((k) => DEFAULT_STEPS[k].title === step)) {
        return tr.t(key, { step: localDefaultStep(tr, step) });
      }
    }
  }
  return notificationText(tr, stored);
}
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/**
 * A user's notifications a page at a time, grouped by assignment, repeats folded: within an
 * assignment, the events of one kind about the same thing (the same link: one checkpoint's, or
 * the assignment's) that are still new fold into one item with a count, and so do those already
 * read or done. Pages list what is still open (unread, not done, its assignment not ended) first,
 * then the rest, newest first; on a page, groups with something that needs the user come first,
 * then unread, then the newest; within a group the same order.
 */
export async function listNotifications(
  db: DB,
  userId: number,
  options: { limit?: number; page?: number } = {},
): Promise<Inbox> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const all = await db
    .selectFrom("notifications")
    .select([sql<number>`count(*)`.as("total"), sql<number | null>`max(id)`.as("maxId")])
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  const total = Number(all.total);
  const { page, pageCount } = pageWithin(total, options.page ?? 1, limit);
  const listed = total
    ? await db
        .selectFrom("notifications as n")
        .leftJoin("assignments as a", "a.id", "n.assignment_id")
        .leftJoin("tickets as t", "t.id", "a.ticket_id")
        .select([
          "n.id",
          "n.kind",
          "n.assignment_id as assignmentId",
          "n.title",
          "n.body",
          "n.link",
          "n.created_at as createdAt",
          "n.read_at as readAt",
          "n.resolved_at as resolvedAt",
          "a.status as assignmentStatus",
          "t.title as ticketTitle",
        ])
        .where("n.user_id", "=", userId)
        .orderBy(OPEN, "desc")
        .orderBy("n.created_at", "desc")
        .orderBy("n.id", "desc")
        .limit(limit)
        .offset((page - 1) * limit)
        .execute()
    : [];

  const groups = new Map<string, InboxGroup>();
  const folds = new Map<string, InboxItem>();
  for (const row of listed) {
    const key = row.assignmentId === null ? "general" : `assignment-${row.assignmentId}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        assignmentId: row.assignmentId,
        title:
          row.assignmentId === null
            ? GENERAL_GROUP_TITLE
            : (row.ticketTitle ??
              k("mentoring.inbox.assignmentFallback", { id: row.assignmentId })),
        unread: 0,
        needsYou: 0,
        latestAt: row.createdAt,
        items: [],
      };
      groups.set(key, group);
    }
    const ended =
      row.assignmentStatus !== null &&
      row.assignmentStatus !== "active" &&
      !END_NEWS_KINDS.includes(row.kind);
    const resolved = row.resolvedAt !== null || ended;
    const unread = row.readAt === null && !resolved;
    const needsYou = unread && !FYI_KINDS.includes(row.kind);
    if (row.createdAt > group.latestAt) group.latestAt = row.createdAt;
    const foldKey = `${key}:${row.kind}:${row.link}:${unread ? "new" : "old"}`;
    const folded = folds.get(foldKey);
    if (folded) {
      // Rows arrive newest first within their read state: the first one is the item's face.
      folded.count += 1;
      continue;
    }
    const item: InboxItem = {
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      link: row.link,
      createdAt: row.createdAt,
      count: 1,
      unread,
      resolved,
      needsYou,
    };
    folds.set(foldKey, item);
    if (unread) group.unread += 1;
    if (needsYou) group.needsYou += 1;
    group.items.push(item);
  }

  for (const group of groups.values()) {
    group.items.sort(
      (x, y) =>
        Number(y.needsYou) - Number(x.needsYou) ||
        Number(y.unread) - Number(x.unread) ||
        y.createdAt.localeCompare(x.createdAt) ||
        y.id - x.id,
    );
  }
  const sorted = [...groups.values()].sort(
    (x, y) =>
      Number(y.needsYou > 0) - Number(x.needsYou > 0) ||
      Number(y.unread > 0) - Number(x.unread > 0) ||
      y.latestAt.localeCompare(x.latestAt) ||
      (y.assignmentId ?? 0) - (x.assignmentId ?? 0),
  );
  const maxId = all.maxId === null ? null : Number(all.maxId);
  return { groups: sorted, maxId, truncated: page < pageCount, page, pageCount, total };
}

/**
 * Marks one of the user's own notifications read, with the older unread ones folded into the
 * same inbox item (same kind, same assignment, same link: one checkpoint's events). False when it
 * is not theirs (or does not exist): one user never touches another's rows. Marking an already-read one again is a no-op.
 */
export async function markRead(
  db: DB,
  input: { userId: number; notificationId: number },
  now: Date = new Date(),
): Promise<boolean> {
  const iso = now.toISOString();
  return writeTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("notifications")
      .select(["id", "kind", "assignment_id", "link"])
      .where("id", "=", input.notificationId)
      .where("user_id", "=", input.userId)
      .executeTakeFirst();
    if (!row) return false;
    await trx
      .updateTable("notifications")
      .set({ read_at: sql<string>`coalesce(read_at, ${iso})` })
      .where("user_id", "=", input.userId)
      .where("kind", "=", row.kind)
      .where(sql<boolean>`assignment_id is ${row.assignment_id}`)
      .where("link", "=", row.link)
      .where("id", "<=", row.id)
      .where("read_at", "is", null)
      .execute();
    return true;
  });
}

/**
 * Marks all the user's unread notifications read, and says how many. With `upToId`, only those the
 * user has seen: one that arrives while the page is open stays unread.
 */
export async function markAllRead(
  db: DB,
  input: { userId: number; upToId?: number },
  now: Date = new Date(),
): Promise<number> {
  let query = db
    .updateTable("notifications")
    .set({ read_at: now.toISOString() })
    .where("user_id", "=", input.userId)
    .where("read_at", "is", null);
  if (input.upToId !== undefined) query = query.where("id", "<=", input.upToId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
