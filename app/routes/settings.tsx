import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { changePassword } from "~/auth/credentials.server";
import { clearSessionCookie, requireUser } from "~/auth/current-user.server";
import { endAllSessions } from "~/auth/sessions.server";
import { getSettingsPage } from "~/auth/team-page.server";
import { changeOwnName } from "~/auth/users.server";
import { db } from "~/lib/db.server";
import { newPasswordField, requiredText } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { formatRelative } from "~/lib/time";
import {
  getNotificationPreferences,
  setNotificationPreferences,
} from "~/mentoring/notification-preferences.server";
import { Badge } from "~/ui/badge";
import { Field, FormMessage, SubmitButton } from "~/ui/form";
import { useT } from "~/ui/i18n";
import { LanguageForm } from "~/ui/language-form";
import { CHANGE_PASSWORD_INTENT, PasswordForm } from "~/ui/password-form";

export const meta: MetaFunction = () => [{ title: "Settings · Koan" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Two domains' parts of one page: the account (auth) and what notifies (mentoring).
  const [page, notifications] = await Promise.all([
    getSettingsPage(db, { viewer: user }),
    getNotificationPreferences(db, { userId: user.id, role: user.role }),
  ]);
  return { ...page, notifications };
}

const passwordSchema = z
  .object({
    currentPassword: z
      .string({ message: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(1024),
    newPassword: newPasswordField,
    confirmPassword: z.string({ message: "Type the new password again." }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords differ.",
  });

/** The password form: the current password, then the new one; other sessions end. */
async function changePasswordIntent(user: { id: number; sessionId: string }, formData: FormData) {
  const parsed = parseForm(passwordSchema, formData);
  if (!parsed.ok) return data({ password: { errors: parsed.errors } }, { status: 400 });
  const result = await changePassword(db, {
    userId: user.id,
    keepSessionId: user.sessionId,
    currentPassword: parsed.data.currentPassword,
    newPassword: parsed.data.newPassword,
  });
  if (result.ok) {
    const others = result.endedSessions;
    return {
      password: {
        message: `Your password is changed.${others ? ` ${others === 1 ? "Your other session was" : `Your ${others} other sessions were`} logged out.` : ""}`,
      },
    };
  }
  if (result.reason === "wrong_password")
    return data(
      { password: { errors: { currentPassword: "That is not your current password." } } },
      { status: 400 },
    );
  if (result.reason === "rate_limited")
    return data(
      { password: { formError: "Too many wrong passwords. Try again in 15 minutes." } },
      { status: 429, headers: { "Retry-After": "900" } },
    );
  throw redirect("/login");
}
const nameSchema = z.object({ intent: z.literal("change-name"), name: requiredText("Name", 100) });
const notificationsSchema = z.object({
  intent: z.literal("notifications"),
  notify: z.array(z.string().max(40)).max(20).default([]),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  if (formData.get("intent") === CHANGE_PASSWORD_INTENT)
    return changePasswordIntent(user, formData);
  const intent = formData.get("intent");
  if (intent === "change-name") {
    const parsed = parseForm(nameSchema, formData);
    if (!parsed.ok) return data({ intent: "change-name" as const, ...parsed }, { status: 400 });
    const result = await changeOwnName(db, { userId: user.id, name: parsed.data.name });
    if (result === "not_found") throw redirect("/login");
    return { intent: "change-name" as const, ok: true as const, name: parsed.data.name };
  }
  if (intent === "notifications") {
    const parsed = parseForm(notificationsSchema, formData, ["notify"]);
    if (!parsed.ok) {
      return data(
        {
          intent: "notifications" as const,
          ok: false as const,
          formError: "Reload the page and try again.",
        },
        { status: 400 },
      );
    }
    await setNotificationPreferences(db, {
      userId: user.id,
      role: user.role,
      enabled: parsed.data.notify,
    });
    return { intent: "notifications" as const, ok: true as const };
  }
  // No intent: "Log out of every device".
  await endAllSessions(db, user.id);
  throw redirect("/login?loggedOut=everywhere", {
    headers: { "Set-Cookie": await clearSessionCookie() },
  });
}

/** "Chrome on Linux" from a user agent, good enough to recognise one's own devices. */
function deviceName(userAgent: string | null) {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "A browser";
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /Android/.test(userAgent)
      ? "Android"
      : /iPhone|iPad/.test(userAgent)
        ? "iOS"
        : /Mac OS/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "another system";
  return `${browser} on ${os}`;
}

export default function Settings() {
  const { user, locale, sessions, notifications } = useLoaderData<typeof loader>();
  const { t } = useT();
  const actionData = useActionData<typeof action>();
  const intentResult = actionData && "intent" in actionData ? actionData : null;
  const nameResult = intentResult?.intent === "change-name" ? intentResult : null;
  const nameError = nameResult && !nameResult.ok ? nameResult.errors.name : undefined;
  const notifyResult = intentResult?.intent === "notifications" ? intentResult : null;
  return (
    <div className="page narrow">
      <header className="page-header">
        <h1>Settings</h1>
        <p className="lede">
          {user.name} · {user.email} · <Badge>{user.role}</Badge>
        </p>
      </header>
      <section aria-labelledby="language-heading" className="card">
        <h2 id="language-heading">{t("core.settings.language.heading")}</h2>
        <p className="help">{t("core.settings.language.help")}</p>
        <LanguageForm current={locale} allowAuto />
      </section>
      <section aria-labelledby="name-heading" className="card">
        <h2 id="name-heading">Your name</h2>
        <Form method="post" className="stack">
          <Field
            label="Name"
            name="name"
            required
            maxLength={100}
            autoComplete="name"
            defaultValue={nameResult && !nameResult.ok ? nameResult.values.name : user.name}
            error={nameError}
            help="Shown to your team on tickets, write-ups and reviews. Any script: 최유나 is fine."
          />
          {nameResult?.ok ? (
            <FormMessage tone="success">
              Saved. Your team now sees you as {nameResult.name}.
            </FormMessage>
          ) : null}
          <div>
            <SubmitButton intent="change-name" pendingLabel="Saving…">
              Save name
            </SubmitButton>
          </div>
        </Form>
      </section>
      <section aria-labelledby="notify-heading" className="card">
        <h2 id="notify-heading">Notifications</h2>
        <Form method="post" className="stack">
          <fieldset className="checkbox-list">
            <legend>What shows up in your inbox</legend>
            {notifications.map((n) => (
              <div key={n.kind} className="checkbox-field">
                <input
                  type="checkbox"
                  id={`notify-${n.kind}`}
                  name="notify"
                  value={n.kind}
                  defaultChecked={n.enabled}
                  aria-describedby={`notify-${n.kind}-help`}
                />
                <label htmlFor={`notify-${n.kind}`}>{n.label}</label>
                <p className="help" id={`notify-${n.kind}-help`}>
                  {n.help}
                </p>
              </div>
            ))}
          </fieldset>
          {notifyResult ? (
            notifyResult.ok ? (
              <FormMessage tone="success">Saved. Only what you chose will notify you.</FormMessage>
            ) : (
              <FormMessage tone="error">{notifyResult.formError}</FormMessage>
            )
          ) : null}
          <div>
            <SubmitButton intent="notifications" pendingLabel="Saving…">
              Save notification choices
            </SubmitButton>
          </div>
        </Form>
      </section>
      <section aria-labelledby="api-heading" className="card">
        <h2 id="api-heading">API tokens</h2>
        <p>
          Scripts and chat tools can search the knowledge base through <code>/api/search</code> with
          a personal token. <Link to="/settings/tokens">Manage your API tokens</Link>
        </p>
      </section>
      <PasswordForm
        state={actionData && "password" in actionData ? actionData.password : undefined}
      />
      {user.role === "lead" ? (
        <section aria-labelledby="integrations-heading" className="card">
          <h2 id="integrations-heading">Integrations</h2>
          <p>
            E-mail, Slack and the team's other tools: what is configured, what failed, and a test
            message. <Link to="/settings/integrations">Open integrations</Link>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="devices-heading" className="card">
        <h2 id="devices-heading">Where you're logged in</h2>
        <ul className="plain-list">
          {sessions.map((s) => (
            <li key={s.key} className="row">
              <span>
                {deviceName(s.userAgent)}{" "}
                {s.current ? <Badge tone="accent">this device</Badge> : null}
              </span>
              <span className="muted">active {formatRelative(s.lastSeenAt)}</span>
            </li>
          ))}
        </ul>
        <Form method="post">
          <p>
            Lost a laptop, or used a shared computer? This ends every session, this one included.
          </p>
          <SubmitButton variant="danger" pendingLabel="Logging out everywhere…">
            Log out of every device
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
