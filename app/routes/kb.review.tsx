import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { requirePermission, requireUser } from "~/auth/current-user.server";
import {
  confirmStillCorrect,
  flagSubject,
  resolveFlag,
  reviewList,
  reviewSubject,
} from "~/knowledge/health.server";
import { reviewReasonText } from "~/knowledge/review-reason";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { forbidden, forbiddenElsewhere, readForm } from "~/lib/http.server";
import { k, type MessageKey } from "~/lib/i18n/messages";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";
import { type ReviewNotice, ReviewNoticeMessage } from "~/ui/review-notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "knowledge.review.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reviewKnowledge");
  return reviewList(db, new Date());
}

/** The title the page showed: named in the answer only when the write-up itself is gone. */
const shownTitle = z.string().trim().max(300).optional();

const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("resolve"),
    flagId: idField,
    writeupId: idField.optional(),
    title: shownTitle,
  }),
  z.object({ intent: z.literal("still-correct"), writeupId: idField, title: shownTitle }),
]);

/** The write-up an answer names, linked. */
const named = (s: { writeupId: number; title: string }) => ({
  title: s.title,
  writeupId: s.writeupId,
});

/** A review button's answer, said in the page above a fresh list. */
function answer(notice: ReviewNotice, status = 200) {
  return data({ notice }, { status });
}

/** A 403 (the sender is no longer a mentor or lead) naming the write-up, linked to open it. */
function refused(key: MessageKey, subject: { writeupId: number; title: string } | null) {
  if (!subject) return forbidden(k("knowledge.review.forbidden"));
  return forbiddenElsewhere(k(key, { title: subject.title }), {
    to: `/kb/${subject.writeupId}`,
    label: k("knowledge.review.openWriteup", { title: subject.title }),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: k("knowledge.review.badRequest") }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "resolve") {
    const result = await resolveFlag(db, { flagId: input.flagId, userId: user.id });
    const flag = await flagSubject(db, input.flagId);
    if (result === "forbidden")
      throw refused("knowledge.review.forbiddenResolve", flag?.published ? flag : null);
    if (result === "resolved" && flag)
      return answer({ key: "knowledge.review.resolvedOn", tone: "success", ...named(flag) });
    if (result === "already_resolved" && flag)
      return answer({
        key: flag.resolvedBy
          ? "knowledge.review.alreadyResolvedBy"
          : "knowledge.review.alreadyResolvedFormer",
        tone: "success",
        name: flag.resolvedBy ?? undefined,
        ...named(flag),
      });
    const writeup = input.writeupId ? await reviewSubject(db, input.writeupId) : null;
    if (writeup)
      return answer({ key: "knowledge.review.flagGone", tone: "error", ...named(writeup) }, 404);
    if (input.title)
      return answer(
        {
          key: "knowledge.review.flagGoneDeleted",
          tone: "error",
          title: input.title,
          writeupId: null,
        },
        404,
      );
    return data({ error: k("knowledge.review.noSuchFlagNext") }, { status: 404 });
  }
  const result = await confirmStillCorrect(db, { writeupId: input.writeupId, userId: user.id });
  if (result.ok) return { success: k("knowledge.review.stillCorrectDone") };
  const writeup = await reviewSubject(db, input.writeupId);
  if (result.reason === "forbidden")
    throw refused("knowledge.review.forbiddenStillCorrect", writeup?.published ? writeup : null);
  if (writeup)
    return answer(
      { key: "knowledge.review.stillCorrectDraft", tone: "error", ...named(writeup) },
      409,
    );
  if (input.title)
    return answer(
      {
        key: "knowledge.review.stillCorrectGone",
        tone: "error",
        title: input.title,
        writeupId: null,
      },
      404,
    );
  return data({ error: k("knowledge.review.noSuchPublishedNext") }, { status: 404 });
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
      {actionData && "notice" in actionData ? (
        <ReviewNoticeMessage notice={actionData.notice} />
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
                        <input type="hidden" name="writeupId" value={f.writeupId} />
                        <input type="hidden" name="title" value={f.title} />
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
                          <input type="hidden" name="title" value={w.title} />
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
