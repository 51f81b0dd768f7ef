import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { type ReactNode, useState } from "react";
import { z } from "zod";
import {
  createApiToken,
  listApiTokens,
  MAX_API_TOKENS,
  revokeApiToken,
} from "~/auth/api-tokens.server";
import { requireUser } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { idField, requiredText } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { publicOrigin, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { EmptyState } from "~/ui/empty-state";
import { Field, FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";

// /settings/tokens (not nested in /settings, hence the `_`): personal API tokens for the JSON
// search API. A token is shown once, right after it is made; only its hash is kept.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "core.tokens.title");

const createSchema = z.object({ intent: z.literal("create"), name: requiredText("Name", 60) });
const revokeSchema = z.object({ intent: z.literal("revoke"), tokenId: idField });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { tokens: await listApiTokens(db, user.id), origin: publicOrigin(request) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  if (formData.get("intent") === "revoke") {
    const parsed = parseForm(revokeSchema, formData);
    const revoked =
      parsed.ok && (await revokeApiToken(db, { userId: user.id, tokenId: parsed.data.tokenId }));
    if (!revoked) {
      return data(
        {
          intent: "revoke" as const,
          ...failure(formData, {}, k("core.tokens.revokeFailed")),
        },
        { status: 404 },
      );
    }
    return { intent: "revoked" as const };
  }
  const parsed = parseForm(createSchema, formData);
  if (!parsed.ok) return data({ intent: "create" as const, ...parsed }, { status: 400 });
  const result = await createApiToken(db, { userId: user.id, name: parsed.data.name });
  if (!result.ok) {
    return data(
      {
        intent: "create" as const,
        ...failure(formData, {}, k("core.tokens.tooMany", { max: MAX_API_TOKENS })),
      },
      { status: 400 },
    );
  }
  return { intent: "created" as const, name: parsed.data.name, token: result.token };
}

export default function ApiTokens() {
  const { tokens, origin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const created = actionData?.intent === "created" ? actionData : null;
  const createFailure =
    actionData?.intent === "create" && "errors" in actionData ? actionData : null;
  const revokeFailure =
    actionData?.intent === "revoke" && "formError" in actionData ? actionData : null;
  const revoked = actionData?.intent === "revoked";
  const { t, day, relative } = useT();
  const code = (chunks: ReactNode[]) => <code>{chunks}</code>;
  const example = `curl -H "Authorization: Bearer koan_…" \\
  "${origin}/api/search?q=invoice+rounding&limit=5"`;
  return (
    <div className="page narrow">
      <header className="page-header">
        <h1>{t("core.tokens.heading")}</h1>
        <p className="lede">
          <Trans
            k="core.tokens.lede"
            values={{ back: (chunks: ReactNode[]) => <Link to="/settings">{chunks}</Link> }}
          />
        </p>
      </header>

      <section aria-labelledby="create-heading" className="card stack">
        <h2 id="create-heading">{t("core.tokens.create.heading")}</h2>
        {created ? (
          <div className="stack">
            <FormMessage tone="success">
              {t("core.tokens.created", { name: created.name })}
            </FormMessage>
            <TokenField token={created.token} />
          </div>
        ) : null}
        {createFailure?.formError ? (
          <FormMessage tone="error">{createFailure.formError}</FormMessage>
        ) : null}
        <Form method="post" className="stack" noValidate key={created?.token ?? "create"}>
          <input type="hidden" name="intent" value="create" />
          <Field
            label={t("core.tokens.name")}
            name="name"
            required
            maxLength={60}
            defaultValue={createFailure?.values.name}
            error={createFailure?.errors.name}
            help={t("core.tokens.nameHelp")}
          />
          <div>
            <SubmitButton pendingLabel={t("core.tokens.creating")}>
              {t("core.tokens.create.submit")}
            </SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="tokens-heading" className="card stack">
        <h2 id="tokens-heading">{t("core.tokens.list.heading")}</h2>
        {revoked ? <FormMessage tone="success">{t("core.tokens.revoked")}</FormMessage> : null}
        {revokeFailure?.formError ? (
          <FormMessage tone="error">{revokeFailure.formError}</FormMessage>
        ) : null}
        {tokens.length ? (
          // On a phone each token reads as a card (styles.css, .stacked-table): its Revoke button
          // stays on screen instead of past the table's edge.
          <div className="table-wrap">
            <table className="stacked-table" aria-labelledby="tokens-heading">
              <thead>
                <tr>
                  <th scope="col">{t("core.tokens.name")}</th>
                  <th scope="col">{t("core.tokens.list.created")}</th>
                  <th scope="col">{t("core.tokens.list.lastUsed")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("core.tokens.list.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td className="stacked-main">{token.name}</td>
                    <td data-label={t("core.tokens.list.created")}>{day(token.created_at)}</td>
                    <td data-label={t("core.tokens.list.lastUsed")}>
                      {token.last_used_at
                        ? relative(token.last_used_at)
                        : t("core.tokens.list.never")}
                    </td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={token.id} />
                        <button
                          type="submit"
                          className="button button-danger"
                          aria-label={t("core.tokens.revokeNamed", { name: token.name })}
                        >
                          {t("core.tokens.revoke")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <EmptyState title={t("core.tokens.empty.title")}>
            {t("core.tokens.empty.body")}
          </EmptyState>
        )}
      </section>

      <section aria-labelledby="usage-heading" className="card stack">
        <h2 id="usage-heading">{t("core.tokens.usage.heading")}</h2>
        <p>
          <Trans k="core.tokens.usage.body" values={{ code }} />
        </p>
        <div className="table-wrap">
          <pre>
            <code>{example}</code>
          </pre>
        </div>
      </section>
    </div>
  );
}

/** The new token, selectable without JavaScript, with a copy button when scripts run. */
function TokenField({ token }: { token: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="field copy-field">
      <label htmlFor="new-token">{t("core.tokens.new.label")}</label>
      <div className="copy-row">
        <input
          id="new-token"
          readOnly
          value={token}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="button button-secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(token);
            setCopied(true);
          }}
        >
          {copied ? t("core.copy.copied") : t("core.tokens.new.copy")}
        </button>
      </div>
      <p className="help" aria-live="polite">
        {copied ? t("core.tokens.new.onClipboard") : t("core.tokens.new.store")}
      </p>
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
