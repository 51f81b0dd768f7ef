import { createHash } from "node:crypto";
import { createCookie } from "@remix-run/node";
import * as client from "openid-client";
import { type DB, writeTransaction } from "#db/client";
import type { Role } from "#db/schema";
import { recordAudit } from "~/lib/audit.server";
import type { Env } from "~/lib/env.server";
import type { Locale } from "~/lib/i18n/locales";
import { k, type MessageKey, type Msg } from "~/lib/i18n/messages";
import {
  describeError,
  recordIntegrationFailure,
  recordIntegrationSuccess,
} from "~/lib/integrations.server";
import { logger } from "~/lib/logger.server";
import { addMinutes } from "~/lib/time";
import { createFirstLeadBySso } from "./first-lead.server";
import { acceptInviteBySso, findOpenInviteByEmail, nameForSso } from "./oidc-accounts.server";
import { hashToken } from "./tokens.server";
import { insertUser } from "./users.server";

// Single sign-on with OpenID Connect: the authorization code flow with PKCE, state and nonce.
// openid-client discovers the provider and checks the ID token (issuer, audience, expiry, nonce,
// and its signature through the provider's JWKS). Koan keeps one row per started sign-in, spent
// by the callback, and a cookie with the state that ties the callback to the browser that began.

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's label: "Sign in with <name>". */
  name: string;
  allowedDomains: readonly string[];
  /** APP_ORIGIN: the callback is `${appOrigin}/auth/oidc/callback`. */
  appOrigin: string;
  /** DIGEST_TIME_ZONE: a newcomer joining without a start date starts on today's date there. */
  defaultTimeZone?: string;
}

export function oidcSettings(env: Env): OidcSettings | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET || !env.APP_ORIGIN) {
    return null;
  }
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    name: env.OIDC_NAME,
    allowedDomains: env.OIDC_ALLOWED_DOMAINS,
    appOrigin: env.APP_ORIGIN.replace(/\/+$/, ""),
    defaultTimeZone: env.DIGEST_TIME_ZONE,
  };
}

export const CALLBACK_PATH = "/auth/oidc/callback";
/** How long a started sign-in may take at the provider. */
const LOGIN_MINUTES = 10;

// ---- the provider's configuration, discovered once ----

let discovered: { key: string; config: Promise<client.Configuration> } | undefined;

function providerConfig(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer} ${settings.clientId}`;
  if (discovered?.key !== key) {
    const insecure = new URL(settings.issuer).protocol === "http:"; // loopback only (env check)
    const config = client.discovery(
      new URL(settings.issuer),
      settings.clientId,
      undefined,
      client.ClientSecretBasic(settings.clientSecret),
      {
        timeout: 10,
        execute: [
          ...(insecure ? [client.allowInsecureRequests] : []),
          client.enableNonRepudiationChecks,
        ],
      },
    );
    discovered = { key, config };
    // A failed discovery is tried again by the next sign-in.
    config.catch(() => {
      if (discovered?.config === config) discovered = undefined;
    });
  }
  return discovered.config;
}

let stateCookie: ReturnType<typeof createCookie> | undefined;
/** The state of the sign-in this browser started; httpOnly, Lax (the callback is a top-level GET). */
export function oidcStateCookie(secure: boolean) {
  stateCookie ??= createCookie(secure ? "__Host-koan_oidc" : "koan_oidc", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: LOGIN_MINUTES * 60,
  });
  return stateCookie;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

// ---- starting ----

export type StartOidcResult =
  | { ok: true; authorizationUrl: string; state: string }
  | { ok: false; reason: "unavailable" };

/** Records a new sign-in and answers the provider's authorization URL to send the browser to. */
export async function startOidcLogin(
  db: DB,
  settings: OidcSettings,
  input: {
    redirectTo: string;
    inviteToken: string | null;
    /** Started on the first lead's setup page (PASSWORD_LOGIN=false): its link's token. */
    setupToken?: string | null;
  },
  now: Date = new Date(),
): Promise<StartOidcResult> {
  let config: client.Configuration;
  try {
    config = await providerConfig(settings);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger.warn("single sign-on: discovery failed", { error: message });
    // The lead's Integrations page says so, as it does for a provider down at the callback: the
    // person was only told to try again in a minute.
    await recordIntegrationFailure(
      db,
      "sso",
      k("core.integrations.error.ssoUnreachable", { detail: describeError(message) }),
      now,
    );
    return { ok: false, reason: "unavailable" };
  }
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  await db.deleteFrom("oidc_logins").where("expires_at", "<=", now.toISOString()).execute();
  await db
    .insertInto("oidc_logins")
    .values({
      state_hash: sha256(state),
      nonce,
      code_verifier: verifier,
      redirect_to: input.redirectTo,
      invite_token_hash: input.inviteToken ? hashToken(input.inviteToken) : null,
      setup_token_hash: input.setupToken ? hashToken(input.setupToken) : null,
      created_at: now.toISOString(),
      expires_at: addMinutes(now, LOGIN_MINUTES).toISOString(),
    })
    .execute();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${settings.appOrigin}${CALLBACK_PATH}`,
    scope: "openid email profile",
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { ok: true, authorizationUrl: url.href, state };
}

// ---- finishing ----

export type OidcRefusal =
  | "state"
  | "cancelled"
  | "token"
  | "unavailable"
  | "unverified"
  | "no_account"
  | "deactivated"
  | "invite"
  | "setup";

export type FinishOidcResult =
  | { ok: true; userId: number; role: Role; redirectTo: string | null; joined: boolean }
  | { ok: false; reason: OidcRefusal };

/** What the log-in page says for each refusal (`/login?sso=<reason>`), as a message key (k()). */
export function oidcRefusalMessage(reason: string, providerName: string): Msg | null {
  const keys: Record<OidcRefusal, MessageKey> = {
    state: "core.sso.refusal.state",
    cancelled: "core.sso.refusal.cancelled",
    token: "core.sso.refusal.token",
    unavailable: "core.sso.refusal.unavailable",
    unverified: "core.sso.refusal.unverified",
    no_account: "core.sso.refusal.noAccount",
    deactivated: "core.sso.refusal.deactivated",
    invite: "core.sso.refusal.invite",
    setup: "core.sso.refusal.setup",
  };
  return Object.hasOwn(keys, reason)
    ? k(keys[reason as OidcRefusal], { provider: providerName })
    : null;
}

/**
 * Completes a sign-in at the callback: spends its row (a replayed state finds none), lets
 * openid-client exchange the code and check the ID token, then matches the verified e-mail to an
 * active account, an open invite, or an allowed domain (a newcomer). A new account keeps
 * `locale`, the language of the pages the person came from, as accepting an invite does.
 */
export async function finishOidcLogin(
  db: DB,
  settings: OidcSettings,
  input: { callbackUrl: URL; cookieState: string | null; locale?: Locale | null },
  now: Date = new Date(),
): Promise<FinishOidcResult> {
  const state = input.callbackUrl.searchParams.get("state");
  if (!state || !input.cookieState || state !== input.cookieState) {
    return { ok: false, reason: "state" };
  }
  const login = await db
    .deleteFrom("oidc_logins")
    .where("state_hash", "=", sha256(state))
    .returningAll()
    .executeTakeFirst();
  if (!login || login.expires_at <= now.toISOString()) return { ok: false, reason: "state" };
  if (input.callbackUrl.searchParams.has("error")) return { ok: false, reason: "cancelled" };

  let claims: Record<string, unknown> | undefined;
  try {
    const config = await providerConfig(settings);
    const tokens = await client.authorizationCodeGrant(config, input.callbackUrl, {
      pkceCodeVerifier: login.code_verifier,
      expectedState: state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error("the token response has no ID token");
    claims = { ...idToken };
    // Providers that follow the spec strictly put scope claims in UserInfo, not the ID token.
    if (typeof idToken.email !== "string") {
      const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...info, ...idToken };
    }
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // A provider that is down is not a token Koan refused: the person is told to try again in a
    // minute, not to tell their lead that an answer could not be verified.
    const unreachable = providerUnreachable(error);
    logger.warn(
      unreachable
        ? "single sign-on: the provider did not answer"
        : "single sign-on: the provider's answer was refused",
      { error: message },
    );
    await recordIntegrationFailure(
      db,
      "sso",
      k(
        unreachable
          ? "core.integrations.error.ssoUnreachable"
          : "core.integrations.error.ssoRefused",
        { detail: describeError(message) },
      ),
      now,
    );
    return { ok: false, reason: unreachable ? "unavailable" : "token" };
  }
  const email = typeof claims?.email === "string" ? claims.email.trim() : "";
  if (!email || claims?.email_verified !== true) return { ok: false, reason: "unverified" };
  const name = typeof claims.name === "string" ? claims.name : null;

  const result = await signInByEmail(
    db,
    settings,
    { email, name, login, locale: input.locale ?? null },
    now,
  );
  if (result.ok) await recordIntegrationSuccess(db, "sso", now);
  return result;
}

/**
 * Whether a failed code exchange is the provider not answering (no connection, a timeout, a 5xx)
 * rather than an answer Koan refused (a bad token, an OAuth error).
 */
function providerUnreachable(error: unknown): boolean {
  // fetch's own failure: refused, reset, unknown host.
  if (error instanceof TypeError && error.message === "fetch failed") return true;
  const e = error as { code?: unknown; status?: unknown; cause?: unknown };
  if (e.code === "OAUTH_TIMEOUT" || e.code === "OAUTH_ABORT") return true;
  // openid-client's errors carry the answer's status (a JSON error body) or the answer itself.
  const status =
    typeof e.status === "number" ? e.status : e.cause instanceof Response ? e.cause.status : null;
  return status !== null && status >= 500;
}

async function signInByEmail(
  db: DB,
  settings: OidcSettings,
  input: {
    email: string;
    name: string | null;
    login: {
      redirect_to: string;
      invite_token_hash: string | null;
      setup_token_hash: string | null;
    };
    locale: Locale | null;
  },
  now: Date,
): Promise<FinishOidcResult> {
  const { email, login } = input;
  if (login.setup_token_hash) {
    // The first lead, with the address the provider vouches for. A link spent meanwhile (this
    // lead pressing twice, or anyone else first) goes on as an ordinary sign-in.
    const made = await createFirstLeadBySso(
      db,
      {
        tokenHash: login.setup_token_hash,
        name: nameForSso([input.name], email),
        email,
        locale: input.locale,
      },
      now,
    );
    if (made.ok) {
      return { ok: true, userId: made.userId, role: "lead", redirectTo: "/team", joined: true };
    }
    if (made.reason === "invalid") return { ok: false, reason: "setup" };
  }
  const user = await db
    .selectFrom("users")
    .select(["id", "role", "status"])
    .where("email", "=", email) // the column is COLLATE NOCASE
    .executeTakeFirst();
  if (user) {
    if (user.status !== "active") return { ok: false, reason: "deactivated" };
    return {
      ok: true,
      userId: user.id,
      role: user.role,
      redirectTo: login.redirect_to,
      joined: false,
    };
  }

  const invite = await findOpenInviteByEmail(db, email, now);
  if (login.invite_token_hash && invite?.tokenHash !== login.invite_token_hash) {
    return { ok: false, reason: "invite" };
  }
  if (invite) {
    const accepted = await acceptInviteBySso(
      db,
      {
        invite,
        fallbackName: input.name,
        locale: input.locale,
        defaultTimeZone: settings.defaultTimeZone,
      },
      now,
    );
    if (!accepted) return { ok: false, reason: "invite" };
    return { ok: true, ...accepted, redirectTo: null, joined: true };
  }

  const domain = email.toLowerCase().split("@").at(-1) ?? "";
  if (!settings.allowedDomains.includes(domain)) return { ok: false, reason: "no_account" };
  const userId = await writeTransaction(db, async (trx) => {
    const id = await insertUser(
      trx,
      {
        email,
        name: nameForSso([input.name], email),
        role: "newcomer",
        passwordHash: null,
        startDate: null,
        capacity: null,
        locale: input.locale,
        defaultTimeZone: settings.defaultTimeZone,
      },
      now,
    );
    await recordAudit(
      trx,
      {
        actorId: id,
        action: "user.joined_by_sso",
        subjectType: "user",
        subjectId: id,
        data: { email, domain },
      },
      now,
    );
    return id;
  });
  return { ok: true, userId, role: "newcomer", redirectTo: null, joined: true };
}
