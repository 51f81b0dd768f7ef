import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role, UserStatus } from "#db/schema";
import { isLocale, LOCALE_NAMES, LOCALES } from "~/lib/i18n/locales";
import { NAME_MAX } from "~/lib/names";
import { pageLink } from "~/lib/paging";
import { Badge } from "~/ui/badge";
import { CopyField } from "~/ui/copy-field";
import { EmptyState } from "~/ui/empty-state";
import { FindInList } from "~/ui/find-in-list";
import { Field, FormMessage, SelectField, SubmitButton } from "~/ui/form";
import { Trans, useT } from "~/ui/i18n";
import { Pager } from "~/ui/pager";

// The parts of the team page (routes/team._index.tsx): the form inviting someone, the invites
// still waiting to be used, and the list of people.

/** A new team's first steps (null once done): each says whether it is done, in words. */
export function FirstSteps({
  steps,
}: {
  steps: { mentor: boolean; newcomer: boolean; starter: boolean } | null;
}) {
  const { t } = useT();
  if (!steps) return null;
  const invite = (chunks: ReactNode[]) => <a href="#invite-heading">{chunks}</a>;
  const items = [
    {
      key: "mentor",
      done: steps.mentor,
      text: <Trans k="team.firstSteps.mentor" values={{ invite }} />,
    },
    {
      key: "newcomer",
      done: steps.newcomer,
      text: <Trans k="team.firstSteps.newcomer" values={{ invite }} />,
    },
    {
      key: "starter",
      done: steps.starter,
      text: (
        <Trans
          k="team.firstSteps.starter"
          values={{
            write: (chunks) => <Link to="/tickets/new">{chunks}</Link>,
            import: (chunks) => <Link to="/tickets/import">{chunks}</Link>,
          }}
        />
      ),
    },
    {
      key: "track",
      done: true,
      text: (
        <Trans
          k="team.firstSteps.track"
          values={{ track: (chunks) => <Link to="/tracks">{chunks}</Link> }}
        />
      ),
    },
  ];
  return (
    <section aria-labelledby="first-steps-heading" className="card loop-callout">
      <h2 id="first-steps-heading">{t("team.firstSteps.heading")}</h2>
      <p>{t("team.firstSteps.lede")}</p>
      <ol className="first-steps">
        {items.map((item) => (
          <li key={item.key}>
            <Badge tone={item.done ? "good" : "neutral"}>
              {t(item.done ? "team.firstSteps.done" : "team.firstSteps.todo")}
            </Badge>{" "}
            {item.text}
          </li>
        ))}
      </ol>
    </section>
  );
}

export interface InviteSectionProps {
  /** The invite just made, with its link to pass on. */
  created: { email: string; expiresAt: string; link: string; mailed: boolean } | null;
  /** The invite form as it came back with errors. */
  inviteFailure: {
    errors: Partial<Record<string, string>>;
    values: Partial<Record<string, string>>;
    formError?: string;
  } | null;
  /** Koan sends e-mail: the language chosen is the invite e-mail's too. */
  sendsMail: boolean;
}

/** "Invite someone": the link of the invite just made, and the form for the next one. */
export function InviteSection({ created, inviteFailure, sendsMail }: InviteSectionProps) {
  const { t, day, locale } = useT();
  const roleOptions = (["newcomer", "mentor", "lead"] as const).map((value) => ({
    value,
    label: t(`team.team.roleOption.${value}`),
  }));
  // The invite's language: none of its own (the reader's browser decides the page, the e-mail is
  // in the lead's language) until the lead chooses one for this person. Without e-mail, none is
  // promised.
  const languageOptions = [
    {
      value: "",
      label: sendsMail
        ? t("team.team.languageBrowser", { language: LOCALE_NAMES[locale] })
        : t("team.team.languageBrowserNoMail"),
    },
    ...LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value], lang: value })),
  ];
  const errors = inviteFailure?.errors ?? {};
  const values = inviteFailure?.values ?? {};
  return (
    <section aria-labelledby="invite-heading" className="card">
      <h2 id="invite-heading">{t("team.team.inviteHeading")}</h2>
      {created ? (
        <div className="stack">
          <FormMessage tone="success">
            <Trans
              k="team.team.inviteReady"
              values={{
                email: created.email,
                day: day(created.expiresAt),
                strong: (chunks) => <strong>{chunks}</strong>,
              }}
            />
            {created.mailed ? ` ${t("team.team.alsoMailed")}` : null}
          </FormMessage>
          <CopyField
            label={t("team.team.inviteLink")}
            value={created.link}
            mailed={created.mailed}
          />
        </div>
      ) : null}
      {inviteFailure?.formError ? (
        <FormMessage tone="error">{inviteFailure.formError}</FormMessage>
      ) : null}
      <Form method="post" className="stack invite-form" noValidate key={created?.link ?? "invite"}>
        <input type="hidden" name="intent" value="invite" />
        <div className="grid-2">
          <Field
            label={t("team.team.email")}
            name="email"
            type="email"
            required
            defaultValue={values.email}
            error={errors.email}
          />
          <Field
            label={t("team.team.name")}
            name="name"
            defaultValue={values.name}
            error={errors.name}
            maxLength={NAME_MAX}
            help={t("team.team.nameHelp")}
          />
        </div>
        <SelectField
          label={t("team.team.role")}
          name="role"
          options={roleOptions}
          defaultValue={values.role ?? "newcomer"}
          error={errors.role}
        />
        <div className="grid-2">
          <Field
            label={t("team.team.startDate")}
            name="startDate"
            type="date"
            defaultValue={values.startDate}
            error={errors.startDate}
            help={t("team.team.startDateHelp")}
          />
          <Field
            label={t("team.team.capacity")}
            name="capacity"
            type="number"
            min={0}
            max={20}
            defaultValue={values.capacity}
            error={errors.capacity}
            help={t("team.team.capacityHelp")}
          />
        </div>
        <Field
          label={t("team.team.components")}
          name="components"
          defaultValue={values.components}
          error={errors.components}
          help={t("team.team.componentsHelp")}
        />
        <SelectField
          label={t("team.team.language")}
          name="locale"
          options={languageOptions}
          defaultValue={values.locale ?? ""}
          error={errors.locale}
          help={t(sendsMail ? "team.team.languageHelp" : "team.team.languageHelpNoMail")}
        />
        <div>
          <SubmitButton intent="invite" pendingLabel={t("team.team.creating")}>
            {t("team.team.create")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}

export interface PendingInvitesProps {
  invites: {
    id: number;
    email: string;
    role: Role;
    invitedBy: string;
    expires_at: string;
    /** The language the lead chose for it; null for invites made before there was a choice. */
    locale: string | null;
  }[];
  /** Withdrawing an invite failed (it was used or withdrawn meanwhile). */
  revokeFailure: { formError?: string } | null;
}

/** "Waiting": the invites not used yet, each with its Withdraw button. */
export function PendingInvites({ invites, revokeFailure }: PendingInvitesProps) {
  const { t, relative } = useT();
  return (
    <section aria-labelledby="pending-heading" className="card">
      <h2 id="pending-heading">{t("team.team.waiting")}</h2>
      {revokeFailure ? <FormMessage tone="error">{revokeFailure.formError}</FormMessage> : null}
      {invites.length === 0 ? (
        <EmptyState title={t("team.team.noInvites")}>
          <p>{t("team.team.noInvitesBody")}</p>
        </EmptyState>
      ) : (
        <ul className="plain-list">
          {invites.map((invite) => (
            <li key={invite.id} className="row">
              <span>
                <strong>{invite.email}</strong> <Badge>{t(`core.role.${invite.role}`)}</Badge>
                {isLocale(invite.locale) ? (
                  <>
                    {" "}
                    <Badge>
                      <span lang={invite.locale}>{LOCALE_NAMES[invite.locale]}</span>
                    </Badge>
                  </>
                ) : null}
                <span className="muted">
                  {" · "}
                  {t("team.team.invitedBy", {
                    name: invite.invitedBy,
                    when: relative(invite.expires_at),
                  })}
                </span>
              </span>
              <Form method="post">
                <input type="hidden" name="inviteId" value={invite.id} />
                <SubmitButton
                  intent="revoke"
                  variant="secondary"
                  pendingLabel={t("team.team.withdrawing")}
                >
                  {t("team.team.withdraw")}
                  <span className="visually-hidden">
                    {t("team.team.withdrawFor", { email: invite.email })}
                  </span>
                </SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t("team.team.lostLink")}</p>
    </section>
  );
}

export interface PeopleSectionProps {
  /** This page of the people found. */
  members: {
    id: number;
    name: string;
    email: string;
    role: Role;
    status: UserStatus;
    cohort: string | null;
    capacity: number | null;
    components: string[];
  }[];
  /** What was looked for, where the list is, and how many there are (found, and in all). */
  people: { q: string; page: number; pageCount: number; total: number; everyone: number };
}

/** "People": the search box, a page of the people found, and the pages. */
export function PeopleSection({ members, people }: PeopleSectionProps) {
  const [search] = useSearchParams();
  const { t, month } = useT();
  return (
    <section aria-labelledby="people-heading" className="card">
      <h2 id="people-heading">{t("team.team.people")}</h2>
      <FindInList
        id="people-q"
        action="/team#people-heading"
        label={t("team.team.find")}
        help={t("team.team.findHelp")}
        searchLabel={t("team.team.findAria")}
        button={t("team.team.findButton")}
        q={people.q}
        maxLength={200}
      />
      {/*
        Live, and always on the page: "Find" keeps focus on its button, and this says how many
        people the list now holds, or that nobody matches (with the way back to everyone).
      */}
      <div aria-live="polite" aria-atomic="true">
        {people.total === 0 ? (
          <EmptyState title={t("team.team.noMatch", { q: people.q })}>
            <p>
              <Link to="/team#people-heading">
                {t("team.team.showEveryone", { total: people.everyone })}
              </Link>
            </p>
          </EmptyState>
        ) : people.q || people.pageCount > 1 ? (
          <p className="muted small">
            {people.q
              ? t("team.team.matching", { total: people.total, q: people.q })
              : t("team.team.peopleCount", { total: people.total })}{" "}
            {people.q ? (
              <Link to="/team#people-heading">
                {t("team.team.showEveryone", { total: people.everyone })}
              </Link>
            ) : null}
          </p>
        ) : null}
      </div>
      {people.total > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("team.team.name")}</th>
                <th scope="col">{t("team.team.role")}</th>
                <th scope="col">{t("team.team.status")}</th>
                <th scope="col">{t("team.team.cohortOrExpertise")}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/team/${m.id}`}>{m.name}</Link>
                    <div className="muted small">{m.email}</div>
                  </td>
                  <td>
                    <Badge tone={m.role === "lead" ? "accent" : "neutral"}>
                      {t(`core.role.${m.role}`)}
                    </Badge>
                  </td>
                  <td>
                    <Badge tone={m.status === "active" ? "good" : "warn"}>
                      {m.status === "active"
                        ? t("team.team.statusActive")
                        : t("team.team.statusDeactivated")}
                    </Badge>
                  </td>
                  <td>
                    {m.role === "newcomer" && m.cohort
                      ? month(m.cohort)
                      : m.role === "mentor"
                        ? t("team.team.expertise", {
                            components: m.components.join(", ") || t("team.team.noComponents"),
                            count: m.capacity ?? 0,
                          })
                        : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager
        page={people.page}
        pageCount={people.pageCount}
        href={(n) => pageLink(search, "page", n, "people-heading")}
        label={t("team.team.peoplePages")}
      />
    </section>
  );
}
