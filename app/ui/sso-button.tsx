import { Form } from "@remix-run/react";
import type { ComponentProps } from "react";
import { useT } from "./i18n";

/** "Sign in with <provider>": a plain form post, so it works without JavaScript too. */
export function SsoButton({
  providerName,
  redirectTo = "",
  inviteToken,
  setupToken,
}: {
  providerName: string;
  redirectTo?: string;
  inviteToken?: string;
  /** On the first lead's setup page: the account is made from the provider's address. */
  setupToken?: string;
}) {
  const { t } = useT();
  return (
    <Form method="post" action="/auth/oidc" reloadDocument className="stack">
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {inviteToken ? <input type="hidden" name="invite" value={inviteToken} /> : null}
      {setupToken ? <input type="hidden" name="setup" value={setupToken} /> : null}
      <button type="submit" className="button button-primary">
        {t("core.sso.signIn", { provider: providerName })}
      </button>
    </Form>
  );
}

/**
 * The provider's button, then the heading of the password form that follows it: how the log-in,
 * invite and setup pages offer both ways in. A heading, not a rule or a bare "or": a screen
 * reader's list of headings reads "Log in to Koan", "Or log in with your password", and the form
 * sits under the heading that names it.
 */
export function SsoThenPassword({
  orPassword,
  ...button
}: ComponentProps<typeof SsoButton> & { orPassword: string }) {
  return (
    <>
      <SsoButton {...button} />
      <h2 className="auth-or">{orPassword}</h2>
    </>
  );
}
