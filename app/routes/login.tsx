import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getUser, homePathFor, startSession } from "~/auth/current-user.server";
import { attemptLogin } from "~/auth/login.server";
import { oidcRefusalMessage, oidcSettings } from "~/auth/oidc.server";
import { wait } from "~/auth/throttle.server";
import { clientIpOf } from "~/lib/context";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { emailField } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { readForm, safeRedirectPath } from "~/lib/http.server";
import { Field, FormMessage, SubmitButton } from "~/ui/form";
import { useT } from "~/ui/i18n";
import { LanguageForm } from "~/ui/language-form";
import { SsoButton } from "~/ui/sso-button";

export const meta: MetaFunction = () => [{ title: "Log in · Koan" }];

/** Passes the action's Retry-After on to the page when logins are rate-limited. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

const schema = z.object({
  email: emailField,
  password: z.string({ message: "Enter your password." }).min(1, "Enter your password.").max(1024),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const url = new URL(request.url);
  if (user)
    throw redirect(safeRedirectPath(url.searchParams.get("redirectTo"), homePathFor(user.role)));
  const env = getEnv();
  const sso = oidcSettings(env);
  const ssoReason = url.searchParams.get("sso");
  return {
    loggedOut: url.searchParams.get("loggedOut"),
    passwordReset: url.searchParams.has("passwordReset"),
    ssoName: sso?.name ?? null,
    ssoError: sso && ssoReason ? oidcRefusalMessage(ssoReason, sso.name) : null,
    passwordLogin: env.PASSWORD_LOGIN,
  };
}

function waitPhrase(seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "in a minute" : `in ${minutes} minutes`;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const env = getEnv();
  if (!env.PASSWORD_LOGIN) {
    const message = "Password log-in is turned off here: use single sign-on.";
    return data(failure(formData, {}, message), { status: 403 });
  }
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const ip = clientIpOf(context);
  const result = await attemptLogin(
    db,
    { email: parsed.data.email, password: parsed.data.password, ip },
    {
      maxFailures: env.LOGIN_MAX_FAILURES,
      addressMaxFailures: env.LOGIN_ADDRESS_MAX_FAILURES,
      windowMinutes: env.LOGIN_WINDOW_MINUTES,
    },
    new Date(),
    // Waiting out an account's delay costs nothing: it must not hold one of the few places of
    // requests being worked on at once, or a burst of slowed log-ins would stall every page.
    (ms) => {
      context.leaveAdmission?.();
      return wait(ms);
    },
  );
  if (!result.ok && result.reason === "rate_limited") {
    return data(
      failure(
        formData,
        {},
        `Too many failed attempts from this network. Try again ${waitPhrase(result.retryAfterSeconds)}.`,
      ),
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (!result.ok) {
    return data(failure(formData, {}, "That e-mail and password don't match an active account."), {
      status: 400,
    });
  }
  return startSession(request, {
    userId: result.user.id,
    ip,
    redirectTo: safeRedirectPath(parsed.data.redirectTo, homePathFor(result.user.role)),
  });
}

export default function Login() {
  const { loggedOut, passwordReset, ssoName, ssoError, passwordLogin } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { locale } = useT();
  const [searchParams] = useSearchParams();
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  const values = actionData && "values" in actionData ? actionData.values : {};
  const formError = actionData && "formError" in actionData ? actionData.formError : undefined;
  if (!passwordLogin && ssoName) {
    return (
      <div className="page narrow auth-page">
        <h1>Log in to Koan</h1>
        {loggedOut ? <FormMessage tone="success">You are logged out.</FormMessage> : null}
        {ssoError ? <FormMessage tone="error">{ssoError}</FormMessage> : null}
        <SsoButton providerName={ssoName} redirectTo={searchParams.get("redirectTo") ?? ""} />
        <LanguageForm current={locale} allowAuto={false} />
      </div>
    );
  }
  return (
    <div className="page narrow auth-page">
      <h1>Log in to Koan</h1>
      <p className="lede">Learn the codebase by fixing real tickets, with a mentor beside you.</p>
      {loggedOut === "everywhere" ? (
        <FormMessage tone="success">You are logged out on every device.</FormMessage>
      ) : loggedOut ? (
        <FormMessage tone="success">You are logged out.</FormMessage>
      ) : passwordReset ? (
        <FormMessage tone="success">
          Your new password is set, and you are logged out everywhere. Log in with it.
        </FormMessage>
      ) : null}
      {formError ? <FormMessage tone="error">{formError}</FormMessage> : null}
      {ssoError ? <FormMessage tone="error">{ssoError}</FormMessage> : null}
      {ssoName ? (
        <SsoButton providerName={ssoName} redirectTo={searchParams.get("redirectTo") ?? ""} />
      ) : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={values.email}
          error={errors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <SubmitButton pendingLabel="Logging in…">Log in</SubmitButton>
      </Form>
      <p className="muted">
        No account yet? Koan is invite-only: ask your onboarding lead for a link.
      </p>
      <LanguageForm current={locale} allowAuto={false} />
    </div>
  );
}
