import { sql } from "kysely";
import { type DB, writeTransaction } from "#db/client";
import { translate } from "~/lib/i18n/catalogs.server";
import { k, type MessageValues } from "~/lib/i18n/messages";
import type { Translator } from "~/lib/i18n/translator";
import { timeSlicer } from "~/lib/time-slice";
import { DEFAULT_TIME_ZONE, digestDueDay, zoneOr } from "~/lib/time-zone";
import { findStuck } from "./checkpoints.server";
import { notify } from "./notify.server";

// The daily digest: one quiet inbox item a day ("3 reviews waiting, 1 mentee stuck") for each
// person with something waiting, none for anyone with nothing. Posted by the server's timer.

export interface WaitingSummary {
  /** Steps the user is the mentor of that wait for a review. */
  reviewsWaiting: number;
  /** The user's mentees with no progress for the stuck threshold. */
  menteesStuck: number;
  /** The user's own steps a mentor asked changes on. */
  changesRequested: number;
}

const EMPTY: WaitingSummary = { reviewsWaiting: 0, menteesStuck: 0, changesRequested: 0 };

/**
 * "3 reviews waiting and 1 mentee stuck" / "검토 대기 3건 및 막힌 멘티 1명"; empty when nothing
 * waits. The digest's inbox item is stored as its numbers and worded when it is shown.
 */
export function describeWaiting(s: WaitingSummary, tr: Translator = translate("en")): string {
  const parts: string[] = [];
  if (s.reviewsWaiting) parts.push(tr.t("team.notify.digestReviews", { count: s.reviewsWaiting }));
  if (s.menteesStuck) parts.push(tr.t("team.notify.digestStuck", { count: s.menteesStuck }));
  if (s.changesRequested) {
    parts.push(tr.t("team.notify.digestChanges", { count: s.changesRequested }));
  }
  return new Intl.ListFormat(tr.locale, { type: "conjunction" }).format(parts);
}

/** The digest item's title for the viewer, from the numbers stored with it. */
export function digestTitle(tr: Translator, values: MessageValues): string {
  const count = (name: string) => Number(values[name] ?? 0) || 0;
  return tr.t("team.notify.digest", {
    summary: describeWaiting(
      {
        reviewsWaiting: count("reviews"),
        menteesStuck: count("stuck"),
        changesRequested: count("changes"),
      },
      tr,
    ),
  });
}

/**
 * What waits for each active user, for everyone with something waiting (three queries in all),
 * with their time zone (null: the organisation's).
 */
export async function summarizeWaiting(
  db: DB,
  input: { workingDays: number },
  now: Date = new Date(),
): Promise<Map<number, WaitingSummary & { timeZone: string | null }>> {
  const byUser = new Map<number, WaitingSummary & { timeZone: string | null }>();
  const entry = (userId: number) => {
    let s = byUser.get(userId);
    if (!s) {
      s = { ...EMPTY, timeZone: null };
      byUser.set(userId, s);
    }
    return s;
  };
  const active = (eb: DB) =>
    eb
      .selectFrom("assignment_checkpoints as ac")
      .innerJoin("assignments as a", "a.id", "ac.assignment_id")
      .innerJoin("users as u", "u.id", "a.newcomer_id")
      .where("a.status", "=", "active")
      .where("u.status", "=", "active");
  const reviews = await active(db)
    .select(["a.mentor_id as userId", sql<number>`count(*)`.as("n")])
    .where("ac.state", "in", ["submitted", "resubmitted"])
    .where("a.mentor_id", "is not", null)
    .groupBy("a.mentor_id")
    .execute();
  for (const r of reviews) if (r.userId !== null) entry(r.userId).reviewsWaiting = Number(r.n);
  const changes = await active(db)
    .select(["a.newcomer_id as userId", sql<number>`count(*)`.as("n")])
    .where("ac.state", "=", "changes_requested")
    .groupBy("a.newcomer_id")
    .execute();
  for (const r of changes) entry(r.userId).changesRequested = Number(r.n);
  for (const s of await findStuck(db, { workingDays: input.workingDays }, now)) {
    if (s.mentorId !== null) entry(s.mentorId).menteesStuck += 1;
  }
  // Deactivated people get no digest; the others' time zones say when theirs is due.
  const ids = [...byUser.keys()];
  if (ids.length) {
    const people = await db
      .selectFrom("users")
      .select(["id", "status", "time_zone"])
      .where("id", "in", ids)
      .execute();
    for (const person of people) {
      const summary = byUser.get(person.id);
      if (person.status !== "active") byUser.delete(person.id);
      else if (summary) summary.timeZone = person.time_zone;
    }
  }
  return byUser;
}

/** Has this person had an inbox digest for `day` or a later local date? */
async function hadInboxDigestSince(trx: DB, userId: number, day: string): Promise<boolean> {
  // Keys are `digest:<YYYY-MM-DD>` (the user's unique (user_id, event_key) index): a range of it.
  const row = await trx
    .selectFrom("notifications")
    .select("id")
    .where("user_id", "=", userId)
    .where("event_key", ">=", `digest:${day}`)
    .where("event_key", "<", "digest;")
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Posts today's digest to everyone with something waiting, from 07:00 on their own clock (their
 * time zone, else `defaultTimeZone`), as the e-mail digest does: at most one per person per local
 * date (the event key) and none for a date already covered (a move west), none when nothing waits, none for someone who turned digests off. A new
 * digest marks the older ones done. Says how many were posted.
 */
export async function postDailyDigests(
  db: DB,
  input: { workingDays: number; defaultTimeZone?: string },
  now: Date = new Date(),
): Promise<number> {
  const waiting = await summarizeWaiting(db, input, now);
  const fallbackZone = input.defaultTimeZone ?? DEFAULT_TIME_ZONE;
  let posted = 0;
  // One short transaction per person, with other requests let in when a slice of time is used.
  const slice = timeSlicer();
  for (const [userId, summary] of waiting) {
    await slice();
    if (!describeWaiting(summary)) continue;
    const day = digestDueDay(now, zoneOr(summary.timeZone, fallbackZone));
    if (!day) continue; // before 07:00 where they are
    const eventKey = `digest:${day}`;
    const mentoring = summary.reviewsWaiting > 0 || summary.menteesStuck > 0;
    await writeTransaction(db, async (trx) => {
      // One per local date, and never one for a date already covered: a person who moves west
      // (Seoul to Los Angeles) is a day behind on their new clock, and `digest:<that day>` would
      // be a new key for a morning they already had.
      if (await hadInboxDigestSince(trx, userId, day)) return;
      const created = await notify(
        trx,
        {
          userId,
          kind: "digest",
          assignmentId: null,
          eventKey,
          // Worded in the viewer's language when shown (digestTitle).
          title: k("team.notify.digest", {
            reviews: summary.reviewsWaiting,
            stuck: summary.menteesStuck,
            changes: summary.changesRequested,
          }),
          body: mentoring
            ? k("team.notify.digestBodyMentoring")
            : k("team.notify.digestBodyOnboarding"),
          link: mentoring ? "/mentoring" : "/onboarding",
        },
        now,
      );
      if (!created) return;
      posted += 1;
      const iso = now.toISOString();
      await trx
        .updateTable("notifications")
        .set({ resolved_at: iso, read_at: sql<string>`coalesce(read_at, ${iso})` })
        .where("user_id", "=", userId)
        .where("kind", "=", "digest")
        .where("event_key", "!=", eventKey)
        .where("resolved_at", "is", null)
        .execute();
    });
  }
  return posted;
}
