import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { getIntegrationsPage, retryFailed, sendTestMessage } from "~/auth/integrations-page.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { readForm } from "~/lib/http.server";
import { formatRelative } from "~/lib/time";
import { endAssignmentOnStatus } from "~/mentoring/ticket-status.server";
import { syncGithubNow } from "~/tickets/github-sync.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage, SubmitButton } from "~/ui/form";

// /settings/integrations (leads): e-mail, Slack and the other integrations, each configured or
// not, with its last success and last error; failed deliveries; "send a test".

export const meta: MetaFunction = () => [{ title: "Integrations · Koan" }];

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("test"), channel: z.enum(["email", "slack"]) }),
  z.object({ intent: z.literal("retry") }),
  z.object({ intent: z.literal("sync") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const lead = await requirePermission(request, "manageIntegrations");
  return getIntegrationsPage(db, { viewer: lead }, getEnv());
}

export async function action({ request }: ActionFunctionArgs) {
  const lead = await requirePermission(request, "manageIntegrations");
  const parsed = actionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    return data(
      { ok: false as const, message: "Choose e-mail or Slack to test." },
      { status: 400 },
    );
  }
  if (parsed.data.intent === "sync") {
    const result = await syncGithubNow(db, {
      actor: lead,
      env: getEnv(),
      onStatusChange: endAssignmentOnStatus,
    });
    if (!result.ok) {
      return result.reason === "forbidden"
        ? data({ ok: false as const, message: "Leads only." }, { status: 403 })
        : data(
            {
              ok: false as const,
              message: "GitHub sync is not configured: set its variables and restart Koan.",
            },
            { status: 409 },
          );
    }
    const failed = result.reports.filter((r) => !r.ok);
    const count = (key: "created" | "updated") =>
      result.reports.reduce((sum, r) => sum + r[key], 0);
    return {
      ok: failed.length === 0,
      message: failed.length
        ? `GitHub sync failed for ${failed.map((r) => `${r.repo} (${r.error})`).join(", ")}.`
        : `GitHub sync finished: ${count("created")} new, ${count("updated")} updated.`,
    };
  }
  if (parsed.data.intent === "retry") {
    const result = await retryFailed(db, { actor: lead });
    if (!result.ok) return data({ ok: false as const, message: "Leads only." }, { status: 403 });
    return {
      ok: true as const,
      message: `${result.count} failed ${result.count === 1 ? "delivery is" : "deliveries are"} queued again.`,
    };
  }
  const { channel } = parsed.data;
  const result = await sendTestMessage(db, { actor: lead, channel });
  if (!result.ok) {
    return data(
      {
        ok: false as const,
        message:
          result.reason === "forbidden"
            ? "Leads only."
            : `${channel === "email" ? "E-mail" : "Slack"} is not configured: set its variables and restart Koan.`,
      },
      { status: result.reason === "forbidden" ? 403 : 409 },
    );
  }
  return {
    ok: true as const,
    message:
      channel === "email"
        ? `Test e-mail queued to ${lead.email}. Reload in a few seconds to see whether it went out.`
        : "Test Slack message queued. Reload in a few seconds to see whether it went out.",
  };
}

const when = (iso: string | null) => (iso ? formatRelative(iso) : "never");

export default function Integrations() {
  const { integrations, problems } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page narrow">
      <header className="page-header">
        <h1>Integrations</h1>
        <p className="lede">
          E-mail, Slack and the other tools Koan talks to. Each is set by environment variables (see
          the README) and off when they are unset. <Link to="/settings">Back to settings</Link>
        </p>
      </header>
      {actionData ? (
        <FormMessage tone={actionData.ok ? "success" : "error"}>{actionData.message}</FormMessage>
      ) : null}
      {integrations.map((i) => (
        <section key={i.key} aria-labelledby={`integration-${i.key}`} className="card stack">
          <h2 id={`integration-${i.key}`}>
            {i.label}{" "}
            {i.configured ? <Badge tone="good">configured</Badge> : <Badge>not configured</Badge>}
          </h2>
          <dl className="facts">
            <div>
              <dt>Last success</dt>
              <dd>{when(i.lastSuccessAt)}</dd>
            </div>
            <div>
              <dt>Last error</dt>
              <dd>{i.lastError ? `${when(i.lastErrorAt)}: ${i.lastError}` : "none"}</dd>
            </div>
            {i.outbox ? (
              <div>
                <dt>Queue</dt>
                <dd>
                  {i.outbox.pending} waiting · {i.outbox.sentLastDay} sent in the last day ·{" "}
                  {i.outbox.failed} failed
                </dd>
              </div>
            ) : null}
          </dl>
          {i.configured ? null : (
            <p className="muted">
              Set {i.variables.map((v) => `${v}`).join(" and ")} to turn it on.
            </p>
          )}
          {i.syncable && i.configured ? (
            <Form method="post">
              <SubmitButton variant="secondary" intent="sync" pendingLabel="Syncing…">
                Sync now
              </SubmitButton>
            </Form>
          ) : null}
          {i.testable && i.configured ? (
            <Form method="post">
              <input type="hidden" name="channel" value={i.testable} />
              <SubmitButton variant="secondary" intent="test" pendingLabel="Queueing…">
                {i.testable === "email" ? "Send a test e-mail" : "Send a test Slack message"}
              </SubmitButton>
            </Form>
          ) : null}
        </section>
      ))}
      <section aria-labelledby="problems-heading" className="card stack">
        <h2 id="problems-heading">Failed deliveries</h2>
        {problems.length ? (
          <>
            <div className="table-wrap">
              <table aria-labelledby="problems-heading">
                <thead>
                  <tr>
                    <th scope="col">Message</th>
                    <th scope="col">To</th>
                    <th scope="col">State</th>
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {problems.map((p) => (
                    <tr key={p.id}>
                      <td>
                        {p.channel === "email" ? "E-mail" : "Slack"}: {p.subject || p.kind}
                      </td>
                      <td>{p.recipient ?? "Slack"}</td>
                      <td>
                        {p.status === "failed" ? (
                          <Badge tone="bad">gave up after {p.attempts} tries</Badge>
                        ) : (
                          <Badge tone="warn">
                            retrying ({p.attempts} {p.attempts === 1 ? "try" : "tries"}), next{" "}
                            {formatRelative(p.nextAttemptAt)}
                          </Badge>
                        )}
                      </td>
                      <td>{p.lastError}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {problems.some((p) => p.status === "failed") ? (
              <Form method="post">
                <SubmitButton variant="secondary" intent="retry" pendingLabel="Queueing…">
                  Try the failed ones again
                </SubmitButton>
              </Form>
            ) : null}
          </>
        ) : (
          <EmptyState title="No failed deliveries">
            Messages that fail are retried with growing pauses for about eight hours, and listed
            here meanwhile.
          </EmptyState>
        )}
      </section>
    </div>
  );
}
