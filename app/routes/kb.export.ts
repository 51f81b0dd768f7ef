import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { startKnowledgeBaseExport } from "~/knowledge/transfer/export.server";
import { db } from "~/lib/db.server";

// GET /kb/export?format=json|zip: the published knowledge base as a download, in the shape
// Knowledge base → Import reads, streamed as it is read. Mentors and leads, one export at a time.

const formatSchema = z.enum(["json", "zip"]).default("json");

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "exportWriteups");
  const format = formatSchema.safeParse(
    new URL(request.url).searchParams.get("format") || undefined,
  );
  if (!format.success) return text("Choose format=json or format=zip.", 400);
  const now = new Date();
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
    return started.reason === "busy"
      ? text(
          "Your previous export is still being prepared. Wait for that download to finish, then export again.",
          429,
        )
      : text("Exporting the knowledge base is for mentors and leads.", 403);
  }
  // An ASCII-only name needs no quoting rules beyond the quotes themselves.
  const fileName = `koan-knowledge-base-${now.toISOString().slice(0, 10)}.${format.data}`;
  return new Response(started.body, {
    headers: {
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Type": format.data === "zip" ? "application/zip" : "application/json; charset=utf-8",
    },
  });
}
