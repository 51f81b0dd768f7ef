import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requestLocale, requireUser } from "~/auth/current-user.server";
import { type Actor, can } from "~/auth/policies";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { idField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { getAssignmentPage } from "~/mentoring/assignment-page.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { addComment, reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { commentSchema, evidenceSchema, reviewSchema } from "~/mentoring/evidence-schema";
import {
  handOverMentee,
  nudgeMentee,
  recordPairingSession,
  releaseMentee,
} from "~/mentoring/mentor-actions.server";
import { reopenWorksAsDesigned, setWorksAsDesigned } from "~/mentoring/works-as-designed.server";
import { firstName, submitWriteupStep } from "~/mentoring/writeup-access.server";
import { AssignmentLog, MentorActions, StuckPanel } from "~/ui/assignment-parts";
import { AssignmentHeader, CheckpointTrack, trackSections } from "~/ui/assignment-track";
import { CheckpointCard } from "~/ui/checkpoint-card";
import { FormMessage } from "~/ui/form";
import { contentTitle } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  contentTitle(matches, data?.assignment.ticketTitle, "mentoring.assignment.title");

const NOT_FOUND = k("mentoring.assignment.notFound");
/** Evidence is visible to the newcomer, their mentor and leads; nobody else. */
const NOT_YOURS = k("mentoring.assignment.notYours");

function assignmentIdFrom(params: { assignmentId?: string }) {
  const parsed = idField.safeParse(params.assignmentId);
  if (!parsed.success) throw notFound(NOT_FOUND);
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const result = await getAssignmentPage(db, {
    assignmentId: assignmentIdFrom(params),
    viewer: { id: user.id, role: user.role },
    stuckWorkingDays: getEnv().STUCK_WORKING_DAYS,
    locale: await requestLocale(request),
  });
  if (!result.ok) throw result.reason === "not_found" ? notFound(NOT_FOUND) : forbidden(NOT_YOURS);
  return result.page;
}

const REASONS = {
  not_found: k("mentoring.reason.not_found"),
  forbidden: k("mentoring.reason.forbidden"),
  not_active: k("mentoring.reason.not_active"),
  invalid_transition: k("mentoring.reason.invalid_transition"),
  too_early: k("mentoring.reason.too_early"),
  not_closed: k("mentoring.reason.not_closed"),
  ticket_taken: k("mentoring.reason.ticket_taken"),
  mentor_unavailable: k("mentoring.reason.mentor_unavailable"),
  same_mentor: k("mentoring.reason.same_mentor"),
} as const;

const nudgeSchema = z.object({ message: z.string().trim().max(2000).default("") });
const pairingSchema = z.object({
  notes: z.string().trim().min(1, k("mentoring.pairing.notesRequired")).max(5000),
});
const handOverSchema = z.object({
  mentorId: idField,
  note: z.string().trim().max(2000).default(""),
});
const releaseSchema = z.object({ reason: z.string().trim().max(2000).default("") });

function fields(formData: FormData) {
  return Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const actor: Actor = { id: user.id, role: user.role };
  const assignment = await getAssignment(db, assignmentIdFrom(params));
  invariantFound(assignment, NOT_FOUND);
  if (!can(actor, "viewAssignment", assignment)) throw forbidden(NOT_YOURS);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const owns = (checkpointId: number) => assignment.checkpoints.some((c) => c.id === checkpointId);

  if (intent === "wad" || intent === "undo_wad") {
    if (!can(actor, "decideWorksAsDesigned", assignment))
      throw forbidden(k("mentoring.assignment.onlyNewcomerDecides"));
    const result = await setWorksAsDesigned(db, {
      assignmentId: assignment.id,
      actor,
      undo: intent === "undo_wad",
    });
    if (!result.ok) return data({ formError: REASONS[result.reason] }, { status: 409 });
    return {
      success:
        intent === "wad" ? k("mentoring.flash.markedWad") : k("mentoring.flash.backToFixing"),
    };
  }

  if (intent === "reopen") {
    const result = await reopenWorksAsDesigned(db, { assignmentId: assignment.id, actor });
    if (!result.ok) {
      if (result.reason === "forbidden")
        throw forbidden(k("mentoring.assignment.onlyMentorReopens"));
      return data({ formError: REASONS[result.reason] }, { status: 409 });
    }
    return { success: k("mentoring.flash.reopened") };
  }

  if (
    intent === "nudge" ||
    intent === "pairing" ||
    intent === "handover" ||
    intent === "release_mentee"
  ) {
    if (!can(actor, "nudgeMentee", assignment))
      throw forbidden(k("mentoring.assignment.onlyMentorActs"));
    const values = fields(formData);
    let result: Awaited<ReturnType<typeof nudgeMentee>>;
    let success: string;
    if (intent === "nudge") {
      const parsed = nudgeSchema.safeParse(values);
      if (!parsed.success)
        return data({ formError: k("mentoring.nudge.tooLong", { max: 2000 }) }, { status: 400 });
      result = await nudgeMentee(db, {
        assignmentId: assignment.id,
        actor,
        message: parsed.data.message,
      });
      success = k("mentoring.flash.nudged", { name: assignment.newcomerName });
    } else if (intent === "pairing") {
      const parsed = pairingSchema.safeParse(values);
      if (!parsed.success)
        return data(
          {
            formError: parsed.error.issues[0]?.message ?? k("mentoring.pairing.notesRequired"),
          },
          { status: 400 },
        );
      result = await recordPairingSession(db, {
        assignmentId: assignment.id,
        actor,
        notes: parsed.data.notes,
      });
      success = k("mentoring.flash.pairing");
    } else if (intent === "handover") {
      const parsed = handOverSchema.safeParse(values);
      if (!parsed.success)
        return data({ formError: k("mentoring.handover.chooseMentor") }, { status: 400 });
      result = await handOverMentee(db, {
        assignmentId: assignment.id,
        actor,
        toMentorId: parsed.data.mentorId,
        note: parsed.data.note,
      });
      success = k("mentoring.flash.handedOver");
    } else {
      const parsed = releaseSchema.safeParse(values);
      if (!parsed.success)
        return data({ formError: k("mentoring.release.tooLong", { max: 2000 }) }, { status: 400 });
      result = await releaseMentee(db, {
        assignmentId: assignment.id,
        actor,
        reason: parsed.data.reason,
      });
      success = k("mentoring.flash.released");
    }
    if (!result.ok) {
      if (result.reason === "not_found") throw notFound(NOT_FOUND);
      if (result.reason === "forbidden") throw forbidden(k("mentoring.assignment.onlyMentorActs"));
      return data({ formError: REASONS[result.reason] }, { status: 409 });
    }
    // A mentor who handed the newcomer over may no longer see this page: to their board, told so.
    const after = await getAssignment(db, assignment.id);
    if (after && !can(actor, "viewAssignment", after)) throw redirect("/mentoring?handedOver=1");
    return { success };
  }

  if (intent === "submit_writeup") {
    const sent = await submitWriteupStep(db, {
      viewer: actor,
      writeupId: Number(formData.get("writeupId")),
    });
    if (!sent) return data({ formError: REASONS.invalid_transition }, { status: 409 });
    return {
      success: assignment.mentorName
        ? k("mentoring.flash.writeupSent", { mentor: firstName(assignment.mentorName) })
        : k("mentoring.flash.writeupSentNoMentor"),
    };
  }

  if (intent === "submit") {
    const parsed = parseForm(evidenceSchema, formData);
    if (!parsed.ok)
      return data(
        { ...parsed, checkpointId: Number(formData.get("checkpointId")) },
        { status: 400 },
      );
    if (!owns(parsed.data.checkpointId))
      throw notFound("That checkpoint isn't part of this assignment.");
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
      return data(
        { formError: REASONS[result.reason] },
        { status: result.reason === "forbidden" ? 403 : 409 },
      );
    return {
      success: result.resolved
        ? k("mentoring.flash.lastStep")
        : result.state === "completed"
          ? k("mentoring.flash.stepDone")
          : k("mentoring.flash.sentForReview"),
    };
  }

  if (intent === "approve" || intent === "request_changes") {
    const parsed = parseForm(reviewSchema, formData);
    if (!parsed.ok)
      return data(
        { ...parsed, checkpointId: Number(formData.get("checkpointId")) },
        { status: 400 },
      );
    if (!owns(parsed.data.checkpointId))
      throw notFound("That checkpoint isn't part of this assignment.");
    const result = await reviewCheckpoint(db, {
      assignmentCheckpointId: parsed.data.checkpointId,
      actor,
      decision: parsed.data.intent,
      comment: parsed.data.comment,
    });
    if (!result.ok)
      return data(
        { formError: REASONS[result.reason] },
        { status: result.reason === "forbidden" ? 403 : 409 },
      );
    return {
      success: result.resolved
        ? k("mentoring.flash.approvedResolved")
        : result.state === "approved"
          ? k("mentoring.flash.approved")
          : k("mentoring.flash.changesRequested"),
    };
  }

  if (intent === "comment" || intent === "stuck") {
    const parsed = parseForm(commentSchema, formData);
    if (!parsed.ok)
      return data(
        { ...parsed, checkpointId: Number(formData.get("checkpointId")) },
        { status: 400 },
      );
    if (!owns(parsed.data.checkpointId))
      throw notFound("That checkpoint isn't part of this assignment.");
    if (parsed.data.intent === "stuck" && !can(actor, "askForHelp", assignment))
      throw forbidden(k("mentoring.assignment.onlyNewcomerAsks"));
    const result = await addComment(db, {
      assignmentCheckpointId: parsed.data.checkpointId,
      actor,
      body: parsed.data.body,
      kind: parsed.data.intent,
    });
    if (!result.ok) return data({ formError: REASONS[result.reason] }, { status: 403 });
    return {
      success:
        parsed.data.intent === "stuck"
          ? k("mentoring.flash.helpAsked")
          : k("mentoring.flash.commentAdded"),
    };
  }
  return data({ formError: k("mentoring.assignment.noSuchAction") }, { status: 400 });
}

export default function AssignmentPage() {
  const page = useLoaderData<typeof loader>();
  const { assignment, writeup, viewerIsNewcomer, helpCheckpointId, may } = page;
  const actionData = useActionData<typeof action>();
  const formFor = (id: number) =>
    actionData && "checkpointId" in actionData && actionData.checkpointId === id
      ? actionData
      : null;
  const mentorFirstName = assignment.mentorName ? firstNameOf(assignment.mentorName) : null;
  const card = (c: (typeof assignment.checkpoints)[number]) => (
    <CheckpointCard
      key={c.id}
      checkpoint={c}
      viewerIsNewcomer={viewerIsNewcomer}
      form={formFor(c.id)}
      writeup={c.key === "writeup" ? writeup : undefined}
      mentorFirstName={mentorFirstName}
      askForHelp={may.askForHelp && c.id === helpCheckpointId}
    />
  );
  return (
    <div className="page">
      <AssignmentHeader
        assignment={assignment}
        viewerIsNewcomer={viewerIsNewcomer}
        wad={page.notes.findLast(
          (n) => n.kind === "works_as_designed" || n.kind === "back_to_fixing",
        )}
        mayReopen={may.reopen}
      />

      {actionData && "success" in actionData ? (
        <FormMessage tone="success">{actionData.success}</FormMessage>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : null}

      <StuckPanel
        stuck={page.stuck}
        helpRequests={page.helpRequests}
        newcomerName={assignment.newcomerName}
        viewerIsNewcomer={viewerIsNewcomer}
      />

      <CheckpointTrack
        sections={trackSections(assignment.checkpoints, (id) => formFor(id) !== null)}
        card={card}
        may={may}
      />

      {may.mentorActions ? (
        <MentorActions
          newcomerName={assignment.newcomerName}
          handOverTo={page.handOverTo}
          stuck={page.stuck !== null}
        />
      ) : null}
      <AssignmentLog notes={page.notes} />
    </div>
  );
}

/** "Tomás" for "Tomás Rivera" (the browser bundle can't import the server module's). */
function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
