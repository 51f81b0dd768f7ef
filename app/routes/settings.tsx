import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { changePassword } from "~/auth/credentials.server";
import { clearSessionCookie, requireUser } from "~/auth/current-user.server";
import { endAllSessions } from "~/auth/sessions.server";
import { getSettingsPage } from "~/auth/team-page.server";
import { changeOwnName, setOwnTimeZone } from "~/auth/users.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { newPasswordField, requiredText, timeZoneField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { NAME_MAX } from "~/lib/names";
import { outboxConfig } from "~/lib/outbox.server";
import { listTimeZones } from "~/lib/time-zone";
import {
  getNotificationPreferences,
  setNotificationPreferences,
} from "~/mentoring/notification-preferences.server";
import { pageTitle } from "~/ui/i18n";
import { CHANGE_PASSWORD_INTENT, PasswordForm } from "~/ui/password-form";
import {
  ApiSection,
  DevicesSection,
  IntegrationsSection,
  LanguageSection,
  NameSection,
  NotificationsSection,
  SettingsHeader,
} from "~/ui/settings-page";
import { TimeZoneForm } from "~/ui/time-zone-form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "core.settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Two domains' parts of one page: the account (auth) and what notifies (mentoring).
  const [page, notifications] = await Promise.all([
    getSettingsPage(db, { viewer: user }),
    getNotificationPreferences(db, { userId: user.id, role: user.role }),
  ]);
  return {
    ...page,
    notifications,
    // The time zone choices: the organisation's default, then every zone the server knows.
    defaultTimeZone: getEnv().DIGEST_TIME_ZONE,
    /** PASSWORD_LOGIN: off, there is no password to change. */
    passwordLogin: getEnv().PASSWORD_LOGIN,
    timeZones: listTimeZones(),
    /** E-mail is set up: the kinds that come by e-mail offer a choice of their own. */
    mailOn: outboxConfig().email,
  };
}

const passwordSchema = z
  .object({
    currentPassword: z
      .string({ message: k("core.settings.password.currentRequired") })
      .min(1, k("core.settings.password.currentRequired"))
      .max(1024),
    newPassword: newPasswordField,
    confirmPassword: z.string({ message: k("core.settings.password.confirmRequired") }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: k("core.settings.password.differ"),
  });

/** The password form: the current password, then the new one; other sessions end. */
async function changePasswordIntent(user: { id: number; sessionId: string }, formData: FormData) {
  if (!getEnv().PASSWORD_LOGIN)
    return data({ password: { formError: k("core.password.off") } }, { status: 403 });
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
        message: k("core.settings.password.changed", { others }),
      },
    };
  }
  if (result.reason === "wrong_password")
    return data(
      { password: { errors: { currentPassword: k("core.settings.password.wrong") } } },
      { status: 400 },
    );
  if (result.reason === "no_password")
    return data({ password: { formError: k("core.password.none") } }, { status: 409 });
  if (result.reason === "rate_limited")
    return data(
      { password: { formError: k("core.settings.password.rateLimited", { minutes: 15 }) } },
      { status: 429, headers: { "Retry-After": "900" } },
    );
  throw redirect("/login");
}
const nameSchema = z.object({
  intent: z.literal("change-name"),
  name: requiredText("Name", NAME_MAX),
});
const timeZoneSchema = z.object({ intent: z.literal("time-zone"), timeZone: timeZoneField });
const notificationsSchema = z.object({
  intent: z.literal("notifications"),
  notify: z.array(z.string().max(40)).max(20).default([]),
  mail: z.array(z.string().max(40)).max(20).default([]),
  /** The form showed the e-mail choices: their boxes left empty mean "not by e-mail". */
  mailShown: z.literal("1").optional(),
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
  if (intent === "time-zone") {
    const parsed = parseForm(timeZoneSchema, formData);
    if (!parsed.ok) return data({ intent: "time-zone" as const, ...parsed }, { status: 400 });
    const result = await setOwnTimeZone(db, { userId: user.id, timeZone: parsed.data.timeZone });
    if (result === "not_found") throw redirect("/login");
    return { intent: "time-zone" as const, ok: true as const, timeZone: parsed.data.timeZone };
  }
  if (intent === "notifications") {
    const parsed = parseForm(notificationsSchema, formData, ["notify", "mail"]);
    if (!parsed.ok) {
      return data(
        {
          intent: "notifications" as const,
          ok: false as const,
          formError: k("core.form.reloadAndRetry"),
        },
        { status: 400 },
      );
    }
    await setNotificationPreferences(db, {
      userId: user.id,
      role: user.role,
      enabled: parsed.data.notify,
      mail: parsed.data.mailShown ? parsed.data.mail : undefined,
    });
    return { intent: "notifications" as const, ok: true as const };
  }
  if (intent === "log-out-everywhere") {
    await endAllSessions(db, user.id);
    throw redirect("/login?loggedOut=everywhere", {
      headers: { "Set-Cookie": await clearSessionCookie() },
    });
  }
  // Anything else is a form this page doesn't have: never a reason to log anyone out.
  return data({ formError: k("core.form.reloadAndRetry") }, { status: 400 });
}

export default function Settings() {
  const {
    user,
    hasPassword,
    passwordLogin,
    mayManageIntegrations,
    locale,
    sessions,
    notifications,
    timeZone,
    defaultTimeZone,
    timeZones,
    mailOn,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const intentResult = actionData && "intent" in actionData ? actionData : null;
  const nameResult = intentResult?.intent === "change-name" ? intentResult : null;
  const notifyResult = intentResult?.intent === "notifications" ? intentResult : null;
  const timeZoneResult = intentResult?.intent === "time-zone" ? intentResult : undefined;
  return (
    <div className="page narrow">
      <SettingsHeader user={user} />
      <LanguageSection locale={locale} />
      <TimeZoneForm
        current={timeZone}
        defaultTimeZone={defaultTimeZone}
        zones={timeZones}
        state={timeZoneResult}
      />
      <NameSection name={user.name} state={nameResult} />
      <NotificationsSection notifications={notifications} state={notifyResult} mailOn={mailOn} />
      <ApiSection />
      <PasswordForm
        hasPassword={hasPassword}
        passwordLogin={passwordLogin}
        state={actionData && "password" in actionData ? actionData.password : undefined}
      />
      {mayManageIntegrations ? <IntegrationsSection /> : null}
      <DevicesSection sessions={sessions} />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
