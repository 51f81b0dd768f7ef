import { Link } from "@remix-run/react";
import { useT } from "./i18n";

interface WorkItem {
  id: number;
  ticketTitle: string;
  newcomerName: string;
}

/**
 * "Their work" on a member's page (Team → the person): the assignments they mentor and the
 * tickets they work, each a link to the assignment, where it is handed over or released. A role
 * change or deactivation waits on them. Nothing when there is none.
 */
export function MemberWork({ work }: { work: { mentoring: WorkItem[]; working: WorkItem[] } }) {
  const { t } = useT();
  if (!work.mentoring.length && !work.working.length) return null;
  return (
    <section aria-labelledby="work-heading" className="card">
      <h2 id="work-heading">{t("team.member.work")}</h2>
      <p className="help">{t("team.member.workHelp")}</p>
      <ul className="plain-list stack compact">
        {work.mentoring.map((a) => (
          <li key={`m${a.id}`}>
            <Link to={`/assignments/${a.id}`}>
              {t("team.member.mentors", { name: a.newcomerName, ticket: a.ticketTitle })}
            </Link>
          </li>
        ))}
        {work.working.map((a) => (
          <li key={`w${a.id}`}>
            <Link to={`/assignments/${a.id}`}>
              {t("team.member.works", { ticket: a.ticketTitle })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
