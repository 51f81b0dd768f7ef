import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { invariantFound } from "~/lib/http.server";
import { formatCohort, formatDay } from "~/lib/time";
import { getMyOnboarding } from "~/mentoring/onboarding-page.server";
import { EmptyState } from "~/ui/empty-state";
import { Difficulty } from "~/ui/ticket-badges";

export const meta: MetaFunction = () => [{ title: "My onboarding · Koan" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewOnboarding");
  const env = getEnv();
  const page = await getMyOnboarding(db, {
    viewer: user,
    staleDays: env.STALE_DAYS,
    defaultLimit: env.MAX_ACTIVE_ASSIGNMENTS,
  });
  invariantFound(page);
  return page;
}

export default function MyOnboarding() {
  const {
    name,
    cohort,
    startDate,
    active,
    suggestions,
    finished,
    components,
    writeups,
    journey,
    finishedLine,
    limit,
    suggestedMentor,
  } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <header className="page-header">
        <h1>My onboarding</h1>
        <p className="lede">
          Welcome, {name}.{" "}
          {cohort ? (
            <>
              You're in the {formatCohort(cohort)} cohort
              {startDate ? <>, started {formatDay(`${startDate}T00:00:00Z`)}</> : null}.
            </>
          ) : null}
        </p>
      </header>
      <section aria-labelledby="next-step" className="card">
        <h2 id="next-step">Your next step</h2>
        {active.length ? (
          <ul className="plain-list">
            {active.map((a) => (
              <li key={a.ticketId} className="next-step">
                {a.happened ? <p className="happened">{a.happened}.</p> : null}
                <p>
                  {a.step && a.step.title !== "All steps done" ? (
                    <>
                      Next: <strong>{a.step.title}</strong> on{" "}
                    </>
                  ) : (
                    "Keep going on "
                  )}
                  <Link to={`/tickets/${a.ticketId}`}>{a.title}</Link>
                  <span className="muted">
                    {" "}
                    · {a.component}
                    {a.mentorName ? <> · mentor {a.mentorName}</> : null}
                  </span>
                </p>
                {a.step ? (
                  <div className="progress-line">
                    <progress
                      className="progress"
                      max={a.step.total}
                      value={a.step.done}
                      aria-label={`${a.title}: ${a.step.done} of ${a.step.total} steps done`}
                    />
                    <span className="small nowrap">
                      {a.step.done} of {a.step.total} steps done
                      {a.step.skipped ? <> · {a.step.skipped} skipped</> : null}
                    </span>
                  </div>
                ) : null}
                <p>
                  <Link to={`/assignments/${a.id}`} className="button button-primary">
                    Open your checkpoints
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        ) : suggestions.length ? (
          <p>
            <strong>{finishedLine}</strong> below. Each one says why it fits you.
          </p>
        ) : (
          <EmptyState title="No starter tickets are open right now">
            <p>
              Your lead or a mentor can add some. Meanwhile, read through how each fix goes below.
            </p>
          </EmptyState>
        )}
      </section>
      <section aria-labelledby="so-far" className="card">
        <h2 id="so-far">So far</h2>
        <p>
          {finished === 0
            ? "No finished fixes yet: your first one is the hardest, and your mentor is with you for it."
            : `${finished} ${finished === 1 ? "fix" : "fixes"} finished${components.length ? `, in ${components.join(", ")}` : ""}.`}
        </p>
        <p>
          {writeups === 0 ? (
            "No write-ups published yet: your first one is drafted for you at the Write-up step."
          ) : (
            <>
              <Link to="/kb">
                {writeups} {writeups === 1 ? "write-up" : "write-ups"} published
              </Link>{" "}
              for the next engineer to find.
            </>
          )}
        </p>
      </section>
      {limit.reached && active.length ? (
        <section aria-labelledby="limit-heading" className="card loop-callout">
          <h2 id="limit-heading">One ticket at a time</h2>
          <p>
            You have {limit.active} active {limit.active === 1 ? "ticket" : "tickets"}, your limit
            of {limit.max}. Finish or release {limit.active === 1 ? "it" : "one"} before claiming
            another; a lead can raise your limit.
          </p>
        </section>
      ) : null}
      {suggestions.length && !limit.reached ? (
        <section aria-labelledby="suggested" className="card">
          <h2 id="suggested">
            {active.length ? "Next tickets for you" : "Suggested tickets for you"}
          </h2>
          <ul className="ticket-list">
            {suggestions.map((t) => (
              <li key={t.id} className="ticket-row">
                <div className="ticket-main">
                  <Link to={`/tickets/${t.id}`} className="ticket-title">
                    {t.title}
                  </Link>
                  <div className="ticket-meta">
                    <Difficulty level={t.difficulty} />
                    <span className="muted">Why: {t.reasons.join(" · ")}</span>
                  </div>
                </div>
              </li>
            ))}
          </ul>
          {suggestedMentor ? (
            <p className="suggested-mentor">
              Suggested mentor: <strong>{suggestedMentor.name}</strong>
              <span className="muted"> — why: {suggestedMentor.reasons.join(" · ")}</span>
              <span className="muted small">
                {" "}
                (for {suggestedMentor.forComponent}; you pick when you claim)
              </span>
            </p>
          ) : null}
          <p className="muted small">
            Or browse <Link to="/tickets?starter=1&status=open">all open starter tickets</Link>.
          </p>
        </section>
      ) : null}
      <section aria-labelledby="journey" className="card">
        <h2 id="journey">How each fix goes</h2>
        <ol className="journey">
          {journey.map((step) => (
            <li key={step.key}>
              <strong>{step.title}</strong>
              {step.summary ? <span className="muted"> — {step.summary}</span> : null}
            </li>
          ))}
        </ol>
        <p className="muted">
          Nobody expects you to know these yet. Your mentor reviews each step with you.
        </p>
      </section>
    </div>
  );
}
