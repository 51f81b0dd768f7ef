import { useParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { OLDER_COUNTED } from "~/lib/list-limits";
import { formatMinutes } from "~/ui/durations";
import { Trans, useContentLang, useT } from "~/ui/i18n";
import { type ListShown, OlderItems, useOlderItems } from "~/ui/older-items";

// A checkpoint's history on its card (checkpoint-card.tsx): the evidence sent for it and the
// comments on it, each its newest 50 with "Show older" reaching every older one (by link before
// the page's scripts load, added in place after).

/** A step's evidence and comments as its card shows them (a window of each). */
export interface StepHistory {
  id: number;
  title: string;
  evidence: {
    id: number;
    /** As written (Markdown): a resubmission starts from it. */
    notes: string;
    notesHtml: string;
    links: { label: string; url: string }[];
    minutes: number | null;
    createdAt: string;
  }[];
  comments: {
    id: number;
    author: string;
    /** Written by the person reading the page: said as "You" (내가), as the page's header does. */
    byViewer: boolean;
    kind: string;
    body: string;
    createdAt: string;
  }[];
  /** Comments and evidence older than the first listed (a step shows its newest only). */
  olderComments?: number;
  olderEvidence?: number;
  /** Its comments (its evidence) are shown from further back than the newest. */
  commentsBack?: boolean;
  evidenceBack?: boolean;
}

type Evidence = StepHistory["evidence"][number];
type Comment = StepHistory["comments"][number];

/**
 * One list's window as /assignments/:id/history answers "Show older" (only that window, not the
 * whole page's data): its items oldest first and how many are older.
 */
function windowIn<T>(data: unknown, kind: "evidence" | "comments"): ListShown<T> | null {
  const got = data as { list?: unknown; items?: unknown; older?: unknown } | null;
  if (got?.list !== kind || !Array.isArray(got.items) || typeof got.older !== "number") return null;
  return { items: got.items as T[], older: got.older };
}

/** This step as the assignment page's loader data holds it (the page's address was fetched). */
function stepIn(data: unknown, stepId: number): StepHistory | null {
  const page = data as { assignment?: { checkpoints?: StepHistory[] } } | null;
  return page?.assignment?.checkpoints?.find((c) => c.id === stepId) ?? null;
}

const evidenceElement = (id: number) => `evidence-${id}`;
const commentElement = (id: number) => `comment-${id}`;

const evidenceOf = (step: StepHistory): ListShown<Evidence> => ({
  items: step.evidence,
  older: step.olderEvidence ?? 0,
});
const commentsOf = (step: StepHistory): ListShown<Comment> => ({
  items: step.comments,
  older: step.olderComments ?? 0,
});

/**
 * One of a step's lists, its window with "Show older" above it (OlderItems): `list` finds it in
 * a step, here and in the page's data fetched for older items; `children` shows its items.
 */
function StepWindow<T extends { id: number }>(props: {
  step: StepHistory;
  list: (step: StepHistory) => ListShown<T>;
  kind: "evidence" | "comments";
  /** The window shown is not the newest. */
  back: boolean;
  params: Record<string, string>;
  cursor: string;
  /** The list's element id. */
  anchor: string;
  /** Its older items are counted this far only (OlderItems' `countedUpTo`). */
  countedUpTo?: number;
  elementId: (id: number) => string;
  children: (shown: { items: T[]; older: number; focusId: number | null }) => ReactNode;
}) {
  const { step, list, kind } = props;
  // On the assignment page, the window alone comes from the assignment's history address.
  const { assignmentId } = useParams();
  const fetchFrom = assignmentId
    ? (before: number) =>
        `/assignments/${assignmentId}/history?${new URLSearchParams({
          step: String(step.id),
          list: kind,
          before: String(before),
        })}`
    : undefined;
  const shown = useOlderItems<T>(list(step), {
    pick: (data) => {
      const fetched = stepIn(data, step.id);
      return fetched ? list(fetched) : windowIn<T>(data, kind);
    },
    elementId: props.elementId,
  });
  if (!shown.items.length && !props.back) return null;
  return (
    <>
      <OlderItems
        kind={props.kind}
        older={shown.older}
        back={props.back}
        oldestId={shown.items[0]?.id}
        params={props.params}
        cursor={props.cursor}
        anchor={props.anchor}
        loader={shown.loader}
        fetchFrom={fetchFrom}
        countedUpTo={props.countedUpTo}
      />
      {props.children(shown)}
    </>
  );
}

export function EvidenceList({ checkpoint: c }: { checkpoint: StepHistory }) {
  const { t, relative } = useT();
  const back = c.evidenceBack ?? false;
  return (
    <StepWindow
      step={c}
      list={evidenceOf}
      kind="evidence"
      back={back}
      params={{ evidenceStep: String(c.id) }}
      cursor="evidenceBefore"
      anchor={`evidence-list-${c.id}`}
      elementId={evidenceElement}
    >
      {(shown) => (
        <div id={`evidence-list-${c.id}`} className="evidence-list">
          {shown.items.map((e, i) => (
            <article
              key={e.id}
              id={evidenceElement(e.id)}
              tabIndex={e.id === shown.focusId ? -1 : undefined}
              className="evidence"
              aria-label={t("mentoring.card.evidenceLabel", {
                number: shown.older + i + 1,
                step: c.title,
              })}
            >
              <p className="muted small">
                {t(
                  i === shown.items.length - 1 && !back
                    ? "mentoring.card.latestEvidence"
                    : "mentoring.card.earlierEvidence",
                  { when: relative(e.createdAt) },
                )}
                {e.minutes !== null
                  ? t("mentoring.card.minutes", { time: formatMinutes(t, e.minutes) })
                  : null}
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
      )}
    </StepWindow>
  );
}

const COMMENT_KINDS = ["approved", "changes_requested", "stuck"] as const;

export function CommentList({ checkpoint: c }: { checkpoint: StepHistory }) {
  const { t, relative } = useT();
  const { lang } = useContentLang();
  const said = (kind: string) => COMMENT_KINDS.find((k) => k === kind) ?? ("comment" as const);
  return (
    <StepWindow
      step={c}
      list={commentsOf}
      kind="comments"
      back={c.commentsBack ?? false}
      params={{ step: String(c.id) }}
      cursor="before"
      anchor={`comments-${c.id}`}
      countedUpTo={OLDER_COUNTED}
      elementId={commentElement}
    >
      {(shown) => (
        <ul
          id={`comments-${c.id}`}
          className="comments"
          aria-label={t("mentoring.card.commentsLabel", { step: c.title })}
        >
          {shown.items.map((m) => (
            <li
              key={m.id}
              id={commentElement(m.id)}
              tabIndex={m.id === shown.focusId ? -1 : undefined}
              className={`comment comment-${m.kind}`}
            >
              <p className="small">
                <Trans
                  k={`mentoring.comment.${m.byViewer ? "you." : ""}${said(m.kind)}`}
                  values={{
                    author: m.author,
                    when: relative(m.createdAt),
                    b: (chunks) => <strong>{chunks}</strong>,
                    muted: (chunks) => <span className="muted">{chunks}</span>,
                  }}
                />
              </p>
              {m.body ? <p lang={lang(m.body)}>{m.body}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </StepWindow>
  );
}
