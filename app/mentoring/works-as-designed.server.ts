import { type DB, writeTransaction } from "#db/client";
import type { CheckpointState } from "#db/schema";
import { type Actor, can } from "~/auth/policies";
import { k } from "~/lib/i18n/messages";
import { recordTicketEvent } from "~/tickets/tickets.server";
import { addAssignmentNote } from "./assignments.server";
import { DONE_STATES } from "./checkpoint-states";
import { touch } from "./checkpoints.server";
import { notify } from "./notify.server";
import { applyTicketStatus } from "./ticket-status.server";
import { ensureDraftForAssignment } from "./writeup-drafts.server";

// "Works as designed": a finished outcome of its own. The newcomer declares it after Root cause
// has evidence (the steps between Root cause and Write-up are skipped, each remembering its
// state); "Back to fixing it" puts every skipped step back as it was; once the assignment is
// closed that way, its mentor (or a lead) can reopen it. Each change tells the other side, and
// lands on the assignment's log and the ticket's history.

export type WadResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "forbidden" | "not_active" | "too_early" | "too_late" };

async function loadAssignment(trx: DB, assignmentId: number) {
  return trx
    .selectFrom("assignments as a")
    .innerJoin("users as n", "n.id", "a.newcomer_id")
    .innerJoin("tickets as t", "t.id", "a.ticket_id")
    .select([
      "a.id",
      "a.newcomer_id as newcomerId",
      "a.mentor_id as mentorId",
      "a.status",
      "a.resolution",
      "a.ticket_id as ticketId",
      "n.name as newcomerName",
      "t.title as ticketTitle",
      "t.status as ticketStatus",
    ])
    .where("a.id", "=", assignmentId)
    .executeTakeFirst();
}

async function stepsOf(trx: DB, assignmentId: number) {
  return trx
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .select([
      "ac.id",
      "ac.state",
      "ac.state_since",
      "ac.skipped_from",
      "ac.skipped_from_since",
      "tc.key",
      "tc.position",
    ])
    .where("ac.assignment_id", "=", assignmentId)
    .orderBy("tc.position")
    .execute();
}

/**
 * Every step between Root cause and Write-up is done: the fix is made and shipped, so the ticket
 * is fixed, not "works as designed" (declaring it would skip nothing and close a shipped fix under
 * the wrong resolution). A track with no step between them leaves the choice open.
 */
export function fixIsIn(steps: readonly { key: string | null; state: CheckpointState }[]): boolean {
  const rootCause = steps.findIndex((s) => s.key === "root_cause");
  const writeup = steps.findIndex((s) => s.key === "writeup");
  const between = steps.slice(rootCause + 1, writeup < 0 ? steps.length : writeup);
  return (
    rootCause >= 0 && between.length > 0 && between.every((s) => DONE_STATES.includes(s.state))
  );
}

/** Every skipped step goes back to the state it was skipped from (to do if unknown). */
async function restoreSkipped(
  trx: DB,
  steps: Awaited<ReturnType<typeof stepsOf>>,
  now: Date,
): Promise<void> {
  for (const s of steps.filter((x) => x.state === "skipped")) {
    const state: CheckpointState = s.skipped_from ?? "todo";
    await trx
      .updateTable("assignment_checkpoints")
      .set({
        state,
        state_since: s.skipped_from_since ?? now.toISOString(),
        done_at: DONE_STATES.includes(state) ? (s.skipped_from_since ?? now.toISOString()) : null,
        skipped_from: null,
        skipped_from_since: null,
      })
      .where("id", "=", s.id)
      .execute();
  }
}

/**
 * "Works as designed": after Root cause has evidence, the newcomer skips straight to Write-up.
 * `undo` goes back to fixing it, each step as it was. The mentor is told either way.
 */
export async function setWorksAsDesigned(
  db: DB,
  input: { assignmentId: number; actor: Actor; undo?: boolean },
  now: Date = new Date(),
): Promise<WadResult> {
  return writeTransaction(db, async (trx): Promise<WadResult> => {
    const assignment = await loadAssignment(trx, input.assignmentId);
    if (!assignment) return { ok: false, reason: "not_found" };
    if (!can(input.actor, "decideWorksAsDesigned", assignment))
      return { ok: false, reason: "forbidden" };
    if (assignment.status !== "active") return { ok: false, reason: "not_active" };
    const steps = await stepsOf(trx, assignment.id);
    const rootCause = steps.find((s) => s.key === "root_cause");
    const writeup = steps.find((s) => s.key === "writeup");
    if (!rootCause || !writeup) return { ok: false, reason: "too_early" };
    const iso = now.toISOString();
    if (input.undo) {
      if (assignment.resolution !== "works_as_designed") return { ok: true };
      await trx
        .updateTable("assignments")
        .set({ resolution: null })
        .where("id", "=", assignment.id)
        .execute();
      await restoreSkipped(trx, steps, now);
    } else {
      if (rootCause.state === "todo") return { ok: false, reason: "too_early" };
      if (assignment.resolution === "works_as_designed") return { ok: true };
      if (fixIsIn(steps)) return { ok: false, reason: "too_late" };
      await trx
        .updateTable("assignments")
        .set({ resolution: "works_as_designed" })
        .where("id", "=", assignment.id)
        .execute();
      const between = steps.filter(
        (s) =>
          s.position > rootCause.position &&
          s.position < writeup.position &&
          !DONE_STATES.includes(s.state),
      );
      for (const s of between) {
        await trx
          .updateTable("assignment_checkpoints")
          .set({
            state: "skipped",
            state_since: iso,
            done_at: null,
            skipped_from: s.state,
            skipped_from_since: s.state_since,
          })
          .where("id", "=", s.id)
          .execute();
      }
    }
    // A write-up already drafted (at Root cause's sign-off) follows: its kind of answer changes
    // with the assignment's, so "Edit and publish" opens it as works as designed (or as a fix).
    await ensureDraftForAssignment(trx, assignment.id, now, { create: false });
    const kind = input.undo ? "back_to_fixing" : "works_as_designed";
    await addAssignmentNote(
      trx,
      { assignmentId: assignment.id, authorId: input.actor.id, kind },
      now,
    );
    await recordTicketEvent(
      trx,
      { ticketId: assignment.ticketId, actorId: input.actor.id, kind },
      now,
    );
    if (assignment.mentorId !== null) {
      await notify(
        trx,
        {
          userId: assignment.mentorId,
          kind: "works_as_designed",
          assignmentId: assignment.id,
          eventKey: `${kind}:${assignment.id}:${iso}`,
          title: k(input.undo ? "team.notify.wadUndo" : "team.notify.wadSays", {
            name: assignment.newcomerName,
          }),
          body: assignment.ticketTitle,
          link: `/assignments/${assignment.id}`,
        },
        now,
      );
    }
    await touch(trx, assignment.id, now);
    return { ok: true };
  });
}

export type ReopenResult =
  | { ok: true }
  | {
      ok: false;
      reason:
        | "not_found"
        | "forbidden"
        | "not_closed"
        | "ticket_taken"
        /** Its newcomer could no longer work it (deactivated, or no longer a newcomer). */
        | "newcomer_gone"
        /** Its mentor could no longer review it (deactivated, or no longer a mentor or lead). */
        | "mentor_gone";
    };

/**
 * The mentor (or a lead) reopens an assignment closed as works as designed: it is active again,
 * the skipped steps are back as they were, the Write-up step is to do again (the write-up will
 * need the fix), and the ticket is in progress. The newcomer is told.
 */
export async function reopenWorksAsDesigned(
  db: DB,
  input: { assignmentId: number; actor: Actor },
  now: Date = new Date(),
): Promise<ReopenResult> {
  return writeTransaction(db, async (trx): Promise<ReopenResult> => {
    const assignment = await loadAssignment(trx, input.assignmentId);
    if (!assignment) return { ok: false, reason: "not_found" };
    if (!can(input.actor, "reopenAssignment", assignment))
      return { ok: false, reason: "forbidden" };
    if (assignment.status !== "resolved" || assignment.resolution !== "works_as_designed")
      return { ok: false, reason: "not_closed" };
    const other = await trx
      .selectFrom("assignments")
      .select("id")
      .where("ticket_id", "=", assignment.ticketId)
      .where("status", "=", "active")
      .executeTakeFirst();
    if (other) return { ok: false, reason: "ticket_taken" };
    // An assignment is active only with people who can work it: the team may have changed since
    // it closed, and an active one would wait on (and notify) someone no longer here.
    const people = await trx
      .selectFrom("users")
      .select(["id", "role", "status"])
      .where("id", "in", [assignment.newcomerId, assignment.mentorId ?? assignment.newcomerId])
      .execute();
    const newcomer = people.find((p) => p.id === assignment.newcomerId);
    if (newcomer?.status !== "active" || !can(newcomer, "claimTicket"))
      return { ok: false, reason: "newcomer_gone" };
    if (assignment.mentorId !== null) {
      const mentor = people.find((p) => p.id === assignment.mentorId);
      const subject = { newcomerId: assignment.newcomerId, mentorId: assignment.mentorId };
      if (mentor?.status !== "active" || !can(mentor, "reviewCheckpoint", subject))
        return { ok: false, reason: "mentor_gone" };
    }
    const iso = now.toISOString();
    const steps = await stepsOf(trx, assignment.id);
    await restoreSkipped(trx, steps, now);
    const writeup = steps.find((s) => s.key === "writeup");
    if (writeup) {
      await trx
        .updateTable("assignment_checkpoints")
        .set({ state: "todo", state_since: iso, done_at: null })
        .where("id", "=", writeup.id)
        .execute();
    }
    // The ticket first (closing or reopening a ticket ends an active assignment), then the assignment.
    await applyTicketStatus(
      trx,
      { ticketId: assignment.ticketId, status: "in_progress", actorId: input.actor.id },
      now,
    );
    await trx
      .updateTable("assignments")
      .set({ status: "active", resolution: null, ended_at: null, last_progress_at: iso })
      .where("id", "=", assignment.id)
      .execute();
    await addAssignmentNote(
      trx,
      { assignmentId: assignment.id, authorId: input.actor.id, kind: "reopened" },
      now,
    );
    await recordTicketEvent(
      trx,
      { ticketId: assignment.ticketId, actorId: input.actor.id, kind: "reopened" },
      now,
    );
    await notify(
      trx,
      {
        userId: assignment.newcomerId,
        kind: "works_as_designed",
        assignmentId: assignment.id,
        eventKey: `reopened:${assignment.id}:${iso}`,
        title: k("team.notify.reopened"),
        body: assignment.ticketTitle,
        link: `/assignments/${assignment.id}`,
      },
      now,
    );
    return { ok: true };
  });
}
