import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
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
  roleField,
} from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { formatCohort, formatDay, formatRelative } from "~/lib/time";
import { Badge } from "~/ui/badge";
import { CopyField } from "~/ui/copy-field";
import { EmptyState } from "~/ui/empty-state";
import { Field, FormMessage, SelectField, SubmitButton } from "~/ui/form";
import { ROLE_OPTIONS } from "~/ui/roles";

export const meta: MetaFunction = () => [{ title: "Team · Koan" }];

const inviteSchema = z.object({
  intent: z.literal("invite"),
  email: emailField,
  name: z.string().trim().max(120, "Use at most 120 characters.").optional(),
  role: roleField,
  startDate: optionalDate,
  capacity: capacityField,
  components: componentsField,
});

const revokeSchema = z.object({ intent: z.literal("revoke"), inviteId: idField });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageTeam");
  return getTeamPage(db);
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
          ...failure(formData, {}, "That invite was already used or withdrawn."),
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
        ...failure(formData, { email: "Someone on the team already uses this e-mail." }),
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
  const { members, invites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const inviteFailure =
    actionData?.intent === "invite" && "errors" in actionData ? actionData : null;
  const created = actionData?.intent === "created" ? actionData : null;
  const revokeFailure =
    actionData?.intent === "revoke" && "formError" in actionData ? actionData : null;
  const errors = inviteFailure?.errors ?? {};
  const values = inviteFailure?.values ?? {};
  return (
    <div className="page">
      <header className="page-header">
        <h1>Team</h1>
        <p className="lede">Everyone in Koan, and the invites still waiting to be used.</p>
      </header>

      <section aria-labelledby="invite-heading" className="card">
        <h2 id="invite-heading">Invite someone</h2>
        {created ? (
          <div className="stack">
            <FormMessage tone="success">
              Invite ready for <strong>{created.email}</strong>. It works once, until{" "}
              {formatDay(created.expiresAt)}.
              {created.mailed ? " Koan is also e-mailing the link to them." : null}
            </FormMessage>
            <CopyField label="Invite link" value={created.link} />
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
              label="E-mail"
              name="email"
              type="email"
              required
              defaultValue={values.email}
              error={errors.email}
            />
            <Field
              label="Name"
              name="name"
              defaultValue={values.name}
              error={errors.name}
              maxLength={120}
              help="They can change it when they join."
            />
          </div>
          <SelectField
            label="Role"
            name="role"
            options={ROLE_OPTIONS}
            defaultValue={values.role ?? "newcomer"}
            error={errors.role}
          />
          <div className="grid-2">
            <Field
              label="Start date"
              name="startDate"
              type="date"
              defaultValue={values.startDate}
              error={errors.startDate}
              help="Newcomers only: their cohort is this month. Defaults to the day they join."
            />
            <Field
              label="Mentee capacity"
              name="capacity"
              type="number"
              min={0}
              max={20}
              defaultValue={values.capacity}
              error={errors.capacity}
              help="Mentors only: mentees at once. Defaults to 2."
            />
          </div>
          <Field
            label="Components they know"
            name="components"
            defaultValue={values.components}
            error={errors.components}
            help="Mentors only, comma-separated, for example: billing, search."
          />
          <div>
            <SubmitButton intent="invite" pendingLabel="Creating link…">
              Create invite link
            </SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="pending-heading" className="card">
        <h2 id="pending-heading">Waiting to join</h2>
        {revokeFailure ? <FormMessage tone="error">{revokeFailure.formError}</FormMessage> : null}
        {invites.length === 0 ? (
          <EmptyState title="No open invites">
            <p>Invites you create appear here until they are used, withdrawn or expire.</p>
          </EmptyState>
        ) : (
          <ul className="plain-list">
            {invites.map((invite) => (
              <li key={invite.id} className="row">
                <span>
                  <strong>{invite.email}</strong> <Badge>{invite.role}</Badge>
                  <span className="muted">
                    {" "}
                    · invited by {invite.invitedBy}, expires {formatRelative(invite.expires_at)}
                  </span>
                </span>
                <Form method="post">
                  <input type="hidden" name="inviteId" value={invite.id} />
                  <SubmitButton intent="revoke" variant="secondary" pendingLabel="Withdrawing…">
                    Withdraw<span className="visually-hidden"> invite for {invite.email}</span>
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <p className="muted">
          Lost a link? Invite the same e-mail again: the old link stops working.
        </p>
      </section>

      <section aria-labelledby="people-heading" className="card">
        <h2 id="people-heading">People</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Cohort or expertise</th>
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
                    <Badge tone={m.role === "lead" ? "accent" : "neutral"}>{m.role}</Badge>
                  </td>
                  <td>
                    <Badge tone={m.status === "active" ? "good" : "warn"}>{m.status}</Badge>
                  </td>
                  <td>
                    {m.role === "newcomer" && m.cohort
                      ? formatCohort(m.cohort)
                      : m.role === "mentor"
                        ? `${m.components.join(", ") || "no components set"} · ${m.capacity ?? 0} mentees at once`
                        : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
