import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { formatRelative } from "~/lib/time";
import { type AssignmentView, getAssignment } from "~/mentoring/assignments.server";
import type { CheckpointState } from "~/mentoring/checkpoint-states";
import {
  addComment,
  reviewCheckpoint,
  setWorksAsDesigned,
  submitEvidence,
} from "~/mentoring/checkpoints.server";
import { commentSchema, evidenceSchema, reviewSchema } from "~/mentoring/evidence-schema";
import { type AssignmentWriteup, getAssignmentWriteup } from "~/mentoring/writeup-drafts.server";
import { Badge } from "~/ui/badge";
import { FormMessage, SubmitButton } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.assignment.ticketTitle ?? "Assignment"} · Koan` },
];

function assignmentIdFrom(params: { assignmentId?: string }) {
  const parsed = idField.safeParse(params.assignmentId);
  if (!parsed.success) throw notFound("There is no such assignment.");
  return parsed.data;
}

/** Evidence is visible to the newcomer, their mentor and leads; nobody else. */
async function loadForViewer(request: Request, params: { assignmentId?: string }) {
  const user = await requireUser(request);
  const assignment = await getAssignment(db, assignmentIdFrom(params));
  invariantFound(assignment, "There is no such assignment.");
  const isNewcomer = assignment.newcomerId === user.id;
  const isReviewer = user.role === "lead" || assignment.mentorId === user.id;
  if (!isNewcomer && !isReviewer) {
    throw forbidden(
      "Only the newcomer on this ticket, their mentor and leads can see its checkpoints.",
    );
  }
  return { user, assignment, isNewcomer, isReviewer };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { assignment, isNewcomer, isReviewer } = await loadForViewer(request, params);
  const writeup = await getAssignmentWriteup(db, assignment.id);
  return {
    writeup,
    assignment: {
      ...assignment,
      checkpoints: assignment.checkpoints.map((c) => ({
        ...c,
        guideHtml: renderMarkdown(c.guide),
        evidence: c.evidence.map((e) => ({ ...e, notesHtml: renderMarkdown(e.notes) })),
      })),
    },
    isNewcomer,
    isReviewer,
  };
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
  const { user, assignment, isNewcomer } = await loadForViewer(request, params);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const actor = { id: user.id, role: user.role };
  const owns = (checkpointId: number) => assignment.checkpoints.some((c) => c.id === checkpointId);

  if (intent === "wad" || intent === "undo_wad") {
    if (!isNewcomer) throw forbidden("Only the newcomer working the ticket decides this.");
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
    if (parsed.data.intent === "stuck" && !isNewcomer)
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

const STATE_LABELS: Record<
  CheckpointState,
  { label: string; tone: "neutral" | "accent" | "good" | "warn" | "bad" }
> = {
  todo: { label: "To do", tone: "neutral" },
  submitted: { label: "Waiting for review", tone: "accent" },
  resubmitted: { label: "Resubmitted", tone: "accent" },
  changes_requested: { label: "Changes requested", tone: "warn" },
  approved: { label: "Approved", tone: "good" },
  completed: { label: "Done", tone: "good" },
  skipped: { label: "Skipped", tone: "neutral" },
};

type Checkpoint = ReturnType<
  typeof useLoaderData<typeof loader>
>["assignment"]["checkpoints"][number];

export default function AssignmentPage() {
  const { assignment, writeup, isNewcomer, isReviewer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const active = assignment.status === "active";
  const total = assignment.checkpoints.length;
  const rootCause = assignment.checkpoints.find((c) => c.key === "root_cause");
  const canWad =
    isNewcomer &&
    active &&
    assignment.resolution === null &&
    rootCause &&
    rootCause.state !== "todo";
  const focusId = assignment.nextCheckpointId ?? assignment.checkpoints[0]?.id;
  return (
    <div className="page">
      <p>
        <Link to={`/tickets/${assignment.ticketId}`}>← The ticket</Link>
      </p>
      <header className="page-header">
        <h1>{assignment.ticketTitle}</h1>
        <p className="lede">
          {isNewcomer ? "You" : assignment.newcomerName}
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

      {isNewcomer && active ? (
        <section aria-labelledby="help-heading" className="card stack">
          <h2 id="help-heading">Need a hand?</h2>
          <Form method="post" className="stack compact">
            <input type="hidden" name="checkpointId" value={focusId} />
            <div className="field">
              <label htmlFor="stuck-note">What are you stuck on?</label>
              <textarea id="stuck-note" name="body" rows={2} maxLength={5000} />
            </div>
            <div>
              <SubmitButton intent="stuck" variant="secondary" pendingLabel="Telling your mentor…">
                I'm stuck
              </SubmitButton>
            </div>
          </Form>
          {canWad ? (
            <Form method="post">
              <p className="muted small">
                Found that the behaviour is intended? That's a real answer too: skip to the write-up
                and record why.
              </p>
              <SubmitButton intent="wad" variant="secondary" pendingLabel="Saving…">
                This works as designed
              </SubmitButton>
            </Form>
          ) : assignment.resolution === "works_as_designed" ? (
            <Form method="post">
              <p className="muted small">You marked this as works as designed.</p>
              <SubmitButton intent="undo_wad" variant="secondary" pendingLabel="Saving…">
                Back to fixing it
              </SubmitButton>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="track-heading">
        <h2 id="track-heading">Checkpoints</h2>
        <ol className="track">
          {assignment.checkpoints.map((c) => (
            <CheckpointItem
              key={c.id}
              checkpoint={c}
              assignment={assignment}
              current={c.id === assignment.nextCheckpointId}
              isNewcomer={isNewcomer}
              isReviewer={isReviewer}
              actionData={actionData}
              writeup={c.key === "writeup" ? writeup : undefined}
            />
          ))}
        </ol>
      </section>
    </div>
  );
}

function CheckpointItem({
  checkpoint: c,
  assignment,
  current,
  isNewcomer,
  isReviewer,
  actionData,
  writeup,
}: {
  checkpoint: Checkpoint;
  assignment: Pick<AssignmentView, "status">;
  current: boolean;
  isNewcomer: boolean;
  isReviewer: boolean;
  actionData: ReturnType<typeof useActionData<typeof action>>;
  /** Only on the Write-up checkpoint: its draft (null until Koan has drafted it). */
  writeup?: AssignmentWriteup | null;
}) {
  const active = assignment.status === "active";
  const mine =
    actionData && "checkpointId" in actionData && actionData.checkpointId === c.id
      ? actionData
      : null;
  const errors = mine && "errors" in mine ? mine.errors : {};
  const values = mine && "values" in mine ? mine.values : {};
  const canSubmit =
    isNewcomer &&
    active &&
    (c.state === "todo" ||
      c.state === "changes_requested" ||
      (c.state === "completed" && !c.needsSignoff));
  const canReview = isReviewer && active && (c.state === "submitted" || c.state === "resubmitted");
  const state = STATE_LABELS[c.state];
  const headingId = `checkpoint-${c.id}-title`;
  return (
    <li
      id={`checkpoint-${c.id}`}
      className={`checkpoint card${current ? " current" : ""}`}
      aria-labelledby={headingId}
    >
      <div className="checkpoint-head">
        <h3 id={headingId}>
          <span className="step-number">{c.position}.</span> {c.title}
        </h3>
        <span className="tags">
          {current ? <Badge tone="accent">Next step</Badge> : null}
          <Badge tone={state.tone}>{state.label}</Badge>
          {c.needsSignoff ? <span className="muted small">mentor sign-off</span> : null}
        </span>
      </div>
      <details open={current || undefined}>
        <summary>What good evidence looks like</summary>
        {/* Sanitised on the server. */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: c.guideHtml }} />
      </details>

      {writeup !== undefined ? <DraftWriteup writeup={writeup} isNewcomer={isNewcomer} /> : null}

      {c.evidence.length ? (
        <div className="evidence-list">
          {c.evidence.map((e, i) => (
            <article
              key={e.id}
              className="evidence"
              aria-label={`Evidence ${i + 1} for ${c.title}`}
            >
              <p className="muted small">
                {i === c.evidence.length - 1 ? "Latest evidence" : `Earlier evidence`} ·{" "}
                {formatRelative(e.createdAt)}
                {e.minutes !== null ? <> · {e.minutes} min</> : null}
              </p>
              <div className="prose" dangerouslySetInnerHTML={{ __html: e.notesHtml }} />
              {e.links.length ? (
                <ul className="links">
                  {e.links.map((l) => (
                    <li key={l.url}>
                      <a href={l.url} rel="noopener noreferrer nofollow" target="_blank">
                        {l.label}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </article>
          ))}
        </div>
      ) : null}

      {c.comments.length ? (
        <ul className="comments" aria-label={`Comments on ${c.title}`}>
          {c.comments.map((m) => (
            <li key={m.id} className={`comment comment-${m.kind}`}>
              <p className="small">
                <strong>{m.author}</strong>{" "}
                {m.kind === "approved"
                  ? "approved"
                  : m.kind === "changes_requested"
                    ? "asked for changes"
                    : m.kind === "stuck"
                      ? "asked for help"
                      : "commented"}{" "}
                <span className="muted">{formatRelative(m.createdAt)}</span>
              </p>
              {m.body ? <p>{m.body}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}

      {canSubmit ? (
        <Form method="post" className="stack compact" noValidate>
          <input type="hidden" name="checkpointId" value={c.id} />
          <div className="field">
            <label htmlFor={`notes-${c.id}`}>What you found</label>
            <p className="help" id={`notes-${c.id}-help`}>
              Markdown. Steps, commands, error text: whatever would convince a teammate.
            </p>
            <textarea
              id={`notes-${c.id}`}
              name="notes"
              rows={4}
              defaultValue={values.notes}
              aria-invalid={errors.notes ? true : undefined}
              aria-describedby={
                errors.notes ? `notes-${c.id}-help notes-${c.id}-error` : `notes-${c.id}-help`
              }
            />
            {errors.notes ? (
              <p className="field-error" id={`notes-${c.id}-error`}>
                {errors.notes}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`links-${c.id}`}>
              Links <span className="optional">(optional)</span>
            </label>
            <p className="help" id={`links-${c.id}-help`}>
              One per line, e.g. <code>PR https://github.com/acme/app/pull/12</code>
            </p>
            <textarea
              id={`links-${c.id}`}
              name="links"
              rows={2}
              defaultValue={values.links}
              aria-invalid={errors.links ? true : undefined}
              aria-describedby={
                errors.links ? `links-${c.id}-help links-${c.id}-error` : `links-${c.id}-help`
              }
            />
            {errors.links ? (
              <p className="field-error" id={`links-${c.id}-error`}>
                {errors.links}
              </p>
            ) : null}
          </div>
          <div className="field field-narrow">
            <label htmlFor={`minutes-${c.id}`}>
              Time spent, minutes <span className="optional">(optional)</span>
            </label>
            <input
              id={`minutes-${c.id}`}
              name="minutes"
              type="number"
              min={0}
              defaultValue={values.minutes}
              aria-invalid={errors.minutes ? true : undefined}
              aria-describedby={errors.minutes ? `minutes-${c.id}-error` : undefined}
            />
            {errors.minutes ? (
              <p className="field-error" id={`minutes-${c.id}-error`}>
                {errors.minutes}
              </p>
            ) : null}
          </div>
          <div>
            <SubmitButton intent="submit" pendingLabel="Sending…">
              {c.needsSignoff
                ? c.state === "changes_requested"
                  ? "Resubmit for review"
                  : "Submit for review"
                : c.state === "completed"
                  ? "Add evidence"
                  : "Mark done"}
            </SubmitButton>
          </div>
        </Form>
      ) : null}

      {canReview ? (
        <Form method="post" className="stack compact review-form" noValidate>
          <input type="hidden" name="checkpointId" value={c.id} />
          <div className="field">
            <label htmlFor={`comment-${c.id}`}>Your review</label>
            <p className="help" id={`comment-${c.id}-help`}>
              Optional when approving; say what should change when asking for changes.
            </p>
            <textarea
              id={`comment-${c.id}`}
              name="comment"
              rows={3}
              defaultValue={values.comment}
              aria-invalid={errors.comment ? true : undefined}
              aria-describedby={
                errors.comment
                  ? `comment-${c.id}-help comment-${c.id}-error`
                  : `comment-${c.id}-help`
              }
            />
            {errors.comment ? (
              <p className="field-error" id={`comment-${c.id}-error`}>
                {errors.comment}
              </p>
            ) : null}
          </div>
          <div className="actions">
            <SubmitButton intent="approve" pendingLabel="Approving…">
              Approve
            </SubmitButton>
            <SubmitButton intent="request_changes" variant="secondary" pendingLabel="Sending…">
              Request changes
            </SubmitButton>
          </div>
        </Form>
      ) : null}

      {active && (isNewcomer || isReviewer) ? (
        <details className="comment-form">
          <summary>Comment on {c.title}</summary>
          <Form method="post" className="stack compact">
            <input type="hidden" name="checkpointId" value={c.id} />
            <div className="field">
              <label htmlFor={`body-${c.id}`}>Comment</label>
              <textarea id={`body-${c.id}`} name="body" rows={2} maxLength={5000} />
            </div>
            <div>
              <SubmitButton intent="comment" variant="secondary" pendingLabel="Posting…">
                Post comment
              </SubmitButton>
            </div>
          </Form>
        </details>
      ) : null}
    </li>
  );
}

/** The Write-up checkpoint's draft: drafted by Koan from the evidence, edited by the newcomer. */
function DraftWriteup({
  writeup,
  isNewcomer,
}: {
  writeup: AssignmentWriteup | null;
  isNewcomer: boolean;
}) {
  if (!writeup) {
    return (
      <p className="muted small">
        {isNewcomer ? "Your" : "The"} write-up drafts itself from the evidence on the steps above,
        once Root cause is approved or evidence is sent here.
      </p>
    );
  }
  return (
    <div className="writeup-draft stack compact">
      <p>
        <strong>{isNewcomer ? "Your draft write-up" : "The draft write-up"}</strong>{" "}
        {writeup.status === "published" ? (
          <Badge tone="good">Published</Badge>
        ) : (
          <Badge tone="neutral">Draft</Badge>
        )}{" "}
        {writeup.verifiedAt ? <Badge tone="good">Verified</Badge> : null}
      </p>
      <p className="muted small">
        {writeup.status === "published"
          ? "It's in the knowledge base, where the next engineer will find it."
          : isNewcomer
            ? "Koan filled it in from your evidence. Read it through, fix what reads oddly, and publish it."
            : "Koan filled it in from the evidence. Approving Write-up verifies it and publishes it."}
      </p>
      <p className="actions">
        <Link to={`/kb/${writeup.id}/edit`} className="button button-secondary">
          {writeup.status === "draft" ? "Edit and publish" : "Edit"}
        </Link>
        <Link to={`/kb/${writeup.id}`}>View</Link>
      </p>
    </div>
  );
}
