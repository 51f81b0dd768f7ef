import { Form } from "@remix-run/react";
import { formatDay, formatRelative } from "~/lib/time";
import { SubmitButton } from "~/ui/form";

// The parts of an assignment's page around its checkpoints (routes/assignments.$assignmentId.tsx):
// the stuck spell and the newcomer's requests for help, the mentor's actions for a stuck mentee,
// and the assignment's log.

const NOTE_WORDS: Record<string, string> = {
  nudge: "checked in",
  pairing: "noted a pairing session",
  handover: "handed the mentee over",
  released: "released the claim",
  works_as_designed: "said it works as designed",
  back_to_fixing: "went back to fixing it",
  reopened: "reopened it",
};

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
  const latest = helpRequests[0];
  if (!stuck && !latest) return null;
  return (
    <section aria-labelledby="stuck-heading" className="card loop-callout stack compact">
      <h2 id="stuck-heading">
        {stuck
          ? `Stuck: no progress for ${stuck.workingDays} working ${stuck.workingDays === 1 ? "day" : "days"}`
          : viewerIsNewcomer
            ? "You asked for help"
            : `${newcomerName} asked for help`}
      </h2>
      {stuck ? (
        <p className="muted small">Nothing has moved since {formatDay(stuck.since)}.</p>
      ) : null}
      {latest ? (
        <blockquote className="help-request">
          <p className="small">
            <strong>{viewerIsNewcomer ? "You" : newcomerName}</strong> asked for help on{" "}
            {latest.checkpointTitle}{" "}
            <span className="muted">{formatRelative(latest.createdAt)}</span>
          </p>
          {latest.body ? <p>{latest.body}</p> : null}
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
}: {
  newcomerName: string;
  handOverTo: { mentorId: number; name: string; reasons: string[]; atCapacity: boolean }[];
  stuck: boolean;
}) {
  return (
    <section aria-labelledby="mentor-actions-heading" className="card stack compact">
      <h2 id="mentor-actions-heading">Help {newcomerName} along</h2>
      {stuck ? (
        <p className="muted small">
          A word, a pairing session, or another mentor often gets things moving again.
        </p>
      ) : null}
      <div className="mentor-actions">
        <details>
          <summary>Nudge</summary>
          <Form method="post" className="stack compact">
            <div className="field">
              <label htmlFor="nudge-message">
                Message <span className="optional">(optional)</span>
              </label>
              <textarea id="nudge-message" name="message" rows={2} maxLength={2000} />
            </div>
            <div>
              <SubmitButton intent="nudge" variant="secondary" pendingLabel="Sending…">
                Send the nudge
              </SubmitButton>
            </div>
          </Form>
        </details>
        <details>
          <summary>Pairing session</summary>
          <Form method="post" className="stack compact">
            <div className="field">
              <label htmlFor="pairing-notes">What you worked on together</label>
              <textarea id="pairing-notes" name="notes" rows={3} maxLength={5000} required />
            </div>
            <div>
              <SubmitButton intent="pairing" variant="secondary" pendingLabel="Saving…">
                Save the session note
              </SubmitButton>
            </div>
          </Form>
        </details>
        <details>
          <summary>Hand over</summary>
          {handOverTo.length ? (
            <Form method="post" className="stack compact">
              <div className="field">
                <label htmlFor="handover-mentor">New mentor</label>
                <select id="handover-mentor" name="mentorId">
                  {handOverTo.map((m) => (
                    <option key={m.mentorId} value={m.mentorId}>
                      {m.name} — {m.reasons.join(", ")}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="handover-note">
                  Note for them <span className="optional">(optional)</span>
                </label>
                <textarea id="handover-note" name="note" rows={2} maxLength={2000} />
              </div>
              <div>
                <SubmitButton intent="handover" variant="secondary" pendingLabel="Handing over…">
                  Hand over
                </SubmitButton>
              </div>
            </Form>
          ) : (
            <p className="muted small">
              Every other mentor is at capacity. A lead can hand over to a full mentor.
            </p>
          )}
        </details>
        <details>
          <summary>Release</summary>
          <Form method="post" className="stack compact">
            <p className="muted small">
              The ticket goes back to the queue; {newcomerName} is told.
            </p>
            <div className="field">
              <label htmlFor="release-reason">
                Why <span className="optional">(optional)</span>
              </label>
              <textarea id="release-reason" name="reason" rows={2} maxLength={2000} />
            </div>
            <div>
              <SubmitButton intent="release_mentee" variant="danger" pendingLabel="Releasing…">
                Release the claim
              </SubmitButton>
            </div>
          </Form>
        </details>
      </div>
    </section>
  );
}

/** The assignment's log, newest first. */
export function AssignmentLog({
  notes,
}: {
  notes: { id: number; kind: string; author: string; body: string; createdAt: string }[];
}) {
  if (!notes.length) return null;
  return (
    <section aria-labelledby="log-heading" className="card">
      <h2 id="log-heading">Notes and decisions</h2>
      <ol className="timeline">
        {[...notes].reverse().map((n) => (
          <li key={n.id}>
            <span>
              <strong>{n.author}</strong> {NOTE_WORDS[n.kind] ?? n.kind}
              {n.body ? <>: {n.body}</> : null}
            </span>
            <time className="muted small" dateTime={n.createdAt}>
              {formatRelative(n.createdAt)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
