import { db } from "~/lib/db.server";
import { healthAnswer } from "~/lib/health.server";

/**
 * 200 after a real query; 503 when the database cannot answer. The production server answers
 * GET and HEAD /healthz itself, before Remix (app/server/app.ts); this route serves `remix
 * vite:dev` and any other method (405).
 */
export async function loader() {
  const { status, body } = await healthAnswer(db);
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/** Only read: any other method is told so (the answer is JSON, like the probe's). */
export async function action() {
  return Response.json(
    { error: "GET or HEAD only" },
    { status: 405, headers: { "Cache-Control": "no-store", Allow: "GET, HEAD" } },
  );
}
