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
import { findPasswordReset, type ResetState, resetPassword } from "~/auth/credentials.server";
import { getUser, logout } from "~/auth/current-user.server";
import { refusedLinkAttempt } from "~/auth/link-attempts.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { newPasswordField } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { k, type MessageKey } from "~/lib/i18n/messages";
import { FormMessage, NewPasswordFields, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";

/** A spent or unknown link's title says so, as its heading does. */
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data?.reset ? "core.reset.title" : "core.reset.unusable");

/** Passes the action's Retry-After on when attempts from one address are limited. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

const schema = z
  .object({
    password: newPasswordField,
    confirm: z.string({ message: k("core.invite.confirmRequired") }),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: k("core.invite.passwordsDiffer"),
  });

const CLOSED: Record<Exclude<ResetState, "open">, MessageKey> = {
  expired: "core.reset.closed.expired",
  used: "core.reset.closed.used",
  revoked: "core.reset.closed.revoked",
};

export async function loader({ params, request }: LoaderFunctionArgs) {
  // PASSWORD_LOGIN=false: a password set here could never be used to log in.
  if (!getEnv().PASSWORD_LOGIN)
    return data({ closed: k("core.reset.passwordOff"), reset: null }, { status: 403 });
  const reset = await findPasswordReset(db, params.token ?? "");
  // Not thrown: a refused attempt (429) on this page must keep its Retry-After and message.
  if (!reset) return data({ closed: k("core.reset.closed.invalid"), reset: null }, { status: 404 });
  if (reset.state !== "open")
    return data({ closed: k(CLOSED[reset.state]), reset: null }, { status: 410 });
  const viewer = await getUser(request);
  return {
    closed: null,
    reset: { name: reset.name, email: reset.email, expiresAt: reset.expiresAt },
    /** Someone else signed in on this browser (a shared computer): setting the password signs them out. */
    signedInAs: viewer && viewer.email !== reset.email ? viewer.name : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (!getEnv().PASSWORD_LOGIN)
    return data(failure(formData, {}, k("core.reset.passwordOff")), { status: 403 });
  const refused = await refusedLinkAttempt("reset", formData, context);
  if (refused) return refused;
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await resetPassword(db, {
    token: params.token ?? "",
    password: parsed.data.password,
  });
  if (!result.ok) {
    const message =
      result.reason === "not_found" ? k("core.reset.notFound") : k(CLOSED[result.reason]);
    return data(failure(formData, {}, message), {
      status: result.reason === "not_found" ? 404 : 409,
    });
  }
  // Whoever is signed in on this browser is signed out (the member's own sessions have ended):
  // the log-in page that follows is the member's, not another person's home.
  throw await logout(request, "/login?passwordReset=1");
}

export default function ResetPassword() {
  const loaderData = useLoaderData<typeof loader>();
  const { closed, reset } = loaderData;
  const actionData = useActionData<typeof action>();
  const { t, msg, day } = useT();
  if (closed || !reset) {
    return (
      <div className="page narrow">
        <h1>{t("core.reset.unusable")}</h1>
        {actionData?.formError ? (
          <FormMessage tone="error">{actionData.formError}</FormMessage>
        ) : null}
        <p>{msg(closed)}</p>
        <p>
          <Link to="/login">{t("core.invite.toLogin")}</Link>
        </p>
      </div>
    );
  }
  const errors = actionData?.errors ?? {};
  return (
    <div className="page narrow auth-page">
      <h1>{t("core.reset.heading")}</h1>
      <p className="lede">
        <Trans
          k="core.reset.lede"
          values={{
            name: reset.name,
            email: reset.email,
            strong: (chunks: ReactNode[]) => <strong>{chunks}</strong>,
          }}
        />
      </p>
      {"signedInAs" in loaderData && loaderData.signedInAs ? (
        <p className="notice">{t("core.reset.signedInAs", { name: loaderData.signedInAs })}</p>
      ) : null}
      {actionData?.formError ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <NewPasswordFields
          labels={{ password: t("core.password.new"), confirm: t("core.password.confirm") }}
          errors={errors}
        />
        <SubmitButton pendingLabel={t("core.reset.pending")}>{t("core.reset.submit")}</SubmitButton>
      </Form>
      <p className="muted">{t("core.invite.expires", { date: day(reset.expiresAt) })}</p>
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
