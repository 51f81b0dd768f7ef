import { Form, Link } from "@remix-run/react";
import type { FieldErrors } from "~/lib/forms";
import { formatRelative } from "~/lib/time";
import type { BadgeTone } from "~/lib/tone";
import type { CheckpointState } from "~/mentoring/checkpoint-states";
import { Badge } from "~/ui/badge";
import { SubmitButton } from "~/ui/form";

// An assignment's checkpoints page (routes/assignments.$assignmentId.tsx): the newcomer's "Need a
// hand?" box and one card per checkpoint, with the forms the viewer may use.

const STATE_LABELS: Record<CheckpointState, { label: string; tone: BadgeTone }> = {
  todo: { label: "To do", tone: "neutral" },
  submitted: { label: "Waiting for review", tone: "accent" },
  resubmitted: { label: "Resubmitted", tone: "accent" },
  changes_requested: { label: "Changes requested", tone: "warn" },
  approved: { label: "Approved", tone: "good" },
  completed: { label: "Done", tone: "good" },
  skipped: { label: "Skipped", tone: "neutral" },
};

/** One checkpoint as its card shows it (mentoring's getAssignmentPage builds it). */
export interface CheckpointCardData {
  id: number;
  title: string;
  position: number;
  needsSignoff: boolean;
  state: CheckpointState;
  /** Markdown rendered and sanitised on the server. */
  guideHtml: string;
  /** The page's "next step". */
  current: boolean;
  evidence: {
    id: number;
    notesHtml: string;
    links: { label: string; url: string }[];
    minutes: number | null;
    createdAt: string;
  }[];
  comments: { id: number; author: string; kind: string; body: string; createdAt: string }[];
  may: { submitEvidence: boolean; review: boolean; comment: boolean };
}

/** The write-up drafted from an assignment's evidence. */
export interface DraftWriteupData {
  id: number;
  status: "draft" | "published";
  verifiedAt: string | null;
}

/** What the last submit of this checkpoint's form said was wrong, and what was typed. */
export interface CheckpointFormState {
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** "I'm stuck", and "this works as designed" (or back to fixing it), for the newcomer. */
export function AssignmentHelp({
  helpCheckpointId,
  may,
}: {
  /** Where "I'm stuck" attaches its note. */
  helpCheckpointId: number | null;
  may: { askForHelp: boolean; markWorksAsDesigned: boolean; undoWorksAsDesigned: boolean };
}) {
  if (!may.askForHelp && !may.markWorksAsDesigned && !may.undoWorksAsDesigned) return null;
  return (
    <section aria-labelledby="help-heading" className="card stack">
      <h2 id="help-heading">Need a hand?</h2>
      {may.askForHelp ? (
        <Form method="post" className="stack compact">
          <input type="hidden" name="checkpointId" value={helpCheckpointId ?? undefined} />
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
      ) : null}
      {may.markWorksAsDesigned ? (
        <Form method="post">
          <p className="muted small">
            Found that the behaviour is intended? That's a real answer too: skip to the write-up and
            record why.
          </p>
          <SubmitButton intent="wad" variant="secondary" pendingLabel="Saving…">
            This works as designed
          </SubmitButton>
        </Form>
      ) : may.undoWorksAsDesigned ? (
        <Form method="post">
          <p className="muted small">You marked this as works as designed.</p>
          <SubmitButton intent="undo_wad" variant="secondary" pendingLabel="Saving…">
            Back to fixing it
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}

export function CheckpointCard({
  checkpoint: c,
  viewerIsNewcomer,
  form,
  writeup,
}: {
  checkpoint: CheckpointCardData;
  viewerIsNewcomer: boolean;
  form: CheckpointFormState | null;
  /** Only on the Write-up checkpoint: its draft (null until Koan has drafted it). */
  writeup?: DraftWriteupData | null;
}) {
  const errors = form?.errors ?? {};
  const values = form?.values ?? {};
  const current = c.current;
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

      {writeup !== undefined ? (
        <DraftWriteup writeup={writeup} viewerIsNewcomer={viewerIsNewcomer} />
      ) : null}

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

      {c.may.submitEvidence ? (
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

      {c.may.review ? (
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

      {c.may.comment ? (
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
  viewerIsNewcomer: isNewcomer,
}: {
  writeup: DraftWriteupData | null;
  viewerIsNewcomer: boolean;
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
