import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Link,
  type ShouldRevalidateFunction,
  useActionData,
  useFetcher,
  useLoaderData,
} from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { localeFor, requireUser } from "~/auth/current-user.server";
import { flagOutOfDate, recordView, recordVote } from "~/knowledge/health.server";
import { db } from "~/lib/db.server";
import { flagNoteField, idField } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import {
  forbiddenElsewhere,
  invariantFound,
  notFound,
  notFoundKeeping,
  readForm,
  typedText,
} from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { publishWriteup } from "~/mentoring/writeup-access.server";
import { findVisibleWriteup, getWriteupPage } from "~/mentoring/writeup-page.server";
import { FormMessage } from "~/ui/form";
import { contentTitle, useT } from "~/ui/i18n";
import { isQuietPost } from "~/ui/quiet-posts";
import { WriteupBody, WriteupFeedback, WriteupHeader } from "~/ui/writeup-page";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  contentTitle(matches, data?.writeup.title, "knowledge.writeup.title");

const NO_SUCH_WRITEUP = k("knowledge.writeup.notFound");
/** A vote or flag on a draft (the page offers neither) stores nothing: it must not say it did. */
const DRAFT_TAKES_NO_FEEDBACK = k("knowledge.writeup.draftTakesNoFeedback");

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

const shownTitle = z.string().trim().min(1).max(300);
const voteSchema = z.object({ intent: z.literal("vote"), helpful: z.enum(["yes", "no"]) });
const flagSchema = z.object({
  intent: z.literal("flag"),
  note: flagNoteField,
});

const GONE = {
  vote: "knowledge.writeup.goneVote",
  flag: "knowledge.writeup.goneFlag",
  publish: "knowledge.writeup.gonePublish",
} as const;

/**
 * A vote, flag or publish sent from a write-up's page after the write-up went away (deleted, or
 * back to a draft the sender may not read): the 404 names it by the title the page had shown,
 * and keeps the note typed. Anything else: the plain "no such write-up".
 */
function goneMeanwhile(formData: FormData, intent: FormDataEntryValue | null) {
  const title = shownTitle.safeParse(formData.get("title"));
  if (!title.success || !(intent === "vote" || intent === "flag" || intent === "publish"))
    return notFound(NO_SUCH_WRITEUP);
  return notFoundKeeping(
    k(GONE[intent], { title: title.data }),
    typedText(formData, { note: "knowledge.writeup.flag.label" }),
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const viewer = { id: user.id, role: user.role };
  const writeup = await findVisibleWriteup(db, { writeupId: writeupIdFrom(params), viewer });
  const formData = await readForm(request);
  const intent = formData.get("intent");
  // A view counted in the background for a write-up gone meanwhile counts nothing, quietly: the
  // page stays as its reader has it (the refusal used to replace it with "not found").
  if (!writeup && intent === "view") return data({ ok: false as const }, { status: 404 });
  if (!writeup) throw goneMeanwhile(formData, intent);
  if (intent === "view") {
    await recordView(db, writeup.id, viewer.id);
    return { ok: true as const };
  }
  if (intent === "vote") {
    const parsed = voteSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success)
      return data({ error: k("knowledge.writeup.voteInvalid") }, { status: 400 });
    const voted = await recordVote(db, {
      writeupId: writeup.id,
      userId: viewer.id,
      helpful: parsed.data.helpful === "yes",
    });
    if (!voted.ok && voted.reason === "not_found") throw goneMeanwhile(formData, intent);
    if (!voted.ok) return data({ error: DRAFT_TAKES_NO_FEEDBACK }, { status: 409 });
    return { voted: true as const };
  }
  if (intent === "flag") {
    const parsed = parseForm(flagSchema, formData);
    if (!parsed.ok) return data(parsed, { status: 400 });
    const flagged = await flagOutOfDate(db, {
      writeupId: writeup.id,
      userId: viewer.id,
      note: parsed.data.note,
    });
    if (!flagged.ok && flagged.reason === "not_found") throw goneMeanwhile(formData, intent);
    if (!flagged.ok) return data(failure(formData, {}, DRAFT_TAKES_NO_FEEDBACK), { status: 409 });
    return { flagged: true as const };
  }
  if (intent === "publish") {
    const result = await publishWriteup(db, {
      viewer,
      writeupId: writeup.id,
      locale: localeFor(request, user),
    });
    // Parts a reader needs are empty: the editor, with them marked at their fields.
    if (!result.ok && result.reason === "incomplete")
      throw redirect(`/kb/${writeup.id}/edit?publish`);
    // Deleted since the check above: gone, not forbidden.
    if (!result.ok && result.reason === "not_found") throw goneMeanwhile(formData, intent);
    // Named, as the review page's refusals are, with the way back to reading it.
    if (!result.ok)
      throw forbiddenElsewhere(k("knowledge.writeup.publishForbidden", { title: writeup.title }), {
        to: `/kb/${writeup.id}`,
        label: k("knowledge.review.openWriteup", { title: writeup.title }),
      });
    return { published: true as const };
  }
  return data({ error: k("knowledge.writeup.unavailable") }, { status: 400 });
}

/** Counting a view changes nothing on the page: it is not fetched again after it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  !isQuietPost(formData) && defaultShouldRevalidate;

export default function WriteupPage() {
  const { writeup, votes, myVote, canEdit, waitingForSignoff, changedSinceVerified, attachments } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const view = useFetcher();
  const viewSubmit = view.submit;
  // Count a view once the page is really open in a browser (a GET itself never writes).
  useEffect(() => {
    viewSubmit({ intent: "view" }, { method: "post" });
  }, [viewSubmit]);
  const { t } = useT();
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  return (
    <div className="page narrow-wide">
      <p>
        <Link to="/kb" className="back-link">
          {t("knowledge.back")}
        </Link>
      </p>
      <WriteupHeader
        writeup={writeup}
        changedSinceVerified={changedSinceVerified}
        canEdit={canEdit}
      />
      {actionData && "error" in actionData ? (
        <FormMessage tone="error">{actionData.error}</FormMessage>
      ) : actionData && "formError" in actionData && actionData.formError ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : null}
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
      <WriteupBody writeup={writeup} attachments={attachments} />
      {writeup.status === "published" ? (
        <WriteupFeedback
          votes={votes}
          myVote={myVote}
          noteError={errors.note}
          noteTyped={actionData && "values" in actionData ? actionData.values.note : undefined}
          flagged={Boolean(actionData && "flagged" in actionData)}
          title={writeup.title}
        />
      ) : null}
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
