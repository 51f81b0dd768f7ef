import crypto from "node:crypto";
import os from "node:os";
import { sql } from "kysely";
import { createTransport } from "nodemailer";
import type { DB } from "#db/client";
import type { Env } from "./env.server";
import { k, type Msg } from "./i18n/messages";
import {
  describeError,
  recordIntegrationFailure,
  recordIntegrationSuccess,
} from "./integrations.server";
import { type SlackItem, type SlackKind, slackMessage } from "./message-templates";
import { SECRET_MAIL_KINDS, slackLocale } from "./outbox.server";

// The outbox worker: claims due rows with a lease, sends them, marks them sent; on an error the
// row goes back with exponential backoff, and after MAX_ATTEMPTS it is marked failed for a lead
// to see. Delivery guarantee, in the README's words:
//
// - A mail whose recipient's account is deactivated by its turn is marked skipped, not sent.
// - A row is claimed by one conditional UPDATE (status pending and due, or a lease that ran out),
//   so two workers, or a worker and its restarted self, never hold the same row at once.
// - A live worker never outlives its lease: every network wait is cut by a timeout well under it.
// - A worker that dies (kill -9, power cut) leaves its rows "sending"; when the lease runs out they
//   are claimed again. E-mail: the one case of a second copy is death after the SMTP server
//   accepted the message and before the row was marked sent, a window of one SQLite write. Each
//   mail carries a Message-ID made from its row, the same on the second copy, so mail systems
//   recognise the repeat. Nothing is ever lost: a row is only done once it is marked sent.
// - Slack: at most once. An incoming webhook takes no idempotency key and says nothing about a
//   message it took (neither does chat.postMessage), and a channel shows a repeat to the whole
//   team, so a message Slack may already have is never posted again by itself. Its rows are
//   marked `posting` in one write just before the POST; a worker that dies after it, or a POST
//   that times out, leaves them failed with "may have arrived": a lead who sees it did not sends
//   it again from Settings → Integrations. A refused connection or an answer from Slack (a 5xx,
//   a 429) means it did not arrive: it is retried as before.

export const LEASE_MS = 5 * 60_000;
/** Every network wait of one send ends well within the lease. */
const NETWORK_TIMEOUT_MS = 30_000;
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 30 * 60_000;
/** 30 s, 1, 2, 4, 8, 16 minutes, then every 30 minutes: about 8 hours of trying in all. */
export const MAX_ATTEMPTS = 20;
/** At most one Slack message per kind in this window (test messages excepted). */
export const SLACK_BATCH_MS = 10 * 60_000;
const MAIL_BATCH = 20;
const SLACK_ROWS_PER_MESSAGE = 200;

/** Time to wait before the next try, after `attempts` tries. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(attempts - 1, 0), BACKOFF_MAX_MS);
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
}

/**
 * Sends one mail; throws on failure. An error with `permanent: true` is not retried; its `why`, a
 * message (k()), is what the lead reads (else the error's text is quoted in Koan's sentence).
 */
export type MailSender = (mail: OutgoingMail) => Promise<void>;

export type SlackResult =
  | { ok: true }
  | {
      ok: false;
      retryAfterMs?: number;
      permanent?: boolean;
      /** The request went out and no answer came back: Slack may have the message. */
      unknown?: boolean;
      /** Why, a message (k()) for the lead's page, in the lead's language. */
      error: Msg;
    };

// A delivery's `last_error` is a message (k()) with the remote server's own words as a value, so the
// lead reads Koan's sentence in their language; rows from before hold English text, shown as it is.

/** Why a Slack message is not posted again by itself (see the delivery guarantee above). */
export const MAY_HAVE_ARRIVED = k("core.integrations.error.mayHaveArrived");

/** The start of a 429's error: the worker finds the pause by it. The second is how rows said it before. */
const RATE_LIMITED = ["core.integrations.error.slackRateLimit", "Slack rate limit"] as const;

export type SlackSender = (payload: unknown) => Promise<SlackResult>;

/** nodemailer over SMTP_URL, with timeouts that keep a send inside its lease. */
export function smtpSender(smtpUrl: string, from: string): MailSender {
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: NETWORK_TIMEOUT_MS,
    greetingTimeout: NETWORK_TIMEOUT_MS,
    socketTimeout: NETWORK_TIMEOUT_MS,
    dnsTimeout: NETWORK_TIMEOUT_MS,
  });
  return async (mail) => {
    try {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        messageId: mail.messageId,
      });
    } catch (error) {
      const e = error as { permanent?: boolean; command?: string; message?: string };
      // A rejected recipient or message is final; a refused connection, a 4xx or a login problem
      // (which a lead can fix) is tried again.
      const final = e.permanent === true && /^(RCPT|DATA)/i.test(e.command ?? "");
      const detail = describeError(e.message ?? String(error));
      const why = final
        ? k("core.integrations.error.mailRefused", { detail })
        : k("core.integrations.error.mailFailed", { detail });
      throw Object.assign(new Error(e.message ?? String(error)), { permanent: final, why });
    }
  };
}

/**
 * Posts to a Slack incoming webhook; 429 answers carry Retry-After (seconds). `timeoutMs` (30 s
 * unless a test shortens it) is how long an answer is waited for.
 */
export function webhookSender(
  webhookUrl: string,
  { timeoutMs = NETWORK_TIMEOUT_MS }: { timeoutMs?: number } = {},
): SlackSender {
  return async (payload) => {
    let response: Response;
    try {
      response = await fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // A timeout is after the request went out: Slack may have taken it. Anything else
      // (refused, unknown host, reset before an answer while connecting) is tried again.
      const timedOut = (error as { name?: string }).name === "TimeoutError";
      return {
        ok: false,
        unknown: timedOut,
        permanent: timedOut,
        error: timedOut
          ? k("core.integrations.error.noAnswer")
          : k("core.integrations.error.slackUnreachable", { detail: networkDetail(error) }),
      };
    }
    const body = (await response.text().catch(() => "")).slice(0, 200);
    if (response.ok) return { ok: true };
    if (response.status === 429) {
      const given = Number(response.headers.get("retry-after"));
      const seconds = Number.isFinite(given) && given > 0 ? given : 60;
      return {
        ok: false,
        retryAfterMs: seconds * 1000,
        error: k("core.integrations.error.slackRateLimit", { seconds }),
      };
    }
    // Slack's 4xx answers (invalid_payload, no_service, channel_not_found…) do not get better.
    const permanent = response.status >= 400 && response.status < 500;
    const values = { status: response.status, detail: body ? describeError(body) : "none" };
    return {
      ok: false,
      permanent,
      error: permanent
        ? k("core.integrations.error.slackRefused", values)
        : k("core.integrations.error.slackAnswered", values),
    };
  };
}

/** fetch's "fetch failed" with what failed under it ("connect ECONNREFUSED 127.0.0.1:9"). */
function networkDetail(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const under = cause instanceof Error ? cause.message : null;
  return describeError(under ? `${describeError(error)}: ${under}` : error);
}

export interface WorkerDeps {
  /** Names this worker's leases (a process id and a random part). */
  owner: string;
  mail?: MailSender;
  slack?: SlackSender;
  /** For message ids: the host of APP_ORIGIN. */
  host?: string;
}

export function workerOwner(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
}

/** Claims due rows of a channel (and, for Slack, one kind). One statement: no two claimers share a row. */
async function claim(
  db: DB,
  input: { channel: "email" | "slack"; kind?: string; owner: string; limit: number },
  now: Date,
) {
  const iso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  return db
    .updateTable("outbox")
    .set((eb) => ({
      status: "sending",
      lease_owner: input.owner,
      lease_until: leaseUntil,
      attempts: eb("attempts", "+", 1),
    }))
    .where("id", "in", (eb) => {
      let q = eb
        .selectFrom("outbox")
        .select("id")
        .where("channel", "=", input.channel)
        .where((w) =>
          w.or([
            w.and([w("status", "=", "pending"), w("next_attempt_at", "<=", iso)]),
            w.and([w("status", "=", "sending"), w("lease_until", "<=", iso)]),
          ]),
        );
      if (input.kind) q = q.where("kind", "=", input.kind);
      return q.orderBy("id").limit(input.limit);
    })
    .returning([
      "id",
      "kind",
      "recipient",
      "subject",
      "body_text",
      "body_html",
      "payload",
      "attempts",
    ])
    .execute();
}

async function markSent(db: DB, ids: number[], kind: string, now: Date) {
  if (!ids.length) return;
  const secret = SECRET_MAIL_KINDS.includes(kind);
  await db
    .updateTable("outbox")
    .set({
      status: "sent",
      sent_at: now.toISOString(),
      lease_owner: null,
      lease_until: null,
      last_error: null,
      ...(secret ? { body_text: "(sent; the one-time link is not kept)", body_html: null } : {}),
    })
    .where("id", "in", ids)
    .execute();
}

/**
 * Mail to a member is only for an active member: a digest, a review or a reset link queued before
 * a lead deactivated them is not sent when its turn comes (an invite goes to someone with no
 * account yet, and a test to whoever the lead typed). Asked at send time, so a mail queued just
 * before the deactivation, or retrying since, is caught too; reactivated in time, it goes.
 */
async function recipientDeactivated(db: DB, row: { kind: string; recipient: string | null }) {
  if (row.kind === "invite" || row.kind === "test" || !row.recipient) return false;
  const user = await db
    .selectFrom("users")
    .select("id")
    // users.email is `collate nocase`: this finds the account whatever the letter case.
    .where("email", "=", row.recipient)
    .where("status", "=", "deactivated")
    .executeTakeFirst();
  return user !== undefined;
}

/** Marks a mail not sent for good, and why; a reset link's body is not kept (see markSent). */
async function markSkipped(db: DB, id: number, kind: string, now: Date) {
  const secret = SECRET_MAIL_KINDS.includes(kind);
  await db
    .updateTable("outbox")
    .set({
      status: "skipped",
      lease_owner: null,
      lease_until: null,
      last_error: k("core.integrations.error.deactivated", { at: now.toISOString() }),
      ...(secret
        ? { body_text: "(not sent; the one-time link is not kept)", body_html: null }
        : {}),
    })
    .where("id", "=", id)
    .execute();
}

async function markFailed(
  db: DB,
  rows: { id: number; attempts: number }[],
  error: Msg,
  now: Date,
  options: { permanent?: boolean; retryAfterMs?: number } = {},
) {
  for (const row of rows) {
    const giveUp = options.permanent || row.attempts >= MAX_ATTEMPTS;
    const wait = options.retryAfterMs ?? backoffMs(row.attempts);
    await db
      .updateTable("outbox")
      .set({
        status: giveUp ? "failed" : "pending",
        next_attempt_at: new Date(now.getTime() + wait).toISOString(),
        lease_owner: null,
        lease_until: null,
        // Not cut: a cut would break a message's values (its remote detail is cut already).
        last_error: error,
      })
      .where("id", "=", row.id)
      .execute();
  }
}

export interface RunResult {
  sent: number;
  failed: number;
}

/** One pass: sends what is due. The server calls it every few seconds; tests call it directly. */
export async function runOutboxOnce(
  db: DB,
  deps: WorkerDeps,
  clock: () => Date = () => new Date(),
): Promise<RunResult> {
  const result: RunResult = { sent: 0, failed: 0 };
  if (deps.mail) await sendMail(db, deps, deps.mail, result, clock);
  if (deps.slack) await sendSlack(db, deps, deps.slack, result, clock);
  return result;
}

async function sendMail(
  db: DB,
  deps: WorkerDeps,
  send: MailSender,
  result: RunResult,
  clock: () => Date,
) {
  const rows = await claim(db, { channel: "email", owner: deps.owner, limit: MAIL_BATCH }, clock());
  for (const row of rows) {
    if (await recipientDeactivated(db, row)) {
      await markSkipped(db, row.id, row.kind, clock());
      continue;
    }
    try {
      await send({
        to: row.recipient ?? "",
        subject: row.subject,
        text: row.body_text,
        html: row.body_html,
        messageId: `<outbox-${row.id}@${deps.host ?? "koan.invalid"}>`,
      });
    } catch (error) {
      const { permanent, why } = error as { permanent?: boolean; why?: Msg };
      const message =
        why ?? k("core.integrations.error.mailFailed", { detail: describeError(error) });
      await markFailed(db, [row], message, clock(), { permanent: permanent === true });
      await recordIntegrationFailure(db, "email", message, clock());
      result.failed += 1;
      continue;
    }
    await markSent(db, [row.id], row.kind, clock());
    await recordIntegrationSuccess(db, "email", clock());
    result.sent += 1;
  }
}

async function sendSlack(
  db: DB,
  deps: WorkerDeps,
  send: SlackSender,
  result: RunResult,
  clock: () => Date,
) {
  const now = clock();
  // A 429 pauses the whole webhook until its Retry-After: the rows it sent back say until when.
  const paused = await db
    .selectFrom("outbox")
    .select(sql<string | null>`max(next_attempt_at)`.as("until"))
    .where("channel", "=", "slack")
    .where("status", "=", "pending")
    .where((w) => w.or(RATE_LIMITED.map((start) => w("last_error", "like", `${start}%`))))
    .executeTakeFirst();
  if (paused?.until && paused.until > now.toISOString()) return;
  // Rows a worker was posting when it died: Slack may have them (see the guarantee above).
  await db
    .updateTable("outbox")
    .set({
      status: "failed",
      lease_owner: null,
      lease_until: null,
      last_error: MAY_HAVE_ARRIVED,
    })
    .where("channel", "=", "slack")
    .where("status", "=", "posting")
    .where("lease_until", "<=", now.toISOString())
    .execute();
  const due = await db
    .selectFrom("outbox")
    .select("kind")
    .distinct()
    .where("channel", "=", "slack")
    .where((w) =>
      w.or([
        w.and([w("status", "=", "pending"), w("next_attempt_at", "<=", now.toISOString())]),
        w.and([w("status", "=", "sending"), w("lease_until", "<=", now.toISOString())]),
      ]),
    )
    .execute();
  for (const { kind } of due) {
    if (kind !== "test") {
      const last = await db
        .selectFrom("outbox")
        .select(sql<string | null>`max(sent_at)`.as("at"))
        .where("channel", "=", "slack")
        .where("kind", "=", kind)
        .where("status", "=", "sent")
        .executeTakeFirst();
      if (last?.at && now.getTime() - Date.parse(last.at) < SLACK_BATCH_MS) continue;
    }
    const rows = await claim(
      db,
      { channel: "slack", kind, owner: deps.owner, limit: SLACK_ROWS_PER_MESSAGE },
      clock(),
    );
    if (!rows.length) continue;
    const items = rows.map((r) => parseItem(r.payload, r.body_text));
    const message = slackMessage(kind as SlackKind, items, { locale: slackLocale() });
    // From here Slack may have it: a worker that dies now leaves the rows `posting`, not due.
    await db
      .updateTable("outbox")
      .set({ status: "posting" })
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .where("lease_owner", "=", deps.owner)
      .execute();
    const answer = await send(message);
    if (answer.ok) {
      await markSent(
        db,
        rows.map((r) => r.id),
        kind,
        clock(),
      );
      await recordIntegrationSuccess(db, "slack", clock());
      result.sent += rows.length;
      continue;
    }
    await markFailed(db, rows, answer.error, clock(), answer);
    await recordIntegrationFailure(db, "slack", answer.error, clock());
    result.failed += rows.length;
    // Slack's rate limit is for the webhook, not one kind: everything waits (see `paused`).
    if (answer.retryAfterMs) return;
  }
}

function parseItem(payload: string, fallback: string): SlackItem {
  try {
    const parsed = JSON.parse(payload) as Partial<SlackItem>;
    if (typeof parsed.text === "string" && typeof parsed.link === "string")
      return { text: parsed.text, link: parsed.link };
  } catch {}
  return { text: fallback, link: "" };
}

/** The senders the environment configures (none when nothing is set). */
export function sendersFromEnv(env: Env): Omit<WorkerDeps, "owner"> {
  return {
    mail: env.SMTP_URL && env.MAIL_FROM ? smtpSender(env.SMTP_URL, env.MAIL_FROM) : undefined,
    slack: env.SLACK_WEBHOOK_URL ? webhookSender(env.SLACK_WEBHOOK_URL) : undefined,
    host: env.APP_ORIGIN ? new URL(env.APP_ORIGIN).hostname : undefined,
  };
}

export const OUTBOX_POLL_MS = 2_000;

/**
 * Runs the worker every OUTBOX_POLL_MS while the process lives; one pass at a time. Returns a
 * stop function. Does nothing when no channel is configured.
 */
export function startOutboxWorker(db: DB, env: Env, onError: (error: unknown) => void): () => void {
  const deps: WorkerDeps = { owner: workerOwner(), ...sendersFromEnv(env) };
  if (!deps.mail && !deps.slack) return () => {};
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runOutboxOnce(db, deps);
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, OUTBOX_POLL_MS);
  timer.unref();
  setImmediate(tick);
  return () => clearInterval(timer);
}
