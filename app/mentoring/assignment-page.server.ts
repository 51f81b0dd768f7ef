import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import type { Locale } from "~/lib/i18n/locales";
import { renderMarkdownEach } from "~/lib/markdown.server";
import { type AssignmentView, type CheckpointView, getAssignment } from "./assignments.server";
import { type AttachmentView, listEvidenceAttachments } from "./attachments.server";
import { workingDaysBetween } from "./checkpoint-states";
import { type AssignmentNote, listAssignmentNotes } from "./mentor-actions.server";
import { suggestMentorsFor } from "./mentors.server";
import { localStepText } from "./step-text.server";
import { fixIsIn } from "./works-as-designed.server";
import { type AssignmentWriteup, getAssignmentWriteup } from "./writeup-drafts.server";

/** One checkpoint as its card shows it: rendered guide and evidence, and what the viewer may do. */
export interface CheckpointCard extends Omit<CheckpointView, "evidence" | "comments"> {
  guideHtml: string;
  evidence: (CheckpointView["evidence"][number] & { notesHtml: string })[];
  /** Each comment, and whether the viewer wrote it (the page then says "You"). */
  comments: (CheckpointView["comments"][number] & { byViewer: boolean })[];
  /** The page's "next step". */
  current: boolean;
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
  };
  /** A stuck spell: working days without progress, from when (null when not stuck). */
  stuck: { workingDays: number; since: string } | null;
  /**
   * The newcomer's "I'm stuck" requests not yet answered by progress, newest first, with the step
   * each was asked on.
   */
  helpRequests: { id: number; body: string; createdAt: string; checkpointTitle: string }[];
  /** The assignment's log: nudges, pairing sessions, hand-overs, works-as-designed decisions. */
  notes: AssignmentNote[];
  /** Mentors the mentee can be handed over to (a lead also sees full ones). */
  handOverTo: { mentorId: number; name: string; reasons: string[]; atCapacity: boolean }[];
}

export type AssignmentPageResult =
  | { ok: true; page: AssignmentPage }
  | { ok: false; reason: "not_found" | "forbidden" };

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
  },
  now: Date = new Date(),
): Promise<AssignmentPageResult> {
  const { viewer } = input;
  const found = await getAssignment(db, input.assignmentId);
  if (!found) return { ok: false, reason: "not_found" };
  const locale = input.locale ?? "en";
  const assignment: AssignmentView = {
    ...found,
    checkpoints: found.checkpoints.map((c) => ({ ...c, ...localStepText(c, locale) })),
  };
  if (!can(viewer, "viewAssignment", assignment)) return { ok: false, reason: "forbidden" };
  const writeup = await getAssignmentWriteup(db, assignment.id);

  const active = assignment.status === "active";
  const maySubmit = active && can(viewer, "submitEvidence", assignment);
  const mayReview = active && can(viewer, "reviewCheckpoint", assignment);
  const mayComment = active && can(viewer, "commentOnCheckpoint", assignment);
  const mayDecide = active && can(viewer, "decideWorksAsDesigned", assignment);
  const rootCause = assignment.checkpoints.find((c) => c.key === "root_cause");
  const mentorActions = active && can(viewer, "nudgeMentee", assignment);
  const [notes, mentors, attachments] = await Promise.all([
    listAssignmentNotes(db, assignment.id),
    mentorActions && can(viewer, "handOverMentee", assignment)
      ? suggestMentorsFor(db, {
          newcomerId: assignment.newcomerId,
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
  const helpRequests = assignment.checkpoints
    .flatMap((c) =>
      c.comments
        .filter((m) => m.kind === "stuck" && active && m.createdAt > assignment.lastProgressAt)
        .map((m) => ({ id: m.id, body: m.body, createdAt: m.createdAt, checkpointTitle: c.title })),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);

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
      current: c.id === assignment.nextCheckpointId,
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
      },
      stuck:
        active && idle >= stuckDays
          ? { workingDays: idle, since: assignment.lastProgressAt }
          : null,
      helpRequests,
      notes,
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
