import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { flagOutOfDate, recordView, recordVote } from "~/knowledge/health.server";
import { resolutionLabelKey, TEMPLATES } from "~/knowledge/templates";
import { db } from "~/lib/db.server";
import { flagNoteField, idField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { k, type MessageKey } from "~/lib/i18n/messages";
import { publishWriteup } from "~/mentoring/writeup-access.server";
import { findVisibleWriteup, getWriteupPage } from "~/mentoring/writeup-page.server";
import { Attachments } from "~/ui/attachments";
import { Badge } from "~/ui/badge";
import { FormMessage, SubmitButton } from "~/ui/form";
import { contentTitle, useT } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  contentTitle(matches, data?.writeup.title, "knowledge.writeup.title");

const NO_SUCH_WRITEUP = k("knowledge.writeup.notFound");

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

function writeupIdFrom(params: { writeupId?: string }) {
  const parsed = idField.safeParse(params.writeupId);
  if (!parsed.success) throw notFound(NO_SUCH_WRITEUP);
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getWriteupPage(db, { writeupId: writeupIdFrom(params), viewer: user });
  invariantFound(page, NO_SUCH_WRITEUP);
  return page;
}

const voteSchema = z.object({ intent: z.literal("vote"), helpful: z.enum(["yes", "no"]) });
const flagSchema = z.object({
  intent: z.literal("flag"),
  note: flagNoteField,
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const viewer = { id: user.id, role: user.role };
  const writeup = await findVisibleWriteup(db, { writeupId: writeupIdFrom(params), viewer });
  invariantFound(writeup, NO_SUCH_WRITEUP);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "view") {
    await recordView(db, writeup.id, viewer.id);
    return { ok: true as const };
  }
  if (intent === "vote") {
    const parsed = voteSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success)
      return data({ error: k("knowledge.writeup.voteInvalid") }, { status: 400 });
    await recordVote(db, {
      writeupId: writeup.id,
      userId: viewer.id,
      helpful: parsed.data.helpful === "yes",
    });
    return { voted: true as const };
  }
  if (intent === "flag") {
    const parsed = parseForm(flagSchema, formData);
    if (!parsed.ok) return data(parsed, { status: 400 });
    await flagOutOfDate(db, { writeupId: writeup.id, userId: viewer.id, note: parsed.data.note });
    return { flagged: true as const };
  }
  if (intent === "publish") {
    const result = await publishWriteup(db, { viewer, writeupId: writeup.id });
    if (!result.ok) throw forbidden(k("knowledge.writeup.publishForbidden"));
    return { published: true as const };
  }
  return data({ error: k("knowledge.writeup.unavailable") }, { status: 400 });
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
  if (!html && !draft) return null;
  return (
    <section className="writeup-section" aria-label={title}>
      <h2>{title}</h2>
      {html ? (
        <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <p className="muted">{t("knowledge.writeup.notWritten", { prompt })}</p>
      )}
    </section>
  );
}

export default function WriteupPage() {
  const { writeup, votes, myVote, canEdit, waitingForSignoff, changedSinceVerified, attachments } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const view = useFetcher();
  const vote = useFetcher();
  const viewSubmit = view.submit;
  // Count a view once the page is really open in a browser (a GET itself never writes).
  useEffect(() => {
    viewSubmit({ intent: "view" }, { method: "post" });
  }, [viewSubmit]);
  const { t, msg, day } = useT();
  const template = TEMPLATES[writeup.resolution];
  const draft = writeup.status === "draft";
  const pendingVote = vote.formData?.get("helpful");
  const shownVote = pendingVote ? pendingVote === "yes" : myVote;
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  return (
    <div className="page narrow-wide">
      <p>
        <Link to="/kb">{t("knowledge.back")}</Link>
      </p>
      <header className="page-header">
        <h1>{writeup.title}</h1>
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
          {writeup.authorName ? (
            <>
              {t("knowledge.writeup.by", { name: writeup.authorName })}
              {" · "}
            </>
          ) : null}
          {writeup.published_at ? (
            <>
              {t("knowledge.writeup.published", { day: day(writeup.published_at) })}
              {" · "}
            </>
          ) : null}
          {t("knowledge.writeup.views", { count: writeup.views })}
          {writeup.ticket_id ? (
            <>
              {" · "}
              <Link to={`/tickets/${writeup.ticket_id}`}>
                {writeup.ticketTitle ?? t("knowledge.writeup.theTicket")}
              </Link>
            </>
          ) : null}
          {canEdit ? (
            <>
              {" · "}
              <Link to={`/kb/${writeup.id}/edit`}>{t("knowledge.writeup.edit")}</Link>
            </>
          ) : null}
        </p>
        {writeup.status === "draft" && canEdit ? (
          <Form method="post">
            <p className="muted">{t("knowledge.writeup.draftNote")}</p>
            <SubmitButton intent="publish" pendingLabel={t("knowledge.form.publishing")}>
              {t("knowledge.writeup.publish")}
            </SubmitButton>
          </Form>
        ) : null}
      </header>
      {actionData && "flagged" in actionData ? (
        <FormMessage tone="success">{t("knowledge.writeup.flagThanks")}</FormMessage>
      ) : null}
      {waitingForSignoff ? (
        <FormMessage tone="success">
          {t("knowledge.writeup.waitingForSignoff", { name: waitingForSignoff })}
        </FormMessage>
      ) : actionData && "published" in actionData ? (
        <FormMessage tone="success">{t("knowledge.writeup.publishedDone")}</FormMessage>
      ) : null}

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
                  <a href={l.url} rel="noopener noreferrer nofollow" target="_blank">
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

      {writeup.status === "published" ? (
        <section aria-labelledby="helpful-heading" className="card stack">
          <h2 id="helpful-heading">{t("knowledge.writeup.vote.heading")}</h2>
          <vote.Form method="post" className="actions">
            <input type="hidden" name="intent" value="vote" />
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
          <details>
            <summary>{t("knowledge.writeup.flag.summary")}</summary>
            <Form method="post" className="stack compact">
              <div className="field">
                <label htmlFor="flag-note">{t("knowledge.writeup.flag.label")}</label>
                <textarea
                  id="flag-note"
                  name="note"
                  rows={3}
                  maxLength={1000}
                  aria-invalid={errors.note ? true : undefined}
                  aria-describedby={errors.note ? "flag-note-error" : undefined}
                />
                {errors.note ? (
                  <p className="field-error" id="flag-note-error">
                    {msg(errors.note)}
                  </p>
                ) : null}
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
      ) : null}
    </div>
  );
}
