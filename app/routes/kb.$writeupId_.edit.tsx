import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { writeupFormSchema } from "~/knowledge/writeup-schema";
import { getWriteup } from "~/knowledge/writeups.server";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { canEditWriteup, updateWriteup } from "~/mentoring/writeup-access.server";
import { WriteupForm, writeupValues } from "~/ui/writeup-form";

export const meta: MetaFunction = () => [{ title: "Edit write-up · Koan" }];

function writeupIdFrom(params: { writeupId?: string }) {
  const parsed = idField.safeParse(params.writeupId);
  if (!parsed.success) throw notFound("There is no such write-up.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const writeup = await getWriteup(db, writeupIdFrom(params));
  invariantFound(writeup, "There is no such write-up.");
  if (!(await canEditWriteup(db, { id: user.id, role: user.role }, writeup.id))) {
    throw forbidden(
      "Only its author, the mentor who reviewed it, and leads can edit this write-up.",
    );
  }
  return { writeup };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const writeupId = writeupIdFrom(params);
  const exists = await getWriteup(db, writeupId);
  invariantFound(exists, "There is no such write-up.");
  if (!(await canEditWriteup(db, { id: user.id, role: user.role }, writeupId))) {
    throw forbidden(
      "Only its author, the mentor who reviewed it, and leads can edit this write-up.",
    );
  }
  const formData = await readForm(request);
  const parsed = parseForm(writeupFormSchema, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { title, symptom, component, rootCause, fix, debugging, resolution, tags, links, toil } =
    parsed.data;
  const result = await updateWriteup(db, {
    viewer: { id: user.id, role: user.role },
    writeupId,
    publish: formData.get("intent") === "publish",
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
  if (!result.ok && result.reason === "not_found") throw notFound("There is no such write-up.");
  if (!result.ok)
    throw forbidden(
      "Only its author, the mentor who reviewed it, and leads can edit this write-up.",
    );
  throw redirect(`/kb/${writeupId}`);
}

export default function EditWriteup() {
  const { writeup } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page narrow-wide">
      <p>
        <Link to={`/kb/${writeup.id}`}>← Back to the write-up</Link>
      </p>
      <h1>Edit write-up</h1>
      <WriteupForm
        values={actionData?.values ?? writeupValues(writeup)}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError}
        submitLabel={writeup.status === "draft" ? "Save draft" : "Save changes"}
        allowPublish={writeup.status === "draft"}
      />
    </div>
  );
}
