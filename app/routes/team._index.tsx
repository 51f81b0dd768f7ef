import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { createInvite, revokeInvite } from "~/auth/invites.server";
import { getTeamPage } from "~/auth/team-page.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import {
  capacityField,
  componentsField,
  emailField,
  idField,
  optionalDate,
  pageField,
  roleField,
} from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { pageLink } from "~/lib/paging";
import { Badge } from "~/ui/badge";
import { CopyField } from "~/ui/copy-field";
import { EmptyState } from "~/ui/empty-state";
import { FindInList } from "~/ui/find-in-list";
import { Field, FormMessage, SelectField, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";
import { Pager } from "~/ui/pager";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "team.team.title");

const inviteSchema = z.object({
  intent: z.literal("invite"),
  email: emailField,
  name: z.string().trim().max(120, k("team.team.nameTooLong")).optional(),
  role: roleField,
  startDate: optionalDate,
  capacity: capacityField,
  components: componentsField,
});

const revokeSchema = z.object({ intent: z.literal("revoke"), inviteId: idField });

const peopleSchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  page: pageField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageTeam");
  const search = new URL(request.url).searchParams;
  const { q, page } = peopleSchema.parse({
    q: search.get("q") ?? undefined,
    page: search.get("page") ?? undefined,
  });
  return getTeamPage(db, { q, page });
}

export async function action({ request }: ActionFunctionArgs) {
  const lead = await requirePermission(request, "manageTeam");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "revoke") {
    const parsed = parseForm(revokeSchema, formData);
    if (!parsed.ok) return data({ ...parsed, intent: "revoke" as const }, { status: 400 });
    const revoked = await revokeInvite(db, { actorId: lead.id, inviteId: parsed.data.inviteId });
    if (!revoked) {
      return data(
        {
          ...failure(formData, {}, k("team.team.inviteGone")),
          intent: "revoke" as const,
        },
        { status: 409 },
      );
    }
    return { intent: "revoked" as const };
  }
  const parsed = parseForm(inviteSchema, formData);
  if (!parsed.ok) return data({ ...parsed, intent: "invite" as const }, { status: 400 });
  const invite = parsed.data;
  const result = await createInvite(db, {
    invitedBy: lead.id,
    validDays: getEnv().INVITE_DAYS,
    invite: {
      email: invite.email,
      name: invite.name || null,
      role: invite.role,
      startDate: invite.startDate ?? null,
      capacity: invite.capacity ?? null,
      components: invite.components,
    },
  });
  if (!result.ok) {
    return data(
      {
        ...failure(formData, { email: k("team.team.emailTaken") }),
        intent: "invite" as const,
      },
      { status: 400 },
    );
  }
  const link = new URL(`/invite/${result.token}`, request.url).toString();
  return {
    intent: "created" as const,
    link,
    email: invite.email,
    expiresAt: result.expiresAt,
    mailed: result.mailed,
  };
}

export default function Team() {
  const { members, people, invites } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const actionData = useActionData<typeof action>();
  const inviteFailure =
    actionData?.intent === "invite" && "errors" in actionData ? actionData : null;
  const created = actionData?.intent === "created" ? actionData : null;
  const revokeFailure =
    actionData?.intent === "revoke" && "formError" in actionData ? actionData : null;
  const { t, day, month, relative } = useT();
  const roleOptions = (["newcomer", "mentor", "lead"] as const).map((value) => ({
    value,
    label: t(`team.team.roleOption.${value}`),
  }));
  const errors = inviteFailure?.errors ?? {};
  const values = inviteFailure?.values ?? {};
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("team.team.heading")}</h1>
        <p className="lede">{t("team.team.lede")}</p>
      </header>

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
            <CopyField label={t("team.team.inviteLink")} value={created.link} />
          </div>
        ) : null}
        {inviteFailure?.formError ? (
          <FormMessage tone="error">{inviteFailure.formError}</FormMessage>
        ) : null}
        <Form
          method="post"
          className="stack invite-form"
          noValidate
          key={created?.link ?? "invite"}
        >
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
              maxLength={120}
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
          <div>
            <SubmitButton intent="invite" pendingLabel={t("team.team.creating")}>
              {t("team.team.create")}
            </SubmitButton>
          </div>
        </Form>
      </section>

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
        {people.total === 0 ? (
          <EmptyState title={t("team.team.noMatch", { q: people.q })}>
            <p>
              <Link to="/team#people-heading">
                {t("team.team.showEveryone", { total: people.everyone })}
              </Link>
            </p>
          </EmptyState>
        ) : (
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
        )}
        {people.total > 0 && (people.q || people.pageCount > 1) ? (
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
        <Pager
          page={people.page}
          pageCount={people.pageCount}
          href={(n) => pageLink(search, "page", n, "people-heading")}
          label={t("team.team.peoplePages")}
        />
      </section>
    </div>
  );
}
