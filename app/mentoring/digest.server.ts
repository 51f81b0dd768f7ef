import { type DB, writeTransaction } from "#db/client";
import type { Locale } from "~/lib/i18n/locales";
import { k } from "~/lib/i18n/messages";
import { digestMail, mailLocale } from "~/lib/message-templates";
import { appLink, outboxConfig, queueMail, skipMail } from "~/lib/outbox.server";
import { timeSlicer } from "~/lib/time-slice";
import { DEFAULT_TIME_ZONE, digestDueDay, zoneOr } from "~/lib/time-zone";
import { suggestTickets } from "~/tickets/suggest";
import { listOpenStarters } from "~/tickets/tickets.server";
import { findStuck } from "./checkpoints.server";
import { assignmentHistory } from "./claims.server";
import { localStepTitle } from "./step-text.server";

// The daily digest by e-mail: reviews waiting, mentees stuck, steps to change, tickets suggested. Only what needs
// the person; none when nothing does. A digest that only suggests tickets (a newcomer without one)
// goes when the tickets it suggests change, else once a week: the same list each morning is noise. The text is in ~/lib/message-templates.

const SUGGESTED_TICKETS = 3;

/** What needs one person today: each list empty when nothing does. */
export async function digestFor(
  db: DB,
  user: { id: number; role: string; locale: Locale },
  input: { workingDays: number },
  now: Date,
  open?: Awaited<ReturnType<typeof listOpenStarters>>,
) {
  // Steps of the active assignments: with their step's key and title (named in the reader's
  // language), the assignment, its newcomer and its ticket.
  const activeSteps = () =>
    db
      .selectFrom("assignment_checkpoints as ac")
      .innerJoin("assignments as a", "a.id", "ac.assignment_id")
      .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
      .innerJoin("users as n", "n.id", "a.newcomer_id")
      .innerJoin("tickets as t", "t.id", "a.ticket_id")
      .select([
        "ac.id",
        "a.id as assignmentId",
        "tc.key",
        "tc.title",
        "n.name",
        "t.title as ticket",
      ])
      .where("a.status", "=", "active");
  const reviews =
    user.role === "newcomer"
      ? []
      : await activeSteps()
          .where("a.mentor_id", "=", user.id)
          .where("ac.state", "in", ["submitted", "resubmitted"])
          .orderBy("ac.state_since")
          .execute();
  const stuck =
    user.role === "newcomer"
      ? []
      : await findStuck(db, { workingDays: input.workingDays, mentorId: user.id }, now);
  const changes =
    user.role === "newcomer"
      ? await activeSteps()
          .where("a.newcomer_id", "=", user.id)
          .where("ac.state", "=", "changes_requested")
          .orderBy("tc.position")
          .execute()
      : [];
  let suggested: { id: number; title: string }[] = [];
  if (user.role === "newcomer") {
    const active = await db
      .selectFrom("assignments")
      .select("id")
      .where("newcomer_id", "=", user.id)
      .where("status", "=", "active")
      .executeTakeFirst();
    if (!active) {
      const history = await assignmentHistory(db, user.id);
      suggested = suggestTickets(
        open ?? (await listOpenStarters(db)),
        history.map((h) => ({
          component: h.component,
          difficulty: h.difficulty,
          completed: h.status === "resolved",
        })),
        { limit: SUGGESTED_TICKETS, now },
      ).map((s) => ({ id: s.ticket.id, title: s.ticket.title }));
    }
  }
  return {
    reviewsWaiting: reviews.map((r) => ({
      name: r.name,
      step: localStepTitle(r, user.locale),
      link: appLink(`/assignments/${r.assignmentId}#checkpoint-${r.id}`),
    })),
    menteesStuck: stuck.map((s) => ({
      name: s.newcomerName,
      ticket: s.ticketTitle,
      days: s.workingDays,
      link: appLink(`/assignments/${s.assignmentId}`),
    })),
    changesRequested: changes.map((c) => ({
      step: localStepTitle(c, user.locale),
      ticket: c.ticket,
      link: appLink(`/assignments/${c.assignmentId}#checkpoint-${c.id}`),
    })),
    ticketsSuggested: suggested.map((t) => ({
      title: t.title,
      link: appLink(`/tickets/${t.id}`),
    })),
  };
}

/** A digest that only suggests tickets says the same again for a week at most. */
const SAME_SUGGESTIONS_DAYS = 7;

/**
 * What a digest that only suggests tickets (a newcomer without one) says, as JSON to compare with
 * the next one's, whatever their order; null for a digest with anything else in it.
 */
function suggestionsOnly(lists: Awaited<ReturnType<typeof digestFor>>): string | null {
  if (lists.reviewsWaiting.length || lists.menteesStuck.length || lists.changesRequested.length)
    return null;
  if (!lists.ticketsSuggested.length) return null;
  const tickets = lists.ticketsSuggested
    .map((t) => [t.link, t.title] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ suggested: tickets });
}

/**
 * Why not to send a suggestions-only digest for `day`: the person's last digest sent (or queued)
 * said the same, less than a week before. Null when it should go.
 */
async function saidLately(
  trx: DB,
  userId: number,
  day: string,
  said: string,
): Promise<string | null> {
  const last = await trx
    .selectFrom("outbox")
    .select(["dedupe_key", "payload"])
    .where("dedupe_key", ">=", `digest:${userId}:`)
    .where("dedupe_key", "<", `digest:${userId};`)
    .where("status", "!=", "skipped")
    .orderBy("dedupe_key", "desc")
    .limit(1)
    .executeTakeFirst();
  const lastDay = last?.dedupe_key?.slice(`digest:${userId}:`.length) ?? "";
  if (!last || last.payload !== said) return null;
  const days = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${lastDay}T00:00:00Z`)) / 86_400_000;
  if (!(days < SAME_SUGGESTIONS_DAYS)) return null;
  return k("core.integrations.error.sameDigest", { day: lastDay });
}

/** Has this person had a digest for `day` or a later local date (say, before moving west)? */
async function hadDigestSince(db: DB, userId: number, day: string): Promise<boolean> {
  // Keys are `digest:<id>:<YYYY-MM-DD>`: one range of the unique index, from `day` to the id's end
  // (";" sorts right after ":", so `digest:12:…` is outside the range of user 1).
  const row = await db
    .selectFrom("outbox")
    .select("id")
    .where("dedupe_key", ">=", `digest:${userId}:${day}`)
    .where("dedupe_key", "<", `digest:${userId};`)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Queues the daily digest of every active person something needs, at 07:00 on their own clock
 * (their time zone, else `defaultTimeZone`): from then until their midnight, so a worker that was
 * down at 07:00 sends on its next run that day. One per person per local date (the dedupe key),
 * and never a second for a date already covered, even if the person's zone changed since. Run by
 * the server on a timer. Returns how many were queued.
 */
export async function queueDailyDigests(
  db: DB,
  input: { workingDays: number; defaultTimeZone?: string },
  now: Date = new Date(),
): Promise<number> {
  if (!outboxConfig().email) return 0;
  const fallbackZone = input.defaultTimeZone ?? DEFAULT_TIME_ZONE;
  const candidates = await db
    .selectFrom("users")
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.role",
      "users.locale",
      "users.time_zone",
    ])
    .where("users.status", "=", "active")
    // Whoever turned the daily digest off in Settings gets none by e-mail either, and neither
    // does whoever keeps it in their inbox only.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("notification_mutes as m")
            .select("m.user_id")
            .whereRef("m.user_id", "=", "users.id")
            .where("m.kind", "=", "digest"),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("mail_mutes as m")
            .select("m.user_id")
            .whereRef("m.user_id", "=", "users.id")
            .where("m.kind", "=", "digest"),
        ),
      ),
    )
    .execute();
  const people: ((typeof candidates)[number] & { day: string; timeZone: string })[] = [];
  // Other requests are let in whenever a slice of time is used (a big team is many people).
  const slice = timeSlicer();
  for (const person of candidates) {
    await slice();
    const timeZone = zoneOr(person.time_zone, fallbackZone);
    const day = digestDueDay(now, timeZone);
    if (day && !(await hadDigestSince(db, person.id, day)))
      people.push({ ...person, day, timeZone });
  }
  if (!people.length) return 0;
  const open = await listOpenStarters(db);
  let queued = 0;
  for (const person of people) {
    await slice();
    const locale = mailLocale(person.locale);
    const lists = await digestFor(db, { ...person, locale }, input, now, open);
    const content = digestMail({
      locale,
      name: person.name,
      day: person.day,
      timeZone: person.timeZone,
      settingsLink: appLink("/settings"),
      ...lists,
    });
    if (!content) continue;
    const said = suggestionsOnly(lists);
    const dedupeKey = `digest:${person.id}:${person.day}`;
    // Checked again in the write: another worker may have queued it meanwhile.
    const added = await writeTransaction(db, async (trx) => {
      if (await hadDigestSince(trx, person.id, person.day)) return false;
      const same = said && (await saidLately(trx, person.id, person.day, said));
      if (same) {
        // Marked, so today's later checks do not work it out again.
        await skipMail(
          trx,
          { kind: "digest", to: person.email, dedupeKey, payload: said, reason: same },
          now,
        );
        return false;
      }
      return queueMail(
        trx,
        { kind: "digest", to: person.email, content, dedupeKey, payload: said ?? undefined },
        now,
      );
    });
    if (added) queued += 1;
  }
  return queued;
}
