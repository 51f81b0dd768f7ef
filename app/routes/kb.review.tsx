import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { confirmStillCorrect, resolveFlag, reviewList } from "~/knowledge/health.server";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { forbidden, notFound, readForm } from "~/lib/http.server";
import { formatRelative } from "~/lib/time";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Write-ups to review · Koan" }];

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
  if (!parsed.success)
    return data(
      { error: "That action isn't available here. Reload and try again." },
      { status: 400 },
    );
  const input = parsed.data;
  if (input.intent === "resolve") {
    const result = await resolveFlag(db, { flagId: input.flagId, userId: user.id });
    if (result === "not_found") throw notFound("There is no such flag.");
    if (result === "forbidden") throw forbidden("Only mentors and leads review write-ups.");
    return {
      success:
        result === "resolved"
          ? "Flag resolved. Thank you for keeping the write-ups true."
          : "Someone resolved this flag a moment ago.",
    };
  }
  const result = await confirmStillCorrect(db, { writeupId: input.writeupId, userId: user.id });
  if (!result.ok && result.reason === "forbidden")
    throw forbidden("Only mentors and leads review write-ups.");
  if (!result.ok) throw notFound("There is no such published write-up.");
  return { success: "Marked as still correct: it counts as verified by you today." };
}

export default function ReviewPage() {
  const { months, flags, stale, staleTotal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const nothing = flags.length === 0 && stale.length === 0;
  return (
    <div className="page">
      <p>
        <Link to="/kb">← Knowledge base</Link>
      </p>
      <header className="page-header">
        <h1>Write-ups to review</h1>
        <p className="lede">
          {nothing
            ? "Every write-up is current. Nothing needs you here."
            : `Check what was flagged first, then write-ups nobody has verified for ${months} ${months === 1 ? "month" : "months"}. Correct the write-up if needed, then resolve the flag or mark it still correct.`}
        </p>
      </header>
      {actionData && "success" in actionData ? (
        <FormMessage tone="success">{actionData.success}</FormMessage>
      ) : null}
      {actionData && "error" in actionData ? (
        <FormMessage tone="error">{actionData.error}</FormMessage>
      ) : null}

      <section aria-labelledby="flags-heading" className="card">
        <h2 id="flags-heading">Flagged as out of date ({flags.length})</h2>
        {flags.length === 0 ? (
          <EmptyState title="No open flags">
            <p>When someone says a write-up looks out of date, it appears here, oldest first.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Write-up</th>
                  <th scope="col">What they said</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {flags.map((f) => (
                  <tr key={f.flagId}>
                    <td>
                      <Link to={`/kb/${f.writeupId}`}>{f.title}</Link>
                      <div className="muted small">{f.component || "no component"}</div>
                    </td>
                    <td>
                      <p className="review-note">{f.note}</p>
                      <div className="muted small">
                        {f.flaggedBy ?? "A former member"}, {formatRelative(f.flaggedAt)}
                      </div>
                    </td>
                    <td>
                      <Badge tone="warn">flagged</Badge>
                      <div className="muted small">{f.reason}</div>
                    </td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="flagId" value={f.flagId} />
                        <SubmitButton
                          intent="resolve"
                          variant="secondary"
                          pendingLabel="Resolving…"
                        >
                          Resolve
                          <span className="visually-hidden"> the flag on “{f.title}”</span>
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
        <h2 id="stale-heading">Due for review ({staleTotal})</h2>
        {stale.length === 0 ? (
          <EmptyState title="Nothing due">
            <p>
              A published write-up comes back here when nobody has verified it for {months}{" "}
              {months === 1 ? "month" : "months"}.
            </p>
          </EmptyState>
        ) : (
          <>
            {staleTotal > stale.length ? (
              <p className="muted small">
                Showing the {stale.length} longest unreviewed of {staleTotal}.
              </p>
            ) : null}
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Write-up</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {stale.map((w) => (
                    <tr key={w.writeupId}>
                      <td>
                        <Link to={`/kb/${w.writeupId}`}>{w.title}</Link>
                        <div className="muted small">{w.component || "no component"}</div>
                      </td>
                      <td>
                        <Badge tone={w.verifiedAt ? "warn" : "neutral"}>
                          {w.verifiedAt ? "review due" : "never verified"}
                        </Badge>
                        <div className="muted small">{w.reason}</div>
                      </td>
                      <td>
                        <Form method="post">
                          <input type="hidden" name="writeupId" value={w.writeupId} />
                          <SubmitButton
                            intent="still-correct"
                            variant="secondary"
                            pendingLabel="Saving…"
                          >
                            Still correct
                            <span className="visually-hidden">: “{w.title}”</span>
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
