import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { localeFor, requireUser } from "~/auth/current-user.server";
import { can } from "~/auth/policies";
import {
  EXPORT_RETRY_AFTER_SECONDS,
  startKnowledgeBaseExport,
} from "~/knowledge/transfer/export.server";
import { db } from "~/lib/db.server";
import { errorPage } from "~/lib/error-page.server";
import { k } from "~/lib/i18n/messages";

// GET /kb/export?format=json|zip: the published knowledge base as a download, in the shape
// Knowledge base → Import reads, streamed as it is read. Mentors and leads, one export at a time
// each and a few at once in all (429 with Retry-After past them).

const formatSchema = z.enum(["json", "zip"]).default("json");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = localeFor(request, user);
  if (!can(user, "exportWriteups")) return errorPage(locale, 403, k("knowledge.export.only"));
  const format = formatSchema.safeParse(
    new URL(request.url).searchParams.get("format") || undefined,
  );
  if (!format.success) return errorPage(locale, 400, k("knowledge.export.format"));
  const now = new Date();
  // An ASCII-only name needs no quoting rules beyond the quotes themselves.
  const fileName = `koan-knowledge-base-${now.toISOString().slice(0, 10)}.${format.data}`;
  const headers = {
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Type": format.data === "zip" ? "application/zip" : "application/json; charset=utf-8",
  };
  // HEAD: the download's headers, and no export. Remix drops a HEAD response's body unread, so
  // an export started for one never ended, and its person was "busy" (429) until a restart.
  if (request.method === "HEAD") return new Response(null, { headers });
  const started = startKnowledgeBaseExport(
    db,
    {
      actor: user,
      format: format.data,
      signal: request.signal,
      untilWritable: context.untilWritable,
    },
    now,
  );
  if (!started.ok) {
    if (started.reason === "forbidden") return errorPage(locale, 403, k("knowledge.export.only"));
    if (started.reason === "busy") return errorPage(locale, 429, k("knowledge.export.busy"));
    const full = errorPage(locale, 429, k("knowledge.export.full"));
    full.headers.set("Retry-After", String(EXPORT_RETRY_AFTER_SECONDS));
    return full;
  }
  return new Response(started.body, { headers });
}

/** The export is a download (GET): any other method gets a page saying so. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const response = errorPage(localeFor(request, user), 405, k("core.error.methodNotAllowed"));
  response.headers.set("Allow", "GET, HEAD");
  return response;
}
