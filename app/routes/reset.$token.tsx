import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { findPasswordReset, type ResetState, resetPassword } from "~/auth/credentials.server";
import { takeAttempt } from "~/auth/throttle.server";
import { clientIpOf } from "~/lib/context";
import { db } from "~/lib/db.server";
import { newPasswordField } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { formatDay } from "~/lib/time";
import { Field, FormMessage, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Koan" }];

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
    confirm: z.string({ message: "Type the password again." }),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "The two passwords differ.",
  });

const CLOSED: Record<Exclude<ResetState, "open">, string> = {
  expired: "This password-reset link has expired. Ask your lead for a new one.",
  used: "This password-reset link has already been used. If it was you, log in with your new password.",
  revoked: "This password-reset link was replaced or withdrawn. Ask your lead for the newest link.",
};

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = await findPasswordReset(db, params.token ?? "");
  // Not thrown: a refused attempt (429) on this page must keep its Retry-After and message.
  if (!reset)
    return data(
      {
        closed: "This password-reset link isn't valid. Check that you copied all of it.",
        reset: null,
      },
      { status: 404 },
    );
  if (reset.state !== "open")
    return data({ closed: CLOSED[reset.state], reset: null }, { status: 410 });
  return {
    closed: null,
    reset: { name: reset.name, email: reset.email, expiresAt: reset.expiresAt },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const attempt = await takeAttempt(db, `reset:${clientIpOf(context) ?? "unknown"}`);
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
  const result = await resetPassword(db, {
    token: params.token ?? "",
    password: parsed.data.password,
  });
  if (!result.ok) {
    const message =
      result.reason === "not_found"
        ? "This password-reset link isn't valid."
        : CLOSED[result.reason];
    return data(failure(formData, {}, message), {
      status: result.reason === "not_found" ? 404 : 409,
    });
  }
  throw redirect("/login?passwordReset=1");
}

export default function ResetPassword() {
  const { closed, reset } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (closed || !reset) {
    return (
      <div className="page narrow">
        <h1>This link can't be used</h1>
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
  return (
    <div className="page narrow auth-page">
      <h1>Choose a new password</h1>
      <p className="lede">
        For <strong>{reset.name}</strong> ({reset.email}). Setting it logs you out on every device;
        then log in with the new one.
      </p>
      {actionData?.formError ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={errors.password}
          help="At least 12 characters. A few unrelated words make a good one."
        />
        <Field
          label="New password again"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          error={errors.confirm}
        />
        <SubmitButton pendingLabel="Setting your password…">Set new password</SubmitButton>
      </Form>
      <p className="muted">This link works once and expires on {formatDay(reset.expiresAt)}.</p>
    </div>
  );
}
