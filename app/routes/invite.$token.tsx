import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { homePathFor, startSession } from "~/auth/current-user.server";
import { acceptInvite, findInvite, type InviteState } from "~/auth/invites.server";
import { oidcSettings } from "~/auth/oidc.server";
import { takeAttempt } from "~/auth/throttle.server";
import { clientIpOf } from "~/lib/context";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { newPasswordField, requiredText } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { formatDay } from "~/lib/time";
import { Field, FormMessage, SubmitButton } from "~/ui/form";
import { SsoButton } from "~/ui/sso-button";

export const meta: MetaFunction = () => [{ title: "Join Koan" }];

/** Passes the action's Retry-After on when attempts from one address are limited. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

const schema = z
  .object({
    name: requiredText("Your name", 120),
    password: newPasswordField,
    confirm: z.string({ message: "Type the password again." }),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "The two passwords differ.",
  });

const CLOSED: Record<Exclude<InviteState, "open">, string> = {
  expired: "This invite link has expired. Ask your lead for a new one.",
  used: "This invite link has already been used. If it was you, log in instead.",
  revoked: "This invite link was replaced or withdrawn. Ask your lead for the newest link.",
};

/** Single sign-on's label, and whether a password may be chosen here. */
function signInOptions() {
  const env = getEnv();
  return { ssoName: oidcSettings(env)?.name ?? null, passwordLogin: env.PASSWORD_LOGIN };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const invite = await findInvite(db, params.token ?? "");
  // Not thrown: a refused attempt (429) on this page must keep its Retry-After and message.
  if (!invite)
    return data(
      { closed: "This invite link isn't valid. Check that you copied all of it.", invite: null },
      { status: 404 },
    );
  if (invite.state !== "open")
    return data({ closed: CLOSED[invite.state], invite: null }, { status: 410 });
  return {
    closed: null,
    ...signInOptions(),
    token: params.token ?? "",
    invite: {
      email: invite.email,
      name: invite.name,
      role: invite.role,
      expiresAt: invite.expiresAt,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (!signInOptions().passwordLogin) {
    const message = "Passwords are turned off here: join with single sign-on.";
    return data(failure(formData, {}, message), { status: 403 });
  }
  // Guessing at invite links costs a lookup each, and an accepted one a password hash: one
  // address gets a generous number of attempts (LINK_ATTEMPTS), then waits.
  const attempt = await takeAttempt(db, `invite:${clientIpOf(context) ?? "unknown"}`);
  if (!attempt.ok) {
    return data(
      failure(
        formData,
        {},
        `Too many attempts from this network. Try again in ${Math.ceil(attempt.retryAfterSeconds / 60)} minutes.`,
      ),
      { status: 429, headers: { "Retry-After": String(attempt.retryAfterSeconds) } },
    );
  }
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await acceptInvite(db, {
    token: params.token ?? "",
    name: parsed.data.name,
    password: parsed.data.password,
  });
  if (!result.ok) {
    const message =
      result.reason === "not_found"
        ? "This invite link isn't valid."
        : result.reason === "email_taken"
          ? "An account with this e-mail already exists. Log in instead."
          : CLOSED[result.reason];
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

const ROLE_PURPOSE = {
  newcomer: "You'll learn the codebase by fixing starter tickets, with a mentor beside you.",
  mentor: "You'll pair with newcomers, review their checkpoints and help them get unstuck.",
  lead: "You'll keep the starter queue healthy and see how each cohort is doing.",
} as const;

export default function AcceptInvite() {
  const loaderData = useLoaderData<typeof loader>();
  const { closed, invite } = loaderData;
  const actionData = useActionData<typeof action>();
  if (closed || !invite) {
    return (
      <div className="page narrow">
        <h1>This invite can't be used</h1>
        {actionData?.formError ? (
          <FormMessage tone="error">{actionData.formError}</FormMessage>
        ) : null}
        <p>{closed}</p>
        <p>
          <Link to="/login">Go to the log-in page</Link>
        </p>
      </div>
    );
  }
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  if ("passwordLogin" in loaderData && !loaderData.passwordLogin && loaderData.ssoName) {
    return (
      <div className="page narrow auth-page">
        <h1>Welcome to Koan</h1>
        <p className="lede">
          You're joining as a <strong>{invite.role}</strong> with <strong>{invite.email}</strong>.{" "}
          {ROLE_PURPOSE[invite.role]} Sign in with {loaderData.ssoName} using this address.
        </p>
        <SsoButton providerName={loaderData.ssoName} inviteToken={loaderData.token} />
      </div>
    );
  }
  return (
    <div className="page narrow auth-page">
      <h1>Welcome to Koan</h1>
      <p className="lede">
        You're joining as a <strong>{invite.role}</strong> with <strong>{invite.email}</strong>.{" "}
        {ROLE_PURPOSE[invite.role]}
      </p>
      {actionData?.formError ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : null}
      {"ssoName" in loaderData && loaderData.ssoName ? (
        <SsoButton providerName={loaderData.ssoName} inviteToken={loaderData.token} />
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Field
          label="Your name"
          name="name"
          autoComplete="name"
          required
          maxLength={120}
          defaultValue={values.name ?? invite.name}
          error={errors.name}
          help="As your team knows you. Any script works: 김민준, Zoë, Ólafur."
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={errors.password}
          help="At least 12 characters. A few unrelated words make a good one."
        />
        <Field
          label="Password again"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          error={errors.confirm}
        />
        <SubmitButton pendingLabel="Setting up your account…">Join Koan</SubmitButton>
      </Form>
      <p className="muted">This link works once and expires on {formatDay(invite.expiresAt)}.</p>
    </div>
  );
}
