import { Form, Link, useFetcher } from "@remix-run/react";
import { Fragment } from "react";
import type { Resolution } from "#db/schema";
import { resolutionLabelKey, TEMPLATES } from "~/knowledge/templates";
import type { MessageKey, Msg } from "~/lib/i18n/messages";
import { type AttachmentItem, Attachments } from "./attachments";
import { Badge } from "./badge";
import { FieldError, SubmitButton, useClearedOnSave } from "./form";
import { useContentLang, useT } from "./i18n";

// The parts of a write-up's page (routes/kb.$writeupId.tsx): its header (badges, who wrote and
// verified it, what changed since, publishing a draft), its sections, and the reader's feedback
// (was it helpful, is it out of date).

export interface WriteupView {
  id: number;
  title: string;
  resolution: Resolution;
  status: string;
  verified_at: string | null;
  verifierName: string | null;
  component: string | null;
  tags: string[];
  authorName: string | null;
  published_at: string | null;
  views: number;
  ticket_id: number | null;
  ticketTitle: string | null;
  html: { symptom: string; rootCause: string; fix: string; debugging: string };
  links: { url: string; label: string }[];
  toil: { description: string; minutes: number }[];
}

/** An edit cleared the write-up's verification: which fields changed since, and who verified it. */
export interface ChangedSinceVerified {
  fields: string[];
  verifiedBy: string | null;
  verifiedAt: string;
}

/** The changed fields' names as changesSinceVerified gives them, to their catalog keys. */
const CHANGED_FIELD_KEYS: Record<string, MessageKey> = {
  Title: "knowledge.writeup.changed.title",
  Symptom: "knowledge.writeup.changed.symptom",
  Component: "knowledge.writeup.changed.component",
  "Root cause": "knowledge.writeup.changed.rootCause",
  Fix: "knowledge.writeup.changed.fix",
  Debugging: "knowledge.writeup.changed.debugging",
  Resolution: "knowledge.writeup.changed.resolution",
  Tags: "knowledge.writeup.changed.tags",
  Links: "knowledge.writeup.changed.links",
};

/** Title, badges and tags, what changed since it was verified, its byline, and Publish for a draft. */
export function WriteupHeader({
  writeup,
  changedSinceVerified,
  canEdit,
}: {
  writeup: WriteupView;
  changedSinceVerified: ChangedSinceVerified | null;
  canEdit: boolean;
}) {
  const { t, day } = useT();
  const { lang } = useContentLang();
  return (
    <header className="page-header">
      <h1 lang={lang(writeup.title)}>{writeup.title}</h1>
      <div className="ticket-meta">
        <Badge tone={writeup.resolution === "works_as_designed" ? "accent" : "neutral"}>
          {t(resolutionLabelKey(writeup.resolution))}
        </Badge>
        {writeup.status === "draft" ? (
          <Badge tone="warn">{t("knowledge.badge.draft")}</Badge>
        ) : null}
        {writeup.verified_at ? (
          <Badge tone="good">
            {writeup.verifierName
              ? t("knowledge.badge.verifiedBy", {
                  name: writeup.verifierName,
                  day: day(writeup.verified_at),
                })
              : t("knowledge.badge.verifiedOn", { day: day(writeup.verified_at) })}
          </Badge>
        ) : changedSinceVerified ? (
          <Badge tone="warn">{t("knowledge.badge.editedSinceVerified")}</Badge>
        ) : (
          <Badge>{t("knowledge.badge.notVerified")}</Badge>
        )}
        {writeup.component ? <span>{writeup.component}</span> : null}
        {writeup.tags.map((tag) => (
          <Link key={tag} to={`/kb?${new URLSearchParams({ q: tag, tag })}`} className="badge">
            {tag}
          </Link>
        ))}
      </div>
      {changedSinceVerified ? (
        <p className="loop-callout" role="note">
          {t(
            changedSinceVerified.verifiedBy
              ? "knowledge.writeup.changedSince"
              : "knowledge.writeup.changedSinceMentor",
            {
              name: changedSinceVerified.verifiedBy ?? "",
              day: day(changedSinceVerified.verifiedAt),
              fields: changedSinceVerified.fields
                .map((f) => {
                  const key = CHANGED_FIELD_KEYS[f];
                  return key ? t(key) : f;
                })
                .join(", "),
            },
          )}
        </p>
      ) : null}
      <p className="muted small">
        {[
          writeup.authorName ? t("knowledge.writeup.by", { name: writeup.authorName }) : null,
          writeup.published_at
            ? t("knowledge.writeup.published", { day: day(writeup.published_at) })
            : null,
          // A draft has no readers yet: its views start when it is published.
          writeup.status === "published"
            ? t("knowledge.writeup.views", { count: writeup.views })
            : null,
          writeup.ticket_id ? (
            <Link key="ticket" to={`/tickets/${writeup.ticket_id}`}>
              {writeup.ticketTitle ?? t("knowledge.writeup.theTicket")}
            </Link>
          ) : null,
          canEdit ? (
            <Link key="edit" to={`/kb/${writeup.id}/edit`}>
              {t("knowledge.writeup.edit")}
            </Link>
          ) : null,
        ]
          .filter((part) => part !== null)
          .map((part, i) => (
            <Fragment key={i}>
              {i > 0 ? " · " : null}
              {part}
            </Fragment>
          ))}
      </p>
      {writeup.status === "draft" && canEdit ? (
        <Form method="post">
          <p className="muted">{t("knowledge.writeup.draftNote")}</p>
          {/* Named in the answer if the write-up is deleted before this arrives. */}
          <input type="hidden" name="title" value={writeup.title} />
          <SubmitButton intent="publish" pendingLabel={t("knowledge.form.publishing")}>
            {t("knowledge.writeup.publish")}
          </SubmitButton>
        </Form>
      ) : null}
    </header>
  );
}

/**
 * One part of the write-up. Left empty, a draft shows what to write there; a published write-up
 * leaves the part out (readers need no writing prompt).
 */
function Section({
  title,
  html,
  prompt,
  draft,
}: {
  title: string;
  html: string;
  prompt: string;
  draft: boolean;
}) {
  const { t } = useT();
  const { htmlLang } = useContentLang();
  if (!html && !draft) return null;
  return (
    <section className="writeup-section" aria-label={title}>
      <h2>{title}</h2>
      {html ? (
        <div className="prose" lang={htmlLang(html)} dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <p className="muted">{t("knowledge.writeup.notWritten", { prompt })}</p>
      )}
    </section>
  );
}

/** The write-up itself: its sections (by its resolution's template), links, toil and files. */
export function WriteupBody({
  writeup,
  attachments,
}: {
  writeup: WriteupView;
  attachments: readonly AttachmentItem[];
}) {
  const { t } = useT();
  const template = TEMPLATES[writeup.resolution];
  const draft = writeup.status === "draft";
  return (
    <article className="card stack">
      <Section
        title={t("knowledge.section.symptom")}
        html={writeup.html.symptom}
        prompt={t(template.symptom)}
        draft={draft}
      />
      <Section
        title={t("knowledge.section.rootCause")}
        html={writeup.html.rootCause}
        prompt={t(template.rootCause)}
        draft={draft}
      />
      <Section
        title={t(template.fixLabel)}
        html={writeup.html.fix}
        prompt={t(template.fix)}
        draft={draft}
      />
      <Section
        title={t("knowledge.section.debugging")}
        html={writeup.html.debugging}
        prompt={t(template.debugging)}
        draft={draft}
      />
      {writeup.links.length ? (
        <section aria-label={t("knowledge.section.links")} className="writeup-section">
          <h2>{t("knowledge.section.links")}</h2>
          <ul>
            {writeup.links.map((l) => (
              <li key={l.url}>
                <a
                  className="writeup-link"
                  href={l.url}
                  rel="noopener noreferrer nofollow"
                  target="_blank"
                >
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {writeup.toil.length ? (
        <section aria-label={t("knowledge.section.toil")} className="writeup-section">
          <h2>{t("knowledge.section.toilHeading")}</h2>
          <ul>
            {writeup.toil.map((chore, i) => (
              // Toil lines have no ids of their own; their order is stable.
              <li key={`${i}-${chore.description}`}>
                {chore.description}{" "}
                <span className="muted">
                  · {t("knowledge.writeup.toilMinutes", { minutes: chore.minutes })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Attachments target="writeup" targetId={writeup.id} attachments={attachments} />
    </article>
  );
}

/**
 * "Was this helpful?" (sent without leaving the page, the choice shown at once) and the form to
 * say the write-up is out of date, with its field's error when the note came back.
 */
export function WriteupFeedback({
  votes,
  myVote,
  noteError,
  noteTyped,
  flagged = false,
  title,
}: {
  votes: { helpful: number; notHelpful: number };
  myVote: boolean | null;
  noteError: Msg | undefined;
  /** The note as typed, when it came back refused: kept in its field (without scripts too). */
  noteTyped?: string;
  /** The flag was just saved: its note empties and its form folds away. */
  flagged?: boolean;
  /** Sent with a vote or flag: the answer names the write-up even if it is gone meanwhile. */
  title: string;
}) {
  const { t } = useT();
  const vote = useFetcher();
  const clearFlag = useClearedOnSave(flagged);
  const pendingVote = vote.formData?.get("helpful");
  const shownVote = pendingVote ? pendingVote === "yes" : myVote;
  return (
    <section aria-labelledby="helpful-heading" className="card stack">
      <h2 id="helpful-heading">{t("knowledge.writeup.vote.heading")}</h2>
      <vote.Form method="post" className="actions">
        <input type="hidden" name="intent" value="vote" />
        <input type="hidden" name="title" value={title} />
        <button
          type="submit"
          name="helpful"
          value="yes"
          className="button button-secondary"
          aria-pressed={shownVote === true}
        >
          {t("knowledge.writeup.vote.yes")}
        </button>
        <button
          type="submit"
          name="helpful"
          value="no"
          className="button button-secondary"
          aria-pressed={shownVote === false}
        >
          {t("knowledge.writeup.vote.no")}
        </button>
      </vote.Form>
      <p className="muted small" aria-live="polite">
        {shownVote === null ? "" : `${t("knowledge.writeup.vote.thanks")} `}
        {t("knowledge.writeup.vote.tally", {
          helpful: votes.helpful,
          notHelpful: votes.notHelpful,
        })}
      </p>
      <details open={noteError ? true : undefined}>
        <summary>{t("knowledge.writeup.flag.summary")}</summary>
        <Form method="post" className="stack compact" {...clearFlag}>
          <input type="hidden" name="title" value={title} />
          <div className="field">
            <label htmlFor="flag-note">{t("knowledge.writeup.flag.label")}</label>
            <textarea
              id="flag-note"
              name="note"
              rows={3}
              maxLength={1000}
              defaultValue={noteTyped}
              aria-invalid={noteError ? true : undefined}
              aria-describedby={noteError ? "flag-note-error" : undefined}
            />
            <FieldError id="flag-note-error" error={noteError} />
          </div>
          <div>
            <SubmitButton
              intent="flag"
              variant="secondary"
              pendingLabel={t("knowledge.writeup.flag.sending")}
            >
              {t("knowledge.writeup.flag.submit")}
            </SubmitButton>
          </div>
        </Form>
      </details>
    </section>
  );
}
