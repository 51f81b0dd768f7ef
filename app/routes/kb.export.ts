import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import {
  exportKnowledgeBaseJson,
  exportKnowledgeBaseZip,
} from "~/knowledge/transfer/export.server";
import { db } from "~/lib/db.server";

// GET /kb/export?format=json|zip: the published knowledge base as a download, in the shape
// Knowledge base → Import reads. Any signed-in user may take it: it is what they can read.

const formatSchema = z.enum(["json", "zip"]).default("json");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const format = formatSchema.safeParse(
    new URL(request.url).searchParams.get("format") || undefined,
  );
  if (!format.success) {
    return new Response("Choose format=json or format=zip.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const now = new Date();
  // An ASCII-only name needs no quoting rules beyond the quotes themselves.
  const fileName = `koan-knowledge-base-${now.toISOString().slice(0, 10)}.${format.data}`;
  const headers = {
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (format.data === "zip") {
    const zip = await exportKnowledgeBaseZip(db, now);
    return new Response(zip, { headers: { ...headers, "Content-Type": "application/zip" } });
  }
  const json = await exportKnowledgeBaseJson(db);
  return new Response(json, {
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
  });
}
