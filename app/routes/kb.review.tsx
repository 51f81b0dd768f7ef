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
import { confirmStillCorrect, resolveFlag, reviewList } from "~/knowledge/health.server";
import { reviewReasonText } from "~/knowledge/review-reason";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { forbidden, notFound, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "knowledge.review.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reviewKnowledge");
  return reviewList(db, new Date());
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resolve"), flagId: idField }),
  z.object({ intent: z.literal("still-correct"), writeupId: idField }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "reviewKnowledge");
  const parsed = actionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: k("knowledge.review.badRequest") }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "resolve") {
    const result = await resolveFlag(db, { flagId: input.flagId, userId: user.id });
    if (result === "not_found") throw notFound(k("knowledge.review.noSuchFlag"));
    if (result === "forbidden") throw forbidden(k("knowledge.review.forbidden"));
    return {
      success:
        result === "resolved"
          ? k("knowledge.review.resolved")
          : k("knowledge.review.alreadyResolved"),
    };
  }
  const result = await confirmStillCorrect(db, { writeupId: input.writeupId, userId: user.id });
  if (!result.ok && result.reason === "forbidden") throw forbidden(k("knowledge.review.forbidden"));
  if (!result.ok) throw notFound(k("knowledge.review.noSuchPublished"));
  return { success: k("knowledge.review.stillCorrectDone") };
}

export default function ReviewPage() {
  const { months, flags, stale, staleTotal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const nothing = flags.length === 0 && stale.length === 0;
  const tr = useT();
  const { t, relative } = tr;
  const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
  return (
    <div className="page">
      <p>
        <Link to="/kb" className="back-link">
          {t("knowledge.back")}
        </Link>
      </p>
      <header className="page-header">
        <h1>{t("knowledge.review.heading")}</h1>
        <p className="lede">
          {nothing ? t("knowledge.review.lede.nothing") : t("knowledge.review.lede", { months })}
        </p>
      </header>
      {actionData && "success" in actionData ? (
        <FormMessage tone="success">{actionData.success}</FormMessage>
      ) : null}
      {actionData && "error" in actionData ? (
        <FormMessage tone="error">{actionData.error}</FormMessage>
      ) : null}

      <section aria-labelledby="flags-heading" className="card">
        <h2 id="flags-heading">{t("knowledge.review.flags.heading", { count: flags.length })}</h2>
        {flags.length === 0 ? (
          <EmptyState title={t("knowledge.review.flags.empty.title")}>
            <p>{t("knowledge.review.flags.empty.body")}</p>
          </EmptyState>
        ) : (
          // On a phone each flag reads as a card (styles.css, .stacked-table): its button stays on
          // screen instead of past the table's edge.
          <div className="table-wrap">
            <table className="stacked-table">
              <thead>
                <tr>
                  <th scope="col">{t("knowledge.review.col.writeup")}</th>
                  <th scope="col">{t("knowledge.review.col.said")}</th>
                  <th scope="col">{t("knowledge.review.col.status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("knowledge.review.col.action")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {flags.map((f) => (
                  <tr key={f.flagId}>
                    <td className="stacked-main">
                      <Link to={`/kb/${f.writeupId}`}>{f.title}</Link>
                      <div className="muted small">{f.component || t("knowledge.noComponent")}</div>
                    </td>
                    <td className="stacked-main">
                      <p className="review-note">{f.note}</p>
                      <div className="muted small">
                        {f.flaggedBy
                          ? t("knowledge.review.flaggedByWhen", {
                              name: f.flaggedBy,
                              when: relative(f.flaggedAt),
                            })
                          : t("knowledge.review.formerMemberWhen", { when: relative(f.flaggedAt) })}
                      </div>
                    </td>
                    <td>
                      <Badge tone="warn">{t("knowledge.badge.flagged")}</Badge>
                      <div className="muted small">{reviewReasonText(tr, f.reason)}</div>
                    </td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="flagId" value={f.flagId} />
                        <SubmitButton
                          intent="resolve"
                          variant="secondary"
                          pendingLabel={t("knowledge.review.resolving")}
                        >
                          <Trans k="knowledge.review.resolve" values={{ title: f.title, hidden }} />
                        </SubmitButton>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="stale-heading" className="card">
        <h2 id="stale-heading">{t("knowledge.review.stale.heading", { count: staleTotal })}</h2>
        {stale.length === 0 ? (
          <EmptyState title={t("knowledge.review.stale.empty.title")}>
            <p>{t("knowledge.review.stale.empty.body", { months })}</p>
          </EmptyState>
        ) : (
          <>
            {staleTotal > stale.length ? (
              <p className="muted small">
                {t("knowledge.review.showing", { shown: stale.length, total: staleTotal })}
              </p>
            ) : null}
            <div className="table-wrap">
              <table className="stacked-table">
                <thead>
                  <tr>
                    <th scope="col">{t("knowledge.review.col.writeup")}</th>
                    <th scope="col">{t("knowledge.review.col.status")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("knowledge.review.col.action")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {stale.map((w) => (
                    <tr key={w.writeupId}>
                      <td className="stacked-main">
                        <Link to={`/kb/${w.writeupId}`}>{w.title}</Link>
                        <div className="muted small">
                          {w.component || t("knowledge.noComponent")}
                        </div>
                      </td>
                      <td>
                        <Badge tone={w.verifiedAt ? "warn" : "neutral"}>
                          {w.verifiedAt
                            ? t("knowledge.badge.reviewDue")
                            : t("knowledge.badge.neverVerified")}
                        </Badge>
                        <div className="muted small">{reviewReasonText(tr, w.reason)}</div>
                      </td>
                      <td>
                        <Form method="post">
                          <input type="hidden" name="writeupId" value={w.writeupId} />
                          <SubmitButton
                            intent="still-correct"
                            variant="secondary"
                            pendingLabel={t("core.action.saving")}
                          >
                            <Trans
                              k="knowledge.review.stillCorrect"
                              values={{ title: w.title, hidden }}
                            />
                          </SubmitButton>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
