import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { handleGithubWebhook } from "~/mentoring/ticket-status.server";

const postOnly = () =>
  Response.json({ error: "POST only" }, { status: 405, headers: { Allow: "POST" } });

/** GitHub's webhook (issues and ping events); GitHub signs each delivery with the shared secret. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return postOnly();
  const env = getEnv();
  let rawBody: Uint8Array;
  try {
    rawBody = new Uint8Array(await request.arrayBuffer());
  } catch {
    // The body stopped arriving (the server's size limit, or the sender went away).
    return Response.json({ error: "The body could not be read whole." }, { status: 400 });
  }
  const { status, body } = await handleGithubWebhook(db, {
    headers: request.headers,
    rawBody,
    secret: env.GITHUB_WEBHOOK_SECRET,
    starterLabels: env.STARTER_LABELS,
  });
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export async function loader() {
  return postOnly();
}
