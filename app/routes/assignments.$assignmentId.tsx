import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { type Actor, can } from "~/auth/policies";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { formatRelative } from "~/lib/time";
import { getAssignmentPage } from "~/mentoring/assignment-page.server";
import { getAssignment } from "~/mentoring/assignments.server";
import {
  addComment,
  reviewCheckpoint,
  submitEvidence,
} from "~/mentoring/checkpoints.server";
import { setWorksAsDesigned } from "~/mentoring/works-as-designed.server";
import { commentSchema, evidenceSchema, reviewSchema } from "~/mentoring/evidence-schema";
import { AssignmentHelp, CheckpointCard } from "~/ui/checkpoint-card";
import { FormMessage } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.assignment.ticketTitle ?? "Assignment"} · Koan` },
];

const NOT_FOUND = "There is no such assignment.";
/** Evidence is visible to the newcomer, their mentor and leads; nobody else. */
const NOT_YOURS =
  "Only the newcomer on this ticket, their mentor and leads can see its checkpoints.";

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
  });
  if (!result.ok) throw result.reason === "not_found" ? notFound(NOT_FOUND) : forbidden(NOT_YOURS);
  return result.page;
}

const REASONS = {
  not_found: "That checkpoint doesn't exist.",
  forbidden: "You can't do that on this assignment.",
  not_active: "This assignment is finished, so its checkpoints can't change.",
  invalid_transition:
    "That step has moved on since you loaded the page. Reload to see where it is.",
  too_early:
    "Give Root cause some evidence first: it's where a works-as-designed answer comes from.",
} as const;

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
      throw forbidden("Only the newcomer working the ticket decides this.");
    const result = await setWorksAsDesigned(db, {
      assignmentId: assignment.id,
      actor,
      undo: intent === "undo_wad",
    });
    if (!result.ok) return data({ formError: REASONS[result.reason] }, { status: 409 });
    return {
      success:
        intent === "wad"
          ? "Marked as works as designed: go straight to the write-up."
          : "Back to fixing it.",
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
        ? "That was the last step: this ticket is done. Well done."
        : result.state === "completed"
          ? "Done. On to the next step."
          : "Sent to your mentor for review.",
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
        ? "Approved. Every step is signed off: the assignment is resolved."
        : result.state === "approved"
          ? "Approved."
          : "Changes requested. They'll see your comment.",
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
      throw forbidden("Only the newcomer can ask for help here.");
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
          ? "Your mentor has been told, with your note. Hang on: help is coming."
          : "Comment added.",
    };
  }
  return data({ formError: "That action isn't available here." }, { status: 400 });
}

export default function AssignmentPage() {
  const { assignment, writeup, viewerIsNewcomer, helpCheckpointId, may } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const total = assignment.checkpoints.length;
  return (
    <div className="page">
      <p>
        <Link to={`/tickets/${assignment.ticketId}`}>← The ticket</Link>
      </p>
      <header className="page-header">
        <h1>{assignment.ticketTitle}</h1>
        <p className="lede">
          {viewerIsNewcomer ? "You" : assignment.newcomerName}
          {assignment.mentorName ? <>, with {assignment.mentorName} as mentor</> : null} · claimed{" "}
          {formatRelative(assignment.claimedAt)} · {assignment.component}
        </p>
        <div className="progress-line">
          <progress
            className="progress"
            max={total}
            value={assignment.done}
            aria-labelledby="progress-text"
          />
          <span id="progress-text">
            {assignment.done} of {total} steps done
          </span>
        </div>
        {assignment.status === "resolved" ? (
          <FormMessage tone="success">
            Finished
            {assignment.resolution === "works_as_designed" ? ": works as designed" : ": fixed"}.
            Every sign-off step is approved.
          </FormMessage>
        ) : null}
      </header>

      {actionData && "success" in actionData ? (
        <FormMessage tone="success">{actionData.success}</FormMessage>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : null}

      <AssignmentHelp helpCheckpointId={helpCheckpointId} may={may} />

      <section aria-labelledby="track-heading">
        <h2 id="track-heading">Checkpoints</h2>
        <ol className="track">
          {assignment.checkpoints.map((c) => (
            <CheckpointCard
              key={c.id}
              checkpoint={c}
              viewerIsNewcomer={viewerIsNewcomer}
              form={
                actionData && "checkpointId" in actionData && actionData.checkpointId === c.id
                  ? actionData
                  : null
              }
              writeup={c.key === "writeup" ? writeup : undefined}
            />
          ))}
        </ol>
      </section>
    </div>
  );
}
