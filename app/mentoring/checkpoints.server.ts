import { type DB, writeTransaction } from "#db/client";
import type { CheckpointState } from "#db/schema";
import { type Actor, can } from "~/auth/policies";
import { k } from "~/lib/i18n/messages";
import { slackTexts } from "~/lib/message-templates";
import { appLink, queueSlack, slackLocale } from "~/lib/outbox.server";
import { writeInSlices } from "~/lib/write-slices.server";
import { DAY_MS, nextState, workingDaysBetween } from "./checkpoint-states";
import { type HelpTold, tellWhoCanHelp } from "./help-requests.server";
import { notify, resolveNotifications } from "./notify.server";
import { queueReviewMail } from "./review-mail.server";
import { sameEvidenceJustSent, sameNoteJustSent } from "./sent-twice.server";
import { applyTicketStatus } from "./ticket-status.server";
import {
  ensureDraftForAssignment,
  getAssignmentWriteup,
  verifyAssignmentWriteup,
} from "./writeup-drafts.server";

// Checkpoints: evidence from the newcomer, reviews from the mentor (or a lead). The state machine
// itself is pure, in ./checkpoint-states.

export type { Actor };

/** Creates an assignment's checkpoints from its track version, all to do. Call inside the claim's transaction. */
export async function startCheckpoints(
  trx: DB,
  input: { assignmentId: number; trackVersionId: number },
  now: Date,
) {
  await trx
    .insertInto("assignment_checkpoints")
    .columns(["assignment_id", "track_checkpoint_id", "state", "state_since"])
    .expression((eb) =>
      eb
        .selectFrom("track_checkpoints")
        .select([
          eb.val(input.assignmentId).as("assignment_id"),
          "track_checkpoints.id",
          eb.val("todo").as("state"),
          eb.val(now.toISOString()).as("state_since"),
        ])
        .where("track_version_id", "=", input.trackVersionId),
    )
    .execute();
}

async function loadCheckpoint(trx: DB, assignmentCheckpointId: number) {
  return trx
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .innerJoin("assignments as a", "a.id", "ac.assignment_id")
    .innerJoin("tickets as t", "t.id", "a.ticket_id")
    .select([
      "ac.id",
      "ac.state",
      "ac.assignment_id as assignmentId",
      "tc.title",
      "tc.key",
      "tc.position",
      "tc.needs_signoff as needsSignoff",
      "a.newcomer_id as newcomerId",
      "a.mentor_id as mentorId",
      "a.status as assignmentStatus",
      "a.ticket_id as ticketId",
      "a.resolution",
      "t.title as ticketTitle",
      "t.status as ticketStatus",
    ])
    .where("ac.id", "=", assignmentCheckpointId)
    .executeTakeFirst();
}

export type CheckpointResult =
  | { ok: true; state: CheckpointState; resolved: boolean }
  | {
      ok: false;
      /**
       * `new_evidence`: evidence came after the one the reviewer read; nothing was written.
       * `writeup_gone`: approving the Write-up step, whose write-up was deleted: nothing to verify.
       */
      reason:
        | "not_found"
        | "forbidden"
        | "not_active"
        | "invalid_transition"
        | "new_evidence"
        | "writeup_gone";
    };

export interface EvidenceInput {
  notes: string;
  links: { label: string; url: string }[];
  minutes: number | null;
}

/** The newcomer submits (or resubmits) evidence for a checkpoint; they may work ahead. */
export async function submitEvidence(
  db: DB,
  input: { assignmentCheckpointId: number; actor: Actor; evidence: EvidenceInput },
  now: Date = new Date(),
): Promise<CheckpointResult> {
  return writeTransaction(db, async (trx): Promise<CheckpointResult> => {
    const cp = await loadCheckpoint(trx, input.assignmentCheckpointId);
    if (!cp) return { ok: false, reason: "not_found" };
    if (!can(input.actor, "submitEvidence", cp)) return { ok: false, reason: "forbidden" };
    if (cp.assignmentStatus !== "active") return { ok: false, reason: "not_active" };
    // The same evidence sent twice (a double click, a resent form): the first went through, so
    // this one did (a step that needs no sign-off would otherwise keep it twice). Not once the
    // mentor has asked for changes: then it is an answer, however alike.
    const same = { authorId: input.actor.id, ...input.evidence };
    if (cp.state !== "changes_requested" && (await sameEvidenceJustSent(trx, cp.id, same, now)))
      return { ok: true, state: cp.state, resolved: false };
    const next = nextState(cp.state, "submit", cp.needsSignoff === 1);
    if (!next) return { ok: false, reason: "invalid_transition" };
    const iso = now.toISOString();
    await trx
      .updateTable("assignment_checkpoints")
      .set({ state: next, state_since: iso, done_at: next === "completed" ? iso : null })
      .where("id", "=", cp.id)
      .execute();
    const { id: evidenceId } = await trx
      .insertInto("evidence")
      .values({
        assignment_checkpoint_id: cp.id,
        author_id: input.actor.id,
        notes: input.evidence.notes,
        links: JSON.stringify(input.evidence.links),
        minutes: input.evidence.minutes,
        created_at: iso,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await touch(trx, cp.assignmentId, now);
    // Sending evidence again answers "changes requested" on this step.
    await resolveNotifications(
      trx,
      { assignmentId: cp.assignmentId, eventKeyPrefix: `changes_requested:${cp.id}:` },
      now,
    );
    await answerCommentsOnStep(trx, cp, input.actor.id, now);
    // The Write-up checkpoint is reached: draft the write-up from the evidence (once).
    if (cp.key === "writeup") await ensureDraftForAssignment(trx, cp.assignmentId, now);
    if (cp.ticketStatus === "claimed") {
      await applyTicketStatus(
        trx,
        { ticketId: cp.ticketId, status: "in_progress", actorId: input.actor.id },
        now,
      );
    }
    if ((next === "submitted" || next === "resubmitted") && cp.mentorId) {
      await notify(
        trx,
        {
          userId: cp.mentorId,
          kind: "review_requested",
          assignmentId: cp.assignmentId,
          eventKey: `review_requested:${cp.id}:${evidenceId}`,
          title: k(
            next === "resubmitted" ? "team.notify.resubmitted" : "team.notify.readyForReview",
            {
              step: cp.title,
            },
          ),
          body: cp.ticketTitle,
          link: `/assignments/${cp.assignmentId}#checkpoint-${cp.id}`,
        },
        now,
      );
    }
    const resolved = await resolveIfDone(trx, cp.assignmentId, input.actor.id, now);
    return { ok: true, state: next, resolved };
  });
}

/** The assignment's mentor (or a lead) approves, or asks for changes with a comment. */
export async function reviewCheckpoint(
  db: DB,
  input: {
    assignmentCheckpointId: number;
    actor: Actor;
    decision: "approve" | "request_changes";
    comment: string;
    /**
     * The latest evidence the reviewer saw: when the newcomer has sent newer evidence since (after
     * another reviewer asked for changes), the review is refused rather than given unread.
     */
    reviewedEvidenceId?: number;
  },
  now: Date = new Date(),
): Promise<CheckpointResult> {
  return writeTransaction(db, async (trx): Promise<CheckpointResult> => {
    const cp = await loadCheckpoint(trx, input.assignmentCheckpointId);
    if (!cp) return { ok: false, reason: "not_found" };
    if (!can(input.actor, "reviewCheckpoint", cp)) return { ok: false, reason: "forbidden" };
    if (cp.assignmentStatus !== "active") return { ok: false, reason: "not_active" };
    const next = nextState(cp.state, input.decision, cp.needsSignoff === 1);
    if (!next) {
      // The same review sent twice (a double click): the first went through, so this one did.
      const kind = input.decision === "approve" ? "approved" : "changes_requested";
      const same = { authorId: input.actor.id, kind, body: input.comment } as const;
      if (await sameNoteJustSent(trx, cp.id, same, now))
        return { ok: true, state: cp.state, resolved: false };
      return { ok: false, reason: "invalid_transition" };
    }
    // The write-up sent for sign-off was deleted since: approving would draft and publish one
    // nobody has read. Asking for changes is still open (the newcomer drafts it again).
    if (
      next === "approved" &&
      cp.key === "writeup" &&
      !(await getAssignmentWriteup(trx, cp.assignmentId))
    )
      return { ok: false, reason: "writeup_gone" };
    if (input.reviewedEvidenceId !== undefined) {
      const latest = await trx
        .selectFrom("evidence")
        .select("id")
        .where("assignment_checkpoint_id", "=", cp.id)
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      if (latest?.id != null && latest.id !== input.reviewedEvidenceId)
        return { ok: false, reason: "new_evidence" };
    }
    const iso = now.toISOString();
    await trx
      .updateTable("assignment_checkpoints")
      .set({ state: next, state_since: iso, done_at: next === "approved" ? iso : null })
      .where("id", "=", cp.id)
      .execute();
    // The review's comment names it: one notification and one mail per review (counting the
    // step's comments to number it read every one of them, thousands on a long discussion).
    const review = await trx
      .insertInto("checkpoint_comments")
      .values({
        assignment_checkpoint_id: cp.id,
        author_id: input.actor.id,
        kind: next === "approved" ? "approved" : "changes_requested",
        body: input.comment,
        created_at: iso,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await touch(trx, cp.assignmentId, now);
    // The review was given: "waiting for your review" on this step is done, for whoever had it.
    await resolveNotifications(
      trx,
      { assignmentId: cp.assignmentId, eventKeyPrefix: `review_requested:${cp.id}:` },
      now,
    );
    await answerCommentsOnStep(trx, cp, input.actor.id, now);
    if (next === "approved" && cp.key === "root_cause") {
      // A signed-off root cause is enough to draft the write-up from.
      await ensureDraftForAssignment(trx, cp.assignmentId, now);
    } else if (next === "approved" && cp.key !== "writeup") {
      // Each step signed off after it (the failing test, the fix) fills the draft's blanks.
      await ensureDraftForAssignment(trx, cp.assignmentId, now, { create: false });
    } else if (next === "approved" && cp.key === "writeup") {
      await verifyAssignmentWriteup(
        trx,
        { assignmentId: cp.assignmentId, verifierId: input.actor.id },
        now,
      );
    }
    await notify(
      trx,
      {
        userId: cp.newcomerId,
        kind: next === "approved" ? "approved" : "changes_requested",
        assignmentId: cp.assignmentId,
        eventKey: `${next}:${cp.id}:${review.id}`,
        title: k(next === "approved" ? "team.notify.approved" : "team.notify.changesRequested", {
          step: cp.title,
        }),
        body: input.comment,
        link: `/assignments/${cp.assignmentId}#checkpoint-${cp.id}`,
      },
      now,
    );
    await queueReviewMail(
      trx,
      {
        newcomerId: cp.newcomerId,
        reviewerId: input.actor.id,
        assignmentId: cp.assignmentId,
        assignmentCheckpointId: cp.id,
        checkpoint: { key: cp.key, title: cp.title },
        ticketTitle: cp.ticketTitle,
        approved: next === "approved",
        comment: input.comment,
        reviewId: review.id,
      },
      now,
    );
    const resolved = await resolveIfDone(trx, cp.assignmentId, input.actor.id, now);
    return { ok: true, state: next, resolved };
  });
}

/**
 * Evidence sent or a review given on a step answers what was written there to the one acting:
 * their "X wrote on <step>" items of that step are done (another step's stay).
 */
async function answerCommentsOnStep(
  trx: DB,
  cp: { id: number; assignmentId: number },
  actorId: number,
  now: Date,
) {
  await resolveNotifications(
    trx,
    { assignmentId: cp.assignmentId, eventKeyPrefix: `comment:${cp.id}:`, userId: actorId },
    now,
  );
}

/**
 * Records activity on an assignment (it is not stuck). Call inside a write's transaction.
 * `answersHelp: false` for the newcomer's own note: a follow-up to their request for help ("I
 * looked in app/search already") is not an answer to it, so it stays open for the mentor.
 */
export async function touch(
  trx: DB,
  assignmentId: number,
  now: Date,
  { answersHelp = true }: { answersHelp?: boolean } = {},
) {
  await trx
    .updateTable("assignments")
    .set({ last_progress_at: now.toISOString() })
    .where("id", "=", assignmentId)
    .execute();
  // Progress ends a stuck spell: its "may be stuck", "asked for help" and check-in items are done.
  await resolveNotifications(
    trx,
    {
      assignmentId,
      kinds: answersHelp ? ["stuck", "help_requested", "nudge"] : ["stuck", "nudge"],
    },
    now,
  );
}

/**
 * Resolves the assignment once every sign-off checkpoint that is not skipped is approved: the
 * ticket becomes resolved, or closed as works as designed.
 */
async function resolveIfDone(
  trx: DB,
  assignmentId: number,
  actorId: number,
  now: Date,
): Promise<boolean> {
  const rows = await trx
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .select(["ac.state", "tc.needs_signoff"])
    .where("ac.assignment_id", "=", assignmentId)
    .execute();
  const open = rows.some(
    (r) => r.needs_signoff === 1 && r.state !== "approved" && r.state !== "skipped",
  );
  if (open || rows.length === 0) return false;
  const assignment = await trx
    .selectFrom("assignments")
    .select(["ticket_id", "newcomer_id", "mentor_id", "resolution"])
    .where("id", "=", assignmentId)
    .executeTakeFirstOrThrow();
  const resolution = assignment.resolution ?? "fixed";
  await trx
    .updateTable("assignments")
    .set({ status: "resolved", resolution, ended_at: now.toISOString() })
    .where("id", "=", assignmentId)
    .execute();
  await applyTicketStatus(
    trx,
    resolution === "works_as_designed"
      ? {
          ticketId: assignment.ticket_id,
          status: "closed",
          closeReason: "works_as_designed",
          actorId,
        }
      : { ticketId: assignment.ticket_id, status: "resolved", actorId },
    now,
  );
  // A finished assignment needs nobody any more. Whoever finished it (the mentor's last sign-off,
  // the newcomer's last step) knows already: the others on it are told.
  await resolveNotifications(trx, { assignmentId }, now);
  for (const userId of [assignment.newcomer_id, assignment.mentor_id]) {
    if (userId === null || userId === actorId) continue;
    await notify(
      trx,
      {
        userId,
        kind: "assignment_resolved",
        assignmentId,
        eventKey: `resolved:${assignmentId}`,
        title:
          resolution === "works_as_designed"
            ? k("team.notify.finishedWad")
            : k("team.notify.finishedFixed"),
        link: `/assignments/${assignmentId}`,
      },
      now,
    );
  }
  return true;
}

export async function addComment(
  db: DB,
  input: { assignmentCheckpointId: number; actor: Actor; body: string; kind?: "comment" | "stuck" },
  now: Date = new Date(),
): Promise<
  { ok: true; told?: HelpTold } | { ok: false; reason: "not_found" | "forbidden" | "not_active" }
> {
  return writeTransaction(db, async (trx) => {
    const cp = await loadCheckpoint(trx, input.assignmentCheckpointId);
    if (!cp) return { ok: false, reason: "not_found" } as const;
    // Anyone on the assignment comments; only its newcomer says "I'm stuck" (it notifies the mentor).
    const allowed =
      input.kind === "stuck"
        ? can(input.actor, "askForHelp", cp)
        : can(input.actor, "commentOnCheckpoint", cp);
    if (!allowed) return { ok: false, reason: "forbidden" } as const;
    // A finished or released assignment takes no more notes (a page left open would otherwise
    // still ask its old mentor for help), as it takes no more evidence.
    if (cp.assignmentStatus !== "active") return { ok: false, reason: "not_active" } as const;
    // The same note just sent by the same person (a double click, a resent form) is kept once.
    const note = { authorId: input.actor.id, kind: input.kind ?? "comment", body: input.body };
    if (await sameNoteJustSent(trx, cp.id, note, now))
      return input.kind === "stuck"
        ? ({ ok: true, told: await tellWhoCanHelp(trx, cp, input.body, now, false) } as const)
        : ({ ok: true } as const);
    await trx
      .insertInto("checkpoint_comments")
      .values({
        assignment_checkpoint_id: cp.id,
        author_id: input.actor.id,
        kind: input.kind ?? "comment",
        body: input.body,
        created_at: now.toISOString(),
      })
      .execute();
    if (input.kind === "stuck") {
      const told = await tellWhoCanHelp(trx, cp, input.body, now);
      return { ok: true, told } as const;
    } else {
      await touch(trx, cp.assignmentId, now, { answersHelp: input.actor.id !== cp.newcomerId });
      // A note is for the others on the assignment (the newcomer, their mentor): each is told,
      // never its author. Writing one answers what was said to its author there.
      await resolveNotifications(
        trx,
        { assignmentId: cp.assignmentId, kinds: ["comment"], userId: input.actor.id },
        now,
      );
      const author = await trx
        .selectFrom("users")
        .select("name")
        .where("id", "=", input.actor.id)
        .executeTakeFirst();
      for (const userId of new Set([cp.newcomerId, cp.mentorId])) {
        if (userId === null || userId === input.actor.id) continue;
        await notify(
          trx,
          {
            userId,
            kind: "comment",
            assignmentId: cp.assignmentId,
            eventKey: `comment:${cp.id}:${input.actor.id}:${now.toISOString()}`,
            title: k("team.notify.commented", { name: author?.name ?? "", step: cp.title }),
            body: input.body,
            link: `/assignments/${cp.assignmentId}#checkpoint-${cp.id}`,
          },
          now,
        );
      }
    }
    return { ok: true } as const;
  });
}

export interface StuckAssignment {
  assignmentId: number;
  newcomerName: string;
  mentorId: number | null;
  ticketTitle: string;
  lastProgressAt: string;
  workingDays: number;
}

/** Active assignments with no activity for `workingDays` working days (read-only). */
export async function findStuck(
  db: DB,
  input: { workingDays: number; mentorId?: number },
  now: Date = new Date(),
): Promise<StuckAssignment[]> {
  let query = db
    .selectFrom("assignments as a")
    .innerJoin("users as n", "n.id", "a.newcomer_id")
    .innerJoin("tickets as t", "t.id", "a.ticket_id")
    .select(["a.id", "a.mentor_id", "a.last_progress_at", "n.name", "t.title"])
    .where("a.status", "=", "active")
    // A cheap pre-filter: N working days span at least N calendar days.
    .where(
      "a.last_progress_at",
      "<=",
      new Date(now.getTime() - input.workingDays * DAY_MS).toISOString(),
    );
  if (input.mentorId !== undefined) query = query.where("a.mentor_id", "=", input.mentorId);
  const rows = await query.execute();
  return rows
    .map((r) => ({
      assignmentId: r.id,
      newcomerName: r.name,
      mentorId: r.mentor_id,
      ticketTitle: r.title,
      lastProgressAt: r.last_progress_at,
      workingDays: workingDaysBetween(new Date(r.last_progress_at), now),
    }))
    .filter((r) => r.workingDays >= input.workingDays);
}

/**
 * Finds stuck assignments and notifies each one's mentor once per stuck spell (not once a day):
 * the notification is keyed by the time of the last activity. Run by the server on a timer.
 */
export async function detectStuck(
  db: DB,
  input: { workingDays: number; mentorId?: number },
  now: Date = new Date(),
): Promise<StuckAssignment[]> {
  const stuck = await findStuck(db, input, now);
  // A long backlog (a server started after days down, a big team) is written in short
  // transactions with other requests served between them: one transaction for 800 stuck mentees
  // held the event loop for a second. Each notice is keyed, so a later run skips what was written.
  await writeInSlices(db, stuck.length, async (trx, from, due) => {
    let at = from;
    do {
      const s = stuck[at] as StuckAssignment;
      if (s.mentorId !== null) {
        await notify(
          trx,
          {
            userId: s.mentorId,
            kind: "stuck",
            assignmentId: s.assignmentId,
            eventKey: `stuck:${s.assignmentId}:${s.lastProgressAt}`,
            title: k("team.notify.stuck", { name: s.newcomerName }),
            body: k("team.notify.stuckBody", { ticket: s.ticketTitle, days: s.workingDays }),
            link: `/assignments/${s.assignmentId}`,
          },
          now,
        );
      }
      await queueSlack(
        trx,
        {
          kind: "stuck",
          item: {
            text: slackTexts.stuck(slackLocale(), s.newcomerName, s.ticketTitle, s.workingDays),
            link: appLink(`/assignments/${s.assignmentId}`),
          },
          dedupeKey: `slack:stuck:${s.assignmentId}:${s.lastProgressAt}`,
        },
        now,
      );
      at++;
    } while (at < stuck.length && !due());
    return at;
  });
  return stuck;
}
