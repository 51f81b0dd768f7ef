import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
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
import { readForm } from "~/lib/http.server";
import { formatDay, formatRelative } from "~/lib/time";
import { EmptyState } from "~/ui/empty-state";
import { Field, FormMessage, SubmitButton } from "~/ui/form";

// /settings/tokens (not nested in /settings, hence the `_`): personal API tokens for the JSON
// search API. A token is shown once, right after it is made; only its hash is kept.

export const meta: MetaFunction = () => [{ title: "API tokens · Koan" }];

const createSchema = z.object({ intent: z.literal("create"), name: requiredText("Name", 60) });
const revokeSchema = z.object({ intent: z.literal("revoke"), tokenId: idField });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { tokens: await listApiTokens(db, user.id), origin: new URL(request.url).origin };
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
          ...failure(formData, {}, "That token was already revoked, or isn't yours."),
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
        ...failure(
          formData,
          {},
          `You have ${MAX_API_TOKENS} tokens already. Revoke one you no longer use first.`,
        ),
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
  return (
    <div className="page narrow">
      <header className="page-header">
        <h1>API tokens</h1>
        <p className="lede">
          Tokens let scripts and chat bots search the knowledge base as you. Treat one like a
          password. <Link to="/settings">Back to settings</Link>
        </p>
      </header>

      <section aria-labelledby="create-heading" className="card stack">
        <h2 id="create-heading">Create a token</h2>
        {created ? (
          <div className="stack">
            <FormMessage tone="success">
              Token “{created.name}” created. Copy it now: Koan shows it only once.
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
            label="Name"
            name="name"
            required
            maxLength={60}
            defaultValue={createFailure?.values.name}
            error={createFailure?.errors.name}
            help="What it is for, so you know which to revoke later: “Team chat bot”."
          />
          <div>
            <SubmitButton pendingLabel="Creating…">Create token</SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="tokens-heading" className="card stack">
        <h2 id="tokens-heading">Your tokens</h2>
        {revoked ? (
          <FormMessage tone="success">Token revoked: it no longer works.</FormMessage>
        ) : null}
        {revokeFailure?.formError ? (
          <FormMessage tone="error">{revokeFailure.formError}</FormMessage>
        ) : null}
        {tokens.length ? (
          <div className="table-wrap">
            <table aria-labelledby="tokens-heading">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>{formatDay(t.created_at)}</td>
                    <td>{t.last_used_at ? formatRelative(t.last_used_at) : "never"}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={t.id} />
                        <button
                          type="submit"
                          className="button button-danger"
                          aria-label={`Revoke ${t.name}`}
                        >
                          Revoke
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <EmptyState title="No tokens yet">
            Create one above when a script needs to search the knowledge base.
          </EmptyState>
        )}
      </section>

      <section aria-labelledby="usage-heading" className="card stack">
        <h2 id="usage-heading">Using a token</h2>
        <p>
          Send it in the <code>Authorization</code> header. <code>limit</code> (1–50, default 10)
          and <code>component</code> are optional.
        </p>
        <div className="table-wrap">
          <pre>
            <code>
              {`curl -H "Authorization: Bearer koan_…" \\
  "${origin}/api/search?q=invoice+rounding&limit=5"`}
            </code>
          </pre>
        </div>
      </section>
    </div>
  );
}

/** The new token, selectable without JavaScript, with a copy button when scripts run. */
function TokenField({ token }: { token: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="field copy-field">
      <label htmlFor="new-token">Your new token</label>
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
          {copied ? "Copied" : "Copy token"}
        </button>
      </div>
      <p className="help" aria-live="polite">
        {copied
          ? "The token is on your clipboard."
          : "Store it somewhere safe, such as your script's secret settings."}
      </p>
    </div>
  );
}
