import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { localeFor, requireUser } from "~/auth/current-user.server";
import {
  appAttachmentStore,
  contentDisposition,
  isStorageKey,
} from "~/lib/attachment-files.server";
import { db } from "~/lib/db.server";
import { errorPage } from "~/lib/error-page.server";
import { readForm, safeRedirectPath } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { openAttachment, removeAttachment } from "~/mentoring/attachments.server";

// GET /attachments/<key>: the file, for whoever may see its evidence or write-up. Its type is the
// one sniffed from its bytes when it was attached; images open in the page, logs download. The
// file can run nothing: a sandboxing Content-Security-Policy, nosniff (set for every response).
// POST (intent=remove): takes it off again.

const NO_SUCH_FILE = k("attachments.error.fileNotFound");

/** The storage key in the URL, or null when it can't be one. */
function keyFrom(params: { attachmentId?: string }): string | null {
  const key = params.attachmentId ?? "";
  return isStorageKey(key) ? key : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const key = keyFrom(params);
  const file =
    key &&
    (await openAttachment(db, appAttachmentStore(), {
      key,
      viewer: { id: user.id, role: user.role },
    }));
  if (!file) throw errorPage(localeFor(request, user), 404, NO_SUCH_FILE);
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
  const locale = localeFor(request, user);
  const key = keyFrom(params);
  const formData = await readForm(request);
  if (!key || formData.get("intent") !== "remove") throw errorPage(locale, 404, NO_SUCH_FILE);
  const result = await removeAttachment(db, appAttachmentStore(), {
    key,
    actor: { id: user.id, role: user.role },
  });
  if (!result.ok)
    throw result.reason === "not_found"
      ? errorPage(locale, 404, NO_SUCH_FILE)
      : errorPage(locale, 403, k("attachments.error.removeForbidden"));
  throw redirect(safeRedirectPath(formData.get("returnTo"), "/"), 303);
}
