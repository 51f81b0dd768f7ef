import { Form } from "@remix-run/react";
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
