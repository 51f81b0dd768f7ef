import { Form } from "@remix-run/react";
import { Field, FormMessage, SubmitButton } from "./form";
import { useT } from "./i18n";

/** The `intent` the settings page's action reads for a password change. */
export const CHANGE_PASSWORD_INTENT = "change-password";

export interface PasswordFormState {
  errors?: Partial<Record<string, string>>;
  formError?: string;
  message?: string;
}

/**
 * Change one's password: the current one, then the new one twice. Passwords are never sent back
 * into the form, so after an error every box is empty again. An account without a password (made
 * through single sign-on) has no current one to type: it is told how to get one instead; with
 * password log-in off (PASSWORD_LOGIN=false), nobody has one to change.
 */
export function PasswordForm({
  hasPassword,
  passwordLogin,
  state,
}: {
  hasPassword: boolean;
  /** PASSWORD_LOGIN: when off, passwords are not used at all. */
  passwordLogin: boolean;
  state?: PasswordFormState;
}) {
  const { t } = useT();
  const errors = state?.errors ?? {};
  if (!passwordLogin || !hasPassword) {
    return (
      <section aria-labelledby="password-heading" className="card">
        <h2 id="password-heading">{t("core.password.heading")}</h2>
        <p>{t(passwordLogin ? "core.password.none" : "core.password.off")}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="password-heading" className="card">
      <h2 id="password-heading">{t("core.password.heading")}</h2>
      {state?.message ? <FormMessage tone="success">{state.message}</FormMessage> : null}
      {state?.formError ? <FormMessage tone="error">{state.formError}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value={CHANGE_PASSWORD_INTENT} />
        <Field
          label={t("core.password.current")}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={errors.currentPassword}
        />
        <Field
          label={t("core.password.new")}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          error={errors.newPassword}
          help={t("core.password.newHelp")}
        />
        <Field
          label={t("core.password.confirm")}
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          error={errors.confirmPassword}
        />
        <div>
          <SubmitButton intent={CHANGE_PASSWORD_INTENT} pendingLabel={t("core.password.changing")}>
            {t("core.password.change")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}
