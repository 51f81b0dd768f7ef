import { sql } from "kysely";
import type { DB } from "#db/client";
import type { OutboxTable } from "#db/schema";
import { parseEnv } from "./env.server";
import { DEFAULT_LOCALE, type Locale } from "./i18n/locales";
import type { Msg } from "./i18n/messages";
import type { MailContent, SlackItem, SlackKind } from "./message-templates";

// The outbox: every e-mail and Slack message is a row written in the same transaction as the event
// that causes it (an invite, a review…), so a rollback sends nothing and a commit loses nothing.
// The worker (outbox-worker.server.ts) claims due rows with a lease and sends them.

export interface OutboxConfig {
  /** SMTP_URL and MAIL_FROM are set. */
  email: boolean;
  /** SLACK_WEBHOOK_URL is set. */
  slack: boolean;
  /** APP_ORIGIN, for links in messages. */
  origin: string;
  /** SLACK_LANGUAGE: the language of every Slack message (English when unset). */
  slackLocale?: Locale;
}

let override: OutboxConfig | undefined;
let fromEnv: OutboxConfig | undefined;

/**
 * Which channels are on, from the environment (tests may set it with `configureOutbox`). Read
 * once, into a cache of its own: asking `getEnv()` here would fix the whole app's settings at
 * the first ticket or invite, before a test sets the variables it is about.
 */
export function outboxConfig(): OutboxConfig {
  if (override) return override;
  if (!fromEnv) {
    const env = parseEnv();
    fromEnv = {
      email: Boolean(env.SMTP_URL && env.MAIL_FROM),
      slack: Boolean(env.SLACK_WEBHOOK_URL),
      origin: (env.APP_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
      slackLocale: env.SLACK_LANGUAGE,
    };
  }
  return fromEnv;
}

/** For tests and tools that run without the server's environment. `undefined` goes back to it. */
export function configureOutbox(config: OutboxConfig | undefined): void {
  override = config;
}

/** The language Slack messages are written in: the team's channel's, one setting for all. */
export function slackLocale(): Locale {
  return outboxConfig().slackLocale ?? DEFAULT_LOCALE;
}

/** An absolute link to a Koan path, for messages. */
export function appLink(path: string): string {
  return `${outboxConfig().origin}${path.startsWith("/") ? path : `/${path}`}`;
}

export type MailKind = "invite" | "password_reset" | "evidence_reviewed" | "digest" | "test";

/**
 * Mail kinds whose body holds a one-time link: once sent, the row keeps no copy of it, so the
 * outbox never becomes a second place to steal a token from (the invites table keeps only hashes).
 */
export const SECRET_MAIL_KINDS: readonly string[] = ["invite", "password_reset"];

/**
 * Queues one e-mail. Call inside the transaction of the event that causes it. Does nothing (and
 * says false) when e-mail is not configured, or when `dedupeKey` was queued before.
 */
export async function queueMail(
  trx: DB,
  input: {
    kind: MailKind;
    to: string;
    content: MailContent;
    dedupeKey?: string;
    /** JSON kept with the row: what the mail said, to compare the next one with. */
    payload?: string;
  },
  now: Date = new Date(),
): Promise<boolean> {
  if (!outboxConfig().email) return false;
  return insertRow(
    trx,
    mailRow(input, {
      subject: input.content.subject.slice(0, 300),
      body_text: input.content.text,
      body_html: input.content.html,
    }),
    now,
  );
}

/**
 * Records a mail Koan chose not to send (its `dedupeKey` taken, so it is not considered again),
 * status `skipped`, with why; nothing is sent and no body is kept. Says false when the key was
 * taken already or e-mail is not configured.
 */
export async function skipMail(
  trx: DB,
  input: { kind: MailKind; to: string; dedupeKey: string; payload?: string; reason: Msg },
  now: Date = new Date(),
): Promise<boolean> {
  if (!outboxConfig().email) return false;
  return insertRow(
    trx,
    {
      ...mailRow(input, { subject: "", body_text: "", body_html: null }),
      status: "skipped",
      last_error: input.reason,
    },
    now,
  );
}

/** An e-mail's outbox row: to whom, of what kind, with what body (none for a skipped one). */
function mailRow(
  input: { kind: MailKind; to: string; dedupeKey?: string; payload?: string },
  body: { subject: string; body_text: string; body_html: string | null },
): OutboxRow {
  return {
    channel: "email",
    kind: input.kind,
    recipient: input.to,
    ...body,
    dedupe_key: input.dedupeKey ?? null,
    payload: input.payload,
  };
}

/**
 * Queues one Slack item. The worker posts every due item of a kind in one message, at most one
 * message per kind per ten minutes. Does nothing when Slack is not configured.
 */
export async function queueSlack(
  trx: DB,
  input: { kind: SlackKind; item: SlackItem; dedupeKey?: string },
  now: Date = new Date(),
): Promise<boolean> {
  if (!outboxConfig().slack) return false;
  return insertRow(
    trx,
    {
      channel: "slack",
      kind: input.kind,
      recipient: null,
      subject: "",
      body_text: input.item.text,
      body_html: null,
      payload: JSON.stringify(input.item),
      dedupe_key: input.dedupeKey ?? null,
    },
    now,
  );
}

type OutboxRow = Pick<
  OutboxTable,
  "channel" | "kind" | "recipient" | "body_html" | "dedupe_key"
> & {
  subject: string;
  body_text: string;
  payload?: string;
  status?: "skipped";
  last_error?: string;
};

async function insertRow(trx: DB, values: OutboxRow, now: Date): Promise<boolean> {
  const iso = now.toISOString();
  const result = await trx
    .insertInto("outbox")
    .values({ ...values, next_attempt_at: iso, created_at: iso, sent_at: null })
    .onConflict((oc) => oc.column("dedupe_key").where("dedupe_key", "is not", null).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export interface OutboxCounts {
  pending: number;
  failed: number;
  sentLastDay: number;
}

export async function countOutbox(
  db: DB,
  channel: "email" | "slack",
  now: Date = new Date(),
): Promise<OutboxCounts> {
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const row = await db
    .selectFrom("outbox")
    .select([
      sql<number>`coalesce(sum(status in ('pending', 'sending', 'posting')), 0)`.as("pending"),
      sql<number>`coalesce(sum(status = 'failed'), 0)`.as("failed"),
      sql<number>`coalesce(sum(status = 'sent' and sent_at >= ${dayAgo}), 0)`.as("sentLastDay"),
    ])
    .where("channel", "=", channel)
    .executeTakeFirstOrThrow();
  return {
    pending: Number(row.pending),
    failed: Number(row.failed),
    sentLastDay: Number(row.sentLastDay),
  };
}

export interface DeliveryProblem {
  id: number;
  channel: "email" | "slack";
  kind: string;
  recipient: string | null;
  subject: string;
  status: "pending" | "sending" | "posting" | "failed";
  attempts: number;
  lastError: string;
  nextAttemptAt: string;
  createdAt: string;
}

/** Messages that failed for good, or are waiting to retry after an error: what a lead looks at. */
export async function listDeliveryProblems(db: DB, limit = 50): Promise<DeliveryProblem[]> {
  const rows = await db
    .selectFrom("outbox")
    .select([
      "id",
      "channel",
      "kind",
      "recipient",
      "subject",
      "status",
      "attempts",
      "last_error",
      "next_attempt_at",
      "created_at",
    ])
    .where("status", "in", ["pending", "sending", "posting", "failed"])
    .where("last_error", "is not", null)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    kind: r.kind,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status as DeliveryProblem["status"],
    attempts: r.attempts,
    lastError: r.last_error ?? "",
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
  }));
}

/** Puts messages that failed for good back in the queue (after the lead fixed the settings). */
export async function retryFailedDeliveries(db: DB, now: Date = new Date()): Promise<number> {
  const result = await db
    .updateTable("outbox")
    .set({ status: "pending", attempts: 0, next_attempt_at: now.toISOString() })
    .where("status", "=", "failed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
