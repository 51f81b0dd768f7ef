import { Form, Link } from "@remix-run/react";
import type { Resolution } from "#db/schema";
import { RESOLUTION_LABELS } from "~/knowledge/templates";
import { formatRelative } from "~/lib/time";
import { Badge } from "./badge";
import { SubmitButton } from "./form";

// The parts of a ticket's page (routes/tickets.$ticketId.tsx): who is on it with the controls
// the viewer gets, the write-ups that may already answer it, and its timeline.

export interface TicketWorkProps {
  ticket: { status: string };
  assignment: {
    id: number;
    newcomerId: number;
    newcomerName: string;
    mentorId: number | null;
    mentorName: string | null;
    claimedAt: string;
  } | null;
  mine: boolean;
  claimable: boolean;
  finished: boolean;
  controls: {
    claim: boolean;
    openCheckpoints: boolean;
    release: boolean;
    reassign: boolean;
    changeMentor: boolean;
  };
  suggestions: { mentorId: number; name: string; reasons: string[] }[];
  allMentors: { mentorId: number; name: string; reasons: string[] }[];
  newcomers: { id: number; name: string }[];
  /** The viewer is at their limit of active tickets (so no Claim button). */
  limitReached?: { active: number; max: number } | null;
}

/** "Who's on it": the holder and their mentor, or how the ticket can be claimed. */
export function TicketWork(props: TicketWorkProps) {
  const { assignment, controls } = props;
  return (
    <aside aria-labelledby="work-heading" className="card">
      <h2 id="work-heading">Who's on it</h2>
      {assignment ? (
        <div className="stack">
          <p>
            {props.mine ? (
              "You have"
            ) : (
              <>
                <strong>{assignment.newcomerName}</strong> has
              </>
            )}{" "}
            this ticket
            {assignment.mentorName ? (
              <>
                , with <strong>{assignment.mentorName}</strong> as mentor
              </>
            ) : null}
            . Claimed {formatRelative(assignment.claimedAt)}.
          </p>
          {controls.openCheckpoints ? (
            <p>
              <Link to={`/assignments/${assignment.id}`} className="button button-primary">
                {props.mine ? "Open your checkpoints" : "Open the checkpoints"}
              </Link>
            </p>
          ) : null}
          {controls.release ? (
            <Form method="post">
              <p className="muted small">
                Stuck or out of your depth? Releasing puts it back in the queue, no harm done.
              </p>
              <SubmitButton intent="release" variant="secondary" pendingLabel="Releasing…">
                Release this ticket
              </SubmitButton>
            </Form>
          ) : null}
          {controls.reassign ? (
            <Form method="post" className="stack compact">
              <div className="field">
                <label htmlFor="reassign-newcomer">Reassign to</label>
                <select
                  id="reassign-newcomer"
                  name="newcomerId"
                  defaultValue={assignment.newcomerId}
                >
                  {props.newcomers.map((n) => (
                    <option key={n.id} value={n.id}>
                      {n.name}
                    </option>
                  ))}
                </select>
              </div>
              <SubmitButton intent="reassign" variant="secondary" pendingLabel="Reassigning…">
                Reassign
              </SubmitButton>
            </Form>
          ) : null}
          {controls.changeMentor ? (
            <Form method="post" className="stack compact">
              <div className="field">
                <label htmlFor="change-mentor">Mentor</label>
                <select
                  id="change-mentor"
                  name="mentorId"
                  defaultValue={assignment.mentorId ?? undefined}
                >
                  {props.allMentors.map((m) => (
                    <option key={m.mentorId} value={m.mentorId}>
                      {m.name} — {m.reasons.join(", ")}
                    </option>
                  ))}
                </select>
              </div>
              <SubmitButton intent="mentor" variant="secondary" pendingLabel="Changing…">
                Change mentor
              </SubmitButton>
            </Form>
          ) : null}
        </div>
      ) : controls.claim ? (
        props.suggestions.length ? (
          <Form method="post" className="stack">
            <fieldset className="mentor-choice">
              <legend>Pick your mentor</legend>
              <p className="help">
                Ranked for this ticket. The first fits best; any of them will help.
              </p>
              {props.suggestions.map((s, i) => (
                <label key={s.mentorId} className="choice">
                  <input type="radio" name="mentorId" value={s.mentorId} defaultChecked={i === 0} />
                  <span>
                    <strong>{s.name}</strong>
                    <span className="muted small"> — {s.reasons.join(" · ")}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <SubmitButton intent="claim" pendingLabel="Claiming…">
              Claim this ticket
            </SubmitButton>
          </Form>
        ) : (
          <p>
            Every mentor is at capacity right now, so this ticket can't be claimed yet. Ask your
            lead to make room.
          </p>
        )
      ) : props.claimable && props.limitReached ? (
        <p className="loop-callout">
          You have {props.limitReached.active} active{" "}
          {props.limitReached.active === 1 ? "ticket" : "tickets"}, your limit of{" "}
          {props.limitReached.max}. Finish or release one before claiming this one; a lead can raise
          your limit.
        </p>
      ) : props.claimable ? (
        <p>Nobody has claimed it yet. Newcomers can claim starter tickets.</p>
      ) : props.finished ? (
        <p>This ticket is finished.</p>
      ) : (
        <p>This ticket isn't a starter ticket, so it isn't offered to newcomers.</p>
      )}
    </aside>
  );
}

/** Past write-ups most like the ticket, each closable-as-duplicate-of for mentors and leads. */
export function RelatedWriteups(props: {
  related: { id: number; title: string; resolution: Resolution }[];
  canCloseDuplicate: boolean;
}) {
  if (!props.related.length) return null;
  return (
    <section aria-labelledby="related-heading" className="card">
      <h2 id="related-heading">This may already be answered</h2>
      <p className="help">
        Past write-ups most like this ticket. Read them first: the answer may be here.
      </p>
      <ul className="plain-list stack compact">
        {props.related.map((w) => (
          <li key={w.id} className="row">
            <span>
              <Link to={`/kb/${w.id}`}>{w.title}</Link>{" "}
              <Badge tone={w.resolution === "works_as_designed" ? "accent" : "neutral"}>
                {RESOLUTION_LABELS[w.resolution]}
              </Badge>
            </span>
            {props.canCloseDuplicate ? (
              <Form method="post">
                <input type="hidden" name="writeupId" value={w.id} />
                <SubmitButton intent="close_duplicate" variant="secondary" pendingLabel="Closing…">
                  Close as duplicate
                  <span className="visually-hidden"> of “{w.title}”</span>
                </SubmitButton>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The ticket's timeline, oldest first, each event in words with who did it. */
export function TicketActivity(props: {
  events: { id: number; detail: string; actor: string | null; createdAt: string }[];
}) {
  return (
    <section aria-labelledby="activity-heading" className="card">
      <h2 id="activity-heading">Activity</h2>
      <ol className="timeline">
        {props.events.map((e) => (
          <li key={e.id}>
            <span>
              {e.detail}
              {e.actor ? <span className="muted"> · {e.actor}</span> : null}
            </span>
            <time className="muted small" dateTime={e.createdAt}>
              {formatRelative(e.createdAt)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}

const STEP_WORDS: Record<string, string> = {
  todo: "to do",
  submitted: "waiting for review",
  resubmitted: "resubmitted",
  changes_requested: "changes requested",
  approved: "approved",
  completed: "done",
  skipped: "skipped",
};

/** The assignment's checkpoint track, the next step highlighted (journey 2 of the brief). */
export function TicketTrack(props: {
  track: {
    assignmentId: number;
    steps: { id: number; position: number; title: string; state: string; next: boolean }[];
  } | null;
  mine: boolean;
}) {
  if (!props.track) return null;
  const { track } = props;
  return (
    <section aria-labelledby="ticket-track-heading" className="card">
      <h2 id="ticket-track-heading">{props.mine ? "Your checkpoints" : "Checkpoints"}</h2>
      <ol className="ticket-track">
        {track.steps.map((s) => (
          <li
            key={s.id}
            className={s.next ? "next" : undefined}
            aria-current={s.next ? "step" : undefined}
          >
            <Link to={`/assignments/${track.assignmentId}#checkpoint-${s.id}`}>{s.title}</Link>{" "}
            {s.next ? <Badge tone="accent">Next step</Badge> : null}{" "}
            <span className="muted small">{STEP_WORDS[s.state] ?? s.state}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
