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
import { localeFor, requirePermission } from "~/auth/current-user.server";
import { listKnowledgeGaps, turnGapIntoTicket } from "~/knowledge/gaps.server";
import { db } from "~/lib/db.server";
import { COMPONENT_MAX_LENGTH, componentText } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { forbidden, notFound, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "knowledge.gaps.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewKnowledgeGaps");
  return { gaps: await listKnowledgeGaps(db, { limit: 100 }) };
}

const gapSchema = z.object({
  query: z
    .string({ message: k("knowledge.gaps.query.required") })
    .trim()
    .min(1, k("knowledge.gaps.query.required"))
    .max(200, k("knowledge.gaps.query.tooLong")),
  component: componentText(k("knowledge.toil.filterTooLong", { max: COMPONENT_MAX_LENGTH }))
    .regex(/^([\p{L}\p{N}][\p{L}\p{N} _./-]*)?$/u, k("knowledge.gaps.component.pattern"))
    .optional()
    .transform((v) => v || undefined),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "viewKnowledgeGaps");
  const formData = await readForm(request);
  const parsed = parseForm(gapSchema, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await turnGapIntoTicket(db, {
    query: parsed.data.query,
    component: parsed.data.component,
    actorId: user.id,
    locale: localeFor(request, user),
  });
  if (!result.ok && result.reason === "forbidden") throw forbidden(k("knowledge.gaps.forbidden"));
  if (!result.ok) throw notFound(k("knowledge.gaps.gone"));
  throw redirect(`/tickets/${result.ticketId}`);
}

export default function GapsPage() {
  const { gaps } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failedQuery = actionData?.values.query;
  const topError = actionData?.formError ?? actionData?.errors.query;
  const { t, msg, relative } = useT();
  const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
  return (
    <div className="page">
      <p>
        <Link to="/kb" className="back-link">
          {t("knowledge.back")}
        </Link>
      </p>
      <header className="page-header">
        <h1>{t("knowledge.gaps.heading")}</h1>
        <p className="lede">
          {gaps.length ? t("knowledge.gaps.lede.some") : t("knowledge.gaps.lede.none")}
        </p>
      </header>
      {topError ? <FormMessage tone="error">{topError}</FormMessage> : null}
      {gaps.length === 0 ? (
        <EmptyState title={t("knowledge.gaps.empty.title")}>
          <p>{t("knowledge.gaps.empty.body")}</p>
        </EmptyState>
      ) : (
        // On a phone each gap reads as a card (styles.css, .stacked-table): its form takes the
        // card's last line instead of a column cut off at the screen's edge.
        <div className="table-wrap">
          <table className="stacked-table">
            <caption className="visually-hidden">{t("knowledge.gaps.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("knowledge.gaps.col.search")}</th>
                <th scope="col" className="numeric">
                  {t("knowledge.gaps.col.times")}
                </th>
                <th scope="col">{t("knowledge.gaps.col.last")}</th>
                <th scope="col">{t("knowledge.gaps.col.ticket")}</th>
              </tr>
            </thead>
            <tbody>
              {gaps.map((g, i) => {
                const errors =
                  failedQuery === g.query
                    ? (actionData?.errors ?? {})
                    : ({} as Record<string, string>);
                const fieldId = `gap-component-${i}`;
                return (
                  <tr key={g.query}>
                    <th scope="row" className="gap-query">
                      {t("knowledge.gaps.query", { query: g.query })}
                    </th>
                    <td className="numeric" data-label={t("knowledge.gaps.col.times")}>
                      {g.count}
                    </td>
                    <td data-label={t("knowledge.gaps.col.last")}>
                      {relative(g.lastSeenAt)}
                      <div className="muted small">
                        {t("knowledge.gaps.first", { when: relative(g.firstSeenAt) })}
                      </div>
                    </td>
                    <td className="stacked-main">
                      <Form method="post" className="gap-form">
                        <input type="hidden" name="query" value={g.query} />
                        <div className="field">
                          <label htmlFor={fieldId}>
                            <Trans
                              k="knowledge.gaps.componentLabel"
                              values={{
                                query: g.query,
                                hidden,
                                opt: (chunks) => <span className="optional">{chunks}</span>,
                              }}
                            />
                          </label>
                          <input
                            id={fieldId}
                            name="component"
                            placeholder={t("knowledge.gaps.placeholder")}
                            maxLength={40}
                            defaultValue={
                              failedQuery === g.query ? actionData?.values.component : ""
                            }
                            aria-invalid={errors.component ? true : undefined}
                            aria-describedby={errors.component ? `${fieldId}-error` : undefined}
                          />
                          {errors.component ? (
                            <p className="field-error" id={`${fieldId}-error`}>
                              {msg(errors.component)}
                            </p>
                          ) : null}
                        </div>
                        <SubmitButton
                          intent={`gap-${i}`}
                          variant="secondary"
                          pendingLabel={t("knowledge.gaps.creating")}
                        >
                          <Trans k="knowledge.gaps.make" values={{ query: g.query, hidden }} />
                        </SubmitButton>
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
