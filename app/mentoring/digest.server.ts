import { sql } from "kysely";
import { type DB, writeTransaction } from "#db/client";
import { digestMail, mailLocale } from "~/lib/message-templates";
import { appLink, outboxConfig, queueMail } from "~/lib/outbox.server";
import { suggestTickets } from "~/tickets/suggest";
import { listOpenStarters } from "~/tickets/tickets.server";
import { findStuck } from "./checkpoints.server";
import { assignmentHistory } from "./claims.server";

// The daily digest by e-mail: reviews waiting, mentees stuck, tickets suggested. Only what needs
// the person; none when nothing does. The text is in ~/lib/message-templates.

/** The digest goes out at the first check after this hour (UTC), once a day per person. */
export const DIGEST_HOUR_UTC = 7;
const SUGGESTED_TICKETS = 3;

/** What needs one person today: each list empty when nothing does. */
export async function digestFor(
  db: DB,
  user: { id: number; role: string },
  input: { workingDays: number },
  now: Date,
  open?: Awaited<ReturnType<typeof listOpenStarters>>,
) {
  const reviews =
    user.role === "newcomer"
      ? []
      : await db
          .selectFrom("assignment_checkpoints as ac")
          .innerJoin("assignments as a", "a.id", "ac.assignment_id")
          .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
          .innerJoin("users as n", "n.id", "a.newcomer_id")
          .select(["ac.id", "a.id as assignmentId", "tc.title", "n.name"])
          .where("a.mentor_id", "=", user.id)
          .where("a.status", "=", "active")
          .where("ac.state", "in", ["submitted", "resubmitted"])
          .orderBy("ac.state_since")
          .execute();
  const stuck =
    user.role === "newcomer"
      ? []
      : await findStuck(db, { workingDays: input.workingDays, mentorId: user.id }, now);
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
      step: r.title,
      link: appLink(`/assignments/${r.assignmentId}#checkpoint-${r.id}`),
    })),
    menteesStuck: stuck.map((s) => ({
      name: s.newcomerName,
      ticket: s.ticketTitle,
      days: s.workingDays,
      link: appLink(`/assignments/${s.assignmentId}`),
    })),
    ticketsSuggested: suggested.map((t) => ({
      title: t.title,
      link: appLink(`/tickets/${t.id}`),
    })),
  };
}

/**
 * Queues today's digest for every active person something needs, once a day each (the dedupe key
 * is the person and the UTC date). Run by the server on a timer. Koan has no notification
 * preferences yet: everyone with something waiting gets it. Returns how many were queued.
 */
export async function queueDailyDigests(
  db: DB,
  input: { workingDays: number },
  now: Date = new Date(),
): Promise<number> {
  if (!outboxConfig().email || now.getUTCHours() < DIGEST_HOUR_UTC) return 0;
  const day = now.toISOString().slice(0, 10);
  const people = await db
    .selectFrom("users")
    .leftJoin("outbox", (join) =>
      join.on(sql<boolean>`outbox.dedupe_key = 'digest:' || users.id || ${`:${day}`}`),
    )
    .select(["users.id", "users.name", "users.email", "users.role", "users.locale"])
    .where("users.status", "=", "active")
    .where("outbox.id", "is", null)
    // Whoever turned the daily digest off in Settings gets none by e-mail either.
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
    .execute();
  if (!people.length) return 0;
  const open = await listOpenStarters(db);
  let queued = 0;
  for (const person of people) {
    const content = digestMail({
      locale: mailLocale(person.locale),
      name: person.name,
      settingsLink: appLink("/settings"),
      ...(await digestFor(db, person, input, now, open)),
    });
    if (!content) continue;
    const added = await writeTransaction(db, (trx) =>
      queueMail(
        trx,
        { kind: "digest", to: person.email, content, dedupeKey: `digest:${person.id}:${day}` },
        now,
      ),
    );
    if (added) queued += 1;
  }
  return queued;
}
