import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { localeFor, requireUser } from "~/auth/current-user.server";
import {
  missingToPublish,
  parseWriteupForm,
  WRITEUP_TEXT_FIELDS,
} from "~/knowledge/writeup-schema";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { failure, openedVersion } from "~/lib/forms";
import {
  forbidden,
  forbiddenElsewhere,
  forbiddenKeeping,
  type KeptText,
  notFound,
  notFoundKeeping,
  readForm,
  typedText,
} from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { getWriteupForEditing, updateWriteup } from "~/mentoring/writeup-access.server";
import { Attachments } from "~/ui/attachments";
import { FormMessage } from "~/ui/form";
import { pageTitle, useT } from "~/ui/i18n";
import { WriteupForm, writeupValues } from "~/ui/writeup-form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "knowledge.edit.title");

function writeupIdFrom(params: { writeupId?: string }) {
  const parsed = idField.safeParse(params.writeupId);
  if (!parsed.success) throw notFound(NO_SUCH_WRITEUP);
  return parsed.data;
}

const NO_SUCH_WRITEUP = k("knowledge.writeup.notFound");
const NOT_YOURS = k("knowledge.writeup.editForbidden");
const GONE = k("knowledge.edit.gone");

/** Deleted while the form was open: gone (404), with what was typed to copy. */
function gone(kept: readonly KeptText[]) {
  return kept.length ? notFoundKeeping(GONE, kept) : notFound(NO_SUCH_WRITEUP);
}

/**
 * The write-up when the signed-in person may edit it; otherwise the 404 or 403 page, which shows
 * what they typed (`kept`) when a form was sent: the mentor of its assignment changed meanwhile,
 * or their role did.
 */
async function editableWriteup(
  request: Request,
  params: { writeupId?: string },
  kept: readonly KeptText[] = [],
) {
  const user = await requireUser(request);
  const viewer = { id: user.id, role: user.role };
  const found = await getWriteupForEditing(db, { writeupId: writeupIdFrom(params), viewer });
  if (!found.ok) {
    if (found.reason === "not_found") throw gone(kept);
    if (kept.length) throw forbiddenKeeping(NOT_YOURS, kept);
    // A published write-up is still the reader's to read, and to flag when it looks wrong.
    throw found.published
      ? forbiddenElsewhere(k("knowledge.writeup.editForbiddenFlag"), {
          to: `/kb/${found.published.id}`,
          label: k("knowledge.review.openWriteup", { title: found.published.title }),
        })
      : forbidden(NOT_YOURS);
  }
  return { user, viewer, writeup: found.writeup, attachments: found.attachments };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { writeup, attachments } = await editableWriteup(request, params);
  // Sent here by "Publish" on the write-up's page with parts left to write: they are marked. So
  // are they when its newcomer has just drafted it again after it was deleted (said above it).
  const search = new URL(request.url).searchParams;
  const redrafted = writeup.status === "draft" && search.has("redrafted");
  const toPublish =
    writeup.status === "draft" && (search.has("publish") || redrafted)
      ? missingToPublish({ ...writeup, rootCause: writeup.root_cause })
      : {};
  return { writeup, attachments, toPublish, redrafted };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const typed = typedText(formData, WRITEUP_TEXT_FIELDS);
  const { user, viewer, writeup: current } = await editableWriteup(request, params, typed);
  const writeupId = current.id;
  const publish = formData.get("intent") === "publish";
  // A published write-up stays published: a part it had may not be emptied.
  const parsed = parseWriteupForm(
    formData,
    publish
      ? {}
      : current.status === "published" && {
          before: { ...current, rootCause: current.root_cause },
        },
    current.toil,
  );
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { title, symptom, component, rootCause, fix, debugging, resolution, tags, links, toil } =
    parsed.data;
  const result = await updateWriteup(db, {
    viewer,
    writeupId,
    publish,
    locale: localeFor(request, user),
    ...openedVersion(formData),
    writeup: {
      title,
      symptom,
      component,
      rootCause,
      fix,
      debugging,
      resolution,
      tags,
      links: links ?? [],
      toil: toil ?? [],
    },
  });
  if (!result.ok && result.reason === "stale") {
    // What was typed stays; saving again (having looked) keeps it over the other save.
    const kept = failure(formData, {}, k("knowledge.edit.stale"));
    return data({ ...kept, version: result.updatedAt }, { status: 409 });
  }
  if (!result.ok && result.reason === "incomplete")
    return data(failure(formData, result.errors), { status: 400 });
  if (!result.ok)
    throw result.reason === "not_found" ? gone(typed) : forbiddenKeeping(NOT_YOURS, typed);
  throw redirect(`/kb/${writeupId}`);
}

export default function EditWriteup() {
  const { writeup, attachments, toPublish, redrafted } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  const marked = Object.keys(toPublish).length > 0;
  return (
    <div className="page narrow-wide">
      <p>
        <Link to={`/kb/${writeup.id}`} className="back-link">
          {t("knowledge.edit.back")}
        </Link>
      </p>
      <h1>{t("knowledge.edit.heading")}</h1>
      {redrafted && !actionData ? (
        <FormMessage tone="success">{t("knowledge.edit.redrafted")}</FormMessage>
      ) : null}
      <WriteupForm
        values={actionData?.values ?? writeupValues(writeup)}
        errors={actionData?.errors ?? toPublish}
        formError={
          actionData
            ? actionData.formError
            : marked
              ? k("knowledge.form.publishMissing")
              : undefined
        }
        submitLabel={
          writeup.status === "draft"
            ? t("knowledge.form.saveDraft")
            : t("knowledge.form.saveChanges")
        }
        allowPublish={writeup.status === "draft"}
        version={
          actionData && "version" in actionData && typeof actionData.version === "string"
            ? actionData.version
            : writeup.updated_at
        }
      />
      <Attachments target="writeup" targetId={writeup.id} attachments={attachments} mayAttach />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
