import { Form, Link } from "@remix-run/react";
import type { FieldErrors } from "~/lib/forms";
import { formatRelative } from "~/lib/time";
import type { BadgeTone } from "~/lib/tone";
import type { CheckpointState } from "~/mentoring/checkpoint-states";
import { type AttachmentItem, Attachments } from "~/ui/attachments";
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
    /** As written (Markdown): a resubmission starts from it. */
    notes: string;
    notesHtml: string;
    links: { label: string; url: string }[];
    minutes: number | null;
    createdAt: string;
  }[];
  comments: { id: number; author: string; kind: string; body: string; createdAt: string }[];
  attachments?: AttachmentItem[];
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

/** "This works as designed" (or back to fixing it), for the newcomer. */
export function WorksAsDesigned({
  may,
}: {
  may: { markWorksAsDesigned: boolean; undoWorksAsDesigned: boolean };
}) {
  if (may.markWorksAsDesigned) {
    return (
      <Form method="post" className="wad-form">
        <p className="muted small">
          Found that the behaviour is intended? That's a real answer too: skip to the write-up and
          record why.
        </p>
        <SubmitButton intent="wad" variant="secondary" pendingLabel="Saving…">
          This works as designed
        </SubmitButton>
      </Form>
    );
  }
  if (may.undoWorksAsDesigned) {
    return (
      <Form method="post" className="wad-form">
        <p className="muted small">
          You marked this as works as designed. Going back keeps every step as it was.
        </p>
        <SubmitButton intent="undo_wad" variant="secondary" pendingLabel="Saving…">
          Back to fixing it
        </SubmitButton>
      </Form>
    );
  }
  return null;
}

/** "I'm stuck": a compact button beside the current step that opens a small form (no JS needed). */
export function StuckButton({ checkpointId, title }: { checkpointId: number; title: string }) {
  return (
    <details className="stuck-toggle">
      <summary className="button button-secondary">I'm stuck</summary>
      <Form method="post" className="stack compact stuck-form">
        <input type="hidden" name="checkpointId" value={checkpointId} />
        <div className="field">
          <label htmlFor={`stuck-note-${checkpointId}`}>What are you stuck on in {title}?</label>
          <textarea id={`stuck-note-${checkpointId}`} name="body" rows={2} maxLength={5000} />
        </div>
        <div>
          <SubmitButton intent="stuck" variant="secondary" pendingLabel="Telling your mentor…">
            Ask your mentor for help
          </SubmitButton>
        </div>
      </Form>
    </details>
  );
}

/** Evidence as written, for a resubmission's form: the notes, and the links one per line. */
function previousValues(c: CheckpointCardData): Record<string, string> {
  const last = c.evidence.at(-1);
  if (c.state !== "changes_requested" || !last) return {};
  return {
    notes: last.notes,
    links: last.links.map((l) => (l.label === l.url ? l.url : `${l.label} ${l.url}`)).join("\n"),
    minutes: last.minutes === null ? "" : String(last.minutes),
  };
}

/** A step that is done, skipped or waiting: one line, its evidence one click away. */
export function CheckpointLine({ checkpoint: c }: { checkpoint: CheckpointCardData }) {
  const state = STATE_LABELS[c.state];
  const headingId = `checkpoint-${c.id}-title`;
  return (
    <li id={`checkpoint-${c.id}`} className="checkpoint-line" aria-labelledby={headingId}>
      <details>
        <summary>
          <h3 id={headingId}>
            <span className="step-number">{c.position}.</span> {c.title}
          </h3>{" "}
          <Badge tone={state.tone}>{state.label}</Badge>
        </summary>
        <div className="stack compact checkpoint-line-body">
          <EvidenceList checkpoint={c} />
          <CommentList checkpoint={c} />
          <Attachments target="evidence" targetId={c.id} attachments={c.attachments} />
          {!c.evidence.length && !c.comments.length ? (
            <p className="muted small">No evidence on this step.</p>
          ) : null}
        </div>
      </details>
    </li>
  );
}

function EvidenceList({ checkpoint: c }: { checkpoint: CheckpointCardData }) {
  if (!c.evidence.length) return null;
  return (
    <div className="evidence-list">
      {c.evidence.map((e, i) => (
        <article key={e.id} className="evidence" aria-label={`Evidence ${i + 1} for ${c.title}`}>
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
  );
}

function CommentList({ checkpoint: c }: { checkpoint: CheckpointCardData }) {
  if (!c.comments.length) return null;
  return (
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
  );
}

export function CheckpointCard({
  checkpoint: c,
  viewerIsNewcomer,
  form,
  writeup,
  mentorFirstName,
  askForHelp = false,
}: {
  checkpoint: CheckpointCardData;
  viewerIsNewcomer: boolean;
  form: CheckpointFormState | null;
  /** Only on the Write-up checkpoint: its draft (null until Koan has drafted it). */
  writeup?: DraftWriteupData | null;
  /** Who signs the steps off ("Tomás"). */
  mentorFirstName?: string | null;
  /** Show "I'm stuck" beside this step. */
  askForHelp?: boolean;
}) {
  const errors = form?.errors ?? {};
  const values = form?.values ?? previousValues(c);
  // Publishing the drafted write-up is the Write-up step's evidence: no second form for it.
  const byPublishing = writeup !== undefined && writeup !== null;
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
        {askForHelp ? <StuckButton checkpointId={c.id} title={c.title} /> : null}
      </div>
      <details open={current || undefined}>
        <summary>What good evidence looks like</summary>
        {/* Sanitised on the server. */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: c.guideHtml }} />
      </details>

      {writeup !== undefined ? (
        <DraftWriteup
          writeup={writeup}
          viewerIsNewcomer={viewerIsNewcomer}
          state={c.state}
          mayResend={c.may.submitEvidence}
          mentorFirstName={mentorFirstName ?? null}
        />
      ) : null}

      <EvidenceList checkpoint={c} />
      <CommentList checkpoint={c} />

      {c.may.submitEvidence && !byPublishing ? (
        <Form method="post" className="stack compact" noValidate>
          <input type="hidden" name="checkpointId" value={c.id} />
          {c.state === "changes_requested" && c.evidence.length ? (
            <p className="help">Starts from what you sent last time: change what was asked.</p>
          ) : null}
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
      <Attachments
        target="evidence"
        targetId={c.id}
        attachments={c.attachments}
        mayAttach={c.may.submitEvidence && !byPublishing}
        pasteFrom={`notes-${c.id}`}
      />

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

/** The Write-up checkpoint's write-up: drafted by Koan from the evidence, edited and published by the newcomer. */
function DraftWriteup({
  writeup,
  viewerIsNewcomer: isNewcomer,
  state,
  mayResend,
  mentorFirstName,
}: {
  writeup: DraftWriteupData | null;
  viewerIsNewcomer: boolean;
  state: CheckpointState;
  /** The newcomer may send the published write-up for sign-off (again). */
  mayResend: boolean;
  mentorFirstName: string | null;
}) {
  const mentor = mentorFirstName ?? "your mentor";
  if (!writeup) {
    return (
      <p className="muted small">
        {isNewcomer ? "Your" : "The"} write-up drafts itself from the evidence on the steps above,
        once Root cause is approved or evidence is sent here.
      </p>
    );
  }
  const published = writeup.status === "published";
  const waiting = state === "submitted" || state === "resubmitted";
  return (
    <div className="writeup-draft stack compact">
      <p>
        <strong>
          {published
            ? isNewcomer
              ? "Your published write-up"
              : "The published write-up"
            : isNewcomer
              ? "Your draft write-up"
              : "The draft write-up"}
        </strong>{" "}
        {published ? <Badge tone="good">Published</Badge> : <Badge tone="neutral">Draft</Badge>}{" "}
        {writeup.verifiedAt ? <Badge tone="good">Verified</Badge> : null}
      </p>
      <p className="muted small">
        {published
          ? waiting && isNewcomer
            ? `It's in the knowledge base, waiting for ${mentor} to sign off.`
            : "It's in the knowledge base, where the next engineer will find it."
          : isNewcomer
            ? `Koan filled it in from your evidence. Read it through, fix what reads oddly, and publish it: publishing sends it to ${mentor} for sign-off.`
            : "Koan filled it in from the evidence. Approving Write-up verifies it and publishes it."}
      </p>
      <p className="actions">
        <Link to={`/kb/${writeup.id}/edit`} className="button button-secondary">
          {published ? "Edit" : "Edit and publish"}
        </Link>
        <Link to={`/kb/${writeup.id}`}>View</Link>
      </p>
      {published && mayResend && isNewcomer ? (
        <Form method="post">
          <input type="hidden" name="writeupId" value={writeup.id} />
          <SubmitButton intent="submit_writeup" pendingLabel="Sending…">
            {state === "changes_requested"
              ? `Send it back to ${mentor} for sign-off`
              : `Send it to ${mentor} for sign-off`}
          </SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}
