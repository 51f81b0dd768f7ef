import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { formatCohort, formatDay, formatRelative } from "~/lib/time";
import { getCohortsPage } from "~/mentoring/cohorts-page.server";
import { Badge } from "~/ui/badge";
import { BarChart, LineChart } from "~/ui/charts";
import { EmptyState } from "~/ui/empty-state";
import { ShownOf } from "~/ui/shown-of";

export const meta: MetaFunction = () => [{ title: "Cohorts · Koan" }];

const WEEKS = 8;
/** Long lists are cut to their top rows; `?stuck=all` or `?mentors=all` shows every row. */
const SHOWN = 20;

/** `?cohort=2026-09`; anything else (or a cohort nobody started in) shows all cohorts. */
const querySchema = z.object({
  cohort: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  stuck: z.literal("all").optional().catch(undefined),
  mentors: z.literal("all").optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewCohorts");
  const url = new URL(request.url);
  const query = querySchema.parse({
    cohort: url.searchParams.get("cohort") || undefined,
    stuck: url.searchParams.get("stuck") ?? undefined,
    mentors: url.searchParams.get("mentors") ?? undefined,
  });
  return getCohortsPage(
    db,
    {
      cohort: query.cohort,
      workingDays: getEnv().STUCK_WORKING_DAYS,
      weeks: WEEKS,
      top: SHOWN,
      allStuck: query.stuck === "all",
      allMentors: query.mentors === "all",
    },
    new Date(),
  );
}

/** The same view with one more (or one fewer) search parameter. */
function withParam(cohort: string | null, name: string, value: string | null) {
  const params = new URLSearchParams();
  if (cohort) params.set("cohort", cohort);
  if (value) params.set(name, value);
  const query = params.toString();
  return query ? `?${query}` : "?";
}

function formatDays(days: number) {
  return `${days.toFixed(1)} ${days === 1 ? "day" : "days"}`;
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

export default function Cohorts() {
  const d = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const scope = d.cohort ? `the ${formatCohort(d.cohort)} cohort` : "all cohorts";
  const { fullMentors } = d;
  const resolvedTotal = d.resolvedPerWeek.reduce((sum, w) => sum + w.count, 0);
  const bars = d.checkpoints.flatMap((c) =>
    c.medianDays === null
      ? []
      : [{ label: c.title, value: c.medianDays, highlight: c.key === d.bottleneck?.key }],
  );

  return (
    <div className="page">
      <header className="page-header">
        <h1>Cohorts</h1>
        <p className="cohort-summary">
          <strong>
            {d.bottleneck?.medianDays != null
              ? `${d.bottleneck.title} is where people wait longest: ${formatDays(d.bottleneck.medianDays)} median.`
              : "No checkpoint has been completed in this cohort yet."}{" "}
            {d.stuckTotal
              ? `${plural(d.stuckTotal, "assignment is", "assignments are")} stuck.`
              : "Nobody is stuck."}
          </strong>{" "}
          {fullMentors ? `${plural(fullMentors, "mentor is", "mentors are")} full. ` : null}
          {d.stuckTotal ? <a href="#stuck">See who needs a check-in</a> : null}
        </p>
        <p className="lede">
          How newcomers in {scope} are doing: time to a first fix, where they wait, and who needs
          help.
        </p>
      </header>

      {d.cohorts.length === 0 ? (
        <EmptyState title="No newcomers yet">
          <p>
            Cohorts appear as newcomers join: each newcomer belongs to the month they start.{" "}
            <Link to="/team">Invite newcomers from the Team page</Link>.
          </p>
        </EmptyState>
      ) : (
        <Form
          method="get"
          className="cohort-picker"
          aria-label="Choose a cohort"
          onChange={(e) => submit(e.currentTarget, { preventScrollReset: true, replace: true })}
        >
          <div className="field">
            <label htmlFor="cohort">Cohort</label>
            <select id="cohort" name="cohort" defaultValue={d.cohort ?? ""}>
              <option value="">All cohorts</option>
              {d.cohorts.map((c) => (
                <option key={c.cohort} value={c.cohort}>
                  {formatCohort(c.cohort)} ({plural(c.newcomers, "newcomer", "newcomers")})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-secondary">
            Show
          </button>
        </Form>
      )}

      <section aria-labelledby="figures" className="card">
        <h2 id="figures">At a glance</h2>
        <p className="muted small">
          Figures as of {formatRelative(d.figuresAsOf)} (at most a minute old); who is stuck and
          mentors' load are live.
        </p>
        <dl className="cohort-figures">
          <div className="cohort-figure">
            <dt>Newcomers</dt>
            <dd className="cohort-figure-value">{d.newcomers}</dd>
            <dd className="muted small">in {scope}</dd>
          </div>
          <div className="cohort-figure">
            <dt>Time to first fix</dt>
            <dd className="cohort-figure-value">
              {d.firstFix.medianDays === null ? "—" : formatDays(d.firstFix.medianDays)}
            </dd>
            <dd className="muted small">
              {d.firstFix.medianDays === null ? "" : "Median from start date. "}
              {d.firstFix.finished} of {plural(d.firstFix.newcomers, "newcomer", "newcomers")}{" "}
              {d.firstFix.finished === 1 ? "has" : "have"} finished a first fix.
            </dd>
          </div>
          <div className="cohort-figure">
            <dt>Longest wait</dt>
            <dd className="cohort-figure-value">
              {d.bottleneck?.medianDays != null ? formatDays(d.bottleneck.medianDays) : "—"}
            </dd>
            <dd className="muted small">
              {d.bottleneck ? `Median at ${d.bottleneck.title}.` : "No checkpoint done yet."}
            </dd>
          </div>
          <div className="cohort-figure">
            <dt>Resolved</dt>
            <dd className="cohort-figure-value">{resolvedTotal}</dd>
            <dd className="muted small">assignments in the last {WEEKS} weeks</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="charts" className="card stack">
        <h2 id="charts">Where the time goes</h2>
        <BarChart
          title="Median days per checkpoint"
          description="Median days newcomers took for each checkpoint, from the previous one being done, in track order."
          data={bars}
          highlightNote="longest"
          labelHeading="Checkpoint"
          valueHeading="Median"
          formatValue={formatDays}
          emptyMessage="No checkpoint has been completed in this cohort yet."
          emptyHelp={<p>Medians appear here once newcomers finish their first checkpoints.</p>}
        />
        <LineChart
          title={`Assignments resolved per week, last ${WEEKS} weeks`}
          description="Assignments resolved in each ISO week, oldest first."
          data={d.resolvedPerWeek.map((w) => ({
            label: w.week.slice(5),
            detail: `${w.week} (week of ${formatDay(`${w.start}T00:00:00Z`)})`,
            value: w.count,
          }))}
          labelHeading="Week"
          valueHeading="Resolved"
          formatValue={(n) => plural(n, "assignment", "assignments")}
          emptyMessage={`No assignment was resolved in the last ${WEEKS} weeks.`}
        />
      </section>

      <section aria-labelledby="stuck" className="card">
        <h2 id="stuck">Stuck</h2>
        {d.stuckTotal === 0 ? (
          <EmptyState title="Nobody is stuck">
            <p>
              Every active assignment in {scope} has moved in the last{" "}
              {plural(d.workingDays, "working day", "working days")}.
            </p>
          </EmptyState>
        ) : (
          <>
            <p className="muted">
              No activity for {plural(d.workingDays, "working day", "working days")} or more. Their
              mentors have been told; a word from you helps too.
            </p>
            <ul className="plain-list">
              {d.stuck.map((s) => (
                <li key={s.assignmentId} className="row">
                  <span>
                    <Link to={`/assignments/${s.assignmentId}`}>
                      {s.newcomerName}: {s.ticketTitle}
                    </Link>
                    <span className="muted small">
                      {" "}
                      · {s.mentorName ? `mentor ${s.mentorName}` : "no mentor"}
                    </span>
                  </span>
                  <Badge tone="warn">
                    stuck {plural(s.workingDays, "working day", "working days")}
                  </Badge>
                </li>
              ))}
            </ul>
            <ShownOf
              shown={d.stuck.length}
              total={d.stuckTotal}
              what="stuck assignments"
              order="stuck longest first"
              more={withParam(d.cohort, "stuck", "all")}
              fewer={withParam(d.cohort, "stuck", null)}
              anchor="stuck"
              top={SHOWN}
            />
          </>
        )}
      </section>

      <section aria-labelledby="toil" className="card">
        <h2 id="toil">Top recurring toil</h2>
        {d.toil.length === 0 ? (
          <EmptyState title="No toil recorded yet">
            <p>Manual steps recorded on published write-ups are counted and ranked here.</p>
          </EmptyState>
        ) : (
          <>
            <p className="muted">
              Manual chores recorded on write-ups across the team, most time spent first.
            </p>
            <ol className="plain-list toil-top">
              {d.toil.map((g) => (
                <li key={g.key} className="row">
                  <span>
                    {g.description} <span className="muted small">· {g.component}</span>
                  </span>
                  <span className="muted small">
                    {plural(g.totalMinutes, "minute", "minutes")} ·{" "}
                    {plural(g.count, "time", "times")}
                  </span>
                </li>
              ))}
            </ol>
          </>
        )}
        <p>
          <Link to="/kb/toil">Open the toil board</Link>
        </p>
      </section>

      <section aria-labelledby="mentors" className="card">
        <h2 id="mentors">Mentors' load</h2>
        <p className="muted">Active mentees against capacity, across all cohorts; fullest first.</p>
        {d.mentors.length === 0 ? (
          <EmptyState title="No active mentors">
            <p>
              <Link to="/team">Invite mentors from the Team page</Link>.
            </p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Mentor</th>
                  <th scope="col">Active mentees</th>
                  <th scope="col">Capacity</th>
                  <th scope="col">Room</th>
                </tr>
              </thead>
              <tbody>
                {d.mentors.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">{m.name}</th>
                    <td>{m.active}</td>
                    <td>{m.capacity}</td>
                    <td>
                      {m.full ? (
                        <Badge tone="warn">full</Badge>
                      ) : (
                        <Badge tone="good">
                          {plural(m.capacity - m.active, "place", "places")} free
                        </Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ShownOf
          shown={d.mentors.length}
          total={d.mentorsTotal}
          what="mentors"
          order="fullest first"
          more={withParam(d.cohort, "mentors", "all")}
          fewer={withParam(d.cohort, "mentors", null)}
          anchor="mentors"
          top={SHOWN}
        />
      </section>
    </div>
  );
}
