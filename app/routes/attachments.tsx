import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { appAttachmentStore } from "~/lib/attachment-files.server";
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_MB,
  MAX_ATTACHMENT_MB_PER_USER,
} from "~/lib/attachment-limits";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { readUploadedFile, safeRedirectPath } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { type AttachFailure, attachFile } from "~/mentoring/attachments.server";
import { AttachmentUploader } from "~/ui/attachments";
import { FormMessage } from "~/ui/form";
import { pageTitle, useT } from "~/ui/i18n";

// POST /attachments: a screenshot or log file for a checkpoint's evidence or a write-up
// (multipart: target, targetId, returnTo, file). Success goes back to the page it came from;
// a refusal answers 4xx with the message at the file field (this page, without JavaScript).

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "attachments.page.title");

const fieldsSchema = z.object({
  target: z.enum(["evidence", "writeup"]),
  targetId: idField,
  returnTo: z.string().optional(),
});

const FAILURES: Record<AttachFailure, { message: string; status: number }> = {
  not_found: { message: k("attachments.error.notFound"), status: 404 },
  forbidden: { message: k("attachments.error.forbidden"), status: 403 },
  empty: { message: k("attachments.error.empty"), status: 400 },
  too_large: { message: k("attachments.error.tooLarge", { max: MAX_ATTACHMENT_MB }), status: 413 },
  type: { message: k("attachments.error.type"), status: 400 },
  quota: {
    message: k("attachments.error.quota", { max: MAX_ATTACHMENT_MB_PER_USER }),
    status: 400,
  },
};

// Remix loads this page after every refusal too, so the loader only checks who is asking.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

type Refusal = {
  attachmentError: string;
  target: "evidence" | "writeup" | null;
  targetId: number | null;
  returnTo: string;
};

const refuse = (status: number, refusal: Refusal) => data(refusal, { status });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const actor = { id: user.id, role: user.role };
  const unknown = { target: null, targetId: null, returnTo: "/" };
  const upload = await readUploadedFile(request, MAX_ATTACHMENT_BYTES);
  if (!upload.ok && upload.problem === "unreadable")
    return refuse(400, { attachmentError: k("attachments.error.unreadable"), ...unknown });
  if (!upload.ok && upload.problem === "tooLarge") {
    // The fields came ahead of the file: the message goes back to its own field and page.
    const known = fieldsSchema.safeParse(upload.fields);
    return refuse(413, {
      attachmentError: FAILURES.too_large.message,
      ...(known.success
        ? {
            target: known.data.target,
            targetId: known.data.targetId,
            returnTo: safeRedirectPath(known.data.returnTo, "/"),
          }
        : unknown),
    });
  }
  const formData = upload.formData;
  const fields = fieldsSchema.safeParse(
    Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")),
  );
  if (!fields.success)
    return refuse(400, { attachmentError: k("attachments.error.unreadable"), ...unknown });
  const { target, targetId } = fields.data;
  const returnTo = safeRedirectPath(fields.data.returnTo, "/");
  if (!upload.ok)
    return refuse(400, {
      attachmentError: k("attachments.error.missing"),
      target,
      targetId,
      returnTo,
    });
  const { file } = upload;
  const result = await attachFile(db, appAttachmentStore(), {
    actor,
    target:
      target === "evidence"
        ? { kind: "evidence", checkpointId: targetId }
        : { kind: "writeup", writeupId: targetId },
    fileName: file.name,
    bytes: file.bytes,
  });
  if (!result.ok) {
    const failure = FAILURES[result.reason];
    return refuse(failure.status, {
      attachmentError: failure.message,
      target,
      targetId,
      returnTo,
    });
  }
  throw redirect(returnTo, 303);
}

/** Without JavaScript, a refused file comes here: the message at the field, and a second try. */
export default function AttachmentRefused() {
  const refusal = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("attachments.page.heading")}</h1>
      {refusal?.target && refusal.targetId ? (
        <AttachmentUploader
          target={refusal.target}
          targetId={refusal.targetId}
          returnTo={refusal.returnTo}
          error={refusal.attachmentError}
        />
      ) : (
        <FormMessage tone="error">
          {refusal?.attachmentError ?? k("attachments.error.unreadable")}
        </FormMessage>
      )}
      <p>
        <Link to={refusal?.returnTo ?? "/"} className="back-link">
          {t("attachments.page.back")}
        </Link>
      </p>
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
