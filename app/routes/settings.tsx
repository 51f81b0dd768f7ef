import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
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
import { listTimeZones } from "~/lib/time-zone";
import {
  getNotificationPreferences,
  setNotificationPreferences,
} from "~/mentoring/notification-preferences.server";
import { Badge } from "~/ui/badge";
import { Field, FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";
import { LanguageForm } from "~/ui/language-form";
import { CHANGE_PASSWORD_INTENT, PasswordForm } from "~/ui/password-form";
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
    timeZones: listTimeZones(),
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
  if (result.reason === "rate_limited")
    return data(
      { password: { formError: k("core.settings.password.rateLimited", { minutes: 15 }) } },
      { status: 429, headers: { "Retry-After": "900" } },
    );
  throw redirect("/login");
}
const nameSchema = z.object({ intent: z.literal("change-name"), name: requiredText("Name", 100) });
const timeZoneSchema = z.object({ intent: z.literal("time-zone"), timeZone: timeZoneField });
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
  if (intent === "time-zone") {
    const parsed = parseForm(timeZoneSchema, formData);
    if (!parsed.ok) return data({ intent: "time-zone" as const, ...parsed }, { status: 400 });
    const result = await setOwnTimeZone(db, { userId: user.id, timeZone: parsed.data.timeZone });
    if (result === "not_found") throw redirect("/login");
    return { intent: "time-zone" as const, ok: true as const, timeZone: parsed.data.timeZone };
  }
  if (intent === "notifications") {
    const parsed = parseForm(notificationsSchema, formData, ["notify"]);
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
    });
    return { intent: "notifications" as const, ok: true as const };
  }
  // No intent: "Log out of every device".
  await endAllSessions(db, user.id);
  throw redirect("/login?loggedOut=everywhere", {
    headers: { "Set-Cookie": await clearSessionCookie() },
  });
}

/**
 * "Chrome on Linux" from a user agent, good enough to recognise one's own devices: the browser's
 * and the system's names ("unknown" when not recognised), put in a sentence by the page.
 */
function deviceName(userAgent: string | null): { browser: string; os: string } | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "unknown";
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
            : "unknown";
  return { browser, os };
}

export default function Settings() {
  const { user, locale, sessions, notifications, timeZone, defaultTimeZone, timeZones } =
    useLoaderData<typeof loader>();
  const { t, msg, relative } = useT();
  const actionData = useActionData<typeof action>();
  const link = (to: string) => (chunks: ReactNode[]) => <Link to={to}>{chunks}</Link>;
  const intentResult = actionData && "intent" in actionData ? actionData : null;
  const nameResult = intentResult?.intent === "change-name" ? intentResult : null;
  const nameError = nameResult && !nameResult.ok ? nameResult.errors.name : undefined;
  const notifyResult = intentResult?.intent === "notifications" ? intentResult : null;
  const timeZoneResult = intentResult?.intent === "time-zone" ? intentResult : undefined;
  return (
    <div className="page narrow">
      <header className="page-header">
        <h1>{t("core.settings.heading")}</h1>
        <p className="lede">
          {user.name} · {user.email} · <Badge>{t(`core.role.${user.role}`)}</Badge>
        </p>
      </header>
      <section aria-labelledby="language-heading" className="card">
        <h2 id="language-heading">{t("core.settings.language.heading")}</h2>
        <p className="help">{t("core.settings.language.help")}</p>
        <LanguageForm current={locale} allowAuto />
      </section>
      <TimeZoneForm
        current={timeZone}
        defaultTimeZone={defaultTimeZone}
        zones={timeZones}
        state={timeZoneResult}
      />
      <section aria-labelledby="name-heading" className="card">
        <h2 id="name-heading">{t("core.settings.name.heading")}</h2>
        <Form method="post" className="stack">
          <Field
            label={t("core.settings.name.label")}
            name="name"
            required
            maxLength={100}
            autoComplete="name"
            defaultValue={nameResult && !nameResult.ok ? nameResult.values.name : user.name}
            error={nameError}
            help={t("core.settings.name.help", { example: "최유나" })}
          />
          {nameResult?.ok ? (
            <FormMessage tone="success">
              {t("core.settings.name.saved", {
                name: nameResult.name,
              })}
            </FormMessage>
          ) : null}
          <div>
            <SubmitButton intent="change-name" pendingLabel={t("core.action.saving")}>
              {t("core.settings.name.save")}
            </SubmitButton>
          </div>
        </Form>
      </section>
      <section aria-labelledby="notify-heading" className="card">
        <h2 id="notify-heading">{t("core.settings.notify.heading")}</h2>
        <Form method="post" className="stack">
          <fieldset className="checkbox-list">
            <legend>{t("core.settings.notify.legend")}</legend>
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
                <label htmlFor={`notify-${n.kind}`}>{msg(n.label)}</label>
                <p className="help" id={`notify-${n.kind}-help`}>
                  {msg(n.help)}
                </p>
              </div>
            ))}
          </fieldset>
          {notifyResult ? (
            notifyResult.ok ? (
              <FormMessage tone="success">{t("core.settings.notify.saved")}</FormMessage>
            ) : (
              <FormMessage tone="error">{notifyResult.formError}</FormMessage>
            )
          ) : null}
          <div>
            <SubmitButton intent="notifications" pendingLabel={t("core.action.saving")}>
              {t("core.settings.notify.save")}
            </SubmitButton>
          </div>
        </Form>
      </section>
      <section aria-labelledby="api-heading" className="card">
        <h2 id="api-heading">{t("core.settings.api.heading")}</h2>
        <p>
          <Trans
            k="core.settings.api.body"
            values={{
              path: "/api/search",
              code: (chunks: ReactNode[]) => <code>{chunks}</code>,
              link: link("/settings/tokens"),
            }}
          />
        </p>
      </section>
      <PasswordForm
        state={actionData && "password" in actionData ? actionData.password : undefined}
      />
      {user.role === "lead" ? (
        <section aria-labelledby="integrations-heading" className="card">
          <h2 id="integrations-heading">{t("core.settings.integrations.heading")}</h2>
          <p>
            <Trans
              k="core.settings.integrations.body"
              values={{ link: link("/settings/integrations") }}
            />
          </p>
        </section>
      ) : null}
      <section aria-labelledby="devices-heading" className="card">
        <h2 id="devices-heading">{t("core.settings.devices.heading")}</h2>
        <ul className="plain-list">
          {sessions.map((s) => (
            <li key={s.key} className="row">
              <span>
                <DeviceName userAgent={s.userAgent} />{" "}
                {s.current ? <Badge tone="accent">{t("core.settings.devices.this")}</Badge> : null}
              </span>
              <span className="muted">
                {t("core.settings.devices.active", { when: relative(s.lastSeenAt) })}
              </span>
            </li>
          ))}
        </ul>
        <Form method="post">
          <p>{t("core.settings.devices.help")}</p>
          <SubmitButton variant="danger" pendingLabel={t("core.settings.devices.pending")}>
            {t("core.settings.devices.logoutAll")}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}

function DeviceName({ userAgent }: { userAgent: string | null }) {
  const { t } = useT();
  const device = deviceName(userAgent);
  return (
    <>{device ? t("core.settings.devices.name", device) : t("core.settings.devices.unknown")}</>
  );
}
