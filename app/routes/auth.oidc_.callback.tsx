import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { homePathFor, localeFor, requestLocale, startSession } from "~/auth/current-user.server";
import { CALLBACK_PATH, finishOidcLogin, oidcSettings, oidcStateCookie } from "~/auth/oidc.server";
import { clientIpOf } from "~/lib/context";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { errorPage } from "~/lib/error-page.server";
import { safeRedirectPath } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";

// GET /auth/oidc/callback: where the provider sends the browser back. Every refusal lands on
// the log-in page with a message; a success starts a session like a password log-in.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = getEnv();
  const settings = oidcSettings(env);
  if (!settings) throw errorPage(await requestLocale(request), 404, k("core.sso.notConfigured"));
  const cookie = oidcStateCookie(env.SECURE_COOKIES);
  const cookieState: unknown = await cookie.parse(request.headers.get("Cookie"));
  const url = new URL(request.url);
  const result = await finishOidcLogin(db, settings, {
    callbackUrl: new URL(`${CALLBACK_PATH}${url.search}`, settings.appOrigin),
    cookieState: typeof cookieState === "string" ? cookieState : null,
    // Nobody is signed in yet: the language of the log-in or invite page they came from.
    locale: localeFor(request, null),
  });
  const clear = await cookie.serialize("", { maxAge: 0 });
  if (!result.ok) {
    return redirect(`/login?sso=${result.reason}`, { headers: { "Set-Cookie": clear } });
  }
  const response = await startSession(request, {
    userId: result.userId,
    ip: clientIpOf(context),
    redirectTo: safeRedirectPath(result.redirectTo, homePathFor(result.role)),
  });
  response.headers.append("Set-Cookie", clear);
  return response;
}
