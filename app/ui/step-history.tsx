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

/** This step as the assignment page's loader data holds it (fetched for "Show older"). */
function stepIn(data: unknown, stepId: number): StepHistory | null {
  const page = data as { assignment?: { checkpoints?: StepHistory[] } } | null;
  return page?.assignment?.checkpoints?.find((c) => c.id === stepId) ?? null;
}

const evidenceElement = (id: number) => `evidence-${id}`;
const commentElement = (id: number) => `comment-${id}`;

export function EvidenceList({ checkpoint: c }: { checkpoint: StepHistory }) {
  const { t, relative } = useT();
  const back = c.evidenceBack ?? false;
  const shown = useOlderItems<Evidence>(
    { items: c.evidence, older: c.olderEvidence ?? 0 },
    {
      pick: (data): ListShown<Evidence> | null => {
        const step = stepIn(data, c.id);
        return step ? { items: step.evidence, older: step.olderEvidence ?? 0 } : null;
      },
      elementId: evidenceElement,
    },
  );
  if (!shown.items.length && !back) return null;
  return (
    <>
      <OlderItems
        kind="evidence"
        older={shown.older}
        back={back}
        oldestId={shown.items[0]?.id}
        params={{ evidenceStep: String(c.id) }}
        cursor="evidenceBefore"
        anchor={`evidence-list-${c.id}`}
        loader={shown.loader}
      />
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
    </>
  );
}

const COMMENT_KINDS = ["approved", "changes_requested", "stuck"] as const;

export function CommentList({ checkpoint: c }: { checkpoint: StepHistory }) {
  const { t, relative } = useT();
  const { lang } = useContentLang();
  const back = c.commentsBack ?? false;
  const shown = useOlderItems<Comment>(
    { items: c.comments, older: c.olderComments ?? 0 },
    {
      pick: (data): ListShown<Comment> | null => {
        const step = stepIn(data, c.id);
        return step ? { items: step.comments, older: step.olderComments ?? 0 } : null;
      },
      elementId: commentElement,
    },
  );
  if (!shown.items.length && !back) return null;
  const said = (kind: string) => COMMENT_KINDS.find((k) => k === kind) ?? ("comment" as const);
  return (
    <>
      <OlderItems
        kind="comments"
        older={shown.older}
        back={back}
        oldestId={shown.items[0]?.id}
        params={{ step: String(c.id) }}
        cursor="before"
        anchor={`comments-${c.id}`}
        loader={shown.loader}
      />
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
    </>
  );
}
