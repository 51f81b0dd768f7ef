import { Form, Link } from "@remix-run/react";
import { type ReactNode, useEffect, useState } from "react";
import type { NotificationKind, Role } from "#db/schema";
import type { Locale } from "~/lib/i18n/locales";
import { NAME_MAX } from "~/lib/names";
import { Badge } from "./badge";
import { Field, FormMessage, SubmitButton } from "./form";
import { Trans, useT } from "./i18n";
import { LanguageForm } from "./language-form";

// The parts of the Settings page (routes/settings.tsx): who the viewer is, their language, name
// and notifications, the API and integrations pointers, and the devices they are logged in on.

const link = (to: string) => (chunks: ReactNode[]) => <Link to={to}>{chunks}</Link>;

/** The page's heading: the viewer's name, email and role. */
export function SettingsHeader({ user }: { user: { name: string; email: string; role: Role } }) {
  const { t } = useT();
  return (
    <header className="page-header">
      <h1>{t("core.settings.heading")}</h1>
      <p className="lede">
        {user.name} · {user.email} · <Badge>{t(`core.role.${user.role}`)}</Badge>
      </p>
    </header>
  );
}

/** The language card; `locale` is the saved choice, null following the browser. */
export function LanguageSection({ locale }: { locale: Locale | null }) {
  const { t } = useT();
  return (
    <section aria-labelledby="language-heading" className="card">
      <h2 id="language-heading">{t("core.settings.language.heading")}</h2>
      <p className="help">{t("core.settings.language.help")}</p>
      <LanguageForm current={locale} allowAuto />
    </section>
  );
}

/** What the name form's action answered: the saved name, or what was wrong with it. */
export type NameFormState =
  | { ok: true; name: string }
  | { ok: false; errors: Partial<Record<string, string>>; values: Record<string, string> };

/** The display name form. */
export function NameSection({ name, state }: { name: string; state: NameFormState | null }) {
  const { t } = useT();
  const nameError = state && !state.ok ? state.errors.name : undefined;
  return (
    <section aria-labelledby="name-heading" className="card">
      <h2 id="name-heading">{t("core.settings.name.heading")}</h2>
      <Form method="post" className="stack" noValidate>
        <Field
          label={t("core.settings.name.label")}
          name="name"
          required
          maxLength={NAME_MAX}
          autoComplete="name"
          defaultValue={state && !state.ok ? state.values.name : name}
          error={nameError}
          help={t("core.settings.name.help", { example: "최유나" })}
        />
        {state?.ok ? (
          <FormMessage tone="success">
            {t("core.settings.name.saved", {
              name: state.name,
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
  );
}

/** A kind of notification the viewer can turn on or off; `label` and `help` are k() messages. */
export interface NotificationSetting {
  kind: NotificationKind;
  label: string;
  help: string;
  enabled: boolean;
  /** It comes by e-mail too, and its mail can be turned off alone. */
  mail?: boolean;
  mailEnabled?: boolean;
}

/** What the notifications form's action answered. */
export type NotificationsFormState = { ok: true } | { ok: false; formError: string };

/** The notifications card: a checkbox per kind of notification. */
export function NotificationsSection({
  notifications,
  state,
  mailOn,
}: {
  notifications: readonly NotificationSetting[];
  state: NotificationsFormState | null;
  /** E-mail is set up: the kinds that come by e-mail offer a choice of their own. */
  mailOn: boolean;
}) {
  const { t } = useT();
  return (
    <section aria-labelledby="notify-heading" className="card">
      <h2 id="notify-heading">{t("core.settings.notify.heading")}</h2>
      <Form method="post" className="stack">
        {mailOn ? <input type="hidden" name="mailShown" value="1" /> : null}
        <fieldset className="checkbox-list">
          <legend>
            {mailOn ? t("core.settings.notify.legendMail") : t("core.settings.notify.legend")}
          </legend>
          {notifications.map((n) => (
            // Saved choices remount the row, so it shows what was saved.
            <NotificationRow
              key={`${n.kind}:${n.enabled}:${n.mailEnabled}`}
              n={n}
              mailOn={mailOn}
            />
          ))}
        </fieldset>
        {state ? (
          state.ok ? (
            <FormMessage tone="success">{t("core.settings.notify.saved")}</FormMessage>
          ) : (
            <FormMessage tone="error">{state.formError}</FormMessage>
          )
        ) : null}
        <div>
          <SubmitButton intent="notifications" pendingLabel={t("core.action.saving")}>
            {t("core.settings.notify.save")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}

/**
 * One kind's choice, and its "Also by e-mail" box when it comes by e-mail: the mail comes only
 * with the inbox item, so with the inbox box cleared the e-mail box is cleared and disabled, with
 * a hint (it comes back as it was when the inbox box is ticked again). Before hydration, or
 * without JavaScript, the box stays usable and the server keeps the pair consistent on save.
 */
function NotificationRow({ n, mailOn }: { n: NotificationSetting; mailOn: boolean }) {
  const { t, msg } = useT();
  const [inbox, setInbox] = useState(n.enabled);
  const [mail, setMail] = useState(n.mailEnabled);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const mailId = `notify-mail-${n.kind}`;
  return (
    <div className="checkbox-field">
      <input
        type="checkbox"
        id={`notify-${n.kind}`}
        name="notify"
        value={n.kind}
        checked={inbox}
        onChange={(e) => setInbox(e.currentTarget.checked)}
        aria-describedby={`notify-${n.kind}-help`}
      />
      <label htmlFor={`notify-${n.kind}`}>{msg(n.label)}</label>
      <p className="help" id={`notify-${n.kind}-help`}>
        {msg(n.help)}
      </p>
      {mailOn && n.mail ? (
        <div className="checkbox-field checkbox-sub">
          <input
            type="checkbox"
            id={mailId}
            name="mail"
            value={n.kind}
            checked={mail && inbox}
            disabled={hydrated && !inbox}
            onChange={(e) => setMail(e.currentTarget.checked)}
            aria-label={t("core.settings.notify.mailFor", { kind: msg(n.label) })}
            aria-describedby={inbox ? undefined : `${mailId}-help`}
          />
          <label htmlFor={mailId}>{t("core.settings.notify.mail")}</label>
          {inbox ? null : (
            <p className="help" id={`${mailId}-help`}>
              {t("core.settings.notify.mailNeedsInbox")}
            </p>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** Where the API tokens are made. */
export function ApiSection() {
  const { t } = useT();
  return (
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
  );
}

/** Where the integrations are set up (leads only). */
export function IntegrationsSection() {
  const { t } = useT();
  return (
    <section aria-labelledby="integrations-heading" className="card">
      <h2 id="integrations-heading">{t("core.settings.integrations.heading")}</h2>
      <p>
        <Trans
          k="core.settings.integrations.body"
          values={{ link: link("/settings/integrations") }}
        />
      </p>
    </section>
  );
}

/** One of the viewer's sessions; `key` is enough for React, not a credential. */
export interface DeviceSession {
  key: string;
  current: boolean;
  lastSeenAt: string;
  userAgent: string | null;
}

/** The devices the viewer is logged in on, and "Log out of every device". */
export function DevicesSection({ sessions }: { sessions: readonly DeviceSession[] }) {
  const { t, relative } = useT();
  return (
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
        <SubmitButton
          intent="log-out-everywhere"
          variant="danger"
          pendingLabel={t("core.settings.devices.pending")}
        >
          {t("core.settings.devices.logoutAll")}
        </SubmitButton>
      </Form>
    </section>
  );
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

function DeviceName({ userAgent }: { userAgent: string | null }) {
  const { t } = useT();
  const device = deviceName(userAgent);
  return (
    <>{device ? t("core.settings.devices.name", device) : t("core.settings.devices.unknown")}</>
  );
}
