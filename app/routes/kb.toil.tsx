import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { listToilComponents, toilBoard } from "~/knowledge/toil.server";
import { db } from "~/lib/db.server";
import { componentText } from "~/lib/fields";
import { formatRelative } from "~/lib/time";
import { EmptyState } from "~/ui/empty-state";

export const meta: MetaFunction = () => [{ title: "Toil board · Koan" }];

const filterSchema = z.object({
  component: componentText("A component name is at most 40 characters.")
    .toLowerCase()
    .optional()
    .transform((v) => v || undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const url = new URL(request.url);
  const parsed = filterSchema.safeParse({
    component: url.searchParams.get("component") ?? undefined,
  });
  if (!parsed.success) {
    throw data(
      { message: parsed.error.issues[0]?.message ?? "That filter isn't valid." },
      { status: 400 },
    );
  }
  const { component } = parsed.data;
  const [rows, components] = await Promise.all([
    toilBoard(db, { component, limit: 200 }),
    listToilComponents(db),
  ]);
  return { rows, components, component: component ?? null };
}

/** "1 h 30 min" reads faster than "90 minutes" once chores add up. */
function formatMinutes(total: number) {
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}

export default function ToilBoard() {
  const { rows, components, component } = useLoaderData<typeof loader>();
  const top = rows[0];
  return (
    <div className="page">
      <p>
        <Link to="/kb">← Knowledge base</Link>
      </p>
      <header className="page-header">
        <h1>Toil board</h1>
        <p className="lede">
          Manual chores recorded on write-ups, the ones costing the most time first.
          {top ? (
            <>
              {" "}
              Automate <strong>{top.description}</strong> next: done {top.count}{" "}
              {top.count === 1 ? "time" : "times"} for {formatMinutes(top.totalMinutes)} in all.
            </>
          ) : null}
        </p>
      </header>

      <Form method="get" className="toil-filter">
        <div className="field">
          <label htmlFor="toil-component">Component</label>
          <select id="toil-component" name="component" defaultValue={component ?? ""}>
            <option value="">All components</option>
            {component && !components.includes(component) ? (
              <option value={component}>{component}</option>
            ) : null}
            {components.map((c) => (
              <option key={c} value={c}>
                {c || "no component"}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Show
        </button>
      </Form>

      {rows.length === 0 ? (
        <EmptyState
          title={component ? `No toil recorded for ${component}` : "No toil recorded yet"}
        >
          <p>
            When a write-up lists a step someone did by hand, with the minutes it took, it is
            counted here so the team can see what to automate.
            {component ? (
              <>
                {" "}
                <Link to="/kb/toil">See every component</Link>.
              </>
            ) : null}
          </p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">
              Recurring manual chores{component ? ` in ${component}` : ""}, most time first
            </caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Chore</th>
                <th scope="col">Component</th>
                <th scope="col" className="numeric">
                  Times
                </th>
                <th scope="col" className="numeric">
                  Time spent
                </th>
                <th scope="col">Last seen</th>
                <th scope="col">Write-ups</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.component}\u0000${r.key}`}>
                  <td>{i + 1}</td>
                  <th scope="row" className="toil-chore">
                    {r.description}
                  </th>
                  <td>{r.component || "—"}</td>
                  <td className="numeric">{r.count}</td>
                  <td className="numeric">{formatMinutes(r.totalMinutes)}</td>
                  <td>{formatRelative(r.lastSeenAt)}</td>
                  <td>
                    <span className="toil-examples">
                      {r.exampleWriteupIds.map((id) => (
                        <Link key={id} to={`/kb/${id}`}>
                          #{id}
                          <span className="visually-hidden"> (write-up)</span>
                        </Link>
                      ))}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
