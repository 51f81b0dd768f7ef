import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requestLocale, requirePermission } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { invariantFound } from "~/lib/http.server";
import { getMyOnboarding } from "~/mentoring/onboarding-page.server";
import { EmptyState } from "~/ui/empty-state";
import { pageTitle, Trans, useContentLang, useT } from "~/ui/i18n";
import { Difficulty } from "~/ui/ticket-badges";
import { WhoToAsk } from "~/ui/who-to-ask";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mentoring.onboarding.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewOnboarding");
  const env = getEnv();
  const page = await getMyOnboarding(db, {
    viewer: user,
    defaultLimit: env.MAX_ACTIVE_ASSIGNMENTS,
    locale: await requestLocale(request),
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
    leads,
    noMentorRoom,
  } = useLoaderData<typeof loader>();
  const { t, msg, day, month } = useT();
  const { lang } = useContentLang();
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("mentoring.onboarding.heading")}</h1>
        <p className="lede">
          {cohort
            ? startDate
              ? t("mentoring.onboarding.welcomeCohortStarted", {
                  name,
                  cohort: month(cohort),
                  day: day(`${startDate}T00:00:00Z`),
                })
              : t("mentoring.onboarding.welcomeCohort", { name, cohort: month(cohort) })
            : t("mentoring.onboarding.welcome", { name })}
        </p>
      </header>
      <section aria-labelledby="next-step" className="card">
        <h2 id="next-step">{t("mentoring.onboarding.nextStep")}</h2>
        {active.length ? (
          <ul className="plain-list">
            {active.map((a) => (
              <li key={a.ticketId} className="next-step">
                {a.happened ? <p className="happened">{msg(a.happened)}</p> : null}
                <p>
                  <Trans
                    k={
                      a.step?.title ? "mentoring.onboarding.next" : "mentoring.onboarding.keepGoing"
                    }
                    values={{
                      step: a.step?.title ?? "",
                      b: (chunks) => <strong lang={lang(a.step?.title ?? "")}>{chunks}</strong>,
                      ticket: (
                        <Link to={`/tickets/${a.ticketId}`} lang={lang(a.title)}>
                          {a.title}
                        </Link>
                      ),
                    }}
                  />
                  <span className="muted">
                    {a.mentorName
                      ? t("mentoring.onboarding.componentMentor", {
                          component: a.component,
                          mentor: a.mentorName,
                        })
                      : t("mentoring.onboarding.component", { component: a.component })}
                  </span>
                </p>
                {a.step ? (
                  <div className="progress-line">
                    <progress
                      className="progress"
                      max={a.step.total}
                      value={a.step.done}
                      aria-label={t("mentoring.onboarding.progressLabel", {
                        ticket: a.title,
                        done: a.step.done,
                        total: a.step.total,
                      })}
                    />
                    <span className="small nowrap">
                      {t("mentoring.progress", {
                        done: a.step.done,
                        total: a.step.total,
                        skipped: a.step.skipped,
                      })}
                    </span>
                  </div>
                ) : null}
                <p>
                  <Link to={`/assignments/${a.id}`} className="button button-primary">
                    {t("mentoring.onboarding.openCheckpoints")}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        ) : suggestions.length ? (
          <p>
            <Trans
              k="mentoring.onboarding.pickBelow"
              values={{ line: msg(finishedLine), b: (chunks) => <strong>{chunks}</strong> }}
            />
          </p>
        ) : (
          <EmptyState title={t("mentoring.onboarding.noStarters")}>
            <p>{t("mentoring.onboarding.noStartersHelp")}</p>
            <WhoToAsk leads={leads} />
          </EmptyState>
        )}
      </section>
      <section aria-labelledby="so-far" className="card">
        <h2 id="so-far">{t("mentoring.onboarding.soFar")}</h2>
        <p>
          {finished === 0
            ? t("mentoring.onboarding.noFixes")
            : components.length
              ? t("mentoring.onboarding.fixesIn", {
                  count: finished,
                  components: components.join(", "),
                })
              : t("mentoring.onboarding.fixes", { count: finished })}
        </p>
        <p>
          {writeups === 0 ? (
            t("mentoring.onboarding.noWriteups")
          ) : (
            <Trans
              k="mentoring.onboarding.writeups"
              values={{ count: writeups, kb: (chunks) => <Link to="/kb">{chunks}</Link> }}
            />
          )}
        </p>
      </section>
      {limit.reached && active.length ? (
        <section aria-labelledby="limit-heading" className="card loop-callout">
          <h2 id="limit-heading">{t("mentoring.onboarding.limitHeading")}</h2>
          <p>{t("mentoring.onboarding.limit", { count: limit.active, max: limit.max })}</p>
        </section>
      ) : null}
      {suggestions.length && !limit.reached ? (
        <section aria-labelledby="suggested" className="card">
          <h2 id="suggested">
            {t(
              active.length ? "mentoring.onboarding.nextTickets" : "mentoring.onboarding.suggested",
            )}
          </h2>
          <ul className="ticket-list">
            {suggestions.map((s) => (
              <li key={s.id} className="ticket-row">
                <div className="ticket-main">
                  <Link to={`/tickets/${s.id}`} className="ticket-title" lang={lang(s.title)}>
                    {s.title}
                  </Link>
                  <div className="ticket-meta">
                    <Difficulty level={s.difficulty} />
                    <span className="muted">
                      {t("mentoring.onboarding.why", { reasons: s.reasons.map(msg).join(" · ") })}
                    </span>
                  </div>
                </div>
              </li>
            ))}
          </ul>
          {noMentorRoom ? (
            <div className="loop-callout">
              <p>{t("mentoring.onboarding.noMentorRoom")}</p>
              <WhoToAsk leads={leads} />
            </div>
          ) : null}
          {suggestedMentor ? (
            <p className="suggested-mentor">
              <Trans
                k="mentoring.onboarding.suggestedMentor"
                values={{
                  name: suggestedMentor.name,
                  reasons: suggestedMentor.reasons.map(msg).join(" · "),
                  component: suggestedMentor.forComponent,
                  b: (chunks) => <strong>{chunks}</strong>,
                  muted: (chunks) => <span className="muted">{chunks}</span>,
                  small: (chunks) => <span className="muted small">{chunks}</span>,
                }}
              />
            </p>
          ) : null}
          <p className="muted small">
            <Trans
              k="mentoring.onboarding.browse"
              values={{
                link: (chunks) => <Link to="/tickets?starter=1&status=open">{chunks}</Link>,
              }}
            />
          </p>
        </section>
      ) : null}
      <section aria-labelledby="journey" className="card">
        <h2 id="journey">{t("mentoring.onboarding.journey")}</h2>
        <ol className="journey">
          {journey.map((step) => (
            <li key={step.key}>
              <strong>{step.title}</strong>
              {step.summary ? (
                <span className="muted">
                  {t("mentoring.onboarding.summary", { summary: step.summary })}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
        <p className="muted">{t("mentoring.onboarding.journeyHelp")}</p>
      </section>
    </div>
  );
}
