import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { writeupFormSchema } from "~/knowledge/writeup-schema";
import { createWriteup } from "~/knowledge/writeups.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { WriteupForm } from "~/ui/writeup-form";

export const meta: MetaFunction = () => [{ title: "New write-up · Koan" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const parsed = parseForm(writeupFormSchema, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { title, symptom, component, rootCause, fix, debugging, resolution, tags, links, toil } =
    parsed.data;
  const id = await createWriteup(db, {
    authorId: user.id,
    status: formData.get("intent") === "publish" ? "published" : "draft",
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
  return (
    <div className="page narrow-wide">
      <p>
        <Link to="/kb">← Knowledge base</Link>
      </p>
      <h1>New write-up</h1>
      <p className="lede">
        Save what you learned so the next engineer doesn't repeat the investigation.
      </p>
      <WriteupForm
        values={actionData?.values ?? {}}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError}
        submitLabel="Save draft"
        allowPublish
      />
    </div>
  );
}
