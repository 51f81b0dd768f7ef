import { Form, Link } from "@remix-run/react";
import type { FieldErrors } from "~/lib/forms";
import { linkLine } from "~/lib/links";
import type { BadgeTone } from "~/lib/tone";
import type { CheckpointState } from "~/mentoring/checkpoint-states";
import { StuckButton } from "~/ui/assignment-parts";
import { type AttachmentItem, Attachments } from "~/ui/attachments";
import { Badge } from "~/ui/badge";
import { FieldError, SubmitButton, useClearedOnSave } from "~/ui/form";
import { Trans, useT } from "~/ui/i18n";
import { CommentList, EvidenceList, type StepHistory } from "~/ui/step-history";

// An assignment's checkpoints page (routes/assignments.$assignmentId.tsx): the newcomer's "Need a
// hand?" box and one card per checkpoint, with the forms the viewer may use.

const STATE_TONES: Record<CheckpointState, BadgeTone> = {
  todo: "neutral",
  submitted: "accent",
  resubmitted: "accent",
  changes_requested: "warn",
  approved: "good",
  completed: "good",
  skipped: "neutral",
};

/** How a link line looks (code, not prose: the same in every language). */
const LINK_EXAMPLE = "PR https://github.com/acme/app/pull/12";

/**
 * The step a card's button or field acts on, heard after its name and not seen: every card has a
 * "Submit for review" and a "What you found", and a list of the page's buttons or fields would
 * otherwise read the same one five times.
 */
function ForStep({
  checkpoint: c,
}: {
  checkpoint: Pick<CheckpointCardData, "position" | "title">;
}) {
  const { t } = useT();
  return (
    <span className="visually-hidden">
      {t("mentoring.card.forStep", { number: c.position, step: c.title })}
    </span>
  );
}

/** A checkpoint state's badge, in the page's language. */
function StateBadge({ state }: { state: CheckpointState }) {
  const { t } = useT();
  return <Badge tone={STATE_TONES[state]}>{t(`mentoring.state.${state}`)}</Badge>;
}

/** One checkpoint as its card shows it (mentoring's getAssignmentPage builds it). */
export interface CheckpointCardData extends StepHistory {
  position: number;
  needsSignoff: boolean;
  state: CheckpointState;
  /** Markdown rendered and sanitised on the server. */
  guideHtml: string;
  /** The page's "next step". */
  current: boolean;
  /** The newcomer asked for help on it and nothing has moved since (never on their own page). */
  helpAsked?: boolean;
  /** The newest evidence, when the evidence listed is further back (what forms start from). */
  newestEvidence?: Omit<StepHistory["evidence"][number], "notesHtml"> | undefined;
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
  const { t } = useT();
  if (may.markWorksAsDesigned) {
    return (
      <Form method="post" className="wad-form">
        <p className="muted small">{t("mentoring.wad.help")}</p>
        <SubmitButton intent="wad" variant="secondary" pendingLabel={t("core.action.saving")}>
          {t("mentoring.wad.mark")}
        </SubmitButton>
      </Form>
    );
  }
  if (may.undoWorksAsDesigned) {
    return (
      <Form method="post" className="wad-form">
        <p className="muted small">{t("mentoring.wad.undoHelp")}</p>
        <SubmitButton intent="undo_wad" variant="secondary" pendingLabel={t("core.action.saving")}>
          {t("mentoring.wad.undo")}
        </SubmitButton>
      </Form>
    );
  }
  return null;
}

/** Evidence as written, for a resubmission's form: the notes, and the links one per line. */
export function previousValues(c: CheckpointCardData): Record<string, string> {
  const last = c.newestEvidence ?? c.evidence.at(-1);
  if (c.state !== "changes_requested" || !last) return {};
  return {
    notes: last.notes,
    links: last.links.map(linkLine).join("\n"),
    minutes: last.minutes === null ? "" : String(last.minutes),
  };
}

/**
 * A step that is done, skipped or waiting: one line, its evidence one click away. Its title is an
 * h4, under the "Done and waiting" section's h3.
 */
export function CheckpointLine({ checkpoint: c }: { checkpoint: CheckpointCardData }) {
  const { t } = useT();
  const headingId = `checkpoint-${c.id}-title`;
  return (
    <li id={`checkpoint-${c.id}`} className="checkpoint-line" aria-labelledby={headingId}>
      <details open={c.commentsBack || c.evidenceBack || undefined}>
        <summary>
          <h4 id={headingId}>
            <span className="step-number">{c.position}.</span> {c.title}
          </h4>{" "}
          <StateBadge state={c.state} />
        </summary>
        <div className="stack compact checkpoint-line-body">
          <EvidenceList checkpoint={c} />
          <CommentList checkpoint={c} />
          <Attachments target="evidence" targetId={c.id} attachments={c.attachments} />
          {!c.evidence.length && !c.comments.length ? (
            <p className="muted small">{t("mentoring.card.noEvidence")}</p>
          ) : null}
        </div>
      </details>
    </li>
  );
}

export function CheckpointCard({
  checkpoint: c,
  viewerIsNewcomer,
  form,
  writeup,
  writeupGone = false,
  mayRedraft = false,
  mentorFirstName,
  askForHelp = false,
  saved = false,
  headingLevel = 3,
}: {
  checkpoint: CheckpointCardData;
  /** 4 inside a folded section of the track, whose own heading is an h3. */
  headingLevel?: 3 | 4;
  viewerIsNewcomer: boolean;
  form: CheckpointFormState | null;
  /** The page's last form was saved (a comment or a request for help sent from here empties). */
  saved?: boolean;
  /** Only on the Write-up checkpoint: its draft (null until Koan has drafted it). */
  writeup?: DraftWriteupData | null;
  /** Only on the Write-up checkpoint: Koan had drafted it and it was deleted since. */
  writeupGone?: boolean;
  /** The viewer may draft the deleted write-up again (its newcomer). */
  mayRedraft?: boolean;
  /** Who signs the steps off ("Tomás"). */
  mentorFirstName?: string | null;
  /** Show "I'm stuck" beside this step. */
  askForHelp?: boolean;
}) {
  const { t } = useT();
  // A note's form (a comment, "I'm stuck") keeps its own errors and text; the evidence and review
  // forms keep theirs, or start from the evidence to revise.
  const noteIntent = form?.values?.intent;
  const byNote = noteIntent === "comment" || noteIntent === "stuck";
  const errors = (!byNote && form?.errors) || {};
  const values = (!byNote && form?.values) || previousValues(c);
  const commentError = noteIntent === "comment" ? form?.errors?.body : undefined;
  const clearComment = useClearedOnSave(saved);
  // Publishing the drafted write-up is the Write-up step's evidence: no second form for it (nor
  // while a deleted one is to be drafted again).
  const byPublishing = (writeup !== undefined && writeup !== null) || writeupGone;
  const current = c.current;
  const headingId = `checkpoint-${c.id}-title`;
  const Heading = headingLevel === 4 ? "h4" : "h3";
  return (
    <li
      id={`checkpoint-${c.id}`}
      className={`checkpoint card${current ? " current" : ""}`}
      aria-labelledby={headingId}
    >
      <div className="checkpoint-head">
        <Heading id={headingId}>
          <span className="step-number">{c.position}.</span> {c.title}
        </Heading>
        <span className="tags">
          {current ? <Badge tone="accent">{t("mentoring.card.nextStep")}</Badge> : null}
          <StateBadge state={c.state} />
          {c.needsSignoff ? (
            <span className="muted small">{t("mentoring.card.signoff")}</span>
          ) : null}
        </span>
        {askForHelp ? (
          <StuckButton
            checkpointId={c.id}
            title={c.title}
            error={noteIntent === "stuck" ? form?.errors?.body : undefined}
            value={noteIntent === "stuck" ? form?.values?.body : undefined}
            saved={saved}
          />
        ) : null}
      </div>
      <details open={current || undefined}>
        <summary>
          {t("mentoring.card.guide")}
          <ForStep checkpoint={c} />
        </summary>
        {/* Sanitised on the server. */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: c.guideHtml }} />
      </details>

      {writeup !== undefined ? (
        <DraftWriteup
          writeup={writeup}
          gone={writeupGone}
          mayRedraft={mayRedraft}
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
            <p className="help">{t("mentoring.card.resubmitHelp")}</p>
          ) : null}
          <div className="field">
            <label htmlFor={`notes-${c.id}`}>
              {t("mentoring.card.notes")}
              <ForStep checkpoint={c} />
            </label>
            <p className="help" id={`notes-${c.id}-help`}>
              {t("mentoring.card.notesHelp")}
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
            <FieldError id={`notes-${c.id}-error`} error={errors.notes} />
          </div>
          <div className="field">
            <label htmlFor={`links-${c.id}`}>
              {t("mentoring.card.links")}
              <span className="optional">{t("core.field.optional")}</span>
              <ForStep checkpoint={c} />
            </label>
            <p className="help" id={`links-${c.id}-help`}>
              <Trans
                k="mentoring.card.linksHelp"
                values={{ example: <code>{LINK_EXAMPLE}</code> }}
              />
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
            <FieldError id={`links-${c.id}-error`} error={errors.links} />
          </div>
          <div className="field field-narrow">
            <label htmlFor={`minutes-${c.id}`}>
              {t("mentoring.card.minutesLabel")}
              <span className="optional">{t("core.field.optional")}</span>
              <ForStep checkpoint={c} />
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
            <FieldError id={`minutes-${c.id}-error`} error={errors.minutes} />
          </div>
          <div>
            <SubmitButton intent="submit" pendingLabel={t("mentoring.card.sending")}>
              {t(
                c.needsSignoff
                  ? c.state === "changes_requested"
                    ? "mentoring.card.resubmit"
                    : "mentoring.card.submit"
                  : c.state === "completed"
                    ? "mentoring.card.addEvidence"
                    : "mentoring.card.markDone",
              )}
              <ForStep checkpoint={c} />
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
        forWhat={t("mentoring.card.forStep", { number: c.position, step: c.title })}
      />

      {c.may.review ? (
        <Form method="post" className="stack compact review-form" noValidate>
          <input type="hidden" name="checkpointId" value={c.id} />
          {c.evidence.length ? (
            <input
              type="hidden"
              name="evidenceId"
              value={(c.newestEvidence ?? c.evidence.at(-1))?.id}
            />
          ) : null}
          <div className="field">
            <label htmlFor={`review-${c.id}`}>
              {t("mentoring.card.review")}
              <ForStep checkpoint={c} />
            </label>
            <p className="help" id={`review-${c.id}-help`}>
              {t("mentoring.card.reviewHelp")}
            </p>
            <textarea
              id={`review-${c.id}`}
              name="comment"
              rows={3}
              defaultValue={values.comment}
              aria-invalid={errors.comment ? true : undefined}
              aria-describedby={
                errors.comment ? `review-${c.id}-help review-${c.id}-error` : `review-${c.id}-help`
              }
            />
            <FieldError id={`review-${c.id}-error`} error={errors.comment} />
          </div>
          <div className="actions">
            {/* A deleted write-up has nothing to approve: changes are asked for instead. */}
            {writeupGone ? null : (
              <SubmitButton intent="approve" pendingLabel={t("mentoring.card.approving")}>
                {t("mentoring.card.approve")}
                <ForStep checkpoint={c} />
              </SubmitButton>
            )}
            <SubmitButton
              intent="request_changes"
              variant="secondary"
              pendingLabel={t("mentoring.card.sending")}
            >
              {t("mentoring.card.requestChanges")}
              <ForStep checkpoint={c} />
            </SubmitButton>
          </div>
        </Form>
      ) : null}

      {c.may.comment ? (
        // Open where the newcomer asked for help: the mentor who came from "asked for help" finds
        // the box to answer in, not a folded line.
        <details className="comment-form" open={commentError || c.helpAsked ? true : undefined}>
          <summary>{t("mentoring.card.commentOn", { step: c.title })}</summary>
          <Form method="post" className="stack compact" {...clearComment}>
            <input type="hidden" name="checkpointId" value={c.id} />
            <div className="field">
              <label htmlFor={`body-${c.id}`}>
                {t("mentoring.card.comment")}
                <ForStep checkpoint={c} />
              </label>
              <textarea
                id={`body-${c.id}`}
                name="body"
                rows={2}
                maxLength={5000}
                defaultValue={noteIntent === "comment" ? form?.values?.body : undefined}
                aria-invalid={commentError ? true : undefined}
                aria-describedby={commentError ? `body-${c.id}-error` : undefined}
              />
              <FieldError id={`body-${c.id}-error`} error={commentError} />
            </div>
            <div>
              <SubmitButton
                intent="comment"
                variant="secondary"
                pendingLabel={t("mentoring.card.posting")}
              >
                {t("mentoring.card.postComment")}
                <ForStep checkpoint={c} />
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
  gone,
  mayRedraft,
  viewerIsNewcomer: isNewcomer,
  state,
  mayResend,
  mentorFirstName,
}: {
  writeup: DraftWriteupData | null;
  /** Koan had drafted it and it was deleted since. */
  gone: boolean;
  /** The viewer may draft it again from the evidence. */
  mayRedraft: boolean;
  viewerIsNewcomer: boolean;
  state: CheckpointState;
  /** The newcomer may send the published write-up for sign-off (again). */
  mayResend: boolean;
  mentorFirstName: string | null;
}) {
  const { t } = useT();
  const mentor = mentorFirstName ?? t("mentoring.writeup.yourMentor");
  const waiting = state === "submitted" || state === "resubmitted";
  if (!writeup && gone) {
    return (
      <div className="writeup-draft stack compact">
        <p>
          <strong>
            {t(isNewcomer ? "mentoring.writeup.yourDraft" : "mentoring.writeup.draft")}
          </strong>{" "}
          <Badge tone="warn">{t("mentoring.writeup.goneBadge")}</Badge>
        </p>
        <p className="muted small">
          {isNewcomer
            ? t("mentoring.writeup.goneYou", { mentor })
            : t(waiting ? "mentoring.writeup.goneWaiting" : "mentoring.writeup.gone")}
        </p>
        {mayRedraft ? (
          <Form method="post">
            <SubmitButton intent="redraft_writeup" pendingLabel={t("mentoring.writeup.redrafting")}>
              {t("mentoring.writeup.redraft")}
            </SubmitButton>
          </Form>
        ) : null}
      </div>
    );
  }
  if (!writeup) {
    return (
      <p className="muted small">
        {t(isNewcomer ? "mentoring.writeup.draftsItselfYou" : "mentoring.writeup.draftsItself")}
      </p>
    );
  }
  const published = writeup.status === "published";
  return (
    <div className="writeup-draft stack compact">
      <p>
        <strong>
          {t(
            published
              ? isNewcomer
                ? "mentoring.writeup.yourPublished"
                : "mentoring.writeup.published"
              : isNewcomer
                ? "mentoring.writeup.yourDraft"
                : "mentoring.writeup.draft",
          )}
        </strong>{" "}
        {published ? (
          <Badge tone="good">{t("mentoring.writeup.publishedBadge")}</Badge>
        ) : (
          <Badge tone="neutral">{t("mentoring.writeup.draftBadge")}</Badge>
        )}{" "}
        {writeup.verifiedAt ? <Badge tone="good">{t("mentoring.writeup.verified")}</Badge> : null}
      </p>
      <p className="muted small">
        {published
          ? waiting && isNewcomer
            ? t("mentoring.writeup.waiting", { mentor })
            : t("mentoring.writeup.inKb")
          : isNewcomer
            ? t("mentoring.writeup.filledYou", { mentor })
            : t("mentoring.writeup.filled")}
      </p>
      <p className="actions">
        <Link to={`/kb/${writeup.id}/edit`} className="button button-secondary">
          {t(published ? "mentoring.writeup.edit" : "mentoring.writeup.editPublish")}
        </Link>
        <Link to={`/kb/${writeup.id}`}>{t("mentoring.writeup.view")}</Link>
      </p>
      {published && mayResend && isNewcomer ? (
        <Form method="post">
          <input type="hidden" name="writeupId" value={writeup.id} />
          <SubmitButton intent="submit_writeup" pendingLabel={t("mentoring.card.sending")}>
            {t(
              state === "changes_requested"
                ? "mentoring.writeup.sendBack"
                : "mentoring.writeup.send",
              { mentor },
            )}
          </SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}
