import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/lib/forms";
import { OLDER_COUNTED } from "~/lib/list-limits";
import { FieldError, SubmitButton, useClearedOnSave } from "~/ui/form";
import { Trans, useContentLang, useT } from "~/ui/i18n";
import { type ListShown, OlderItems, useOlderItems } from "~/ui/older-items";

// The parts of an assignment's page around its checkpoints (routes/assignments.$assignmentId.tsx):
// the stuck spell and the newcomer's requests for help, the mentor's actions for a stuck mentee,
// and the assignment's log.

const NOTE_KINDS = [
  "nudge",
  "pairing",
  "handover",
  "released",
  "works_as_designed",
  "back_to_fixing",
  "reopened",
] as const;

/**
 * "I'm stuck": a compact button beside the current step that opens a small form (no JS needed).
 * A note refused comes back open, with the reason under it and what was typed.
 */
export function StuckButton({
  checkpointId,
  title,
  error,
  value,
  saved,
}: {
  checkpointId: number;
  title: string;
  error?: FieldErrors[string];
  value?: string;
  /** The page's last form was saved: a note sent from here empties and folds away. */
  saved: boolean;
}) {
  const { t } = useT();
  const id = `stuck-note-${checkpointId}`;
  const clearing = useClearedOnSave(saved);
  return (
    <details className="stuck-toggle" open={error ? true : undefined}>
      <summary className="button button-secondary">{t("mentoring.stuck.button")}</summary>
      <Form method="post" className="stack compact stuck-form" {...clearing}>
        <input type="hidden" name="checkpointId" value={checkpointId} />
        <div className="field">
          <label htmlFor={id}>{t("mentoring.stuck.label", { step: title })}</label>
          <textarea
            id={id}
            name="body"
            rows={2}
            maxLength={5000}
            defaultValue={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          <FieldError id={`${id}-error`} error={error} />
        </div>
        <div>
          <SubmitButton
            intent="stuck"
            variant="secondary"
            pendingLabel={t("mentoring.stuck.pending")}
          >
            {t("mentoring.stuck.submit")}
          </SubmitButton>
        </div>
      </Form>
    </details>
  );
}

/** What the mentor should know first: how long nothing has moved, and what the newcomer asked. */
export function StuckPanel({
  stuck,
  helpRequests,
  newcomerName,
  viewerIsNewcomer,
}: {
  stuck: { workingDays: number; since: string } | null;
  helpRequests: { id: number; body: string; createdAt: string; checkpointTitle: string }[];
  newcomerName: string;
  viewerIsNewcomer: boolean;
}) {
  const { t, day, relative } = useT();
  const { lang } = useContentLang();
  const latest = helpRequests[0];
  if (!stuck && !latest) return null;
  return (
    <section aria-labelledby="stuck-heading" className="card loop-callout stack compact">
      <h2 id="stuck-heading">
        {stuck
          ? // The newcomer reads it as an offer of help, not a verdict on them.
            t(viewerIsNewcomer ? "mentoring.stuck.headingYours" : "mentoring.stuck.heading", {
              days: stuck.workingDays,
            })
          : viewerIsNewcomer
            ? t("mentoring.stuck.youAsked")
            : t("mentoring.stuck.theyAsked", { name: newcomerName })}
      </h2>
      {stuck ? (
        <p className="muted small">
          {t(viewerIsNewcomer ? "mentoring.stuck.sinceYours" : "mentoring.stuck.since", {
            day: day(stuck.since),
          })}
        </p>
      ) : null}
      {latest ? (
        <blockquote className="help-request">
          <p className="small">
            <Trans
              k={viewerIsNewcomer ? "mentoring.stuck.youAskedOn" : "mentoring.stuck.theyAskedOn"}
              values={{
                name: newcomerName,
                step: latest.checkpointTitle,
                when: relative(latest.createdAt),
                b: (chunks) => <strong>{chunks}</strong>,
                muted: (chunks) => <span className="muted">{chunks}</span>,
              }}
            />
          </p>
          {latest.body ? <p lang={lang(latest.body)}>{latest.body}</p> : null}
        </blockquote>
      ) : null}
    </section>
  );
}

/** The mentor's actions for a mentee: nudge, pairing-session note, hand-over, release. */
export function MentorActions({
  newcomerName,
  handOverTo,
  stuck,
  form,
  saved = false,
}: {
  newcomerName: string;
  handOverTo: { mentorId: number; name: string; reasons: string[]; atCapacity: boolean }[];
  stuck: boolean;
  /** What the last submit of one of these forms said was wrong, and what was typed. */
  form?: { errors?: FieldErrors; values?: Record<string, string> } | null;
  /** The page's last form was saved: a nudge or session note sent from here empties. */
  saved?: boolean;
}) {
  const { t, msg } = useT();
  const clearNudge = useClearedOnSave(saved);
  const clearPairing = useClearedOnSave(saved);
  // The form that came back refused (its intent says which) opens again, its text kept and the
  // reason at its field.
  const back = (intent: string) => (form?.values?.intent === intent ? form : null);
  const nudge = back("nudge");
  const pairing = back("pairing");
  const handOver = back("handover");
  const release = back("release_mentee");
  const opened = (f: typeof form) => (f?.errors && Object.keys(f.errors).length ? true : undefined);
  const mentorError = handOver?.errors?.mentorId;
  return (
    <section aria-labelledby="mentor-actions-heading" className="card stack compact">
      <h2 id="mentor-actions-heading">{t("mentoring.actions.heading", { name: newcomerName })}</h2>
      {stuck ? <p className="muted small">{t("mentoring.actions.stuckHelp")}</p> : null}
      <div className="mentor-actions">
        <details open={opened(nudge)}>
          <summary>{t("mentoring.actions.nudge")}</summary>
          <Form method="post" className="stack compact" {...clearNudge}>
            <TextField
              id="nudge-message"
              name="message"
              label={t("mentoring.actions.nudgeMessage")}
              optional={t("core.field.optional")}
              rows={2}
              maxLength={2000}
              form={nudge}
            />
            <div>
              <SubmitButton
                intent="nudge"
                variant="secondary"
                pendingLabel={t("mentoring.card.sending")}
              >
                {t("mentoring.actions.sendNudge")}
              </SubmitButton>
            </div>
          </Form>
        </details>
        <details open={opened(pairing)}>
          <summary>{t("mentoring.actions.pairing")}</summary>
          <Form method="post" className="stack compact" noValidate {...clearPairing}>
            <TextField
              id="pairing-notes"
              name="notes"
              label={t("mentoring.actions.pairingNotes")}
              rows={3}
              maxLength={5000}
              required
              form={pairing}
            />
            <div>
              <SubmitButton
                intent="pairing"
                variant="secondary"
                pendingLabel={t("core.action.saving")}
              >
                {t("mentoring.actions.savePairing")}
              </SubmitButton>
            </div>
          </Form>
        </details>
        <details open={opened(handOver)}>
          <summary>{t("mentoring.actions.handOver")}</summary>
          {handOverTo.length ? (
            <Form method="post" className="stack compact">
              <div className="field">
                <label htmlFor="handover-mentor">{t("mentoring.actions.newMentor")}</label>
                <select
                  id="handover-mentor"
                  name="mentorId"
                  defaultValue={handOver?.values?.mentorId}
                  aria-invalid={mentorError ? true : undefined}
                  aria-describedby={mentorError ? "handover-mentor-error" : undefined}
                >
                  {handOverTo.map((m) => (
                    <option key={m.mentorId} value={m.mentorId}>
                      {t("mentoring.actions.mentorOption", {
                        name: m.name,
                        reasons: m.reasons.map(msg).join(", "),
                      })}
                    </option>
                  ))}
                </select>
                <FieldError id="handover-mentor-error" error={mentorError} />
              </div>
              <TextField
                id="handover-note"
                name="note"
                label={t("mentoring.actions.handOverNote")}
                optional={t("core.field.optional")}
                rows={2}
                maxLength={2000}
                form={handOver}
              />
              <div>
                <SubmitButton
                  intent="handover"
                  variant="secondary"
                  pendingLabel={t("mentoring.actions.handingOver")}
                >
                  {t("mentoring.actions.handOver")}
                </SubmitButton>
              </div>
            </Form>
          ) : (
            <p className="muted small">{t("mentoring.actions.allFull")}</p>
          )}
        </details>
        <details open={opened(release)}>
          <summary>{t("mentoring.actions.release")}</summary>
          <Form method="post" className="stack compact">
            <p className="muted small">
              {t("mentoring.actions.releaseHelp", { name: newcomerName })}
            </p>
            <TextField
              id="release-reason"
              name="reason"
              label={t("mentoring.actions.releaseReason")}
              optional={t("core.field.optional")}
              rows={2}
              maxLength={2000}
              form={release}
            />
            <div>
              <SubmitButton
                intent="release_mentee"
                variant="danger"
                pendingLabel={t("mentoring.actions.releasing")}
              >
                {t("mentoring.actions.releaseSubmit")}
              </SubmitButton>
            </div>
          </Form>
        </details>
      </div>
    </section>
  );
}

/** A mentor form's text box: what was typed when it came back, and the reason at the box. */
function TextField({
  id,
  name,
  label,
  optional,
  rows,
  maxLength,
  required,
  form,
}: {
  id: string;
  name: string;
  label: string;
  optional?: string;
  rows: number;
  maxLength: number;
  required?: boolean;
  form: { errors?: FieldErrors; values?: Record<string, string> } | null;
}) {
  const error = form?.errors?.[name];
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional">{optional}</span> : null}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        required={required}
        defaultValue={form?.values?.[name]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

type LogNote = { id: number; kind: string; author: string; body: string; createdAt: string };

const noteElement = (id: number) => `note-${id}`;

/** The assignment's log, newest first. */
export function AssignmentLog({
  notes: window,
}: {
  /** A window of the log, oldest first, and how many older notes it leaves out. */
  notes: { items: LogNote[]; older: number; back: boolean };
}) {
  const { t, msg, relative } = useT();
  const { back } = window;
  const shown = useOlderItems<LogNote>(window, {
    // The assignment page's loader data, fetched for "Show older".
    pick: (data) => (data as { notes?: ListShown<LogNote> } | null)?.notes ?? null,
    newestFirst: true,
    elementId: noteElement,
  });
  const notes = shown.items;
  if (!notes.length && !back) return null;
  return (
    <section aria-labelledby="log-heading" className="card">
      <h2 id="log-heading">{t("mentoring.log.heading")}</h2>
      <ol className="timeline">
        {[...notes].reverse().map((n) => (
          <li key={n.id} id={noteElement(n.id)} tabIndex={n.id === shown.focusId ? -1 : undefined}>
            <span>
              <Trans
                k={`mentoring.log.${NOTE_KINDS.find((k) => k === n.kind) ?? "other"}`}
                values={{
                  author: n.author,
                  kind: n.kind,
                  // A note's text as written, or a message made on the server (a hand-over's "to …").
                  body: msg(n.body),
                  hasBody: n.body ? "yes" : "no",
                  b: (chunks) => <strong>{chunks}</strong>,
                }}
              />
            </span>
            <time className="muted small" dateTime={n.createdAt}>
              {relative(n.createdAt)}
            </time>
          </li>
        ))}
      </ol>
      {/* Newest first: the older entries are below. */}
      <OlderItems
        kind="notes"
        older={shown.older}
        back={back}
        oldestId={notes[0]?.id}
        params={{}}
        cursor="notesBefore"
        anchor="log-heading"
        loader={shown.loader}
        countedUpTo={OLDER_COUNTED}
      />
    </section>
  );
}
