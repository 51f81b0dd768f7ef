import { Form } from "@remix-run/react";

/** "Sign in with <provider>": a plain form post, so it works without JavaScript too. */
export function SsoButton({
  providerName,
  redirectTo = "",
  inviteToken,
}: {
  providerName: string;
  redirectTo?: string;
  inviteToken?: string;
}) {
  return (
    <Form method="post" action="/auth/oidc" reloadDocument className="stack">
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {inviteToken ? <input type="hidden" name="invite" value={inviteToken} /> : null}
      <button type="submit" className="button button-primary">
        {`Sign in with ${providerName}`}
      </button>
    </Form>
  );
}
