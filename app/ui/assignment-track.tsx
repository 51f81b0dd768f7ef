import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { type CheckpointCardData, CheckpointLine, WorksAsDesigned } from "~/ui/checkpoint-card";
import { FormMessage, SubmitButton } from "~/ui/form";
import { Trans, useT } from "~/ui/i18n";

// An assignment's page (routes/assignments.$assignmentId.tsx) around its checkpoint cards: the
// header (ticket, who works on it with whom, progress, how it ended) and the track, split into the
// steps open now, those behind and those ahead.

/** The checkpoints as the track shows them: open (a card each), earlier and later (a line each). */
export interface TrackSections<C> {
  open: C[];
  earlier: C[];
  later: C[];
  /** Later steps shown unfolded: their form just came back refused. */
  unfolded: number[];
}

/**
 * The current step, any step this viewer reviews and any whose form just came back are open, in
 * order; done, skipped and waiting steps (and any to do before the current one) are earlier; the
 * rest, to do after the current one, are later. Without a current step nothing is later. A later
 * step whose form came back stays where it is, unfolded: moved among the open ones, its card was
 * mounted afresh, and focus, which goes to the refused field, went to the page's heading instead.
 */
export function trackSections<
  C extends Pick<CheckpointCardData, "id" | "current" | "state" | "position" | "may">,
>(checkpoints: readonly C[], formCameBack: (id: number) => boolean): TrackSections<C> {
  const currentPosition = checkpoints.find((c) => c.current)?.position ?? Number.POSITIVE_INFINITY;
  const ahead = (c: C) =>
    !c.current && !c.may.review && c.state === "todo" && c.position > currentPosition;
  const open = checkpoints.filter(
    (c) => c.current || c.may.review || (formCameBack(c.id) && !ahead(c)),
  );
  const openIds = new Set(open.map((c) => c.id));
  const later = checkpoints.filter(ahead);
  return {
    open,
    earlier: checkpoints.filter((c) => !openIds.has(c.id) && !ahead(c)),
    later,
    unfolded: later.filter((c) => formCameBack(c.id)).map((c) => c.id),
  };
}

/** The track: open steps as cards, the works-as-designed choice, then earlier and later steps. */
export function CheckpointTrack<C extends CheckpointCardData>({
  sections,
  card,
  may,
}: {
  sections: TrackSections<C>;
  /** A step's card, its title at the level given (4 inside a folded section). */
  card: (checkpoint: C, headingLevel: 3 | 4) => ReactNode;
  may: { markWorksAsDesigned: boolean; undoWorksAsDesigned: boolean };
}) {
  const { t } = useT();
  const { open, earlier, later, unfolded } = sections;
  return (
    <section aria-labelledby="track-heading" className="stack">
      <h2 id="track-heading">{t("mentoring.assignment.checkpoints")}</h2>
      {open.length ? <ol className="track">{open.map((c) => card(c, 3))}</ol> : null}
      <WorksAsDesigned may={may} />
      {earlier.length ? (
        <section aria-labelledby="earlier-heading">
          <h3 id="earlier-heading" className="small-heading">
            {t("mentoring.assignment.earlier")}
          </h3>
          <ol className="track-lines">
            {earlier.map((c) => (
              <CheckpointLine key={c.id} checkpoint={c} />
            ))}
          </ol>
        </section>
      ) : null}
      {later.length ? (
        <section aria-labelledby="later-heading">
          <h3 id="later-heading" className="small-heading">
            {t("mentoring.assignment.later")}
          </h3>
          <ol className="track-lines">
            {later.map((c) => (
              <li key={c.id} id={`checkpoint-${c.id}`} className="checkpoint-line">
                <details open={unfolded.includes(c.id) || c.commentsBack || undefined}>
                  <summary>
                    <span className="step-number">{c.position}.</span> {c.title}
                  </summary>
                  <ol className="track">{card(c, 4)}</ol>
                </details>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </section>
  );
}

/** What the header tells about the assignment. */
export interface AssignmentHeading {
  ticketId: number;
  ticketTitle: string;
  newcomerName: string;
  mentorName: string | null;
  claimedAt: string;
  component: string;
  total: number;
  done: number;
  skipped: number;
  status: string;
  resolution: string | null;
}

/**
 * The way back to the ticket, the ticket's title, who works on it with whom since when, the
 * progress, how it ended, who said it works as designed, and (for the mentor) reopening it.
 */
export function AssignmentHeader({
  assignment,
  viewerIsNewcomer,
  wad,
  mayReopen,
}: {
  assignment: AssignmentHeading;
  viewerIsNewcomer: boolean;
  /** The last works-as-designed or back-to-fixing note. */
  wad: { kind: string; createdAt: string } | undefined;
  mayReopen: boolean;
}) {
  const { t, relative } = useT();
  return (
    <>
      <p>
        <Link to={`/tickets/${assignment.ticketId}`} className="back-link">
          {t("mentoring.assignment.back")}
        </Link>
      </p>
      <header className="page-header">
        <h1>{assignment.ticketTitle}</h1>
        <p className="lede">
          {t(
            assignment.mentorName
              ? viewerIsNewcomer
                ? "mentoring.assignment.ledeYouMentor"
                : "mentoring.assignment.ledeMentor"
              : viewerIsNewcomer
                ? "mentoring.assignment.ledeYou"
                : "mentoring.assignment.lede",
            {
              name: assignment.newcomerName,
              mentor: assignment.mentorName ?? "",
              when: relative(assignment.claimedAt),
              component: assignment.component,
            },
          )}
        </p>
        <div className="progress-line">
          <progress
            className="progress"
            max={assignment.total}
            value={assignment.done}
            aria-labelledby="progress-text"
          />
          <span id="progress-text">
            {t("mentoring.progress", {
              done: assignment.done,
              total: assignment.total,
              skipped: assignment.skipped,
            })}
          </span>
        </div>
        {assignment.status === "resolved" ? (
          <FormMessage tone="success">
            {t(
              assignment.resolution === "works_as_designed"
                ? "mentoring.assignment.finishedWad"
                : "mentoring.assignment.finishedFixed",
            )}
          </FormMessage>
        ) : null}
        {assignment.status === "released" ||
        assignment.status === "closed" ||
        assignment.status === "reassigned" ? (
          <p className="loop-callout" role="note">
            {t(`mentoring.assignment.ended.${assignment.status}`)}
          </p>
        ) : null}
        {assignment.resolution === "works_as_designed" && wad?.kind === "works_as_designed" ? (
          <p className="loop-callout" role="note">
            <Trans
              k={
                viewerIsNewcomer
                  ? "mentoring.assignment.youDeclaredWad"
                  : "mentoring.assignment.declaredWad"
              }
              values={{
                name: assignment.newcomerName,
                when: relative(wad.createdAt),
                b: (chunks) => <strong>{chunks}</strong>,
              }}
            />
          </p>
        ) : null}
        {mayReopen ? (
          <Form method="post" className="stack compact">
            <p className="muted small">{t("mentoring.assignment.reopenHelp")}</p>
            <div>
              <SubmitButton
                intent="reopen"
                variant="secondary"
                pendingLabel={t("mentoring.assignment.reopening")}
              >
                {t("mentoring.assignment.reopen")}
              </SubmitButton>
            </div>
          </Form>
        ) : null}
      </header>
    </>
  );
}
