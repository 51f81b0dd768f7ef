import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { formatRelative } from "~/lib/time";
import { getMentoringBoard } from "~/mentoring/mentoring-board.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";

export const meta: MetaFunction = () => [{ title: "Mentoring · Koan" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewMentoring");
  const env = getEnv();
  return getMentoringBoard(db, {
    viewer: user,
    staleDays: env.STALE_DAYS,
    stuckWorkingDays: env.STUCK_WORKING_DAYS,
  });
}

export default function Mentoring() {
  const { allPairings, myLoad, mentors, assignments, staleCount, staleDays, queue, stuckDays } =
    useLoaderData<typeof loader>();
  return (
    <div className="page">
      <header className="page-header">
        <h1>Mentoring</h1>
        <p className="lede">
          {allPairings
            ? "Every active pairing, who may be stuck, and how much room each mentor has."
            : "Your mentees, what they are working on, and who may need a nudge."}
        </p>
        {staleCount ? (
          <div className="loop-callout" role="note" aria-labelledby="stale-heading">
            <p id="stale-heading">
              <strong>
                {staleCount} {staleCount === 1 ? "claim has" : "claims have"} had no progress for{" "}
                {staleDays}+ days:
              </strong>
            </p>
            <ul className="plain-list">
              {assignments
                .filter((a) => a.stale)
                .map((a) => (
                  <li key={a.id}>
                    <Link to={`/assignments/${a.id}`}>
                      {a.newcomerName}: {a.ticketTitle}
                    </Link>
                    <span className="muted small">
                      {" "}
                      · last activity {formatRelative(a.lastProgressAt)}
                      {allPairings && a.mentorName ? <> · mentor {a.mentorName}</> : null}
                    </span>
                  </li>
                ))}
            </ul>
          </div>
        ) : null}
      </header>
      <section aria-labelledby="reviews" className="card">
        <h2 id="reviews">Waiting for your review</h2>
        {queue.length === 0 ? (
          <EmptyState title="Nothing to review">
            <p>Submitted checkpoints appear here, oldest first.</p>
          </EmptyState>
        ) : (
          <ul className="plain-list">
            {queue.map((r) => (
              <li key={r.assignmentCheckpointId} className="row">
                <span>
                  <Link
                    to={`/assignments/${r.assignmentId}#checkpoint-${r.assignmentCheckpointId}`}
                  >
                    {r.newcomerName}: {r.title}
                  </Link>
                  <span className="muted small"> · {r.ticketTitle}</span>
                  {r.state === "resubmitted" ? (
                    <>
                      {" "}
                      <Badge tone="accent">resubmitted</Badge>
                    </>
                  ) : null}
                </span>
                <span className="muted small">
                  waiting {formatRelative(r.waitingSince).replace(" ago", "")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="mentees" className="card">
        <h2 id="mentees">{allPairings ? "Active pairings" : "Your mentees"}</h2>
        {assignments.length === 0 ? (
          <EmptyState title={allPairings ? "No active pairings" : "No mentees yet"}>
            <p>
              {myLoad
                ? `When a newcomer claims a ticket and picks you, they appear here. You take up to ${myLoad.capacity} at once${myLoad.components.length ? `, in ${myLoad.components.join(", ")}` : ""}.`
                : "Pairings appear here as newcomers claim starter tickets."}
            </p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Newcomer</th>
                  <th scope="col">Ticket</th>
                  {allPairings ? <th scope="col">Mentor</th> : null}
                  <th scope="col">Current step</th>
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((a) => (
                  <tr key={a.id}>
                    <td>{a.newcomerName}</td>
                    <td>
                      <Link to={`/assignments/${a.id}`}>{a.ticketTitle}</Link>
                      <div className="muted small">{a.component}</div>
                    </td>
                    {allPairings ? <td>{a.mentorName ?? "—"}</td> : null}
                    <td>
                      {a.step ? (
                        <>
                          {a.step.title}
                          <div className="muted small">
                            step {a.step.number} of {a.step.total}
                            {a.step.skipped ? <> ({a.step.skipped} skipped)</> : null}, since{" "}
                            {formatRelative(a.step.since)}
                          </div>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>
                      {formatRelative(a.lastProgressAt)}{" "}
                      {a.stuck ? (
                        <Badge tone="bad">stuck {stuckDays}+ working days</Badge>
                      ) : a.stale ? (
                        <Badge tone="warn">stale: check in</Badge>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
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
                  <th scope="col">Load</th>
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
                    <td>
                      {m.active} of {m.capacity} mentees{" "}
                      {m.full ? <Badge tone="warn">full</Badge> : null}
                    </td>
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
