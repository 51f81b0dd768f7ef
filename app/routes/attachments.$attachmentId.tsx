import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "~/auth/current-user.server";
import {
  appAttachmentStore,
  contentDisposition,
  isStorageKey,
} from "~/lib/attachment-files.server";
import { db } from "~/lib/db.server";
import { forbidden, notFound, readForm, safeRedirectPath } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { openAttachment, removeAttachment } from "~/mentoring/attachments.server";

// GET /attachments/<key>: the file, for whoever may see its evidence or write-up. Its type is the
// one sniffed from its bytes when it was attached; images open in the page, logs download. The
// file can run nothing: a sandboxing Content-Security-Policy, nosniff (set for every response).
// POST (intent=remove): takes it off again.

const NO_SUCH_FILE = k("attachments.error.fileNotFound");

function keyFrom(params: { attachmentId?: string }) {
  const key = params.attachmentId ?? "";
  if (!isStorageKey(key)) throw notFound(NO_SUCH_FILE);
  return key;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await openAttachment(db, appAttachmentStore(), {
    key: keyFrom(params),
    viewer: { id: user.id, role: user.role },
  });
  if (!file) throw notFound(NO_SUCH_FILE);
  return new Response(file.bytes, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.length),
      "Content-Disposition": contentDisposition(file.kind, file.fileName),
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-cache",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const key = keyFrom(params);
  const formData = await readForm(request);
  if (formData.get("intent") !== "remove") throw notFound(NO_SUCH_FILE);
  const result = await removeAttachment(db, appAttachmentStore(), {
    key,
    actor: { id: user.id, role: user.role },
  });
  if (!result.ok)
    throw result.reason === "not_found"
      ? notFound(NO_SUCH_FILE)
      : forbidden(k("attachments.error.removeForbidden"));
  throw redirect(safeRedirectPath(formData.get("returnTo"), "/"), 303);
}
