import { type DB, writeTransaction } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { olderThanWindow } from "~/lib/count-older.server";
import { k } from "~/lib/i18n/messages";
import type { ListWindow, Shown } from "~/lib/newest";
import { recordTicketEvent, reopenUnfinished } from "~/tickets/tickets.server";
import { addAssignmentNote } from "./assignments.server";
import { touch } from "./checkpoints.server";
import { notify, passOnOpenWork, resolveNotifications, tellOldMentor } from "./notify.server";
import { sameAssignmentNoteJustSent } from "./sent-twice.server";

// What a mentor (or a lead) does for a stuck mentee, from the assignment's page: nudge them,
// note a pairing session, hand them over to another mentor with a free place (a lead may
// override a full one), or release the claim. Each is one transaction, checks the policies and
// lands on the assignment's log.

export type MentorActionResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "forbidden" | "not_active" }
  | { ok: false; reason: "mentor_unavailable" | "same_mentor" };

async function loadActive(trx: DB, assignmentId: number) {
  return trx
    .selectFrom("assignments as a")
    .innerJoin("tickets as t", "t.id", "a.ticket_id")
    .innerJoin("users as n", "n.id", "a.newcomer_id")
    .select([
      "a.id",
      "a.status",
      "a.newcomer_id as newcomerId",
      "a.mentor_id as mentorId",
      "a.ticket_id as ticketId",
      "t.title as ticketTitle",
      "n.name as newcomerName",
    ])
    .where("a.id", "=", assignmentId)
    .executeTakeFirst();
}

/** The person's name; null when they are gone (the message then says "Your mentor"). */
async function nameOf(trx: DB, userId: number): Promise<string | null> {
  const row = await trx
    .selectFrom("users")
    .select("name")
    .where("id", "=", userId)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** The mentor nudges the newcomer: a friendly note in their inbox, kept on the assignment's log. */
export async function nudgeMentee(
  db: DB,
  input: { assignmentId: number; actor: Actor; message: string },
  now: Date = new Date(),
): Promise<MentorActionResult> {
  return writeTransaction(db, async (trx): Promise<MentorActionResult> => {
    const a = await loadActive(trx, input.assignmentId);
    if (!a) return { ok: false, reason: "not_found" };
    if (!can(input.actor, "nudgeMentee", a)) return { ok: false, reason: "forbidden" };
    if (a.status !== "active") return { ok: false, reason: "not_active" };
    const from = await nameOf(trx, input.actor.id);
    // Without a message of their own, a friendly line in the newcomer's language.
    const body = input.message.trim() || k("mentoring.notify.nudgeDefault");
    // The same nudge sent twice (a double click, a resent form) is one nudge: the newcomer is
    // told once, and the second answer says it was sent, as the first did.
    if (
      await sameAssignmentNoteJustSent(
        trx,
        a.id,
        { authorId: input.actor.id, kind: "nudge", body },
        now,
      )
    )
      return { ok: true };
    await addAssignmentNote(
      trx,
      { assignmentId: a.id, authorId: input.actor.id, kind: "nudge", body },
      now,
    );
    // The nudge answers the request for help (or the "may be stuck" item): it needs nobody now.
    await resolveNotifications(
      trx,
      { assignmentId: a.id, kinds: ["stuck", "help_requested"] },
      now,
    );
    await notify(
      trx,
      {
        userId: a.newcomerId,
        kind: "nudge",
        assignmentId: a.id,
        eventKey: `nudge:${a.id}:${now.toISOString()}`,
        title: from
          ? k("team.notify.nudge", { name: from, ticket: a.ticketTitle })
          : k("mentoring.notify.nudgeFromMentor", { ticket: a.ticketTitle }),
        body,
        link: `/assignments/${a.id}`,
      },
      now,
    );
    return { ok: true };
  });
}

/**
 * A pairing session, noted on the assignment: what was worked on together. Working together is
 * progress, so the stuck clock starts again.
 */
export async function recordPairingSession(
  db: DB,
  input: { assignmentId: number; actor: Actor; notes: string },
  now: Date = new Date(),
): Promise<MentorActionResult> {
  return writeTransaction(db, async (trx): Promise<MentorActionResult> => {
    const a = await loadActive(trx, input.assignmentId);
    if (!a) return { ok: false, reason: "not_found" };
    if (!can(input.actor, "recordPairingSession", a)) return { ok: false, reason: "forbidden" };
    if (a.status !== "active") return { ok: false, reason: "not_active" };
    const note = { authorId: input.actor.id, kind: "pairing", body: input.notes.trim() } as const;
    if (await sameAssignmentNoteJustSent(trx, a.id, note, now)) return { ok: true };
    await addAssignmentNote(trx, { assignmentId: a.id, ...note }, now);
    // Progress: the stuck clock starts again and the stuck spell's items are done.
    await touch(trx, a.id, now);
    return { ok: true };
  });
}

/**
 * The mentor hands the mentee over to another mentor, who needs a free place; a lead may
 * override a full one (as when changing the mentor from the ticket page). Both are told.
 */
export async function handOverMentee(
  db: DB,
  input: { assignmentId: number; actor: Actor; toMentorId: number; note?: string },
  now: Date = new Date(),
): Promise<MentorActionResult> {
  return writeTransaction(db, async (trx): Promise<MentorActionResult> => {
    const a = await loadActive(trx, input.assignmentId);
    if (!a) return { ok: false, reason: "not_found" };
    if (!can(input.actor, "handOverMentee", a)) return { ok: false, reason: "forbidden" };
    if (a.status !== "active") return { ok: false, reason: "not_active" };
    if (a.mentorId === input.toMentorId) return { ok: false, reason: "same_mentor" };
    const target = await trx
      .selectFrom("users")
      .select((eb) => [
        "users.name",
        "users.role",
        "users.status",
        "users.capacity",
        eb
          .selectFrom("assignments")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("assignments.mentor_id", "=", "users.id")
          .where("assignments.status", "=", "active")
          .as("active"),
      ])
      .where("users.id", "=", input.toMentorId)
      .executeTakeFirst();
    const full = target ? Number(target.active ?? 0) >= (target.capacity ?? 0) : true;
    if (
      target?.role !== "mentor" ||
      target.status !== "active" ||
      (full && !can(input.actor, "handOverToFullMentor"))
    )
      return { ok: false, reason: "mentor_unavailable" };
    await trx
      .updateTable("assignments")
      .set({ mentor_id: input.toMentorId })
      .where("id", "=", a.id)
      .execute();
    // What waited for the old mentor on this assignment is the new mentor's to do.
    if (a.mentorId !== null)
      await passOnOpenWork(
        trx,
        { assignmentId: a.id, from: a.mentorId, to: input.toMentorId },
        now,
      );
    const body = input.note?.trim() ?? "";
    await addAssignmentNote(
      trx,
      {
        assignmentId: a.id,
        authorId: input.actor.id,
        kind: "handover",
        body: body
          ? k("mentoring.log.handoverToNote", { name: target.name, note: body })
          : k("mentoring.log.handoverTo", { name: target.name }),
      },
      now,
    );
    await recordTicketEvent(
      trx,
      {
        ticketId: a.ticketId,
        actorId: input.actor.id,
        kind: "mentor_changed",
        data: { mentorId: input.toMentorId },
      },
      now,
    );
    const link = `/assignments/${a.id}`;
    await notify(
      trx,
      {
        userId: input.toMentorId,
        kind: "new_mentee",
        assignmentId: a.id,
        eventKey: `new_mentee:${a.id}:${input.toMentorId}:${now.toISOString()}`,
        title: k("team.notify.newMentee", { name: a.newcomerName }),
        body: body ? `${a.ticketTitle}. ${body}` : a.ticketTitle,
        link,
      },
      now,
    );
    await notify(
      trx,
      {
        userId: a.newcomerId,
        kind: "new_mentor",
        assignmentId: a.id,
        eventKey: `handed_over:${a.id}:${input.toMentorId}:${now.toISOString()}`,
        title: k("team.notify.handedOver", { name: target.name, ticket: a.ticketTitle }),
        body,
        link,
      },
      now,
    );
    // A lead moved the mentee: the mentor who had them is told (they handed over, they know).
    if (a.mentorId !== null && a.mentorId !== input.actor.id)
      await tellOldMentor(trx, { ...a, mentorId: a.mentorId, toMentorName: target.name }, now);
    return { ok: true };
  });
}

/** The mentor releases a stuck claim: the ticket goes back to the queue and the newcomer is told. */
export async function releaseMentee(
  db: DB,
  input: { assignmentId: number; actor: Actor; reason: string },
  now: Date = new Date(),
): Promise<MentorActionResult> {
  return writeTransaction(db, async (trx): Promise<MentorActionResult> => {
    const a = await loadActive(trx, input.assignmentId);
    if (!a) return { ok: false, reason: "not_found" };
    if (!can(input.actor, "releaseMentee", a)) return { ok: false, reason: "forbidden" };
    if (a.status !== "active") return { ok: false, reason: "not_active" };
    const iso = now.toISOString();
    await trx
      .updateTable("assignments")
      .set({ status: "released", ended_at: iso })
      .where("id", "=", a.id)
      .execute();
    await reopenUnfinished(trx, a.ticketId, now);
    // A released claim needs nobody any more.
    await resolveNotifications(trx, { assignmentId: a.id }, now);
    const body = input.reason.trim();
    await addAssignmentNote(
      trx,
      { assignmentId: a.id, authorId: input.actor.id, kind: "released", body },
      now,
    );
    await recordTicketEvent(
      trx,
      { ticketId: a.ticketId, actorId: input.actor.id, kind: "released" },
      now,
    );
    const byMentor = a.mentorId === input.actor.id;
    await notify(
      trx,
      {
        userId: a.newcomerId,
        kind: "claim_released",
        assignmentId: a.id,
        eventKey: `released:${a.id}`,
        title: k("team.notify.released", { ticket: a.ticketTitle }),
        body: body || k(byMentor ? "team.notify.releasedBody" : "team.notify.releasedByLeadBody"),
        link: "/onboarding",
      },
      now,
    );
    // A lead released it: the mentor, whose place is free now, is told too.
    if (a.mentorId !== null && !byMentor)
      await notify(
        trx,
        {
          userId: a.mentorId,
          kind: "claim_released",
          assignmentId: a.id,
          eventKey: `released:${a.id}`,
          title: k("team.notify.menteeReleasedByOther", {
            name: a.newcomerName,
            ticket: a.ticketTitle,
          }),
          body: k("team.notify.menteeReleasedBody"),
          link: "/mentoring",
        },
        now,
      );
    return { ok: true };
  });
}

export interface AssignmentNote {
  id: number;
  kind: string;
  author: string;
  body: string;
  createdAt: string;
}

/**
 * A window of an assignment's log, oldest first (the newest notes, or those before an id), and how
 * many older notes it leaves out, counted up to OLDER_COUNTED + 1 ("more than 200"); read-only,
 * by the (assignment_id, id) index.
 */
export async function listAssignmentNotes(
  db: DB,
  assignmentId: number,
  window: ListWindow,
): Promise<Shown<AssignmentNote>> {
  let query = notesOf(db, assignmentId);
  if (window.before !== null) query = query.where("n.id", "<", window.before);
  const rows = (await query.orderBy("n.id", "desc").limit(window.size).execute()).reverse();
  const older = await olderThanWindow(db, rows, window.size, (oldest) =>
    db
      .selectFrom("assignment_notes")
      .select("id")
      .where("assignment_id", "=", assignmentId)
      .where("id", "<", oldest),
  );
  return { items: rows, older, back: window.before !== null };
}

/** The latest "works as designed" decision or its undoing, whatever the log's window shows. */
export async function latestDecisionNote(
  db: DB,
  assignmentId: number,
): Promise<AssignmentNote | null> {
  const row = await notesOf(db, assignmentId)
    .where("n.kind", "in", ["works_as_designed", "back_to_fixing"])
    .orderBy("n.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

function notesOf(db: DB, assignmentId: number) {
  return db
    .selectFrom("assignment_notes as n")
    .innerJoin("users as u", "u.id", "n.author_id")
    .select(["n.id", "n.kind", "u.name as author", "n.body", "n.created_at as createdAt"])
    .where("n.assignment_id", "=", assignmentId);
}
