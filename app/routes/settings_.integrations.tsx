import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { getIntegrationsPage, retryFailed, sendTestMessage } from "~/auth/integrations-page.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { readForm } from "~/lib/http.server";
import { LOCALE_NAMES } from "~/lib/i18n/locales";
import { k } from "~/lib/i18n/messages";
import { endAssignmentOnStatus } from "~/mentoring/ticket-status.server";
import { failedRepos, syncGithubNow } from "~/tickets/github-sync.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";

// /settings/integrations (leads): e-mail, Slack and the other integrations, each configured or
// not, with its last success and last error; failed deliveries; "send a test".

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "core.integrations.title");

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
  const form = Object.fromEntries(await readForm(request));
  const parsed = actionSchema.safeParse(form);
  if (!parsed.success) {
    const message =
      form.intent === "test"
        ? k("core.integrations.chooseChannel")
        : k("core.integrations.unknownAction");
    return data({ ok: false as const, message }, { status: 400 });
  }
  if (parsed.data.intent === "sync") {
    const result = await syncGithubNow(db, {
      actor: lead,
      env: getEnv(),
      onStatusChange: endAssignmentOnStatus,
    });
    if (!result.ok) {
      return result.reason === "forbidden"
        ? data({ ok: false as const, message: k("core.integrations.leadsOnly") }, { status: 403 })
        : data({ ok: false as const, message: k("core.integrations.githubOff") }, { status: 409 });
    }
    const failed = result.reports.filter((r) => !r.ok);
    const count = (key: "created" | "updated") =>
      result.reports.reduce((sum, r) => sum + r[key], 0);
    return {
      ok: failed.length === 0,
      message: failed.length
        ? k("core.integrations.syncFailed", { repos: failedRepos(failed) })
        : k("core.integrations.syncDone", {
            created: count("created"),
            updated: count("updated"),
          }),
    };
  }
  if (parsed.data.intent === "retry") {
    const result = await retryFailed(db, { actor: lead });
    if (!result.ok)
      return data(
        { ok: false as const, message: k("core.integrations.leadsOnly") },
        { status: 403 },
      );
    return { ok: true as const, message: k("core.integrations.retried", { count: result.count }) };
  }
  const { channel } = parsed.data;
  const result = await sendTestMessage(db, { actor: lead, channel });
  if (!result.ok) {
    return data(
      {
        ok: false as const,
        message:
          result.reason === "forbidden"
            ? k("core.integrations.leadsOnly")
            : k("core.integrations.channelOff", { channel }),
      },
      { status: result.reason === "forbidden" ? 403 : 409 },
    );
  }
  return {
    ok: true as const,
    message:
      channel === "email"
        ? k("core.integrations.testMailQueued", { email: lead.email })
        : k("core.integrations.testSlackQueued"),
  };
}

export default function Integrations() {
  const { integrations, problems } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, msg, relative, has } = useT();
  // A Slack message has no subject: what it was about, by its kind.
  const kindName = (kind: string) => {
    const key = `core.integrations.kind.${kind}`;
    return has(key) ? t(key) : kind;
  };
  const when = (iso: string | null) => (iso ? relative(iso) : t("core.integrations.never"));
  return (
    <div className="page narrow">
      <header className="page-header">
        <h1>{t("core.integrations.heading")}</h1>
        <p className="lede">
          <Trans
            k="core.integrations.lede"
            values={{ back: (chunks: ReactNode[]) => <Link to="/settings">{chunks}</Link> }}
          />
        </p>
      </header>
      {actionData ? (
        <FormMessage tone={actionData.ok ? "success" : "error"}>{actionData.message}</FormMessage>
      ) : null}
      {integrations.map((i) => (
        <section key={i.key} aria-labelledby={`integration-${i.key}`} className="card stack">
          <h2 id={`integration-${i.key}`}>
            {msg(i.label)}{" "}
            {i.configured ? (
              <Badge tone="good">{t("core.integrations.configured")}</Badge>
            ) : (
              <Badge>{t("core.integrations.notConfigured")}</Badge>
            )}
          </h2>
          <dl className="facts">
            <div>
              <dt>{t("core.integrations.lastSuccess")}</dt>
              <dd>{when(i.lastSuccessAt)}</dd>
            </div>
            <div>
              <dt>{t("core.integrations.lastError")}</dt>
              <dd>
                {i.lastError
                  ? t("core.integrations.errorAt", {
                      when: when(i.lastErrorAt),
                      error: msg(i.lastError),
                    })
                  : t("core.integrations.none")}
              </dd>
            </div>
            {i.language ? (
              <div>
                <dt>{t("core.integrations.language")}</dt>
                <dd>
                  <span lang={i.language}>{LOCALE_NAMES[i.language]}</span>{" "}
                  <span className="muted">
                    {t("core.integrations.languageVariable", { variable: "SLACK_LANGUAGE" })}
                  </span>
                </dd>
              </div>
            ) : null}
            {i.outbox ? (
              <div>
                <dt>{t("core.integrations.queue")}</dt>
                <dd>
                  {t("core.integrations.queueCounts", {
                    pending: i.outbox.pending,
                    sent: i.outbox.sentLastDay,
                    failed: i.outbox.failed,
                  })}
                </dd>
              </div>
            ) : null}
          </dl>
          {i.configured ? null : (
            <p className="muted">
              {t("core.integrations.setVariables", { variables: i.variables.join(", ") })}
            </p>
          )}
          {i.syncable && i.configured ? (
            <Form method="post">
              <SubmitButton
                variant="secondary"
                intent="sync"
                pendingLabel={t("core.integrations.syncing")}
              >
                {t("core.integrations.syncNow")}
              </SubmitButton>
            </Form>
          ) : null}
          {i.testable && i.configured ? (
            <Form method="post">
              <input type="hidden" name="channel" value={i.testable} />
              <SubmitButton
                variant="secondary"
                intent="test"
                pendingLabel={t("core.integrations.queueing")}
              >
                {i.testable === "email"
                  ? t("core.integrations.testMail")
                  : t("core.integrations.testSlack")}
              </SubmitButton>
            </Form>
          ) : null}
        </section>
      ))}
      <section aria-labelledby="problems-heading" className="card stack">
        <h2 id="problems-heading">{t("core.integrations.problems.heading")}</h2>
        {problems.length ? (
          <>
            <div className="table-wrap">
              <table aria-labelledby="problems-heading">
                <thead>
                  <tr>
                    <th scope="col">{t("core.integrations.problems.message")}</th>
                    <th scope="col">{t("core.integrations.problems.to")}</th>
                    <th scope="col">{t("core.integrations.problems.state")}</th>
                    <th scope="col">{t("core.integrations.problems.error")}</th>
                  </tr>
                </thead>
                <tbody>
                  {problems.map((p) => (
                    <tr key={p.id}>
                      <td>
                        {t("core.integrations.problems.what", {
                          channel: p.channel,
                          subject: p.subject || kindName(p.kind),
                        })}
                      </td>
                      <td>{p.recipient ?? t("core.integrations.name.slack")}</td>
                      <td>
                        {p.status === "failed" ? (
                          <Badge tone="bad">
                            {t("core.integrations.problems.gaveUp", { count: p.attempts })}
                          </Badge>
                        ) : (
                          <Badge tone="warn">
                            {t("core.integrations.problems.retrying", {
                              count: p.attempts,
                              next: relative(p.nextAttemptAt),
                            })}
                          </Badge>
                        )}
                      </td>
                      <td>{msg(p.lastError)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {problems.some((p) => p.status === "failed") ? (
              <Form method="post">
                <SubmitButton
                  variant="secondary"
                  intent="retry"
                  pendingLabel={t("core.integrations.queueing")}
                >
                  {t("core.integrations.retry")}
                </SubmitButton>
              </Form>
            ) : null}
          </>
        ) : (
          <EmptyState title={t("core.integrations.problems.emptyTitle")}>
            {t("core.integrations.problems.emptyBody")}
          </EmptyState>
        )}
      </section>
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
