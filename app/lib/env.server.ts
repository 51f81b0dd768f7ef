import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_LOCALE, LOCALES } from "./i18n/locales";
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from "./time-zone";

const bool = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

const positiveInt = (max: number) =>
  z.coerce
    .number({ message: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`);

/** Express's names for address ranges, accepted in a TRUST_PROXY list. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies' X-Forwarded-* headers are believed, in Express's `trust proxy` terms: `false`
 * (none: the default), a hop count (`1`: the one proxy in front of Koan), or a list of proxy
 * addresses and CIDR ranges (`10.0.0.0/8,127.0.0.1`). `true` (trust every hop, so any client can
 * pick its own address with X-Forwarded-For) is still taken, with a warning at start.
 */
const trustProxy = z.string().transform((raw, ctx): boolean | number | string[] => {
  const value = raw.trim();
  if (value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 10) return hops === 0 ? false : hops;
  }
  const entries = value
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isProxyAddress(e));
  if (entries.length && !bad.length) return entries;
  ctx.addIssue({
    code: "custom",
    message: `must be false, a hop count such as 1, or proxy addresses/CIDRs such as 10.0.0.0/8,127.0.0.1${bad.length ? ` (not an address: ${bad.join(", ")})` : ""}`,
  });
  return z.NEVER;
});

/** https, or plain http to this machine (a local receiver in tests). */
function isHttpsOrLoopback(value: string): boolean {
  const url = new URL(value);
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_PATH: z.string().min(1).default("./data/koan.db"),
  /** Optional cap on the database file's size; writes beyond it answer 503, like a full disk. */
  DATABASE_MAX_MB: positiveInt(1_000_000).optional(),
  SEED_ON_EMPTY: bool.default(true),
  SECURE_COOKIES: bool.optional(),
  APP_ORIGIN: z.url({ message: "must be a URL such as https://koan.example.com" }).optional(),
  TRUST_PROXY: trustProxy.default(false),
  SESSION_IDLE_DAYS: positiveInt(365).default(7),
  SESSION_MAX_DAYS: positiveInt(365).default(30),
  INVITE_DAYS: positiveInt(90).default(7),
  LOGIN_MAX_FAILURES: positiveInt(1000).default(10),
  LOGIN_WINDOW_MINUTES: positiveInt(1440).default(15),
  /** Failed logins from one client address (any accounts) before it must wait. */
  LOGIN_ADDRESS_MAX_FAILURES: positiveInt(100_000).default(100),
  /** How long a lead's password-reset link stays valid. */
  RESET_HOURS: positiveInt(720).default(24),
  GITHUB_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  STARTER_LABELS: z
    .string()
    .default("good first issue,starter")
    .transform((v) =>
      v
        .split(",")
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
    ),
  MAX_ACTIVE_ASSIGNMENTS: positiveInt(20).default(1),
  /** Days without checkpoint progress after which a claim is released (the ticket back in the queue). */
  RELEASE_AFTER_DAYS: positiveInt(365).default(14),
  STUCK_WORKING_DAYS: positiveInt(60).default(3),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** E-mail: `smtp://user:pass@host:587` or `smtps://…:465`. Unset: Koan sends no e-mail. */
  SMTP_URL: z
    .url({ message: "must be a URL such as smtp://user:pass@mail.example.com:587" })
    .refine((v) => /^smtps?:\/\//i.test(v), "must start with smtp:// or smtps://")
    .optional(),
  /** The sender of Koan's e-mail: `Koan <koan@example.com>`. Needed with SMTP_URL. */
  MAIL_FROM: z
    .string()
    .max(200)
    .refine((v) => /^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(v.trim()), {
      message: "must be an address such as koan@example.com or Koan <koan@example.com>",
    })
    .optional(),
  /** A Slack incoming webhook. Unset: Koan posts nothing to Slack. */
  SLACK_WEBHOOK_URL: z
    .url({ message: "must be a URL such as https://hooks.slack.com/services/…" })
    .refine(isHttpsOrLoopback, "must be https (http only to 127.0.0.1 or localhost)")
    .optional(),
  /** The language of Koan's Slack messages: the channel is the team's, not one person's. */
  SLACK_LANGUAGE: z.enum(LOCALES, { message: "must be en or ko" }).default(DEFAULT_LOCALE),
  /** The organisation's time zone, for people who chose none: their digest's 07:00 and dates. */
  DIGEST_TIME_ZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .transform((v, ctx) => {
      const zone = canonicalTimeZone(v);
      if (zone) return zone;
      ctx.addIssue({ code: "custom", message: "must be an IANA time zone such as Asia/Seoul" });
      return z.NEVER;
    }),
  /** Serves /bench/floor, the smallest page of this build, for `npm run bench`. */
  BENCH_ROUTES: bool.default(false),
  // Single sign-on (OpenID Connect): off unless OIDC_ISSUER is set.
  OIDC_ISSUER: z
    .url({ message: "must be a URL such as https://login.example.com" })
    .refine(
      (v) => isHttpsOrLoopback(v),
      "must be https (http only for a loopback address such as http://127.0.0.1:9000)",
    )
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  OIDC_NAME: z.string().trim().min(1).max(60).default("single sign-on"),
  OIDC_ALLOWED_DOMAINS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
        .filter(Boolean),
    ),
  PASSWORD_LOGIN: bool.default(true),
  // GitHub pull sync: off unless GITHUB_TOKEN and GITHUB_REPOS are set.
  GITHUB_TOKEN: z.string().min(1).max(500).optional(),
  GITHUB_REPOS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .refine(
      (repos) => repos.every((r) => /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(r)),
      "must be owner/name pairs separated by commas",
    ),
  GITHUB_API_URL: z
    .url({ message: "must be a URL such as https://github.example.com/api/v3" })
    .default("https://api.github.com")
    .transform((v) => v.replace(/\/+$/, "")),
});

export type Env = z.infer<typeof schema> & { SECURE_COOKIES: boolean };

/** Reads and checks the environment; throws one message naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) =>
        `  ${issue.path.join(".")}: ${issue.message} (got ${JSON.stringify(cleaned[String(issue.path[0])])})`,
    );
    throw new Error(`Koan cannot start: invalid environment variable(s)\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (env.SESSION_IDLE_DAYS > env.SESSION_MAX_DAYS) {
    throw new Error(
      "Koan cannot start: invalid environment variable(s)\n  SESSION_IDLE_DAYS: must not exceed SESSION_MAX_DAYS",
    );
  }
  const problems = [
    env.SMTP_URL && !env.MAIL_FROM ? "  MAIL_FROM: required when SMTP_URL is set" : null,
    (env.SMTP_URL || env.SLACK_WEBHOOK_URL) && !env.APP_ORIGIN
      ? "  APP_ORIGIN: required when SMTP_URL or SLACK_WEBHOOK_URL is set (links in messages use it)"
      : null,
    ...integrationProblems(env),
  ].filter(Boolean);
  if (problems.length) {
    throw new Error(`Koan cannot start: invalid environment variable(s)\n${problems.join("\n")}`);
  }
  return { ...env, SECURE_COOKIES: env.SECURE_COOKIES ?? env.NODE_ENV === "production" };
}

/** Variables that only make sense together, and the one setting that could lock everyone out. */
function integrationProblems(env: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    problems.push(
      "  OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three for single sign-on, or none",
    );
  }
  if (env.OIDC_ISSUER && !env.APP_ORIGIN) {
    problems.push(
      "  APP_ORIGIN: required with OIDC_ISSUER (the provider sends people back to APP_ORIGIN/auth/oidc/callback)",
    );
  }
  if (!env.PASSWORD_LOGIN && !oidc.every(Boolean)) {
    problems.push(
      "  PASSWORD_LOGIN: false would leave no way in: configure single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET) first",
    );
  }
  // A GITHUB_TOKEN alone (say, from a developer's shell) leaves the sync off.
  if (env.GITHUB_REPOS.length > 0 && !env.GITHUB_TOKEN) {
    problems.push(
      "  GITHUB_TOKEN: required with GITHUB_REPOS (a token that can read their issues)",
    );
  }
  return problems;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
