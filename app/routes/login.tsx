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
import { hasNoAccounts } from "~/auth/first-lead.server";
import { takeKeptFields } from "~/auth/kept-fields.server";
import { attemptLogin } from "~/auth/login.server";
import { oidcRefusalMessage, oidcSettings } from "~/auth/oidc.server";
import { wait } from "~/auth/throttle.server";
import { clientIpOf } from "~/lib/context";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { emailField } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { readForm, safeRedirectPath } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { Field, FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, useT } from "~/ui/i18n";
import { LanguageForm } from "~/ui/language-form";
import { SsoButton, SsoThenPassword } from "~/ui/sso-button";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "core.login.title");

/**
 * Passes the action's Retry-After on to the page when logins are rate-limited, and the loader's
 * cookie forgetting the e-mail kept across a language switch.
 */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  for (const cookie of loaderHeaders.getSetCookie()) headers.append("Set-Cookie", cookie);
  return headers;
};

/** The log-in form's id: the language switch belongs to it, and keeps its e-mail. */
const LOGIN_FORM = "login-form";

const schema = z.object({
  email: emailField,
  password: z
    .string({ message: k("core.login.passwordRequired") })
    .min(1, k("core.login.passwordRequired"))
    .max(1024),
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
  // The e-mail typed before switching the page's language.
  const { kept, clear } = await takeKeptFields(request);
  return data(
    {
      loggedOut: url.searchParams.get("loggedOut"),
      passwordReset: url.searchParams.has("passwordReset"),
      ssoName: sso?.name ?? null,
      ssoError: sso && ssoReason ? oidcRefusalMessage(ssoReason, sso.name) : null,
      passwordLogin: env.PASSWORD_LOGIN,
      keptEmail: kept.email ?? null,
      /** Nobody has an account yet (SEED_ON_EMPTY=false): the page says how the first lead begins. */
      noAccounts: await hasNoAccounts(db),
    },
    clear ? { headers: { "Set-Cookie": clear } } : undefined,
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const env = getEnv();
  if (!env.PASSWORD_LOGIN) {
    const message = k("core.login.passwordOff");
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
        k("core.login.rateLimited", {
          minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)),
        }),
      ),
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (!result.ok) {
    return data(failure(formData, {}, k("core.login.noMatch")), {
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
  const { loggedOut, passwordReset, ssoName, ssoError, passwordLogin, keptEmail, noAccounts } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { locale, t } = useT();
  const firstSteps = noAccounts ? (
    <p className="notice" role="status">
      {t("core.login.empty")}
    </p>
  ) : null;
  const [searchParams] = useSearchParams();
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  const values = actionData && "values" in actionData ? actionData.values : {};
  const formError = actionData && "formError" in actionData ? actionData.formError : undefined;
  if (!passwordLogin && ssoName) {
    return (
      <div className="page narrow auth-page">
        <h1>{t("core.login.heading")}</h1>
        {firstSteps}
        {loggedOut ? <FormMessage tone="success">{t("core.login.loggedOut")}</FormMessage> : null}
        {formError ? <FormMessage tone="error">{formError}</FormMessage> : null}
        {ssoError ? <FormMessage tone="error">{ssoError}</FormMessage> : null}
        <SsoButton providerName={ssoName} redirectTo={searchParams.get("redirectTo") ?? ""} />
        <LanguageForm current={locale} allowAuto={false} />
      </div>
    );
  }
  return (
    <div className="page narrow auth-page">
      <h1>{t("core.login.heading")}</h1>
      <p className="lede">{t("core.login.lede")}</p>
      {firstSteps}
      {loggedOut === "everywhere" ? (
        <FormMessage tone="success">{t("core.login.loggedOutEverywhere")}</FormMessage>
      ) : loggedOut ? (
        <FormMessage tone="success">{t("core.login.loggedOut")}</FormMessage>
      ) : passwordReset ? (
        <FormMessage tone="success">{t("core.login.passwordReset")}</FormMessage>
      ) : null}
      {formError ? <FormMessage tone="error">{formError}</FormMessage> : null}
      {ssoError ? <FormMessage tone="error">{ssoError}</FormMessage> : null}
      {ssoName ? (
        <SsoThenPassword
          providerName={ssoName}
          redirectTo={searchParams.get("redirectTo") ?? ""}
          orPassword={t("core.login.orPassword")}
        />
      ) : null}
      {/* A whole-page load after signing in: the next page comes in the person's own language. */}
      <Form id={LOGIN_FORM} method="post" className="stack" noValidate reloadDocument>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          label={t("core.login.email")}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={values.email ?? keptEmail}
          error={errors.email}
        />
        <Field
          label={t("core.login.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
        />
        {/* With the provider's button above, that one is the page's primary action. */}
        <SubmitButton
          pendingLabel={t("core.login.submitting")}
          variant={ssoName ? "secondary" : "primary"}
        >
          {t("core.login.submit")}
        </SubmitButton>
      </Form>
      <p className="muted">{t("core.login.forgot")}</p>
      <p className="muted">{t("core.login.noAccount")}</p>
      <LanguageForm current={locale} allowAuto={false} joins={LOGIN_FORM} />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
