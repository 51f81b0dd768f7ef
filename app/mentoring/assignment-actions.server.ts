import { z } from "zod";
import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { idField } from "~/lib/fields";
import { type FormFailure, formValues, parseForm } from "~/lib/forms";
import type { Locale } from "~/lib/i18n/locales";
import { k, type Msg } from "~/lib/i18n/messages";
import { showsSomething } from "~/lib/invisible";
import { type AssignmentSummary, getAssignmentSummary } from "./assignments.server";
import { addComment, reviewCheckpoint, submitEvidence } from "./checkpoints.server";
import { commentSchema, evidenceSchema, reviewSchema } from "./evidence-schema";
import {
  handOverMentee,
  nudgeMentee,
  recordPairingSession,
  releaseMentee,
} from "./mentor-actions.server";
import { reopenWorksAsDesigned, setWorksAsDesigned } from "./works-as-designed.server";
import { firstName, submitWriteupStep } from "./writeup-access.server";
import { redraftAssignmentWriteup } from "./writeup-drafts.server";

// What the assignment page's forms do (routes/assignments.$assignmentId.tsx): each intent's form
// read, the permission it needs, the call that does it, and the flash or problem it ends with.
// The route turns the outcome into HTTP.

/** How an intent on an assignment ended; the route answers each kind with its status. */
export type AssignmentActionOutcome =
  /** Done: the flash to show. */
  | { kind: "done"; success: Msg }
  /**
   * Not done, for a reason the page shows above the track (400 bad form, 403, 404 gone, 409
   * state).
   */
  | { kind: "refused"; status: 400 | 403 | 404 | 409; formError: Msg }
  /**
   * A form came back with errors at its fields: a checkpoint's (its id), or one of the mentor's
   * own forms (null; the form's intent says which).
   */
  | {
      kind: "invalid";
      form: { ok: false; checkpointId: number | null } & FormFailure;
      /** 400 for what was typed; 409 when the choice was fine but things changed meanwhile. */
      status?: 400 | 409;
    }
  /** The viewer may not do this at all. */
  | { kind: "forbidden"; message: Msg }
  | { kind: "not_found"; message?: Msg }
  /**
   * The page was theirs when it was drawn: a lead gave the assignment to another mentor (or the
   * ticket to another newcomer), or their role changed. Who has it now (the route keeps the text).
   */
  | { kind: "lost"; message: Msg }
  /** Done, and the page is no longer the viewer's to see (a mentor who handed the newcomer over). */
  | { kind: "moved_on"; to: string }
  /** Done, and what comes next is on another page (the write-up drafted again, in its editor). */
  | { kind: "go"; to: string };

const REASONS = {
  not_found: k("mentoring.reason.not_found"),
  forbidden: k("mentoring.reason.forbidden"),
  not_active: k("mentoring.reason.not_active"),
  invalid_transition: k("mentoring.reason.invalid_transition"),
  new_evidence: k("mentoring.reason.new_evidence"),
  writeup_gone: k("mentoring.writeup.goneApprove"),
  too_early: k("mentoring.reason.too_early"),
  too_late: k("mentoring.reason.too_late"),
  not_closed: k("mentoring.reason.not_closed"),
  ticket_taken: k("mentoring.reason.ticket_taken"),
  newcomer_gone: k("mentoring.reason.newcomer_gone"),
  mentor_gone: k("mentoring.reason.mentor_gone"),
  mentor_unavailable: k("mentoring.reason.mentor_unavailable"),
  same_mentor: k("mentoring.reason.same_mentor"),
} as const;

const NOT_THIS_ASSIGNMENTS = k("mentoring.assignment.checkpointNotHere");

// Each mentor form's fields answer at the field (the route re-shows the form open, the text kept),
// as the pairing note does: a nudge or a hand-over note is never lost to a message at the top.
const nudgeSchema = z.object({
  message: z
    .string()
    .trim()
    .max(2000, k("mentoring.nudge.tooLong", { max: 2000 }))
    .default(""),
});
const pairingSchema = z.object({
  notes: z
    .string()
    .trim()
    .refine(showsSomething, k("mentoring.pairing.notesRequired"))
    .max(5000, k("core.field.tooLong", { max: 5000 })),
});
const handOverSchema = z.object({
  // A forged or missing choice is said at the mentor field, as a blank one would be.
  mentorId: idField.catch(0).refine((id) => id > 0, {
    message: k("mentoring.handover.chooseMentor"),
  }),
  note: z
    .string()
    .trim()
    .max(2000, k("core.field.tooLong", { max: 2000 }))
    .default(""),
});
const releaseSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(2000, k("mentoring.release.tooLong", { max: 2000 }))
    .default(""),
});

const MENTOR_INTENTS = ["nudge", "pairing", "handover", "release_mentee"] as const;
type MentorIntent = (typeof MENTOR_INTENTS)[number];
const isMentorIntent = (intent: unknown): intent is MentorIntent =>
  MENTOR_INTENTS.some((i) => i === intent);

const refused = (status: 400 | 403 | 404 | 409, formError: Msg): AssignmentActionOutcome => ({
  kind: "refused",
  status,
  formError,
});

/**
 * Does what the form's `intent` asks on an assignment, if the actor may view it: works as
 * designed and back, the mentor's actions, sending the write-up, and a checkpoint's evidence,
 * review and comments. The assignment is read without its steps' evidence and comments (no form
 * here needs them), so a post costs the same on an assignment discussed in thousands of comments.
 */
export async function actOnAssignment(
  db: DB,
  input: {
    assignmentId: number;
    actor: Actor;
    formData: FormData;
    /** The reader's language, for notes written on their behalf. */
    locale?: Locale;
  },
): Promise<AssignmentActionOutcome> {
  const { actor, formData } = input;
  const intent = formData.get("intent");
  const assignment = await getAssignmentSummary(db, input.assignmentId);
  if (!assignment) return { kind: "not_found" };
  if (!can(actor, "viewAssignment", assignment))
    return { kind: "lost", message: lostAssignmentMessage(assignment, actor, intent) };

  if (intent === "wad" || intent === "undo_wad") {
    if (!can(actor, "decideWorksAsDesigned", assignment))
      return { kind: "forbidden", message: k("mentoring.assignment.onlyNewcomerDecides") };
    const result = await setWorksAsDesigned(db, {
      assignmentId: assignment.id,
      actor,
      undo: intent === "undo_wad",
    });
    if (!result.ok) return refused(409, REASONS[result.reason]);
    return {
      kind: "done",
      success:
        intent === "wad" ? k("mentoring.flash.markedWad") : k("mentoring.flash.backToFixing"),
    };
  }

  if (intent === "reopen") {
    const result = await reopenWorksAsDesigned(db, { assignmentId: assignment.id, actor });
    if (!result.ok) {
      if (result.reason === "forbidden")
        return { kind: "forbidden", message: k("mentoring.assignment.onlyMentorReopens") };
      return refused(409, REASONS[result.reason]);
    }
    return { kind: "done", success: k("mentoring.flash.reopened") };
  }

  if (isMentorIntent(intent)) return mentorAction(db, { assignment, actor, formData, intent });

  if (intent === "submit_writeup") {
    const sent = await submitWriteupStep(db, {
      viewer: actor,
      writeupId: Number(formData.get("writeupId")),
      locale: input.locale,
      assignmentId: assignment.id,
    });
    if (!sent.ok) {
      // Deleted since the page was drawn: the page now offers to draft it again.
      if (sent.reason === "gone") return refused(404, k("mentoring.writeup.goneNotSent"));
      if (sent.reason === "not_yours")
        return { kind: "forbidden", message: k("mentoring.assignment.onlyNewcomerSends") };
      return refused(
        409,
        REASONS[sent.reason === "not_active" ? "not_active" : "invalid_transition"],
      );
    }
    return {
      kind: "done",
      success: assignment.mentorName
        ? k("mentoring.flash.writeupSent", { mentor: firstName(assignment.mentorName) })
        : k("mentoring.flash.writeupSentNoMentor"),
    };
  }

  if (intent === "redraft_writeup") {
    const result = await redraftAssignmentWriteup(db, { assignmentId: assignment.id, actor });
    if (!result.ok) {
      if (result.reason === "forbidden")
        return { kind: "forbidden", message: k("mentoring.assignment.onlyNewcomerRedrafts") };
      return refused(409, REASONS[result.reason]);
    }
    // To read it through and publish it, in the editor, with what is left to write marked.
    return { kind: "go", to: `/kb/${result.writeupId}/edit?redrafted` };
  }

  if (intent === "submit" || intent === "approve" || intent === "request_changes")
    return checkpointAction(db, { assignment, actor, formData });

  if (intent === "comment" || intent === "stuck") {
    const parsed = parseForm(commentSchema, formData);
    if (!parsed.ok) return invalid(parsed, formData);
    if (!owns(assignment, parsed.data.checkpointId))
      return { kind: "not_found", message: NOT_THIS_ASSIGNMENTS };
    if (parsed.data.intent === "stuck" && !can(actor, "askForHelp", assignment))
      return { kind: "forbidden", message: k("mentoring.assignment.onlyNewcomerAsks") };
    const result = await addComment(db, {
      assignmentCheckpointId: parsed.data.checkpointId,
      actor,
      body: parsed.data.body,
      kind: parsed.data.intent,
    });
    if (!result.ok)
      return refused(result.reason === "not_active" ? 409 : 403, REASONS[result.reason]);
    return {
      kind: "done",
      success:
        parsed.data.intent !== "stuck"
          ? k("mentoring.flash.commentAdded")
          : !result.told || result.told.to === "mentor"
            ? k("mentoring.flash.helpAsked")
            : result.told.to === "leads"
              ? k("mentoring.flash.helpAskedLeads", {
                  names: result.told.names,
                  count: result.told.count,
                })
              : k("mentoring.flash.helpAskedNobody", { names: result.told.names }),
    };
  }
  return refused(400, k("mentoring.assignment.noSuchAction"));
}

/** The text fields of the assignment page's forms: kept when a form is refused for who sent it. */
export const ASSIGNMENT_TEXT_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(
  ["comment", "body", "notes", "links", "message", "note", "reason"].map((field) => [
    field,
    k("core.error.kept.label"),
  ]),
);

/** The intents of the newcomer working the ticket; every other intent is a reviewer's. */
const NEWCOMER_INTENTS: readonly unknown[] = [
  "submit",
  "stuck",
  "wad",
  "undo_wad",
  "submit_writeup",
  "redraft_writeup",
];

/**
 * Why someone who may not view an assignment (any more) was refused a form on it. A lead changes
 * an assignment's mentor in place, so a mentor (or a lead made a mentor) who had the page open is
 * told who mentors it now; names are no secret, the ticket page shows them to everyone. A ticket
 * reassigned to another newcomer is a new assignment, and the first newcomer keeps seeing their
 * own: a newcomer refused here never had this one, and is told whose it is, as on its page.
 */
function lostAssignmentMessage(assignment: AssignmentSummary, actor: Actor, intent: unknown): Msg {
  const newcomers =
    NEWCOMER_INTENTS.includes(intent) || (intent === "comment" && actor.role === "newcomer");
  if (newcomers) return k("mentoring.assignment.notYours");
  return assignment.mentorName
    ? k("mentoring.assignment.mentorNow", {
        mentor: assignment.mentorName,
        newcomer: assignment.newcomerName,
      })
    : k("mentoring.assignment.noMentorNow");
}

const owns = (assignment: AssignmentSummary, checkpointId: number) =>
  assignment.checkpoints.some((c) => c.id === checkpointId);

const invalid = (failure: FormFailure, formData: FormData): AssignmentActionOutcome => ({
  kind: "invalid",
  form: { ...failure, ok: false, checkpointId: Number(formData.get("checkpointId")) },
});

/** One of the mentor's own forms came back with errors at its fields (its intent says which). */
const mentorFormInvalid = (
  failure: FormFailure,
  status: 400 | 409 = 400,
): AssignmentActionOutcome => ({
  kind: "invalid",
  form: { ...failure, ok: false, checkpointId: null },
  status,
});

/** The mentor's own actions: nudge, log a pairing session, hand the newcomer over, release them. */
async function mentorAction(
  db: DB,
  input: { assignment: AssignmentSummary; actor: Actor; formData: FormData; intent: MentorIntent },
): Promise<AssignmentActionOutcome> {
  const { assignment, actor, formData, intent } = input;
  if (!can(actor, "nudgeMentee", assignment))
    return { kind: "forbidden", message: k("mentoring.assignment.onlyMentorActs") };
  let result: Awaited<ReturnType<typeof nudgeMentee>>;
  let success: Msg;
  if (intent === "nudge") {
    const parsed = parseForm(nudgeSchema, formData);
    if (!parsed.ok) return mentorFormInvalid(parsed);
    result = await nudgeMentee(db, {
      assignmentId: assignment.id,
      actor,
      message: parsed.data.message,
    });
    success = k("mentoring.flash.nudged", { name: assignment.newcomerName });
  } else if (intent === "pairing") {
    const parsed = parseForm(pairingSchema, formData);
    if (!parsed.ok) return mentorFormInvalid(parsed);
    result = await recordPairingSession(db, {
      assignmentId: assignment.id,
      actor,
      notes: parsed.data.notes,
    });
    success = k("mentoring.flash.pairing");
  } else if (intent === "handover") {
    const parsed = parseForm(handOverSchema, formData);
    if (!parsed.ok) return mentorFormInvalid(parsed);
    result = await handOverMentee(db, {
      assignmentId: assignment.id,
      actor,
      toMentorId: parsed.data.mentorId,
      note: parsed.data.note,
    });
    // The mentor chosen can't take them (full since the page was drawn, or not a mentor at all):
    // said at the mentor field, the note kept for the next choice.
    if (!result.ok && (result.reason === "mentor_unavailable" || result.reason === "same_mentor"))
      return mentorFormInvalid(
        { errors: { mentorId: REASONS[result.reason] }, values: formValues(formData) },
        409,
      );
    success = k("mentoring.flash.handedOver");
  } else {
    const parsed = parseForm(releaseSchema, formData);
    if (!parsed.ok) return mentorFormInvalid(parsed);
    result = await releaseMentee(db, {
      assignmentId: assignment.id,
      actor,
      reason: parsed.data.reason,
    });
    success = k("mentoring.flash.released");
  }
  if (!result.ok) {
    if (result.reason === "not_found") return { kind: "not_found" };
    if (result.reason === "forbidden")
      return { kind: "forbidden", message: k("mentoring.assignment.onlyMentorActs") };
    return refused(409, REASONS[result.reason]);
  }
  // A mentor who handed the newcomer over may no longer see this page: to their board, told so.
  const after = await getAssignmentSummary(db, assignment.id);
  if (after && !can(actor, "viewAssignment", after))
    return { kind: "moved_on", to: "/mentoring?handedOver=1" };
  return { kind: "done", success };
}

/** A checkpoint's evidence (submit) and its review (approve, request changes). */
async function checkpointAction(
  db: DB,
  input: { assignment: AssignmentSummary; actor: Actor; formData: FormData },
): Promise<AssignmentActionOutcome> {
  const { assignment, actor, formData } = input;
  if (formData.get("intent") === "submit") {
    const parsed = parseForm(evidenceSchema, formData);
    if (!parsed.ok) return invalid(parsed, formData);
    if (!owns(assignment, parsed.data.checkpointId))
      return { kind: "not_found", message: NOT_THIS_ASSIGNMENTS };
    const result = await submitEvidence(db, {
      assignmentCheckpointId: parsed.data.checkpointId,
      actor,
      evidence: {
        notes: parsed.data.notes,
        links: parsed.data.links ?? [],
        minutes: parsed.data.minutes,
      },
    });
    if (!result.ok)
      return refused(result.reason === "forbidden" ? 403 : 409, REASONS[result.reason]);
    return {
      kind: "done",
      success: result.resolved
        ? k("mentoring.flash.lastStep")
        : result.state === "completed"
          ? k("mentoring.flash.stepDone")
          : k("mentoring.flash.sentForReview"),
    };
  }
  const parsed = parseForm(reviewSchema, formData);
  if (!parsed.ok) return invalid(parsed, formData);
  if (!owns(assignment, parsed.data.checkpointId))
    return { kind: "not_found", message: NOT_THIS_ASSIGNMENTS };
  const result = await reviewCheckpoint(db, {
    assignmentCheckpointId: parsed.data.checkpointId,
    actor,
    decision: parsed.data.intent,
    comment: parsed.data.comment,
    reviewedEvidenceId: parsed.data.evidenceId,
  });
  // Newer evidence came while the review was written: the page shows it now, the review kept.
  if (!result.ok && result.reason === "new_evidence")
    return {
      kind: "invalid",
      form: {
        ok: false,
        checkpointId: parsed.data.checkpointId,
        errors: {},
        values: formValues(formData),
        formError: REASONS.new_evidence,
      },
      status: 409,
    };
  // The write-up was deleted since it was sent: said at the review, what was typed kept.
  if (!result.ok && result.reason === "writeup_gone")
    return {
      kind: "invalid",
      form: {
        ok: false,
        checkpointId: parsed.data.checkpointId,
        errors: { comment: k("mentoring.writeup.goneApprove") },
        values: formValues(formData),
      },
      status: 400,
    };
  if (!result.ok) return refused(result.reason === "forbidden" ? 403 : 409, REASONS[result.reason]);
  return {
    kind: "done",
    success: result.resolved
      ? k("mentoring.flash.approvedResolved")
      : result.state === "approved"
        ? k("mentoring.flash.approved")
        : k("mentoring.flash.changesRequested"),
  };
}
