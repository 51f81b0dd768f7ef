import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { parseWriteupForm } from "~/knowledge/writeup-schema";
import { createWriteupByHand } from "~/knowledge/writeups.server";
import { db } from "~/lib/db.server";
import { readForm } from "~/lib/http.server";
import { pageTitle, useT } from "~/ui/i18n";
import { WriteupForm } from "~/ui/writeup-form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "knowledge.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const publish = formData.get("intent") === "publish";
  const parsed = parseWriteupForm(formData, publish && {});
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { title, symptom, component, rootCause, fix, debugging, resolution, tags, links, toil } =
    parsed.data;
  const id = await createWriteupByHand(db, {
    authorId: user.id,
    status: publish ? "published" : "draft",
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
  throw redirect(`/kb/${id}`);
}

export default function NewWriteup() {
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page narrow-wide">
      <p>
        <Link to="/kb" className="back-link">
          {t("knowledge.back")}
        </Link>
      </p>
      <h1>{t("knowledge.new.heading")}</h1>
      <p className="lede">{t("knowledge.new.lede")}</p>
      <WriteupForm
        values={actionData?.values ?? {}}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError}
        submitLabel={t("knowledge.form.saveDraft")}
        allowPublish
      />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
