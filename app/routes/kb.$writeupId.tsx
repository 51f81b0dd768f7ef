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
import { RESOLUTION_LABELS, TEMPLATES } from "~/knowledge/templates";
import { db } from "~/lib/db.server";
import { flagNoteField, idField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { formatDay } from "~/lib/time";
import { publishWriteup } from "~/mentoring/writeup-access.server";
import { findVisibleWriteup, getWriteupPage } from "~/mentoring/writeup-page.server";
import { Attachments } from "~/ui/attachments";
import { Badge } from "~/ui/badge";
import { FormMessage, SubmitButton } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.writeup.title ?? "Write-up"} · Koan` },
];

const NO_SUCH_WRITEUP = "There is no such write-up.";

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
    if (!parsed.success) return data({ error: "Choose helpful or not helpful." }, { status: 400 });
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
    if (!result.ok)
      throw forbidden(
        "Only its author, the mentor who reviewed it, and leads can publish this write-up.",
      );
    return { published: true as const };
  }
  return data({ error: "That action isn't available here." }, { status: 400 });
}

function Section({ title, html, prompt }: { title: string; html: string; prompt: string }) {
  return (
    <section className="writeup-section" aria-label={title}>
      <h2>{title}</h2>
      {html ? (
        <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <p className="muted">Not written yet. {prompt}</p>
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
  const template = TEMPLATES[writeup.resolution];
  const pendingVote = vote.formData?.get("helpful");
  const shownVote = pendingVote ? pendingVote === "yes" : myVote;
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  return (
    <div className="page narrow-wide">
      <p>
        <Link to="/kb">← Knowledge base</Link>
      </p>
      <header className="page-header">
        <h1>{writeup.title}</h1>
        <div className="ticket-meta">
          <Badge tone={writeup.resolution === "works_as_designed" ? "accent" : "neutral"}>
            {RESOLUTION_LABELS[writeup.resolution]}
          </Badge>
          {writeup.status === "draft" ? <Badge tone="warn">draft</Badge> : null}
          {writeup.verified_at ? (
            <Badge tone="good">
              verified{writeup.verifierName ? ` by ${writeup.verifierName}` : ""}{" "}
              {formatDay(writeup.verified_at)}
            </Badge>
          ) : changedSinceVerified ? (
            <Badge tone="warn">edited since verified</Badge>
          ) : (
            <Badge>not verified yet</Badge>
          )}
          {writeup.component ? <span>{writeup.component}</span> : null}
          {writeup.tags.map((t) => (
            <Link key={t} to={`/kb?${new URLSearchParams({ q: t, tag: t })}`} className="badge">
              {t}
            </Link>
          ))}
        </div>
        {changedSinceVerified ? (
          <p className="loop-callout" role="note">
            Changed since {changedSinceVerified.verifiedBy ?? "a mentor"} verified it on{" "}
            {formatDay(changedSinceVerified.verifiedAt)}: {changedSinceVerified.fields.join(", ")}.
            It needs a new sign-off before it reads as verified again.
          </p>
        ) : null}
        <p className="muted small">
          {writeup.authorName ? <>By {writeup.authorName} · </> : null}
          {writeup.published_at ? <>published {formatDay(writeup.published_at)} · </> : null}
          {writeup.views} {writeup.views === 1 ? "view" : "views"}
          {writeup.ticket_id ? (
            <>
              {" · "}
              <Link to={`/tickets/${writeup.ticket_id}`}>
                {writeup.ticketTitle ?? "the ticket"}
              </Link>
            </>
          ) : null}
          {canEdit ? (
            <>
              {" · "}
              <Link to={`/kb/${writeup.id}/edit`}>Edit</Link>
            </>
          ) : null}
        </p>
        {writeup.status === "draft" && canEdit ? (
          <Form method="post">
            <p className="muted">Only you and your reviewers can see this draft.</p>
            <SubmitButton intent="publish" pendingLabel="Publishing…">
              Publish
            </SubmitButton>
          </Form>
        ) : null}
      </header>
      {actionData && "flagged" in actionData ? (
        <FormMessage tone="success">
          Thanks: mentors and leads will see your note in their review list.
        </FormMessage>
      ) : null}
      {waitingForSignoff ? (
        <FormMessage tone="success">
          Published — waiting for {waitingForSignoff} to sign off.
        </FormMessage>
      ) : actionData && "published" in actionData ? (
        <FormMessage tone="success">Published.</FormMessage>
      ) : null}

      <article className="card stack">
        <Section title="Symptom" html={writeup.html.symptom} prompt={template.symptom} />
        <Section title="Root cause" html={writeup.html.rootCause} prompt={template.rootCause} />
        <Section title={template.fixLabel} html={writeup.html.fix} prompt={template.fix} />
        <Section
          title="How it was debugged"
          html={writeup.html.debugging}
          prompt={template.debugging}
        />
        {writeup.links.length ? (
          <section aria-label="Links" className="writeup-section">
            <h2>Links</h2>
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
          <section aria-label="Toil" className="writeup-section">
            <h2>Toil: done by hand</h2>
            <ul>
              {writeup.toil.map((t, i) => (
                // Toil lines have no ids of their own; their order is stable.
                <li key={`${i}-${t.description}`}>
                  {t.description} <span className="muted">· {t.minutes} min</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <Attachments target="writeup" targetId={writeup.id} attachments={attachments} />
      </article>

      {writeup.status === "published" ? (
        <section aria-labelledby="helpful-heading" className="card stack">
          <h2 id="helpful-heading">Was this helpful?</h2>
          <vote.Form method="post" className="actions">
            <input type="hidden" name="intent" value="vote" />
            <button
              type="submit"
              name="helpful"
              value="yes"
              className="button button-secondary"
              aria-pressed={shownVote === true}
            >
              Yes, helpful
            </button>
            <button
              type="submit"
              name="helpful"
              value="no"
              className="button button-secondary"
              aria-pressed={shownVote === false}
            >
              Not really
            </button>
          </vote.Form>
          <p className="muted small" aria-live="polite">
            {shownVote === null ? "" : "Thanks for saying. "}
            {votes.helpful} found it helpful, {votes.notHelpful} not.
          </p>
          <details>
            <summary>This looks out of date</summary>
            <Form method="post" className="stack compact">
              <div className="field">
                <label htmlFor="flag-note">What has changed?</label>
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
                    {errors.note}
                  </p>
                ) : null}
              </div>
              <div>
                <SubmitButton intent="flag" variant="secondary" pendingLabel="Sending…">
                  Flag for review
                </SubmitButton>
              </div>
            </Form>
          </details>
        </section>
      ) : null}
    </div>
  );
}
