import { redirect } from "@remix-run/node";
import type { Role } from "#db/schema";
import { memoized } from "~/lib/context";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import {
  forbidden,
  forbiddenKeeping,
  forbiddenNotImported,
  sentFileName,
  typedText,
} from "~/lib/http.server";
import { LOCALE_PARAM, type Locale, localeCookieFrom, pickLocale } from "~/lib/i18n/locales";
import { zoneOr } from "~/lib/time-zone";
import { can, type PageAction, refusal } from "./policies";
import { createSession, endSession, findSessionUser, type SessionUser } from "./sessions.server";
import { siteCookie } from "./site-cookie.server";

function sessionPolicy() {
  const env = getEnv();
  return { idleDays: env.SESSION_IDLE_DAYS, maxDays: env.SESSION_MAX_DAYS };
}

/** httpOnly, SameSite=Lax; with SECURE_COOKIES (the production default) Secure and `__Host-`. */
export const sessionCookie = siteCookie("koan_session");

async function tokenFrom(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 && value.length < 200 ? value : null;
}

async function lookUpUser(request: Request): Promise<SessionUser | null> {
  const token = await tokenFrom(request);
  return token ? findSessionUser(db, token, sessionPolicy()) : null;
}

/**
 * The time zone a person's dates and digest follow: their own (Settings), else the organisation's
 * (DIGEST_TIME_ZONE, UTC unless set).
 */
export function personTimeZone(user: { timeZone?: string | null } | null): string {
  return zoneOr(user?.timeZone, getEnv().DIGEST_TIME_ZONE);
}

/** The signed-in user or null; looked up once per page request (root and page loaders ask). */
export function getUser(request: Request): Promise<SessionUser | null> {
  return memoized(request, "user", () => lookUpUser(request));
}

/**
 * The language of this request's pages: the person's setting, else the login page's switch
 * (a cookie), else the link's `?lang=`, else the browser's Accept-Language, else English.
 */
export async function requestLocale(request: Request): Promise<Locale> {
  return localeFor(request, await getUser(request));
}

/**
 * The language of this request for a user already looked up (an action's `requireUser`), without
 * a second session lookup: actions have no per-request memo.
 */
export function localeFor(request: Request, user: { locale?: string | null } | null): Locale {
  return pickLocale({
    userLocale: user?.locale,
    cookie: localeCookieFrom(request.headers.get("Cookie")),
    requested: new URL(request.url).searchParams.get(LOCALE_PARAM),
    acceptLanguage: request.headers.get("Accept-Language"),
  });
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  const query = back === "/" ? "" : `?${new URLSearchParams({ redirectTo: back })}`;
  return redirect(`/login${query}`);
}

/** The signed-in user; anonymous visitors go to /login and come back after. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) throw loginRedirect(request);
  return user;
}

/**
 * The signed-in user when the policies let them do `action` (a page-level action such as
 * "viewCohorts"); otherwise a friendly 403 that says who it is for.
 */
export async function requirePermission(
  request: Request,
  action: PageAction,
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, action)) throw forbidden(refusal(user, action));
  return user;
}

/**
 * As `requirePermission`, for a form's action: when the role changed since the page was drawn, the
 * 403 also shows what they had typed in `fields` (field name → its label, a message key).
 */
export async function requirePermissionKeeping(
  request: Request,
  action: PageAction,
  formData: FormData,
  fields: Readonly<Record<string, string>>,
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, action))
    throw forbiddenKeeping(refusal(user, action), typedText(formData, fields));
  return user;
}

/**
 * As `requirePermission`, for an import's forms (the upload, and the import of what it previewed):
 * when the role changed since the page was drawn, the 403 also names the file that was not
 * imported, so that the person knows which one to bring back.
 */
export async function requirePermissionImporting(
  request: Request,
  action: PageAction,
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, action))
    throw forbiddenNotImported(refusal(user, action), await sentFileName(request));
  return user;
}

export function homePathFor(role: Role): string {
  return role === "newcomer" ? "/onboarding" : role === "mentor" ? "/mentoring" : "/team";
}

/** Starts a fresh session (a new id at every login) and redirects with its cookie. */
export async function startSession(
  request: Request,
  input: { userId: number; ip: string | null; redirectTo: string },
) {
  const old = await tokenFrom(request);
  if (old) await endSession(db, old);
  const { token, expiresAt } = await createSession(
    db,
    { userId: input.userId, ip: input.ip, userAgent: request.headers.get("User-Agent") },
    sessionPolicy(),
  );
  return redirect(input.redirectTo, {
    headers: { "Set-Cookie": await sessionCookie().serialize(token, { expires: expiresAt }) },
  });
}

export async function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Ends this device's session. */
export async function logout(request: Request, redirectTo = "/login") {
  const token = await tokenFrom(request);
  if (token) await endSession(db, token);
  return redirect(redirectTo, { headers: { "Set-Cookie": await clearSessionCookie() } });
}
