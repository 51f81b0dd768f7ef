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
  const { status, body } = await handleGithubWebhook(db, {
    headers: request.headers,
    rawBody: await request.text(),
    secret: env.GITHUB_WEBHOOK_SECRET,
    starterLabels: env.STARTER_LABELS,
  });
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export async function loader() {
  return postOnly();
}
