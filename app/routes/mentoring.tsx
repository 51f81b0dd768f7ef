import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { listTeam } from "~/auth/users.server";
import { db } from "~/lib/db.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";

export const meta: MetaFunction = () => [{ title: "Mentoring · Koan" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["mentor", "lead"]);
  const mentors = (await listTeam(db))
    .filter((m) => m.role === "mentor" && m.status === "active")
    .map((m) => ({ id: m.id, name: m.name, capacity: m.capacity ?? 0, components: m.components }));
  return { me: { id: user.id, role: user.role }, mentors };
}

export default function Mentoring() {
  const { me, mentors } = useLoaderData<typeof loader>();
  const mine = mentors.find((m) => m.id === me.id);
  return (
    <div className="page">
      <header className="page-header">
        <h1>Mentoring</h1>
        <p className="lede">
          {me.role === "mentor"
            ? "Your mentees, their progress and what waits for your review."
            : "Who mentors what, and how much room each mentor has."}
        </p>
      </header>
      {mine ? (
        <section aria-labelledby="mentees" className="card">
          <h2 id="mentees">Your mentees</h2>
          <EmptyState title="No mentees yet">
            <p>
              When a newcomer claims a ticket and picks you, they appear here. You take up to{" "}
              {mine.capacity} at once
              {mine.components.length ? `, in ${mine.components.join(", ")}` : ""}.
            </p>
          </EmptyState>
        </section>
      ) : null}
      <section aria-labelledby="mentors" className="card">
        <h2 id="mentors">Mentors</h2>
        {mentors.length === 0 ? (
          <EmptyState title="No mentors yet">
            <p>A lead can invite mentors from the Team page.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Mentor</th>
                  <th scope="col">Knows</th>
                  <th scope="col">Capacity</th>
                </tr>
              </thead>
              <tbody>
                {mentors.map((m) => (
                  <tr key={m.id}>
                    <td>{m.name}</td>
                    <td>
                      {m.components.length ? (
                        <span className="tags">
                          {m.components.map((c) => (
                            <Badge key={c}>{c}</Badge>
                          ))}
                        </span>
                      ) : (
                        <span className="muted">not set</span>
                      )}
                    </td>
                    <td>{m.capacity} mentees</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
