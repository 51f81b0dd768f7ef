import { sql } from "kysely";
import type { DB } from "#db/client";
import type { NotificationKind } from "#db/schema";
import { compiledOnce } from "~/lib/compiled-once.server";
import { memoized } from "~/lib/context";
import { k, type Msg } from "~/lib/i18n/messages";
import { escapeLike } from "~/lib/like";

export interface NotificationInput {
  userId: number;
  kind: NotificationKind;
  assignmentId: number | null;
  /** What makes this event unique for this user; the same key never notifies twice. */
  eventKey: string;
  /**
   * A message made with `k()` (shown in the viewer's language when they open the inbox), or
   * content people wrote (a comment), stored as it is.
   */
  title: Msg;
  body?: Msg;
  link: string;
}

/** Content inside a stored message is cut to this many characters; the message stays whole. */
const VALUE_LIMIT = 120;

/**
 * `message` cut to `max` characters. A message made with `k()` keeps its key and valid values
 * (only the text inside them is shortened), so it can still be shown in any language.
 */
export function clipMessage(message: string, max: number): string {
  if (message.length <= max) return message;
  const at = message.indexOf("|{");
  if (at > 0 && /^[a-z]+(\.[A-Za-z0-9_]+)+$/.test(message.slice(0, at))) {
    try {
      const values = JSON.parse(message.slice(at + 1)) as Record<string, unknown>;
      const short = Object.fromEntries(
        Object.entries(values).map(([name, value]) => [
          name,
          typeof value === "string" ? [...value].slice(0, VALUE_LIMIT).join("") : value,
        ]),
      );
      return `${message.slice(0, at)}|${JSON.stringify(short)}`;
    } catch {
      // Not values after all: cut like any text.
    }
  }
  return [...message].slice(0, max).join("");
}

/**
 * Records one notification per event; a repeat of the same event is ignored, and so is a kind the
 * user turned off in Settings. Call inside the write's transaction.
 */
export async function notify(
  trx: DB,
  input: NotificationInput,
  now: Date = new Date(),
): Promise<boolean> {
  const muted = await trx
    .selectFrom("notification_mutes")
    .select("kind")
    .where("user_id", "=", input.userId)
    .where("kind", "=", input.kind)
    .executeTakeFirst();
  if (muted) return false;
  const result = await trx
    .insertInto("notifications")
    .values({
      user_id: input.userId,
      kind: input.kind,
      assignment_id: input.assignmentId,
      event_key: input.eventKey,
      title: clipMessage(input.title, 200),
      body: clipMessage(input.body ?? "", 2000),
      link: input.link,
      created_at: now.toISOString(),
      read_at: null,
    })
    .onConflict((oc) => oc.columns(["user_id", "event_key"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function unreadCount(db: DB, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select(sql<number>`count(*)`.as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Kinds that only tell the user something (nothing to do); every other kind, including any added
 * later, asks for an action and counts as "needs you" until it is read or resolved.
 */
export const FYI_KINDS: readonly NotificationKind[] = [
  "approved",
  "assignment_resolved",
  "new_mentee",
  "digest",
  "claim_released",
  "new_mentor",
  "ticket_assigned",
];

/**
 * Kinds that are the news of an assignment's end (finished; released or given to someone else):
 * an ended assignment's other items need nobody, but these are new until read.
 */
export const END_NEWS_KINDS: readonly NotificationKind[] = [
  "assignment_resolved",
  "claim_released",
];

/**
 * Is notification `n` (its assignment joined as `a`) still open: unread, not done, and not about
 * an assignment that has ended (released, handed on, finished), whose news of its end excepted.
 * The inbox lists these first and counts them; an ended assignment needs nobody.
 */
export const OPEN = sql<boolean>`(n.read_at is null and n.resolved_at is null and (n.assignment_id is null or a.status = 'active' or n.kind in (${sql.join(END_NEWS_KINDS)})))`;

/** What the inbox folds into one item: one kind, one assignment (or none), one link. */
const FOLD_KEY = sql`n.kind || ':' || coalesce(n.assignment_id, 'general') || ':' || n.link`;

/**
 * The inbox's numbers, over all the user's notifications (not only one page): `needsYou`, open
 * items of a kind that asks for an action, and `open`, every open item (news too), with repeats
 * about one thing counted once, as the inbox folds them (same kind, same assignment, same link:
 * one checkpoint's events are one item, two checkpoints' two).
 */
export async function inboxCounts(
  db: DB,
  userId: number,
): Promise<{ needsYou: number; open: number }> {
  const [row] = await inboxCountsRow(db, userId);
  return { needsYou: Number(row?.needsYou ?? 0), open: Number(row?.open ?? 0) };
}

/** Every signed-in page shows the Inbox count: its query is compiled once (compiledOnce). */
const inboxCountsRow = compiledOnce((db: DB, userId: number) =>
  db
    .selectFrom("notifications as n")
    .leftJoin("assignments as a", "a.id", "n.assignment_id")
    .select([
      sql<number>`count(distinct case when n.kind not in (${sql.join(FYI_KINDS)}) then ${FOLD_KEY} end)`.as(
        "needsYou",
      ),
      sql<number>`count(distinct ${FOLD_KEY})`.as("open"),
    ])
    .where("n.user_id", "=", userId)
    .where("n.read_at", "is", null)
    .where(OPEN),
);

/**
 * The inbox's numbers asked once per page load: the shell's Inbox link (the root loader) and the
 * inbox page itself ask the same question of the same request, in parallel.
 */
export function requestInboxCounts(
  request: Request,
  db: DB,
  userId: number,
): Promise<{ needsYou: number; open: number }> {
  return memoized(request, `inboxCounts:${userId}`, () => inboxCounts(db, userId));
}

/** The number on the Inbox link: things that need the user (see inboxCounts). */
export async function needsYouCount(db: DB, userId: number): Promise<number> {
  return (await inboxCounts(db, userId)).needsYou;
}

/**
 * Marks open items done because the action they asked for was taken (a review given, a step
 * resubmitted, progress made). Narrow it by kind, by event-key prefix (one checkpoint's items)
 * and by user. Call inside the write's transaction; says how many were resolved.
 */
export async function resolveNotifications(
  trx: DB,
  input: {
    assignmentId: number;
    kinds?: readonly NotificationKind[];
    eventKeyPrefix?: string;
    userId?: number;
  },
  now: Date = new Date(),
): Promise<number> {
  const iso = now.toISOString();
  let query = trx
    .updateTable("notifications")
    .set({ resolved_at: iso, read_at: sql<string>`coalesce(read_at, ${iso})` })
    .where("assignment_id", "=", input.assignmentId)
    .where("resolved_at", "is", null);
  if (input.kinds) query = query.where("kind", "in", input.kinds);
  if (input.eventKeyPrefix !== undefined) {
    const prefix = `${escapeLike(input.eventKeyPrefix)}%`;
    query = query.where(sql<boolean>`event_key like ${prefix} escape '\\'`);
  }
  if (input.userId !== undefined) query = query.where("user_id", "=", input.userId);
  const result = await query.executeTakeFirst();
  await settleDigests(trx, input.assignmentId, now);
  return Number(result.numUpdatedRows);
}

/**
 * The daily digest's inbox item ("2 reviews waiting") is done once nothing it counted waits for
 * its reader any more: no step of theirs to review, none sent back to them, no stuck mentee or
 * request for help unanswered. Checked for the assignment's people whenever something on it is
 * resolved, so the morning's item does not stay new after the work it named is done.
 */
async function settleDigests(trx: DB, assignmentId: number, now: Date): Promise<void> {
  const people = await trx
    .selectFrom("assignments")
    .select(["newcomer_id", "mentor_id"])
    .where("id", "=", assignmentId)
    .executeTakeFirst();
  if (!people) return;
  for (const userId of [people.newcomer_id, people.mentor_id]) {
    if (userId === null) continue;
    const digest = await trx
      .selectFrom("notifications")
      .select("id")
      .where("user_id", "=", userId)
      .where("kind", "=", "digest")
      .where("resolved_at", "is", null)
      .where("read_at", "is", null)
      .executeTakeFirst();
    if (!digest) continue;
    const step = await trx
      .selectFrom("assignment_checkpoints as ac")
      .innerJoin("assignments as a", "a.id", "ac.assignment_id")
      .select("ac.id")
      .where("a.status", "=", "active")
      .where((eb) =>
        eb.or([
          eb.and([
            eb("a.mentor_id", "=", userId),
            eb("ac.state", "in", ["submitted", "resubmitted"]),
          ]),
          eb.and([eb("a.newcomer_id", "=", userId), eb("ac.state", "=", "changes_requested")]),
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    if (step) continue;
    const stuck = await trx
      .selectFrom("notifications as n")
      .innerJoin("assignments as a", "a.id", "n.assignment_id")
      .select("n.id")
      .where("n.user_id", "=", userId)
      .where("n.kind", "in", ["stuck", "help_requested"])
      .where("n.resolved_at", "is", null)
      .where("a.status", "=", "active")
      .limit(1)
      .executeTakeFirst();
    if (stuck) continue;
    const iso = now.toISOString();
    await trx
      .updateTable("notifications")
      .set({ resolved_at: iso, read_at: iso })
      .where("id", "=", digest.id)
      .execute();
  }
}

/** Kinds that ask an assignment's mentor to act: they follow the assignment to its next mentor. */
const MENTOR_WORK: readonly NotificationKind[] = ["review_requested", "help_requested", "stuck"];

/**
 * An assignment's mentor changes (a hand-over, or a lead's change): what waited for the old
 * mentor is done for them (its link is a page they may no longer open) and waits for the new one,
 * unread, so their "needs you" counts the review or the help request they now owe. Its event key
 * keeps the original's as a prefix, so the review or the progress that ends it ends the copy too.
 * Says how many were passed on.
 */
export async function passOnOpenWork(
  trx: DB,
  input: { assignmentId: number; from: number; to: number },
  now: Date = new Date(),
): Promise<number> {
  const open = await trx
    .selectFrom("notifications")
    .select(["kind", "event_key", "title", "body", "link"])
    .where("assignment_id", "=", input.assignmentId)
    .where("user_id", "=", input.from)
    .where("resolved_at", "is", null)
    .where("kind", "in", MENTOR_WORK)
    .execute();
  await resolveNotifications(trx, { assignmentId: input.assignmentId, userId: input.from }, now);
  let passed = 0;
  for (const item of open)
    if (
      await notify(
        trx,
        {
          userId: input.to,
          kind: item.kind,
          assignmentId: input.assignmentId,
          eventKey: `${item.event_key}:passed:${now.toISOString()}`,
          title: item.title,
          body: item.body,
          link: item.link,
        },
        now,
      )
    )
      passed++;
  return passed;
}

/**
 * Tells the mentor a lead took a mentee from that their mentee has another mentor now: their
 * board no longer lists them, and what waited there went with them (passOnOpenWork).
 */
export async function tellOldMentor(
  trx: DB,
  a: {
    id: number;
    mentorId: number;
    newcomerName: string;
    ticketTitle: string;
    toMentorName: string;
  },
  now: Date,
) {
  await notify(
    trx,
    {
      userId: a.mentorId,
      kind: "new_mentor",
      assignmentId: a.id,
      eventKey: `moved_from:${a.id}:${a.mentorId}:${now.toISOString()}`,
      title: k("team.notify.menteeMoved", {
        mentor: a.toMentorName,
        name: a.newcomerName,
        ticket: a.ticketTitle,
      }),
      body: k("team.notify.menteeMovedBody"),
      link: "/mentoring",
    },
    now,
  );
}
