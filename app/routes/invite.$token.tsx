import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { getUser, homePathFor, localeFor, startSession } from "~/auth/current-user.server";
import { acceptInvite, findInvite, type InviteState } from "~/auth/invites.server";
import { takeKeptFields } from "~/auth/kept-fields.server";
import { refusedLinkAttempt } from "~/auth/link-attempts.server";
import { oidcSettings } from "~/auth/oidc.server";
import { clientIpOf } from "~/lib/context";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { newPasswordField, requiredText } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { isLocale, LOCALE_PARAM, localeCookie, localeCookieFrom } from "~/lib/i18n/locales";
import { k, type MessageKey } from "~/lib/i18n/messages";
import { NAME_MAX } from "~/lib/names";
import { Field, FormMessage, NewPasswordFields, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";
import { LanguageForm } from "~/ui/language-form";
import { SsoButton, SsoThenPassword } from "~/ui/sso-button";

/** A spent or unknown invite's title says so, as its heading does. */
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data?.invite ? "core.invite.title" : "core.invite.unusable");

/**
 * Passes the action's Retry-After on when attempts from one address are limited, and the
 * loader's cookies: the one remembering the invite's language, and the one forgetting the name
 * kept across a language switch.
 */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  for (const cookie of loaderHeaders.getSetCookie()) headers.append("Set-Cookie", cookie);
  return headers;
};

/** The invite form's id: the language switch belongs to it, and keeps the name typed. */
const INVITE_FORM = "invite-form";

const schema = z
  .object({
    name: requiredText("Your name", NAME_MAX),
    password: newPasswordField,
    confirm: z.string({ message: k("core.invite.confirmRequired") }),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: k("core.invite.passwordsDiffer"),
  });

const CLOSED: Record<Exclude<InviteState, "open">, MessageKey> = {
  expired: "core.invite.closed.expired",
  used: "core.invite.closed.used",
  revoked: "core.invite.closed.revoked",
};

/** Single sign-on's label, and whether a password may be chosen here. */
function signInOptions() {
  const env = getEnv();
  return { ssoName: oidcSettings(env)?.name ?? null, passwordLogin: env.PASSWORD_LOGIN };
}

/**
 * The language the lead chose for the invite (the link's `?lang=`) is remembered like the login
 * page's switch, so that signing in through single sign-on, which leaves this page, comes back to
 * it and the new account keeps it. A language this browser already chose stays.
 */
function rememberInviteLanguage(request: Request): string | null {
  const requested = new URL(request.url).searchParams.get(LOCALE_PARAM);
  if (!isLocale(requested) || localeCookieFrom(request.headers.get("Cookie"))) return null;
  return localeCookie(requested);
}

/** Who is signed in on this browser, if anyone, and their home page. */
async function whoIsHere(request: Request) {
  const user = await getUser(request);
  return { user, home: user ? homePathFor(user.role) : null };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const invite = await findInvite(db, params.token ?? "");
  // Not thrown: a refused attempt (429) on this page must keep its Retry-After and message.
  // Someone signed in (most often the person who just joined, opening the link again) is sent
  // to their home page from a link that can't be used, not asked to log in.
  if (!invite) {
    const { home } = await whoIsHere(request);
    return data({ closed: k("core.invite.closed.invalid"), home, invite: null }, { status: 404 });
  }
  if (invite.state !== "open") {
    const { user, home } = await whoIsHere(request);
    const closed =
      invite.state === "used" && user
        ? k("core.invite.closed.usedSignedIn", { name: user.name })
        : k(CLOSED[invite.state]);
    return data({ closed, home, invite: null }, { status: 410 });
  }
  const headers = new Headers();
  const language = rememberInviteLanguage(request);
  if (language) headers.append("Set-Cookie", language);
  // The name typed before switching the page's language.
  const { kept, clear } = await takeKeptFields(request);
  if (clear) headers.append("Set-Cookie", clear);
  return data(
    {
      closed: null,
      ...signInOptions(),
      token: params.token ?? "",
      invite: {
        email: invite.email,
        name: invite.name,
        role: invite.role,
        expiresAt: invite.expiresAt,
      },
      keptName: kept.name ?? null,
      /** Someone already signed in on this browser (a shared computer): joining signs them out. */
      signedInAs: (await getUser(request))?.name ?? null,
    },
    { headers },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (!signInOptions().passwordLogin) {
    const message = k("core.invite.passwordOff");
    return data(failure(formData, {}, message), { status: 403 });
  }
  // Guessing at invite links costs a lookup each, and an accepted one a password hash: one
  // address gets a generous number of attempts (LINK_ATTEMPTS), then waits.
  const refused = await refusedLinkAttempt("invite", formData, context);
  if (refused) return refused;
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await acceptInvite(db, {
    token: params.token ?? "",
    name: parsed.data.name,
    password: parsed.data.password,
    // The language this page was read in (nobody is signed in here): the new account's.
    locale: localeFor(request, null),
    defaultTimeZone: getEnv().DIGEST_TIME_ZONE,
  });
  if (!result.ok) {
    const message =
      result.reason === "not_found"
        ? k("core.invite.notFound")
        : result.reason === "email_taken"
          ? k("core.invite.emailTaken")
          : k(CLOSED[result.reason]);
    return data(failure(formData, {}, message), {
      status: result.reason === "not_found" ? 404 : 409,
    });
  }
  return startSession(request, {
    userId: result.userId,
    ip: clientIpOf(context),
    redirectTo: homePathFor(result.role),
  });
}

export default function AcceptInvite() {
  const loaderData = useLoaderData<typeof loader>();
  const { closed, invite } = loaderData;
  const actionData = useActionData<typeof action>();
  const { t, msg, day, locale } = useT();
  const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
  if (closed || !invite) {
    return (
      <div className="page narrow">
        <h1>{t("core.invite.unusable")}</h1>
        {actionData?.formError ? (
          <FormMessage tone="error">{actionData.formError}</FormMessage>
        ) : null}
        <p>{msg(closed)}</p>
        <p>
          {"home" in loaderData && loaderData.home ? (
            <Link to={loaderData.home}>{t("core.error.goHome")}</Link>
          ) : (
            <Link to="/login">{t("core.invite.toLogin")}</Link>
          )}
        </p>
      </div>
    );
  }
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  if ("passwordLogin" in loaderData && !loaderData.passwordLogin && loaderData.ssoName) {
    return (
      <div className="page narrow auth-page">
        <h1>{t("core.invite.heading")}</h1>
        <p className="lede">
          <Trans
            k="core.invite.joiningSso"
            values={{
              role: invite.role,
              email: invite.email,
              provider: loaderData.ssoName,
              strong,
            }}
          />
        </p>
        {loaderData.signedInAs ? (
          <p className="notice">{t("core.invite.signedInAs", { name: loaderData.signedInAs })}</p>
        ) : null}
        <SsoButton providerName={loaderData.ssoName} inviteToken={loaderData.token} />
        <LanguageForm current={locale} allowAuto={false} />
      </div>
    );
  }
  return (
    <div className="page narrow auth-page">
      <h1>{t("core.invite.heading")}</h1>
      <p className="lede">
        <Trans
          k="core.invite.joining"
          values={{ role: invite.role, email: invite.email, strong }}
        />
      </p>
      {"signedInAs" in loaderData && loaderData.signedInAs ? (
        <p className="notice">{t("core.invite.signedInAs", { name: loaderData.signedInAs })}</p>
      ) : null}
      {actionData?.formError ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : null}
      {"ssoName" in loaderData && loaderData.ssoName ? (
        <SsoThenPassword
          providerName={loaderData.ssoName}
          inviteToken={loaderData.token}
          orPassword={t("core.invite.orPassword")}
        />
      ) : null}
      {/* A whole-page load after signing in: the next page comes in the person's own language. */}
      <Form id={INVITE_FORM} method="post" className="stack" noValidate reloadDocument>
        <Field
          label={t("core.invite.name")}
          name="name"
          autoComplete="name"
          required
          maxLength={NAME_MAX}
          defaultValue={
            values.name ?? ("keptName" in loaderData ? loaderData.keptName : null) ?? invite.name
          }
          error={errors.name}
          help={t("core.invite.nameHelp", { examples: "김민준, Zoë, Ólafur" })}
        />
        <NewPasswordFields
          labels={{ password: t("core.login.password"), confirm: t("core.invite.confirm") }}
          errors={errors}
        />
        {/* With the provider's button above, that one is the page's primary action. */}
        <SubmitButton
          pendingLabel={t("core.invite.joiningPending")}
          variant={"ssoName" in loaderData && loaderData.ssoName ? "secondary" : "primary"}
        >
          {t("core.invite.submit")}
        </SubmitButton>
      </Form>
      <p className="muted">{t("core.invite.expires", { date: day(invite.expiresAt) })}</p>
      <LanguageForm current={locale} allowAuto={false} joins={INVITE_FORM} />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
