import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Resolution } from "#db/schema";
import { OLDER_COUNTED } from "~/lib/list-limits";
import { type Contact, WhoToAsk } from "~/ui/who-to-ask";
import { Badge } from "./badge";
import { Field, FormMessage, SubmitButton } from "./form";
import { Trans, useContentLang, useT } from "./i18n";
import { type ListShown, OlderItems, useOlderItems } from "./older-items";

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
  /** Steps of the assignment with evidence sent: releasing then asks first. */
  stepsWithEvidence?: number;
  /** No mentor has room for the viewer's claim: whether the team has any, and whom to ask. */
  unpaired?: { anyMentor: boolean; leads: Contact[] } | null;
}

/**
 * Releasing the claim: at once while nothing was sent; once evidence was, a second button under
 * a warning that the work stays with the released assignment (a new claim starts from the first
 * step), so one tap can't throw it away.
 */
function ReleaseForm({ steps }: { steps: number }) {
  const { t } = useT();
  const button = (label: string) => (
    <SubmitButton intent="release" variant="secondary" pendingLabel={t("tickets.work.releasing")}>
      {label}
    </SubmitButton>
  );
  if (steps === 0)
    return (
      <Form method="post">
        <p className="muted small">{t("tickets.work.releaseHelp")}</p>
        {button(t("tickets.work.release"))}
      </Form>
    );
  return (
    <details className="release-confirm">
      <summary className="button button-secondary">{t("tickets.work.release")}</summary>
      <Form method="post" className="stack compact">
        <p className="small">{t("tickets.work.releaseWarning", { steps })}</p>
        <div>{button(t("tickets.work.releaseAnyway"))}</div>
      </Form>
    </details>
  );
}

/** "Who's on it": the holder and their mentor, or how the ticket can be claimed. */
export function TicketWork(props: TicketWorkProps) {
  const { assignment, controls } = props;
  const { t, msg, relative } = useT();
  const bold = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
  return (
    <aside aria-labelledby="work-heading" className="card">
      <h2 id="work-heading">{t("tickets.work.heading")}</h2>
      {assignment ? (
        <div className="stack">
          <p>
            <Trans
              k={
                props.mine
                  ? assignment.mentorName
                    ? "tickets.work.mineWithMentor"
                    : "tickets.work.mine"
                  : assignment.mentorName
                    ? "tickets.work.otherWithMentor"
                    : "tickets.work.other"
              }
              values={{
                name: assignment.newcomerName,
                mentor: assignment.mentorName ?? "",
                when: relative(assignment.claimedAt),
                b: bold,
              }}
            />
          </p>
          {controls.openCheckpoints ? (
            <p>
              <Link to={`/assignments/${assignment.id}`} className="button button-primary">
                {props.mine ? t("tickets.work.openMine") : t("tickets.work.open")}
              </Link>
            </p>
          ) : null}
          {controls.release ? <ReleaseForm steps={props.stepsWithEvidence ?? 0} /> : null}
          {controls.reassign ? (
            <Form method="post" className="stack compact">
              <div className="field">
                <label htmlFor="reassign-newcomer">{t("tickets.work.reassignTo")}</label>
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
              <SubmitButton
                intent="reassign"
                variant="secondary"
                pendingLabel={t("tickets.work.reassigning")}
              >
                {t("tickets.work.reassign")}
              </SubmitButton>
            </Form>
          ) : null}
          {controls.changeMentor ? (
            <Form method="post" className="stack compact">
              <div className="field">
                <label htmlFor="change-mentor">{t("tickets.work.mentor")}</label>
                <select
                  id="change-mentor"
                  name="mentorId"
                  defaultValue={assignment.mentorId ?? undefined}
                >
                  {props.allMentors.map((m) => (
                    <option key={m.mentorId} value={m.mentorId}>
                      {m.name} — {m.reasons.map(msg).join(", ")}
                    </option>
                  ))}
                </select>
              </div>
              <SubmitButton
                intent="mentor"
                variant="secondary"
                pendingLabel={t("tickets.work.changing")}
              >
                {t("tickets.work.changeMentor")}
              </SubmitButton>
            </Form>
          ) : null}
        </div>
      ) : controls.claim ? (
        props.suggestions.length ? (
          <Form method="post" className="stack">
            <fieldset className="mentor-choice">
              <legend>{t("tickets.work.pickMentor")}</legend>
              <p className="help">{t("tickets.work.pickHelp")}</p>
              {props.suggestions.map((s, i) => (
                <label key={s.mentorId} className="choice">
                  <input type="radio" name="mentorId" value={s.mentorId} defaultChecked={i === 0} />
                  <span>
                    <strong>{s.name}</strong>
                    <span className="muted small"> — {s.reasons.map(msg).join(" · ")}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <SubmitButton intent="claim" pendingLabel={t("tickets.work.claiming")}>
              {t("tickets.work.claim")}
            </SubmitButton>
          </Form>
        ) : (
          <div className="loop-callout">
            <p>
              {t(
                props.unpaired?.anyMentor === false
                  ? "tickets.work.noMentorsYet"
                  : "tickets.work.noMentors",
              )}
            </p>
            <WhoToAsk leads={props.unpaired?.leads ?? []} />
          </div>
        )
      ) : props.claimable && props.limitReached ? (
        <p className="loop-callout">
          {t("tickets.work.limit", {
            active: props.limitReached.active,
            max: props.limitReached.max,
          })}
        </p>
      ) : props.claimable ? (
        <p>{t("tickets.work.unclaimed")}</p>
      ) : props.finished ? (
        <p>{t("tickets.work.finished")}</p>
      ) : (
        <p>{t("tickets.work.notStarter")}</p>
      )}
    </aside>
  );
}

/**
 * Past write-ups like the ticket, each closable-as-duplicate-of for mentors and leads, who may
 * also name another write-up by its number or link.
 */
export function RelatedWriteups(props: {
  related: { id: number; title: string; resolution: Resolution }[];
  canCloseDuplicate: boolean;
  /** What the "another write-up" field was sent with, and its error. */
  duplicateOf: { error?: string; value?: string };
  /** Closing was asked for while someone works on the ticket: whose assignment it would end. */
  confirmEnd?: { writeupId: number; assignmentId: number; newcomerName: string } | null;
}) {
  const { t } = useT();
  const { lang } = useContentLang();
  return (
    <section aria-labelledby="related-heading" className="card">
      <h2 id="related-heading">{t("tickets.related.heading")}</h2>
      {props.canCloseDuplicate && props.confirmEnd ? (
        <ConfirmEndingWork {...props.confirmEnd} />
      ) : null}
      {props.related.length ? (
        <>
          <p className="help">{t("tickets.related.help")}</p>
          <ul className="plain-list stack compact">
            {props.related.map((w) => (
              <li key={w.id} className="row">
                <span>
                  <Link to={`/kb/${w.id}`} lang={lang(w.title)}>
                    {w.title}
                  </Link>{" "}
                  <Badge tone={w.resolution === "works_as_designed" ? "accent" : "neutral"}>
                    {t(`core.resolution.${w.resolution}`)}
                  </Badge>
                </span>
                {props.canCloseDuplicate ? (
                  <Form method="post">
                    <input type="hidden" name="writeupId" value={w.id} />
                    <SubmitButton
                      intent="close_duplicate"
                      variant="secondary"
                      pendingLabel={t("tickets.related.closing")}
                    >
                      <Trans
                        k="tickets.related.closeDuplicate"
                        values={{
                          title: w.title,
                          hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                        }}
                      />
                    </SubmitButton>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t("tickets.related.none")}</p>
      )}
      {props.canCloseDuplicate ? <DuplicateOfAnother {...props.duplicateOf} /> : null}
    </section>
  );
}

/**
 * Closing a ticket someone works on ends their assignment: said, with their name, before it is
 * done. Keeping it open is the way out; nothing has changed yet.
 */
function ConfirmEndingWork(props: {
  writeupId: number;
  assignmentId: number;
  newcomerName: string;
}) {
  const { t } = useT();
  return (
    <div className="stack compact">
      <FormMessage tone="error">
        {t("tickets.duplicate.endsWork", { name: props.newcomerName })}
      </FormMessage>
      <Form method="post" className="row">
        <input type="hidden" name="writeupId" value={props.writeupId} />
        <input type="hidden" name="endsAssignment" value={props.assignmentId} />
        <SubmitButton
          intent="close_duplicate"
          variant="danger"
          wraps
          pendingLabel={t("tickets.related.closing")}
        >
          {t("tickets.duplicate.endAndClose", { name: props.newcomerName })}
        </SubmitButton>
        <Link to="." className="button button-secondary">
          {t("tickets.duplicate.keepOpen")}
        </Link>
      </Form>
    </div>
  );
}

/** "Answered by another write-up?": a mentor or lead names it by number or link. */
function DuplicateOfAnother(props: { error?: string; value?: string }) {
  const { t } = useT();
  return (
    <details open={props.error ? true : undefined}>
      <summary>{t("tickets.duplicate.other")}</summary>
      <Form method="post" className="stack compact" noValidate>
        <Field
          label={t("tickets.duplicate.field")}
          name="writeup"
          help={t("tickets.duplicate.fieldHelp")}
          defaultValue={props.value}
          error={props.error}
          maxLength={500}
          required
        />
        <div>
          <SubmitButton
            intent="close_duplicate"
            variant="secondary"
            pendingLabel={t("tickets.related.closing")}
          >
            {t("tickets.duplicate.submit")}
          </SubmitButton>
        </div>
      </Form>
    </details>
  );
}

type TimelineEvent = { id: number; detail: string; actor: string | null; createdAt: string };

const eventElement = (id: number) => `event-${id}`;

/** The ticket's timeline, oldest first, each event in words with who did it. */
export function TicketActivity(props: {
  /** A window of the timeline, oldest first, and how many older events it leaves out. */
  events: { items: TimelineEvent[]; older: number; back: boolean };
}) {
  const { t, msg, relative } = useT();
  const { back } = props.events;
  const shown = useOlderItems<TimelineEvent>(props.events, {
    // The ticket page's loader data, fetched for "Show older".
    pick: (data) => (data as { events?: ListShown<TimelineEvent> } | null)?.events ?? null,
    elementId: eventElement,
  });
  const { items } = shown;
  return (
    <section aria-labelledby="activity-heading" className="card">
      <h2 id="activity-heading">{t("tickets.activity.heading")}</h2>
      <OlderItems
        kind="events"
        older={shown.older}
        back={back}
        oldestId={items[0]?.id}
        params={{}}
        cursor="before"
        anchor="activity-heading"
        loader={shown.loader}
        countedUpTo={OLDER_COUNTED}
      />
      <ol className="timeline">
        {items.map((e) => (
          <li key={e.id} id={eventElement(e.id)} tabIndex={e.id === shown.focusId ? -1 : undefined}>
            <span>
              {msg(e.detail)}
              {e.actor ? <span className="muted"> · {e.actor}</span> : null}
            </span>
            <time className="muted small" dateTime={e.createdAt}>
              {relative(e.createdAt)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The assignment's checkpoint track, the next step highlighted (journey 2 of the brief). */
export function TicketTrack(props: {
  track: {
    assignmentId: number;
    steps: { id: number; position: number; title: string; state: string; next: boolean }[];
  } | null;
  mine: boolean;
}) {
  const { t, has } = useT();
  if (!props.track) return null;
  const { track } = props;
  const stepWord = (state: string) => {
    const key = `tickets.step.${state}`;
    return has(key) ? t(key) : state;
  };
  return (
    <section aria-labelledby="ticket-track-heading" className="card">
      <h2 id="ticket-track-heading">
        {props.mine ? t("tickets.track.mine") : t("tickets.track.heading")}
      </h2>
      <ol className="ticket-track">
        {track.steps.map((s) => (
          <li
            key={s.id}
            className={s.next ? "next" : undefined}
            aria-current={s.next ? "step" : undefined}
          >
            <Link to={`/assignments/${track.assignmentId}#checkpoint-${s.id}`}>{s.title}</Link>{" "}
            {s.next ? <Badge tone="accent">{t("tickets.track.next")}</Badge> : null}{" "}
            <span className="muted small">{stepWord(s.state)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
