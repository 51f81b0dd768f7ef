import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { type DB, writeTransaction } from "#db/client";
import type { CloseReason, TicketStatus } from "#db/schema";
import { clip } from "~/lib/clip";
import { COMPONENT_PATTERN } from "~/lib/fields";
import { k } from "~/lib/i18n/messages";
import { recordIntegrationFailure, recordIntegrationSuccess } from "~/lib/integrations.server";
import { dropControls, withoutBidiControls } from "~/lib/invisible";
import {
  applyStatus,
  findTicketIdBySource,
  normalizeComponent,
  type OnStatusChange,
  type TicketInput,
  upsertSourcedTicket,
} from "./tickets.server";

export const MAX_TITLE_LENGTH = 300;
export const MAX_BODY_LENGTH = 100_000;

/** The issue actions that change a ticket; GitHub's other issue actions are acknowledged only. */
const UPSERT_ACTIONS = new Set(["opened", "edited", "labeled", "unlabeled", "closed", "reopened"]);

export interface GithubWebhookInput {
  headers: Headers;
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: string | Uint8Array;
  /** GITHUB_WEBHOOK_SECRET; undefined when the webhook is not configured. */
  secret: string | undefined;
  /** Lowercase label names that make an issue a starter ticket. */
  starterLabels: readonly string[];
}

export interface GithubWebhookResult {
  status: number;
  body: Record<string, unknown>;
}

const reply = (status: number, body: Record<string, unknown>): GithubWebhookResult => ({
  status,
  body,
});

const MAX_LABELS = 100;
/** What the ticket form takes (ticket-schema.ts): a ticket from GitHub must save unchanged. */
const FORM_LABELS = 20;
const FORM_LABEL_LENGTH = 50;

/** The body as sent: GitHub signs its bytes (a byte-order mark included). */
const bytesOf = (rawBody: string | Uint8Array) =>
  typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;

/** `sha256=<hex>` of HMAC-SHA256(secret, rawBody), compared in constant time. */
export function signGithubPayload(secret: string, rawBody: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(bytesOf(rawBody)).digest("hex")}`;
}

export function verifyGithubSignature(
  secret: string,
  rawBody: string | Uint8Array,
  header: string | null,
): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match?.[1]) return false;
  const received = Buffer.from(match[1], "hex");
  const expected = createHmac("sha256", secret).update(bytesOf(rawBody)).digest();
  return received.length === expected.length && timingSafeEqual(received, expected);
}

const identitySchema = z.object({
  action: z.string().min(1).max(100),
  issue: z.object({ number: z.number().int().positive() }),
  repository: z.object({
    name: z.string().trim().min(1).max(200),
    full_name: z.string().trim().min(1).max(300),
  }),
});

const issueSchema = identitySchema.extend({
  issue: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().nullish(),
    html_url: z
      .string()
      .max(2000)
      .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), "must be an http(s) URL"),
    state: z.string().nullish(),
    state_reason: z.string().nullish(),
    // GitHub allows 100 labels on an issue: more are not read (200,000 took 1.4 s to validate).
    labels: z
      .preprocess(
        (l) => (Array.isArray(l) ? l.slice(0, MAX_LABELS) : l),
        z.array(z.object({ name: z.string() })).nullish(),
      )
      .transform((l) => (l ?? []).map((label) => label.name)),
    user: z.object({ login: z.string().max(200) }).nullish(),
    /** When the issue last changed on GitHub: an update no newer than the last applied is stale. */
    updated_at: z
      .string()
      .max(100)
      .nullish()
      .transform((v) => (v && Number.isFinite(Date.parse(v)) ? new Date(v).toISOString() : null)),
  }),
});

type IssuePayload = z.infer<typeof issueSchema>;

function invalid(error: z.ZodError): GithubWebhookResult {
  const details = error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`);
  return reply(400, { error: `Invalid issues payload: ${details.join("; ")}` });
}

const normalizeLabel = (label: string) => label.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * A component the forms accept, made from a name nobody typed into one (a GitHub repository's,
 * an "area: …" label's): leading characters a component can't start with are dropped (".github"
 * is "github"), and a name with nothing valid left ("-", "..") or characters a component can't
 * hold ("c++") gives "" (the caller tries its next name) rather than one the form refuses to save.
 */
export function componentFromName(name: string): string {
  const component = normalizeComponent(name.normalize("NFC").replace(/^[^\p{L}\p{N}]+/u, ""));
  return COMPONENT_PATTERN.test(component) ? component : "";
}

/** What a ticket from a repository named nothing a component can hold ("-", "..", "c++") is in. */
export const FALLBACK_COMPONENT = "github";

/**
 * The component a repository's issues are in: its name, else (a name with nothing valid left)
 * its owner's ("koan-org/-" is "koan-org"), else "github". Never none: a ticket without one
 * is left out of the queue's component filter and its form refuses to save it unchanged.
 */
export function repositoryComponent(repository: { name: string; full_name: string }): string {
  const owner = repository.full_name.split("/")[0] ?? "";
  return componentFromName(repository.name) || componentFromName(owner) || FALLBACK_COMPONENT;
}

/**
 * A line from GitHub as Koan's forms keep a typed one: no control characters, no direction
 * overrides (one would show the rest of a title reversed wherever it is listed), Korean composed.
 */
const asTyped = (text: string): string => withoutBidiControls(dropControls(text)).normalize("NFC");

/**
 * The ticket GitHub describes: starter, component and difficulty come from all its labels. What
 * is stored is what the ticket's form takes, or a lead could not save it unchanged: GitHub allows
 * 100 labels an issue (the form 20: the first 20 are kept), and an issue written through its API
 * may hold control characters (dropped; a NUL in the body too).
 */
export function ticketFromIssue(
  payload: Pick<IssuePayload, "issue" | "repository">,
  starterLabels: readonly string[],
): TicketInput {
  const { issue, repository } = payload;
  const labels = issue.labels.map(normalizeLabel).filter(Boolean);
  const starters = new Set(starterLabels.map(normalizeLabel));
  const starter = labels.some((l) => starters.has(l));
  let component = repositoryComponent(repository);
  for (const label of labels) {
    const named = /^(?:component|area)\s*[:/]\s*(.+)$/.exec(label)?.[1];
    if (named && componentFromName(named)) {
      component = componentFromName(named);
      break;
    }
  }
  let difficulty = starter ? 1 : 2;
  for (const label of labels) {
    const level = /^difficulty\s*[:/]\s*([123])$/.exec(label)?.[1];
    if (level) {
      difficulty = Number(level);
      break;
    }
  }
  const title = clip(asTyped(issue.title).trim(), MAX_TITLE_LENGTH).trim();
  const kept = issue.labels
    .map((label) => clip(normalizeLabel(asTyped(label)), FORM_LABEL_LENGTH).trim())
    .filter(Boolean);
  return {
    title: title || `${repository.full_name}#${issue.number}`,
    body: clip((issue.body ?? "").replaceAll("\u0000", ""), MAX_BODY_LENGTH),
    component,
    labels: [...new Set(kept)].slice(0, FORM_LABELS),
    difficulty,
    starter,
  };
}

/**
 * The one rule the webhook and the pull sync share: a copy of an issue changes its ticket only
 * when its `updated_at` is newer than the one the ticket last took (or either is unknown).
 * Call inside the transaction that then writes the ticket and `recordIssueVersion`.
 */
export async function isNewerIssueVersion(
  trx: DB,
  ticketId: number,
  updatedAt: string | null | undefined,
): Promise<boolean> {
  if (!updatedAt || Number.isNaN(Date.parse(updatedAt))) return true;
  const row = await trx
    .selectFrom("tickets")
    .select("source_updated_at")
    .where("id", "=", ticketId)
    .executeTakeFirst();
  const stored = row?.source_updated_at;
  return !stored || Date.parse(updatedAt) > Date.parse(stored);
}

export async function recordIssueVersion(
  trx: DB,
  ticketId: number,
  updatedAt: string | null | undefined,
): Promise<void> {
  if (!updatedAt || Number.isNaN(Date.parse(updatedAt))) return;
  await trx
    .updateTable("tickets")
    .set({ source_updated_at: new Date(updatedAt).toISOString() })
    .where("id", "=", ticketId)
    .execute();
}

/** GitHub's `closed` with its state_reason, in Koan's terms. */
export function closedStatus(stateReason: string | null | undefined): {
  status: TicketStatus;
  closeReason: CloseReason | null;
} {
  if (stateReason === "not_planned") return { status: "closed", closeReason: "wont_fix" };
  if (stateReason === "duplicate") return { status: "closed", closeReason: "duplicate" };
  return { status: "resolved", closeReason: null };
}

function parseJson(rawBody: string, contentType: string | null): unknown {
  // A webhook may be set to send form data: the JSON is then the `payload` field.
  const text = contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")
    ? (new URLSearchParams(rawBody).get("payload") ?? "")
    : rawBody;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * GitHub's `POST /webhooks/github`: checks the signature, then applies an `issues` event to its
 * ticket once per delivery. Every answer is a status and a JSON body; untrusted input never throws.
 * Mentoring's `handleGithubWebhook` passes `onStatusChange` (a closed issue ends its assignment).
 */
export async function handleGithubWebhook(
  db: DB,
  input: GithubWebhookInput,
  now: Date,
  onStatusChange: OnStatusChange,
): Promise<GithubWebhookResult> {
  const result = await answerDelivery(db, input, now, onStatusChange);
  // What Settings → Integrations shows a lead: a delivery taken (anything signed and read), or one
  // refused for its signature, the usual sign of a secret that differs from GitHub's.
  if (result.status === 401)
    await recordIntegrationFailure(
      db,
      "github_webhook",
      k("core.integrations.webhookSignature"),
      now,
    );
  else if (result.status < 300) await recordIntegrationSuccess(db, "github_webhook", now);
  return result;
}

async function answerDelivery(
  db: DB,
  input: GithubWebhookInput,
  now: Date,
  onStatusChange: OnStatusChange,
): Promise<GithubWebhookResult> {
  const { headers, rawBody } = input;
  if (!input.secret) {
    return reply(503, {
      error: "The GitHub webhook is not configured: set GITHUB_WEBHOOK_SECRET on the server.",
    });
  }
  if (!verifyGithubSignature(input.secret, rawBody, headers.get("x-hub-signature-256"))) {
    return reply(401, { error: "Missing or invalid X-Hub-Signature-256." });
  }
  const event = headers.get("x-github-event")?.trim();
  if (!event) return reply(400, { error: "Missing X-GitHub-Event header." });
  const text = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(rawBody);
  const json = parseJson(text, headers.get("content-type"));
  if (json === undefined || json === null || typeof json !== "object" || Array.isArray(json)) {
    return reply(400, { error: "The body is not a JSON object." });
  }
  if (event === "ping") return reply(200, { status: "pong" });
  if (event !== "issues") return reply(202, { status: "ignored", event });

  const identity = identitySchema.safeParse(json);
  if (!identity.success) return invalid(identity.error);
  const { action } = identity.data;
  if (action !== "deleted" && !UPSERT_ACTIONS.has(action)) {
    return reply(202, { status: "ignored", event, action });
  }
  const deliveryId = headers.get("x-github-delivery")?.trim();
  if (!deliveryId || deliveryId.length > 200) {
    return reply(400, { error: "Missing or invalid X-GitHub-Delivery header." });
  }
  const externalId = `${identity.data.repository.full_name}#${identity.data.issue.number}`;
  let payload: IssuePayload | undefined;
  if (action !== "deleted") {
    const parsed = issueSchema.safeParse(json);
    if (!parsed.success) return invalid(parsed.error);
    payload = parsed.data;
  }

  return writeTransaction(db, async (trx) => {
    // First, so a delivery seen before (even one racing this one) changes nothing.
    const recorded = await trx
      .insertInto("webhook_deliveries")
      .values({ delivery_id: deliveryId, event, action, received_at: now.toISOString() })
      .onConflict((oc) => oc.column("delivery_id").doNothing())
      .executeTakeFirst();
    if (Number(recorded.numInsertedOrUpdatedRows ?? 0) === 0) {
      return reply(200, { status: "duplicate" });
    }

    if (!payload) {
      const ticketId = await findTicketIdBySource(trx, "github", externalId);
      if (ticketId === null) return reply(202, { status: "ignored", reason: "unknown issue" });
      const changed = await applyStatus(
        trx,
        { ticketId, status: "closed", closeReason: "wont_fix", actorId: null, via: "github" },
        now,
        onStatusChange,
      );
      return reply(200, { status: "applied", ticketId, statusChanged: changed });
    }

    const { issue } = payload;
    const known = await findTicketIdBySource(trx, "github", externalId);
    if (known !== null && !(await isNewerIssueVersion(trx, known, issue.updated_at))) {
      return reply(200, { status: "stale", ticketId: known });
    }
    const { id: ticketId, outcome } = await upsertSourcedTicket(
      trx,
      {
        source: "github",
        externalId,
        url: issue.html_url,
        reporterName: issue.user?.login ?? null,
        ticket: ticketFromIssue(payload, input.starterLabels),
        actorId: null,
        eventKind: "updated_by_webhook",
      },
      now,
    );
    await recordIssueVersion(trx, ticketId, issue.updated_at);
    // A closed issue Koan first hears of (say, a label on an old issue) stays closed.
    const target =
      action === "closed" || (outcome === "created" && issue.state === "closed")
        ? closedStatus(issue.state_reason)
        : action === "reopened"
          ? { status: "open" as const, closeReason: null }
          : null;
    const statusChanged = target
      ? await applyStatus(
          trx,
          { ticketId, ...target, actorId: null, via: "github" },
          now,
          onStatusChange,
        )
      : false;
    return reply(200, { status: "applied", ticketId, outcome, statusChanged });
  });
}
