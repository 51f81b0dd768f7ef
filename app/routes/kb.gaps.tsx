import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { listKnowledgeGaps, turnGapIntoTicket } from "~/knowledge/health.server";
import { db } from "~/lib/db.server";
import { componentText } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { forbidden, notFound, readForm } from "~/lib/http.server";
import { formatRelative } from "~/lib/time";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Knowledge gaps · Koan" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewKnowledgeGaps");
  return { gaps: await listKnowledgeGaps(db, { limit: 100 }) };
}

const gapSchema = z.object({
  query: z
    .string({ message: "Choose a search to document." })
    .trim()
    .min(1, "Choose a search to document.")
    .max(200, "That search is too long."),
  component: componentText("A component name is at most 40 characters.")
    .regex(/^([\p{L}\p{N}][\p{L}\p{N} _./-]*)?$/u, "Use letters, digits, spaces, - _ . /.")
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
  });
  if (!result.ok && result.reason === "forbidden")
    throw forbidden("Only leads turn knowledge gaps into tickets.");
  if (!result.ok) throw notFound("That search is no longer in the list of knowledge gaps.");
  throw redirect(`/tickets/${result.ticketId}`);
}

export default function GapsPage() {
  const { gaps } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failedQuery = actionData?.values.query;
  const topError = actionData?.formError ?? actionData?.errors.query;
  return (
    <div className="page">
      <p>
        <Link to="/kb">← Knowledge base</Link>
      </p>
      <header className="page-header">
        <h1>Knowledge gaps</h1>
        <p className="lede">
          {gaps.length
            ? "Searches that found nothing, the most frequent first. Turn one into a documentation starter ticket: a newcomer learns the area by writing the answer."
            : "Searches that find nothing show up here, so the next write-up answers what people actually look for."}
        </p>
      </header>
      {topError ? <FormMessage tone="error">{topError}</FormMessage> : null}
      {gaps.length === 0 ? (
        <EmptyState title="No knowledge gaps">
          <p>Every search so far found something, or the gaps already have tickets.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">
              Searches that found nothing, most frequent first
            </caption>
            <thead>
              <tr>
                <th scope="col">Search</th>
                <th scope="col" className="numeric">
                  Times
                </th>
                <th scope="col">Last searched</th>
                <th scope="col">Documentation ticket</th>
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
                      “{g.query}”
                    </th>
                    <td className="numeric">{g.count}</td>
                    <td>
                      {formatRelative(g.lastSeenAt)}
                      <div className="muted small">first {formatRelative(g.firstSeenAt)}</div>
                    </td>
                    <td>
                      <Form method="post" className="gap-form">
                        <input type="hidden" name="query" value={g.query} />
                        <div className="field">
                          <label htmlFor={fieldId}>
                            Component <span className="optional">(optional)</span>
                            <span className="visually-hidden"> for “{g.query}”</span>
                          </label>
                          <input
                            id={fieldId}
                            name="component"
                            placeholder="docs"
                            maxLength={40}
                            defaultValue={
                              failedQuery === g.query ? actionData?.values.component : ""
                            }
                            aria-invalid={errors.component ? true : undefined}
                            aria-describedby={errors.component ? `${fieldId}-error` : undefined}
                          />
                          {errors.component ? (
                            <p className="field-error" id={`${fieldId}-error`}>
                              {errors.component}
                            </p>
                          ) : null}
                        </div>
                        <SubmitButton
                          intent={`gap-${i}`}
                          variant="secondary"
                          pendingLabel="Creating…"
                        >
                          Make a documentation ticket
                          <span className="visually-hidden"> for “{g.query}”</span>
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
