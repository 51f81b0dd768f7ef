import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { localeFor, startSession } from "~/auth/current-user.server";
import { createFirstLead, findFirstLeadSetup } from "~/auth/first-lead.server";
import { takeKeptFields } from "~/auth/kept-fields.server";
import { refusedLinkAttempt } from "~/auth/link-attempts.server";
import { oidcSettings } from "~/auth/oidc.server";
import { clientIpOf } from "~/lib/context";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { emailField, newPasswordField, requiredText } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { k, type MessageKey } from "~/lib/i18n/messages";
import { NAME_MAX } from "~/lib/names";
import { Field, FormMessage, NewPasswordFields, SubmitButton } from "~/ui/form";
import { pageTitle, useT } from "~/ui/i18n";
import { LanguageForm } from "~/ui/language-form";
import { SsoButton, SsoThenPassword } from "~/ui/sso-button";

// The first lead of an instance started without the demo (SEED_ON_EMPTY=false): the server logs
// this page's one-time link at start while nobody has an account (app/auth/first-lead.server.ts).

/** A spent or unknown setup link's title says so, as its heading does. */
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data?.closed ? "core.setup.unusable" : "core.setup.title");

/** The action's Retry-After, and the loader's cookie forgetting what a language switch kept. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  for (const cookie of loaderHeaders.getSetCookie()) headers.append("Set-Cookie", cookie);
  return headers;
};

const SETUP_FORM = "setup-form";

const CLOSED: Record<"done" | "invalid", MessageKey> = {
  done: "core.setup.closed.done",
  invalid: "core.setup.closed.invalid",
};

const withPassword = z
  .object({
    name: requiredText("Your name", NAME_MAX),
    email: emailField,
    password: newPasswordField,
    confirm: z.string({ message: k("core.invite.confirmRequired") }),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: k("core.invite.passwordsDiffer"),
  });

function signInOptions() {
  const env = getEnv();
  return { ssoName: oidcSettings(env)?.name ?? null, passwordLogin: env.PASSWORD_LOGIN };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const state = await findFirstLeadSetup(db, params.token ?? "");
  if (state !== "open") {
    return data(
      { closed: k(CLOSED[state]), ...signInOptions() },
      { status: state === "done" ? 410 : 404 },
    );
  }
  // The name and e-mail typed before switching the page's language (never the password).
  const { kept, clear } = await takeKeptFields(request);
  return data(
    // With password log-in off, the page's button starts single sign-on carrying the token.
    { closed: null, ...signInOptions(), kept, token: params.token ?? "" },
    clear ? { headers: { "Set-Cookie": clear } } : undefined,
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  // Guessing at setup links costs a lookup each: the same allowance as invite links.
  const refused = await refusedLinkAttempt("setup", formData, context);
  if (refused) return refused;
  // With password log-in off, the lead is made at the end of single sign-on (the page's button),
  // from the provider's verified address: an address typed here could lock everyone out.
  if (!signInOptions().passwordLogin) {
    return data(failure(formData, {}, k("core.login.passwordOff")), { status: 403 });
  }
  const parsed = parseForm(withPassword, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await createFirstLead(db, {
    token: params.token ?? "",
    name: parsed.data.name,
    email: parsed.data.email,
    password: parsed.data.password,
    // The language this page was read in: the lead's, until they change it in Settings.
    locale: localeFor(request, null),
  });
  if (!result.ok) {
    return data(failure(formData, {}, k(CLOSED[result.reason])), {
      status: result.reason === "done" ? 410 : 404,
    });
  }
  return startSession(request, {
    userId: result.userId,
    ip: clientIpOf(context),
    redirectTo: "/team",
  });
}

export default function FirstLeadSetup() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, msg, locale } = useT();
  if (loaderData.closed) {
    return (
      <div className="page narrow">
        <h1>{t("core.setup.unusable")}</h1>
        <p>{msg(loaderData.closed)}</p>
        <p>
          <Link to="/login">{t("core.invite.toLogin")}</Link>
        </p>
      </div>
    );
  }
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  const values = actionData && "values" in actionData ? actionData.values : {};
  const formError = actionData && "formError" in actionData ? actionData.formError : undefined;
  if (!loaderData.passwordLogin && loaderData.ssoName && "token" in loaderData) {
    return (
      <div className="page narrow auth-page">
        <h1>{t("core.setup.heading")}</h1>
        <p className="lede">{t("core.setup.lede")}</p>
        {formError ? <FormMessage tone="error">{formError}</FormMessage> : null}
        <p>{t("core.setup.ssoHelp", { provider: loaderData.ssoName })}</p>
        <SsoButton providerName={loaderData.ssoName} setupToken={loaderData.token} />
        <p className="muted">{t("core.setup.once")}</p>
        <LanguageForm current={locale} allowAuto={false} />
      </div>
    );
  }
  return (
    <div className="page narrow auth-page">
      <h1>{t("core.setup.heading")}</h1>
      <p className="lede">{t("core.setup.lede")}</p>
      {formError ? <FormMessage tone="error">{formError}</FormMessage> : null}
      {/* Passwords on and a provider configured: either way in, the provider's first. */}
      {loaderData.ssoName && "token" in loaderData ? (
        <>
          <p>{t("core.setup.ssoHelp", { provider: loaderData.ssoName })}</p>
          <SsoThenPassword
            providerName={loaderData.ssoName}
            setupToken={loaderData.token}
            orPassword={t("core.setup.orPassword")}
          />
        </>
      ) : null}
      <Form id={SETUP_FORM} method="post" className="stack" noValidate reloadDocument>
        <Field
          label={t("core.invite.name")}
          name="name"
          autoComplete="name"
          required
          maxLength={NAME_MAX}
          defaultValue={values.name ?? ("kept" in loaderData ? loaderData.kept.name : undefined)}
          error={errors.name}
          help={t("core.invite.nameHelp", { examples: "김민준, Zoë, Ólafur" })}
        />
        <Field
          label={t("core.login.email")}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={values.email ?? ("kept" in loaderData ? loaderData.kept.email : undefined)}
          error={errors.email}
          help={t("core.setup.emailHelp")}
        />
        <NewPasswordFields
          labels={{ password: t("core.login.password"), confirm: t("core.invite.confirm") }}
          errors={errors}
        />
        {/* With the provider's button above, that one is the page's primary action. */}
        <SubmitButton
          pendingLabel={t("core.invite.joiningPending")}
          variant={loaderData.ssoName && "token" in loaderData ? "secondary" : "primary"}
        >
          {t("core.setup.submit")}
        </SubmitButton>
      </Form>
      <p className="muted">{t("core.setup.once")}</p>
      <LanguageForm current={locale} allowAuto={false} joins={SETUP_FORM} />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
