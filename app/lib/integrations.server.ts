import type { DB } from "#db/client";
import type { Env } from "./env.server";
import type { Locale } from "./i18n/locales";
import { k, type Msg } from "./i18n/messages";

// The integrations a lead sees on Settings → Integrations: one line each in INTEGRATIONS, and
// `recordIntegrationSuccess` / `recordIntegrationFailure` where the integration does its work.

export interface IntegrationDefinition {
  /** Stable key, also the integration_status row's name. */
  key: string;
  /** Its name, a message key (k()) shown in the reader's language. */
  label: string;
  /** Which variables turn it on, for the page's "not configured" hint. */
  variables: string[];
  configured: (env: Env) => boolean;
  /** "Send a test" on the page (e-mail and Slack). */
  testable?: "email" | "slack";
  /** "Sync now" on the page (GitHub). */
  syncable?: boolean;
  /** The one language its messages are written in (Slack's channel), shown on the page. */
  language?: (env: Env) => Locale;
}

/** Koan sends e-mail (invites, resets, the digest): SMTP_URL and MAIL_FROM are set. */
export const sendsMail = (env: Env) => Boolean(env.SMTP_URL && env.MAIL_FROM);

export const INTEGRATIONS: IntegrationDefinition[] = [
  {
    key: "email",
    label: k("core.integrations.name.email"),
    variables: ["SMTP_URL", "MAIL_FROM"],
    configured: sendsMail,
    testable: "email",
  },
  {
    key: "slack",
    label: k("core.integrations.name.slack"),
    variables: ["SLACK_WEBHOOK_URL"],
    configured: (env) => Boolean(env.SLACK_WEBHOOK_URL),
    testable: "slack",
    language: (env) => env.SLACK_LANGUAGE,
  },
  {
    key: "sso",
    label: k("core.integrations.name.sso"),
    variables: ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"],
    configured: (env) => Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET),
  },
  {
    key: "github",
    label: k("core.integrations.name.github"),
    variables: ["GITHUB_TOKEN", "GITHUB_REPOS"],
    configured: (env) => Boolean(env.GITHUB_TOKEN && env.GITHUB_REPOS.length > 0),
    syncable: true,
  },
  {
    // Deliveries GitHub sends (POST /webhooks/github): the last one taken, and the last refused
    // for its signature (the secret here and on GitHub differ).
    key: "github_webhook",
    label: k("core.integrations.name.githubWebhook"),
    variables: ["GITHUB_WEBHOOK_SECRET"],
    configured: (env) => Boolean(env.GITHUB_WEBHOOK_SECRET),
  },
];

/**
 * A remote server's or a library's words, kept short and without credentials (a URL's
 * user:password is cut): the detail quoted after Koan's own sentence.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\/\/[^/@\s]+@/g, "//…@").slice(0, 300);
}

export async function recordIntegrationSuccess(
  db: DB,
  name: string,
  now: Date = new Date(),
): Promise<void> {
  const iso = now.toISOString();
  await db
    .insertInto("integration_status")
    .values({ name, last_success_at: iso, last_error_at: null, last_error: null })
    .onConflict((oc) => oc.column("name").doUpdateSet({ last_success_at: iso }))
    .execute();
}

/**
 * `message` is Koan's sentence (k()), shown in the lead's language, with the remote words as a
 * value made by `describeError`.
 */
export async function recordIntegrationFailure(
  db: DB,
  name: string,
  message: Msg,
  now: Date = new Date(),
): Promise<void> {
  const iso = now.toISOString();
  await db
    .insertInto("integration_status")
    .values({ name, last_success_at: null, last_error_at: iso, last_error: message })
    .onConflict((oc) => oc.column("name").doUpdateSet({ last_error_at: iso, last_error: message }))
    .execute();
}

export interface IntegrationStatus {
  key: string;
  label: string;
  variables: string[];
  configured: boolean;
  testable: "email" | "slack" | null;
  syncable: boolean;
  language: Locale | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
}

/** Every registered integration with its last success and last error. */
export async function listIntegrationStatus(db: DB, env: Env): Promise<IntegrationStatus[]> {
  const rows = await db.selectFrom("integration_status").selectAll().execute();
  const byName = new Map(rows.map((r) => [r.name, r]));
  return INTEGRATIONS.map((i) => {
    const row = byName.get(i.key);
    return {
      key: i.key,
      label: i.label,
      variables: i.variables,
      configured: i.configured(env),
      testable: i.testable ?? null,
      syncable: i.syncable ?? false,
      language: i.language?.(env) ?? null,
      lastSuccessAt: row?.last_success_at ?? null,
      lastErrorAt: row?.last_error_at ?? null,
      lastError: row?.last_error ?? null,
    };
  });
}
