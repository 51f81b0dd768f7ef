import { useT } from "~/ui/i18n";

/** Someone a newcomer can turn to, by name, with a mail link. */
export interface Contact {
  name: string;
  email: string;
}

/** The leads a newcomer can ask when Koan can't move them on (no ticket, no mentor with room). */
export function WhoToAsk({ leads }: { leads: Contact[] }) {
  const { t } = useT();
  if (!leads.length) return null;
  return (
    <p className="who-to-ask">
      {t("mentoring.onboarding.whoToAsk", { count: leads.length })}{" "}
      {leads.map((lead, i) => (
        <span key={lead.email}>
          {i ? ", " : null}
          <a href={`mailto:${lead.email}`}>{lead.name}</a>
        </span>
      ))}
    </p>
  );
}
