import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requestLocale, requirePermission } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { pageField } from "~/lib/fields";
import { pageLink } from "~/lib/paging";
import { getMentoringBoard } from "~/mentoring/mentoring-board.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { FormMessage } from "~/ui/form";
import { pageTitle, Trans, useContentLang, useT } from "~/ui/i18n";
import { MentorLoadBadge } from "~/ui/mentor-load-badge";
import { Pager } from "~/ui/pager";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mentoring.board.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "viewMentoring");
  const env = getEnv();
  const search = new URL(request.url).searchParams;
  const board = await getMentoringBoard(db, {
    viewer: user,
    stuckWorkingDays: env.STUCK_WORKING_DAYS,
    locale: await requestLocale(request),
    page: pageField.parse(search.get("page") ?? undefined),
    reviewsPage: pageField.parse(search.get("reviews") ?? undefined),
  });
  // Arriving from a hand-over of one's own mentee (that assignment page is no longer theirs).
  const handedOver = search.get("handedOver") === "1";
  return { ...board, handedOver };
}

export default function Mentoring() {
  const {
    allPairings,
    myLoad,
    mentors,
    assignments,
    pairings,
    stuckCount,
    stuckNamed,
    queue,
    reviews,
    stuckWorkingDays,
    handedOver,
  } = useLoaderData<typeof loader>();
  const { t, relative } = useT();
  const { lang } = useContentLang();
  /** A ticket's or step's title as written, in its own language when it is not the page's. */
  const written = (text: string) => <span lang={lang(text)}>{text}</span>;
  // The other list's page is kept; the one-off hand-over notice is not.
  const [params] = useSearchParams();
  const search = new URLSearchParams(params);
  search.delete("handedOver");
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("mentoring.board.heading")}</h1>
        <p className="lede">
          {t(allPairings ? "mentoring.board.ledeLead" : "mentoring.board.lede")}
        </p>
        {handedOver ? (
          <FormMessage tone="success">{t("mentoring.flash.handedOver")}</FormMessage>
        ) : null}
        {stuckCount ? (
          <div className="loop-callout" role="note" aria-labelledby="stuck-heading">
            <p id="stuck-heading">
              <strong>
                {t("mentoring.board.stuckCallout", { count: stuckCount, days: stuckWorkingDays })}
              </strong>
            </p>
            <ul className="plain-list">
              {stuckNamed.map((s) => (
                <li key={s.assignmentId}>
                  <Link to={`/assignments/${s.assignmentId}`}>
                    <Trans
                      k="mentoring.board.who"
                      values={{ name: s.newcomerName, title: written(s.ticketTitle) }}
                    />
                  </Link>
                  <span className="muted small">
                    {allPairings && s.mentorName
                      ? t("mentoring.board.stuckForMentor", {
                          days: s.workingDays,
                          mentor: s.mentorName,
                        })
                      : t("mentoring.board.stuckFor", { days: s.workingDays })}
                  </span>
                </li>
              ))}
            </ul>
            {stuckCount > stuckNamed.length ? (
              <p className="muted small">
                <Link to="#mentees">
                  {t("mentoring.board.stuckMore", { count: stuckCount - stuckNamed.length })}
                </Link>
              </p>
            ) : null}
          </div>
        ) : null}
      </header>
      <section aria-labelledby="reviews" className="card">
        <h2 id="reviews">
          {t(allPairings ? "mentoring.board.reviewsAll" : "mentoring.board.reviews")}
        </h2>
        {queue.length === 0 ? (
          <EmptyState title={t("mentoring.board.nothingToReview")}>
            <p>{t("mentoring.board.nothingToReviewHelp")}</p>
          </EmptyState>
        ) : (
          <ul className="plain-list">
            {queue.map((r) => (
              <li key={r.assignmentCheckpointId} className="row">
                <span>
                  <Link
                    to={`/assignments/${r.assignmentId}#checkpoint-${r.assignmentCheckpointId}`}
                  >
                    <Trans
                      k="mentoring.board.who"
                      values={{ name: r.newcomerName, title: written(r.title) }}
                    />
                  </Link>
                  <span className="muted small">
                    <Trans k="mentoring.board.ticket" values={{ title: written(r.ticketTitle) }} />
                  </span>
                  {r.state === "resubmitted" ? (
                    <>
                      {" "}
                      <Badge tone="accent">{t("mentoring.board.resubmitted")}</Badge>
                    </>
                  ) : null}
                </span>
                <span className="muted small">
                  {t("mentoring.board.waitingSince", { when: relative(r.waitingSince) })}
                </span>
              </li>
            ))}
          </ul>
        )}
        <Pager
          page={reviews.page}
          pageCount={reviews.pageCount}
          href={(n) => pageLink(search, "reviews", n, "reviews")}
          label={t("mentoring.board.reviewPages")}
          summary={t("mentoring.board.reviewsCount", { total: reviews.total })}
        />
      </section>
      <section aria-labelledby="mentees" className="card">
        <h2 id="mentees">
          {t(allPairings ? "mentoring.board.pairings" : "mentoring.board.mentees")}
        </h2>
        {assignments.length === 0 ? (
          <EmptyState
            title={t(allPairings ? "mentoring.board.noPairings" : "mentoring.board.noMentees")}
          >
            <p>
              {myLoad
                ? myLoad.components.length
                  ? t("mentoring.board.noMenteesHelpIn", {
                      capacity: myLoad.capacity,
                      components: myLoad.components.join(", "),
                    })
                  : t("mentoring.board.noMenteesHelp", { capacity: myLoad.capacity })
                : t("mentoring.board.noPairingsHelp")}
            </p>
          </EmptyState>
        ) : (
          // On a phone each pairing reads as a card (styles.css, .stacked-table): the stuck badge
          // stays on screen.
          <div className="table-wrap">
            <table className="stacked-table">
              <thead>
                <tr>
                  <th scope="col">{t("mentoring.board.col.newcomer")}</th>
                  <th scope="col">{t("mentoring.board.col.ticket")}</th>
                  {allPairings ? <th scope="col">{t("mentoring.board.col.mentor")}</th> : null}
                  <th scope="col">{t("mentoring.board.col.step")}</th>
                  <th scope="col">{t("mentoring.board.col.activity")}</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.newcomerName}</th>
                    <td data-label={t("mentoring.board.col.ticket")}>
                      <Link to={`/assignments/${a.id}`} lang={lang(a.ticketTitle)}>
                        {a.ticketTitle}
                      </Link>
                      <div className="muted small">{a.component}</div>
                    </td>
                    {allPairings ? (
                      <td data-label={t("mentoring.board.col.mentor")}>{a.mentorName ?? "—"}</td>
                    ) : null}
                    <td data-label={t("mentoring.board.col.step")}>
                      {a.step ? (
                        <>
                          {a.step.title ? written(a.step.title) : t("mentoring.board.allDone")}
                          <div className="muted small">
                            {t("mentoring.board.stepOf", {
                              number: a.step.number,
                              total: a.step.total,
                              skipped: a.step.skipped,
                              when: relative(a.step.since),
                            })}
                          </div>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td data-label={t("mentoring.board.col.activity")}>
                      {relative(a.lastProgressAt)}{" "}
                      {a.helpAsked ? (
                        <Badge tone="bad">{t("mentoring.board.helpAsked")}</Badge>
                      ) : null}{" "}
                      {a.stuckDays !== null ? (
                        <Badge tone="bad">
                          {t("mentoring.board.stuck", { days: a.stuckDays })}
                        </Badge>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          page={pairings.page}
          pageCount={pairings.pageCount}
          href={(n) => pageLink(search, "page", n, "mentees")}
          label={t("mentoring.board.pairingPages")}
          summary={t("mentoring.board.pairingsCount", { total: pairings.total })}
        />
      </section>
      <section aria-labelledby="mentors" className="card">
        <h2 id="mentors">{t("mentoring.board.mentors")}</h2>
        {mentors.length === 0 ? (
          <EmptyState title={t("mentoring.board.noMentors")}>
            <p>{t("mentoring.board.noMentorsHelp")}</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("mentoring.board.col.mentor")}</th>
                  <th scope="col">{t("mentoring.board.col.knows")}</th>
                  <th scope="col">{t("mentoring.board.col.load")}</th>
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
                        <span className="muted">{t("mentoring.board.notSet")}</span>
                      )}
                    </td>
                    <td>
                      {t("mentoring.board.load", { active: m.active, capacity: m.capacity })}{" "}
                      <MentorLoadBadge active={m.active} capacity={m.capacity} />
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
