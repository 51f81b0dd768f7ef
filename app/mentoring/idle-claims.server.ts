import { type DB, writeTransaction } from "#db/client";
import { k } from "~/lib/i18n/messages";
import { recordTicketEvent, reopenUnfinished } from "~/tickets/tickets.server";
import { namesOf } from "./claims.server";
import { notify } from "./notify.server";

// Claims nobody works on any more: released after RELEASE_AFTER_DAYS without checkpoint progress,
// by the server's timer (app/server/main.ts), never by a page load.

/** Stale claims released in one pass at most; the next pass (a quarter of an hour on) goes on. */
const RELEASED_PER_PASS = 100;

/**
 * Releases every claim with no checkpoint progress for `days` days: the ticket goes back to the
 * starter queue, and the newcomer and their mentor are told why. Their mentor heard of it as
 * stuck long before (`detectStuck`, after STUCK_WORKING_DAYS); this is the step after, so no
 * ticket stays held by someone who has moved on. Each claim is released in a transaction of its
 * own that checks it is still idle (a checkpoint moving meanwhile keeps it), with a turn of the
 * event loop between. Returns how many were released.
 */
export async function releaseStaleClaims(
  db: DB,
  input: { days: number },
  now: Date = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - input.days * 24 * 60 * 60 * 1000).toISOString();
  const iso = now.toISOString();
  const idle = await db
    .selectFrom("assignments")
    .select("id")
    .where("status", "=", "active")
    .where("last_progress_at", "<=", cutoff)
    .orderBy("last_progress_at")
    .limit(RELEASED_PER_PASS)
    .execute();
  let released = 0;
  for (const { id } of idle) {
    const done = await writeTransaction(db, async (trx) => {
      const ended = await trx
        .updateTable("assignments")
        .set({ status: "released", ended_at: iso })
        .where("id", "=", id)
        .where("status", "=", "active")
        .where("last_progress_at", "<=", cutoff)
        .returning(["ticket_id", "newcomer_id", "mentor_id"])
        .executeTakeFirst();
      if (!ended) return false;
      await reopenUnfinished(trx, ended.ticket_id, now);
      await recordTicketEvent(
        trx,
        {
          ticketId: ended.ticket_id,
          actorId: null,
          kind: "released",
          data: { idleDays: input.days },
        },
        now,
      );
      // Both are told why, each in their own words: the newcomer, and their mentor if any.
      const { name, title } = await namesOf(trx, ended.newcomer_id, ended.ticket_id);
      const told = [
        {
          userId: ended.newcomer_id,
          title: k("team.notify.idleReleasedYours", { ticket: title, days: input.days }),
          body: k("team.notify.idleReleasedYoursBody"),
          link: `/tickets/${ended.ticket_id}`,
        },
        ...(ended.mentor_id === null
          ? []
          : [
              {
                userId: ended.mentor_id,
                title: k("team.notify.idleReleased", { name, ticket: title, days: input.days }),
                body: k("team.notify.menteeReleasedBody"),
                link: "/mentoring",
              },
            ]),
      ];
      for (const message of told)
        await notify(
          trx,
          { ...message, kind: "claim_released", assignmentId: id, eventKey: `released:${id}` },
          now,
        );
      return true;
    });
    if (done) released++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return released;
}
