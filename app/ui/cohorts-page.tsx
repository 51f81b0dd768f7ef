import { Form, Link, useSubmit } from "@remix-run/react";
import { Fragment } from "react";
import type { Translator } from "~/lib/i18n/translator";
import { Badge } from "~/ui/badge";
import { BarChart, LineChart } from "~/ui/charts";
import { formatMinutes } from "~/ui/durations";
import { EmptyState } from "~/ui/empty-state";
import { Trans, useContentLang, useT } from "~/ui/i18n";
import { MentorLoadBadge } from "~/ui/mentor-load-badge";
import { ShownOf } from "~/ui/shown-of";

// The parts of the Cohorts page (routes/cohorts.tsx): the summary and cohort picker, the figures
// at a glance and the charts, then who is stuck, the top toil and how loaded the mentors are.

interface Checkpoint {
  key: string;
  title: string;
  /** A lead's own step name as written, not one of Koan's default names in the page's language. */
  titleAsWritten: boolean;
  medianDays: number | null;
  completions: number;
  /** False for a step only older versions of the track had. */
  inTrack: boolean;
}

/** The loader's data, as much of it as the page's parts show. */
export interface CohortsPageData {
  /** The cohort shown; null for all cohorts. */
  cohort: string | null;
  cohorts: { cohort: string; newcomers: number }[];
  newcomers: number;
  firstFix: { newcomers: number; finished: number; medianDays: number | null };
  checkpoints: Checkpoint[];
  bottleneck: Checkpoint | null;
  resolvedPerWeek: { week: string; start: string; count: number }[];
  figuresAsOf: string;
  stuck: {
    assignmentId: number;
    newcomerName: string;
    ticketTitle: string;
    mentorName: string | null;
    workingDays: number;
  }[];
  stuckTotal: number;
  workingDays: number;
  mentors: { id: number; name: string; active: number; capacity: number; full: boolean }[];
  mentorsTotal: number;
  fullMentors: number;
  toil: {
    key: string;
    component: string;
    description: string;
    count: number;
    totalMinutes: number;
  }[];
}

const formatDaysWith = (t: Translator["t"]) => (days: number) =>
  t("team.cohorts.days", { days: days.toFixed(1) });

function scopeOf({ t, month }: Translator, cohort: string | null) {
  return cohort ? t("team.cohorts.scopeOne", { month: month(cohort) }) : t("team.cohorts.scopeAll");
}

/**
 * A step's `lang`: a lead's own step name may be in the other language than the page's; Koan's
 * default names are shown in the page's.
 */
function useStepLang() {
  const { lang } = useContentLang();
  return (c: Pick<Checkpoint, "title" | "titleAsWritten">) =>
    c.titleAsWritten ? lang(c.title) : undefined;
}

/** The same view with one more (or one fewer) search parameter. */
function withParam(cohort: string | null, name: string, value: string | null) {
  const params = new URLSearchParams();
  if (cohort) params.set("cohort", cohort);
  if (value) params.set(name, value);
  const query = params.toString();
  return query ? `?${query}` : "?";
}

/** The heading with the one-line summary: the bottleneck, who is stuck, full mentors. */
export function CohortsHeader({
  data: d,
  empty = false,
}: {
  data: Pick<CohortsPageData, "cohort" | "bottleneck" | "stuckTotal" | "fullMentors">;
  /** No newcomer has joined yet: no summary of figures nobody has made (the picker says what to do). */
  empty?: boolean;
}) {
  const translator = useT();
  const { t } = translator;
  const stepLang = useStepLang();
  const formatDays = formatDaysWith(t);
  const scope = scopeOf(translator, d.cohort);
  const { fullMentors } = d;
  return (
    <header className="page-header">
      <h1>{t("team.cohorts.heading")}</h1>
      {/*
        Live, read whole: the cohort picker applies as it changes and keeps focus, and these lines
        say which cohort the page now shows and how it is doing.
      */}
      <div aria-live="polite" aria-atomic="true">
        {empty ? null : (
          <p className="cohort-summary">
            <strong>
              {d.bottleneck?.medianDays != null ? (
                <Trans
                  k="team.cohorts.bottleneck"
                  values={{
                    step: <span lang={stepLang(d.bottleneck)}>{d.bottleneck.title}</span>,
                    days: formatDays(d.bottleneck.medianDays),
                  }}
                />
              ) : (
                t("team.cohorts.noCheckpointYet")
              )}{" "}
              {d.stuckTotal
                ? t("team.cohorts.stuckCount", { count: d.stuckTotal })
                : t("team.cohorts.nobodyStuck")}
            </strong>{" "}
            {fullMentors ? `${t("team.cohorts.fullMentors", { count: fullMentors })} ` : null}
            {d.stuckTotal ? <a href="#stuck">{t("team.cohorts.seeStuck")}</a> : null}
          </p>
        )}
        <p className="lede">{t("team.cohorts.lede", { scope })}</p>
      </div>
    </header>
  );
}

/** The cohort picker (it shows on change), or how to start a cohort when there is none. */
export function CohortPicker({ data: d }: { data: Pick<CohortsPageData, "cohort" | "cohorts"> }) {
  const submit = useSubmit();
  const { t, month } = useT();
  return d.cohorts.length === 0 ? (
    <EmptyState title={t("team.cohorts.emptyTitle")}>
      <p>
        <Trans
          k="team.cohorts.emptyBody"
          values={{ team: (chunks) => <Link to="/team">{chunks}</Link> }}
        />
      </p>
    </EmptyState>
  ) : (
    <Form
      method="get"
      className="cohort-picker"
      aria-label={t("team.cohorts.choose")}
      onChange={(e) => submit(e.currentTarget, { preventScrollReset: true, replace: true })}
    >
      <div className="field">
        <label htmlFor="cohort">{t("team.cohorts.cohort")}</label>
        <select id="cohort" name="cohort" defaultValue={d.cohort ?? ""}>
          <option value="">{t("team.cohorts.allCohorts")}</option>
          {d.cohorts.map((c) => (
            <option key={c.cohort} value={c.cohort}>
              {t("team.cohorts.option", { month: month(c.cohort), count: c.newcomers })}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-secondary">
        {t("team.cohorts.show")}
      </button>
    </Form>
  );
}

/** "At a glance": newcomers, time to a first fix, the longest wait, resolved in `weeks` weeks. */
export function CohortFigures({
  data: d,
  weeks,
}: {
  data: Pick<
    CohortsPageData,
    "cohort" | "figuresAsOf" | "newcomers" | "firstFix" | "bottleneck" | "resolvedPerWeek"
  >;
  weeks: number;
}) {
  const translator = useT();
  const { t, relative } = translator;
  const stepLang = useStepLang();
  const formatDays = formatDaysWith(t);
  const scope = scopeOf(translator, d.cohort);
  const resolvedTotal = d.resolvedPerWeek.reduce((sum, w) => sum + w.count, 0);
  return (
    <section aria-labelledby="figures" className="card">
      <h2 id="figures">{t("team.cohorts.glance")}</h2>
      <p className="muted small">{t("team.cohorts.asOf", { when: relative(d.figuresAsOf) })}</p>
      <dl className="cohort-figures">
        <div className="cohort-figure">
          <dt>{t("team.cohorts.newcomers")}</dt>
          <dd className="cohort-figure-value">{d.newcomers}</dd>
          <dd className="muted small">{t("team.cohorts.inScope", { scope })}</dd>
        </div>
        <div className="cohort-figure">
          <dt>{t("team.cohorts.firstFix")}</dt>
          <dd className="cohort-figure-value">
            {d.firstFix.medianDays === null ? "—" : formatDays(d.firstFix.medianDays)}
          </dd>
          <dd className="muted small">
            {d.firstFix.medianDays === null ? "" : `${t("team.cohorts.medianFromStart")} `}
            {t("team.cohorts.finished", {
              finished: d.firstFix.finished,
              count: d.firstFix.newcomers,
            })}
          </dd>
        </div>
        <div className="cohort-figure">
          <dt>{t("team.cohorts.longestWait")}</dt>
          <dd className="cohort-figure-value">
            {d.bottleneck?.medianDays != null ? formatDays(d.bottleneck.medianDays) : "—"}
          </dd>
          <dd className="muted small">
            {d.bottleneck ? (
              <Trans
                k="team.cohorts.medianAt"
                values={{
                  step: <span lang={stepLang(d.bottleneck)}>{d.bottleneck.title}</span>,
                }}
              />
            ) : (
              t("team.cohorts.noneDone")
            )}
          </dd>
        </div>
        <div className="cohort-figure">
          <dt>{t("team.cohorts.resolved")}</dt>
          <dd className="cohort-figure-value">{resolvedTotal}</dd>
          <dd className="muted small">{t("team.cohorts.resolvedWeeks", { weeks })}</dd>
        </div>
      </dl>
    </section>
  );
}

/** "Where time goes": the median days per checkpoint and the assignments resolved each week. */
export function CohortCharts({
  data: d,
  weeks,
}: {
  data: Pick<CohortsPageData, "checkpoints" | "bottleneck" | "resolvedPerWeek">;
  weeks: number;
}) {
  const { t, week } = useT();
  const stepLang = useStepLang();
  const formatDays = formatDaysWith(t);
  const bars = d.checkpoints.flatMap((c) =>
    c.medianDays === null || !c.inTrack
      ? []
      : [
          {
            label: c.title,
            lang: stepLang(c),
            value: c.medianDays,
            highlight: c.key === d.bottleneck?.key,
          },
        ],
  );
  return (
    <section aria-labelledby="charts" className="card stack">
      <h2 id="charts">{t("team.cohorts.timeGoes")}</h2>
      <BarChart
        title={t("team.charts.medianTitle")}
        description={t("team.charts.medianDescription")}
        data={bars}
        highlightNote={t("team.charts.longest")}
        labelHeading={t("team.charts.checkpoint")}
        valueHeading={t("team.charts.median")}
        formatValue={formatDays}
        emptyMessage={t("team.cohorts.noCheckpointYet")}
        emptyHelp={<p>{t("team.charts.medianEmptyHelp")}</p>}
      />
      <RetiredSteps steps={d.checkpoints} formatDays={formatDays} />
      <LineChart
        title={t("team.charts.resolvedTitle", { weeks })}
        description={t("team.charts.resolvedDescription")}
        data={d.resolvedPerWeek.map((w) => {
          // Days people know ("Oct 12 – 18"), not the ISO week's number ("2026-W42").
          const days = week(w.start);
          return { label: days.short, detail: days.range, value: w.count };
        })}
        labelHeading={t("team.charts.week")}
        valueHeading={t("team.charts.resolved")}
        formatValue={(n) => t("team.charts.assignments", { count: n })}
        emptyMessage={t("team.charts.resolvedEmpty", { weeks })}
      />
    </section>
  );
}

/**
 * Steps only older versions of the track had: their medians are history, kept out of the chart
 * (which follows the track as it is now) and named here, so a lead who retired a step still sees
 * what it cost.
 */
function RetiredSteps({
  steps,
  formatDays,
}: {
  steps: CohortsPageData["checkpoints"];
  formatDays: (days: number) => string;
}) {
  const { t } = useT();
  const stepLang = useStepLang();
  const retired = steps.filter((c) => !c.inTrack && c.medianDays !== null);
  if (retired.length === 0) return null;
  return (
    <p className="muted small">
      {t("team.charts.retiredSteps")}{" "}
      {retired.map((c, i) => (
        <Fragment key={c.key}>
          {i > 0 ? "; " : ""}
          <span lang={stepLang(c)}>{c.title}</span>{" "}
          {t("team.charts.retiredStep", {
            days: formatDays(c.medianDays ?? 0),
            count: c.completions,
          })}
        </Fragment>
      ))}
    </p>
  );
}

/** The stuck assignments, longest first, cut to the `top` rows unless all were asked for. */
export function StuckSection({
  data: d,
  top,
}: {
  data: Pick<CohortsPageData, "cohort" | "stuck" | "stuckTotal" | "workingDays">;
  top: number;
}) {
  const translator = useT();
  const { t } = translator;
  const { lang } = useContentLang();
  const scope = scopeOf(translator, d.cohort);
  return (
    <section aria-labelledby="stuck" className="card">
      <h2 id="stuck">{t("team.cohorts.stuck")}</h2>
      {d.stuckTotal === 0 ? (
        <EmptyState title={t("team.cohorts.nobodyStuckTitle")}>
          <p>{t("team.cohorts.nobodyStuckBody", { scope, days: d.workingDays })}</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted">{t("team.cohorts.stuckHelp", { days: d.workingDays })}</p>
          <ul className="plain-list">
            {d.stuck.map((s) => (
              <li key={s.assignmentId} className="row">
                <span>
                  <Link to={`/assignments/${s.assignmentId}`}>
                    {s.newcomerName}: <span lang={lang(s.ticketTitle)}>{s.ticketTitle}</span>
                  </Link>
                  <span className="muted small">
                    {" "}
                    ·{" "}
                    {s.mentorName
                      ? t("team.cohorts.mentorName", { name: s.mentorName })
                      : t("team.cohorts.noMentor")}
                  </span>
                </span>
                <Badge tone="warn">{t("team.cohorts.stuckDays", { days: s.workingDays })}</Badge>
              </li>
            ))}
          </ul>
          <ShownOf
            shown={d.stuck.length}
            total={d.stuckTotal}
            what={t("team.cohorts.shownStuck")}
            order={t("team.cohorts.shownStuckOrder")}
            more={withParam(d.cohort, "stuck", "all")}
            fewer={withParam(d.cohort, "stuck", null)}
            anchor="stuck"
            top={top}
          />
        </>
      )}
    </section>
  );
}

/** The team's top recurring toil, with a link to the whole toil board. */
export function ToilSection({ data: d }: { data: Pick<CohortsPageData, "toil"> }) {
  const { t } = useT();
  const { lang } = useContentLang();
  return (
    <section aria-labelledby="toil" className="card">
      <h2 id="toil">{t("team.cohorts.toil")}</h2>
      {d.toil.length === 0 ? (
        <EmptyState title={t("team.cohorts.toilEmptyTitle")}>
          <p>{t("team.cohorts.toilEmptyBody")}</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted">{t("team.cohorts.toilHelp")}</p>
          <ol className="plain-list toil-top">
            {d.toil.map((g) => (
              <li key={g.key} className="row">
                <span>
                  <span lang={lang(g.description)}>{g.description}</span>{" "}
                  <span className="muted small">· {g.component}</span>
                </span>
                <span className="muted small">
                  {t("team.cohorts.toilFigures", {
                    time: formatMinutes(t, g.totalMinutes),
                    count: g.count,
                  })}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      <p className="link-line">
        <Link to="/kb/toil">{t("team.cohorts.toilBoard")}</Link>
      </p>
    </section>
  );
}

/** Each mentor's active assignments against their capacity, cut to the `top` rows unless all. */
export function MentorsSection({
  data: d,
  top,
}: {
  data: Pick<CohortsPageData, "cohort" | "mentors" | "mentorsTotal">;
  top: number;
}) {
  const { t } = useT();
  return (
    <section aria-labelledby="mentors" className="card">
      <h2 id="mentors">{t("team.cohorts.mentorsLoad")}</h2>
      <p className="muted">{t("team.cohorts.mentorsHelp")}</p>
      {d.mentors.length === 0 ? (
        <EmptyState title={t("team.cohorts.noMentors")}>
          <p>
            <Trans
              k="team.cohorts.inviteMentors"
              values={{ team: (chunks) => <Link to="/team">{chunks}</Link> }}
            />
          </p>
        </EmptyState>
      ) : (
        <div className="table-wrap table-fit">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("team.cohorts.colMentor")}</th>
                <th scope="col">{t("team.cohorts.colActive")}</th>
                <th scope="col">{t("team.cohorts.colCapacity")}</th>
                <th scope="col">{t("team.cohorts.colRoom")}</th>
              </tr>
            </thead>
            <tbody>
              {d.mentors.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name}</th>
                  <td>{m.active}</td>
                  <td>{m.capacity}</td>
                  <td>
                    <MentorLoadBadge active={m.active} capacity={m.capacity} free />
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
        what={t("team.cohorts.shownMentors")}
        order={t("team.cohorts.shownMentorsOrder")}
        more={withParam(d.cohort, "mentors", "all")}
        fewer={withParam(d.cohort, "mentors", null)}
        anchor="mentors"
        top={top}
      />
    </section>
  );
}
