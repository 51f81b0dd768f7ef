import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import type { Locale } from "~/lib/i18n/locales";
import { renderMarkdownEach } from "~/lib/markdown.server";
import { type ListWindow, NEWEST_SHOWN, type Shown } from "~/lib/newest";
import {
  type AssignmentView,
  type CheckpointView,
  getAssignment,
  getAssignmentSummary,
  listHelpRequestsSince,
} from "./assignments.server";
import { type AttachmentView, listEvidenceAttachments } from "./attachments.server";
import { workingDaysBetween } from "./checkpoint-states";
import {
  type AssignmentNote,
  latestDecisionNote,
  listAssignmentNotes,
} from "./mentor-actions.server";
import { suggestMentorsFor } from "./mentors.server";
import { readStepList, type StepWindowOf } from "./step-rows.server";
import { localStepText } from "./step-text.server";
import { fixIsIn } from "./works-as-designed.server";
import {
  type AssignmentWriteup,
  getAssignmentWriteup,
  writeupWasDeleted,
} from "./writeup-drafts.server";

/** One checkpoint as its card shows it: rendered guide and evidence, and what the viewer may do. */
export interface CheckpointCard extends Omit<CheckpointView, "evidence" | "comments"> {
  guideHtml: string;
  evidence: (CheckpointView["evidence"][number] & { notesHtml: string })[];
  /** Each comment, and whether the viewer wrote it (the page then says "You"). */
  comments: (CheckpointView["comments"][number] & { byViewer: boolean })[];
  /** The page's "next step". */
  current: boolean;
  /** The newcomer asked for help on it and nothing has moved since (shown to the others). */
  helpAsked: boolean;
  /** Its comments are shown from further back than the newest (the address asked). */
  commentsBack: boolean;
  /** Its evidence is shown from further back than the newest (the address asked). */
  evidenceBack: boolean;
  /** Screenshots and logs attached to this step's evidence. */
  attachments: AttachmentView[];
  may: {
    /** Send evidence (or more evidence to a step that needs no sign-off). */
    submitEvidence: boolean;
    /** Approve or ask for changes: the step is waiting for review. */
    review: boolean;
    comment: boolean;
  };
}

export interface AssignmentPage {
  assignment: Omit<AssignmentView, "checkpoints"> & { checkpoints: CheckpointCard[] };
  /** The write-up drafted from this assignment's evidence (null until Koan has drafted it). */
  writeup: AssignmentWriteup | null;
  /** Koan had drafted the write-up and it was deleted since (writeupWasDeleted). */
  writeupGone: boolean;
  /** The viewer is the newcomer working the ticket: the page speaks to them as "you". */
  viewerIsNewcomer: boolean;
  /** Where "I'm stuck" attaches its note: the next step, or the first one. */
  helpCheckpointId: number | null;
  may: {
    askForHelp: boolean;
    markWorksAsDesigned: boolean;
    undoWorksAsDesigned: boolean;
    /** Nudge, note a pairing session, hand over, release: the mentor's actions (leads too). */
    mentorActions: boolean;
    /** Reopen an assignment closed as works as designed. */
    reopen: boolean;
    /** Draft the deleted write-up again from the evidence (its newcomer, while active). */
    redraftWriteup: boolean;
  };
  /** A stuck spell: working days without progress, from when (null when not stuck). */
  stuck: { workingDays: number; since: string } | null;
  /**
   * The newcomer's "I'm stuck" requests not yet answered by progress, newest first, with the step
   * each was asked on.
   */
  helpRequests: { id: number; body: string; createdAt: string; checkpointTitle: string }[];
  /** The assignment's log (a window of it): nudges, pairing sessions, hand-overs, decisions. */
  notes: Shown<AssignmentNote>;
  /** The latest "works as designed" decision or its undoing, for the header. */
  decision: AssignmentNote | null;
  /** Mentors the mentee can be handed over to (a lead also sees full ones). */
  handOverTo: { mentorId: number; name: string; reasons: string[]; atCapacity: boolean }[];
}

export type AssignmentPageResult =
  | { ok: true; page: AssignmentPage }
  | { ok: false; reason: "not_found" }
  /** Someone else's: who it is for, so the refusal can say so (the ticket's page shows it too). */
  | {
      ok: false;
      reason: "forbidden";
      ticketId: number;
      newcomerName: string;
      mentorName: string | null;
    };

/**
 * An assignment's checkpoints page: the newcomer on the ticket, their mentor and leads see it;
 * each sees only the controls the policies give them.
 */
export async function getAssignmentPage(
  db: DB,
  input: {
    assignmentId: number;
    viewer: Actor;
    stuckWorkingDays?: number;
    /** The viewer's language: the default track's steps are shown in it. */
    locale?: Locale;
    /** One step's comments shown from further back: those before the comment `before`. */
    comments?: { step: number | null; before: number | null };
    /** One step's evidence shown from further back: the pieces before the one `before`. */
    evidence?: { step: number | null; before: number | null };
    /** Which part of the assignment's log to show (the newest notes when left out). */
    notes?: ListWindow;
  },
  now: Date = new Date(),
): Promise<AssignmentPageResult> {
  const { viewer } = input;
  // Each step's newest evidence and comments only: a step discussed for months reads (and
  // renders) a window of them, the rest one "Show older" link away.
  const back = input.comments?.before != null ? input.comments : null;
  const evidenceBack = input.evidence?.before != null ? input.evidence : null;
  const found = await getAssignment(db, input.assignmentId, {
    shown: {
      size: NEWEST_SHOWN,
      step: back?.step ?? null,
      before: back?.before ?? null,
      evidenceStep: evidenceBack?.step ?? null,
      evidenceBefore: evidenceBack?.before ?? null,
    },
  });
  if (!found) return { ok: false, reason: "not_found" };
  const locale = input.locale ?? "en";
  const assignment: AssignmentView = {
    ...found,
    checkpoints: found.checkpoints.map((c) => ({ ...c, ...localStepText(c, locale) })),
  };
  if (!can(viewer, "viewAssignment", assignment)) {
    const { ticketId, newcomerName, mentorName } = assignment;
    return { ok: false, reason: "forbidden", ticketId, newcomerName, mentorName };
  }
  const writeup = await getAssignmentWriteup(db, assignment.id);
  const writeupGone = writeupWasDeleted(writeup, assignment.checkpoints);

  const active = assignment.status === "active";
  const maySubmit = active && can(viewer, "submitEvidence", assignment);
  const mayReview = active && can(viewer, "reviewCheckpoint", assignment);
  const mayComment = active && can(viewer, "commentOnCheckpoint", assignment);
  const mayDecide = active && can(viewer, "decideWorksAsDesigned", assignment);
  const rootCause = assignment.checkpoints.find((c) => c.key === "root_cause");
  const mentorActions = active && can(viewer, "nudgeMentee", assignment);
  const [notes, decision, asked, mentors, attachments] = await Promise.all([
    listAssignmentNotes(db, assignment.id, input.notes ?? { before: null, size: NEWEST_SHOWN }),
    latestDecisionNote(db, assignment.id),
    active
      ? listHelpRequestsSince(db, {
          assignmentId: assignment.id,
          since: assignment.lastProgressAt,
          limit: NEWEST_SHOWN,
        })
      : [],
    mentorActions && can(viewer, "handOverMentee", assignment)
      ? suggestMentorsFor(db, {
          newcomerId: assignment.newcomerId,
          newcomerName: assignment.newcomerName,
          assignmentId: assignment.id,
          component: assignment.component,
          includeFull: can(viewer, "handOverToFullMentor"),
        })
      : [],
    listEvidenceAttachments(db, { checkpointIds: assignment.checkpoints.map((c) => c.id), viewer }),
  ]);
  const idle = workingDaysBetween(new Date(assignment.lastProgressAt), now);
  const stuckDays = input.stuckWorkingDays ?? Number.POSITIVE_INFINITY;
  // Progress answers a request for help, as it does the mentor's "asked for help" item (touch):
  // only requests since the last progress, on an assignment still being worked, are shown.
  const stepTitle = new Map(assignment.checkpoints.map((c) => [c.id, c.title]));
  const helpRequests = asked.map((m) => ({
    id: m.id,
    body: m.body,
    createdAt: m.createdAt,
    checkpointTitle: stepTitle.get(m.checkpointId) ?? "",
  }));

  // Every guide and every piece of evidence in one pass that lets other requests in between.
  const rendered = await renderMarkdownEach(
    assignment.checkpoints.flatMap((c) => [c.guide, ...c.evidence.map((e) => e.notes)]),
  );
  let next = 0;
  const html = () => rendered[next++] ?? "";
  const checkpoints = assignment.checkpoints.map(
    (c): CheckpointCard => ({
      ...c,
      guideHtml: html(),
      evidence: c.evidence.map((e) => ({ ...e, notesHtml: html() })),
      comments: c.comments.map((m) => ({ ...m, byViewer: m.authorId === viewer.id })),
      // An assignment that ended (released, closed, handed on) has no next step.
      current: assignment.status === "active" && c.id === assignment.nextCheckpointId,
      helpAsked: assignment.newcomerId !== viewer.id && asked.some((m) => m.checkpointId === c.id),
      commentsBack: back !== null && c.id === back.step,
      evidenceBack: evidenceBack !== null && c.id === evidenceBack.step,
      attachments: attachments[c.id] ?? [],
      may: {
        submitEvidence:
          maySubmit &&
          (c.state === "todo" ||
            c.state === "changes_requested" ||
            (c.state === "completed" && !c.needsSignoff)),
        review: mayReview && (c.state === "submitted" || c.state === "resubmitted"),
        comment: mayComment,
      },
    }),
  );

  return {
    ok: true,
    page: {
      assignment: { ...assignment, checkpoints },
      writeup,
      writeupGone,
      viewerIsNewcomer: assignment.newcomerId === viewer.id,
      helpCheckpointId: assignment.nextCheckpointId ?? assignment.checkpoints[0]?.id ?? null,
      may: {
        askForHelp: active && can(viewer, "askForHelp", assignment),
        markWorksAsDesigned:
          mayDecide &&
          assignment.resolution === null &&
          rootCause !== undefined &&
          rootCause.state !== "todo" &&
          !fixIsIn(assignment.checkpoints),
        undoWorksAsDesigned: mayDecide && assignment.resolution === "works_as_designed",
        mentorActions,
        reopen:
          assignment.status === "resolved" &&
          assignment.resolution === "works_as_designed" &&
          can(viewer, "reopenAssignment", assignment),
        redraftWriteup: writeupGone && active && can(viewer, "redraftWriteup", assignment),
      },
      stuck:
        active && idle >= stuckDays
          ? { workingDays: idle, since: assignment.lastProgressAt }
          : null,
      helpRequests,
      notes,
      decision,
      handOverTo: mentors
        .filter((m) => m.mentorId !== assignment.mentorId)
        .map((m) => ({
          mentorId: m.mentorId,
          name: m.name,
          reasons: m.reasons,
          atCapacity: m.atCapacity,
        })),
    },
  };
}

/** One list of a step's card, a window of it, as the card shows it (see CheckpointCard). */
export type StepHistoryWindow = StepWindowOf<
  CheckpointCard["evidence"],
  CheckpointCard["comments"]
>;

/**
 * "Show older" on a step's card: that list's window before the item `before`, alone (the page's
 * other steps, its ticket, write-up and log are not read). Whoever may see the assignment page
 * may see this; for anyone else it is refused, and a step not on the assignment is not found.
 */
export async function getStepHistoryWindow(
  db: DB,
  input: {
    assignmentId: number;
    stepId: number;
    list: "evidence" | "comments";
    before: number | null;
    viewer: Actor;
  },
): Promise<
  { ok: true; window: StepHistoryWindow } | { ok: false; reason: "not_found" | "forbidden" }
> {
  const assignment = await getAssignmentSummary(db, input.assignmentId);
  if (!assignment) return { ok: false, reason: "not_found" };
  if (!can(input.viewer, "viewAssignment", assignment)) return { ok: false, reason: "forbidden" };
  if (!assignment.checkpoints.some((c) => c.id === input.stepId))
    return { ok: false, reason: "not_found" };
  const got = await readStepList(db, {
    stepId: input.stepId,
    list: input.list,
    before: input.before,
    size: NEWEST_SHOWN,
  });
  if (got.list === "comments") {
    const items = got.items.map((m) => ({ ...m, byViewer: m.authorId === input.viewer.id }));
    return { ok: true, window: { list: "comments", items, older: got.older } };
  }
  const html = await renderMarkdownEach(got.items.map((e) => e.notes));
  const items = got.items.map((e, i) => ({ ...e, notesHtml: html[i] ?? "" }));
  return { ok: true, window: { list: "evidence", items, older: got.older } };
}
