import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { z } from "zod";
import { oidcSettings, oidcStateCookie, startOidcLogin } from "~/auth/oidc.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { readForm, safeRedirectPath } from "~/lib/http.server";

// POST /auth/oidc: "Sign in with …" on the log-in, invite and first lead's setup pages. Sends
// the browser to the provider with a fresh state, nonce and PKCE challenge.

const schema = z.object({
  redirectTo: z.string().max(2000).optional(),
  invite: z.string().max(200).optional(),
  /** The first lead's setup link's token (its page, with password log-in off). */
  setup: z.string().max(200).optional(),
});

export async function loader() {
  return redirect("/login");
}

export async function action({ request }: ActionFunctionArgs) {
  const env = getEnv();
  const settings = oidcSettings(env);
  if (!settings) return redirect("/login");
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  const input = parsed.success ? parsed.data : {};
  const result = await startOidcLogin(db, settings, {
    redirectTo: safeRedirectPath(input.redirectTo, ""),
    inviteToken: input.invite || null,
    setupToken: input.setup || null,
  });
  if (!result.ok) return redirect(`/login?sso=${result.reason}`);
  return redirect(result.authorizationUrl, {
    headers: {
      "Set-Cookie": await oidcStateCookie(env.SECURE_COOKIES).serialize(result.state),
    },
  });
}
