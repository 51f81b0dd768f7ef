import { type DB, writeTransaction } from "#db/client";
import type { Env } from "~/lib/env.server";
import { listIntegrationStatus } from "~/lib/integrations.server";
import { mailLocale, slackTexts, testMail } from "~/lib/message-templates";
import {
  appLink,
  countOutbox,
  listDeliveryProblems,
  outboxConfig,
  queueMail,
  queueSlack,
  retryFailedDeliveries,
  slackLocale,
} from "~/lib/outbox.server";
import { type Actor, can } from "./policies";

// Settings → Integrations, for leads: each integration configured or not, its last success and
// last error, the deliveries that failed, and "send a test" for e-mail and Slack.

export async function getIntegrationsPage(
  db: DB,
  input: { viewer: Actor & { email: string } },
  env: Env,
  now: Date = new Date(),
) {
  const [integrations, email, slack, problems] = await Promise.all([
    listIntegrationStatus(db, env),
    countOutbox(db, "email", now),
    countOutbox(db, "slack", now),
    listDeliveryProblems(db),
  ]);
  return {
    viewerEmail: input.viewer.email,
    integrations: integrations.map((i) => ({
      ...i,
      outbox: i.key === "email" ? email : i.key === "slack" ? slack : null,
    })),
    problems,
  };
}

export type IntegrationCommandResult =
  | { ok: true }
  | { ok: false; reason: "forbidden" | "not_configured" };

/**
 * Queues a test message through the same outbox as everything else: an e-mail to the lead, or a
 * Slack message. The page shows its fate (sent, or the error) a few seconds later.
 */
export async function sendTestMessage(
  db: DB,
  input: { actor: Actor & { email: string; name: string }; channel: "email" | "slack" },
  now: Date = new Date(),
): Promise<IntegrationCommandResult> {
  if (!can(input.actor, "manageIntegrations")) return { ok: false, reason: "forbidden" };
  const config = outboxConfig();
  if (!config[input.channel]) return { ok: false, reason: "not_configured" };
  const { actor } = input;
  const own = await db
    .selectFrom("users")
    .select("locale")
    .where("id", "=", actor.id)
    .executeTakeFirst();
  await writeTransaction(db, (trx) =>
    input.channel === "email"
      ? queueMail(
          trx,
          {
            kind: "test",
            to: actor.email,
            content: testMail({
              locale: mailLocale(own?.locale),
              name: actor.name,
              origin: config.origin,
            }),
          },
          now,
        )
      : queueSlack(
          trx,
          {
            kind: "test",
            item: { text: slackTexts.test(slackLocale()), link: appLink("/settings/integrations") },
          },
          now,
        ),
  );
  return { ok: true };
}

/** Puts deliveries that failed for good back in the queue. */
export async function retryFailed(
  db: DB,
  input: { actor: Actor },
  now: Date = new Date(),
): Promise<{ ok: true; count: number } | { ok: false; reason: "forbidden" }> {
  if (!can(input.actor, "manageIntegrations")) return { ok: false, reason: "forbidden" };
  return { ok: true, count: await retryFailedDeliveries(db, now) };
}
