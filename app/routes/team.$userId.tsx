import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { createPasswordReset } from "~/auth/credentials.server";
import { requirePermission } from "~/auth/current-user.server";
import { getMemberPage } from "~/auth/team-page.server";
import { LastLeadError, setMemberStatus, updateMember } from "~/auth/users.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { capacityField, componentsField, idField, optionalDate, roleField } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { invariantFound, notFound, readForm } from "~/lib/http.server";
import { formatCohort, formatDay } from "~/lib/time";
import { Badge } from "~/ui/badge";
import { CopyField } from "~/ui/copy-field";
import { Field, FormMessage, SelectField, SubmitButton } from "~/ui/form";
import { ROLE_OPTIONS } from "~/ui/roles";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.member.name ?? "Member"} · Team · Koan` },
];

const updateSchema = z.object({
  intent: z.literal("update"),
  role: roleField,
  startDate: optionalDate,
  capacity: capacityField,
  components: componentsField,
  maxAssignments: capacityField,
});

const statusSchema = z.object({
  intent: z.literal("status"),
  status: z.enum(["active", "deactivated"], { message: "Choose active or deactivated." }),
});

function userIdFrom(params: { userId?: string }) {
  const parsed = idField.safeParse(params.userId);
  if (!parsed.success) throw notFound("There is no such person on the team.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lead = await requirePermission(request, "manageTeam");
  const page = await getMemberPage(db, { userId: userIdFrom(params), viewer: lead });
  invariantFound(page, "There is no such person on the team.");
  return page;
}

/** A one-time link for the member to set a new password, shown to the lead to pass on. */
async function resetLinkIntent(request: Request, leadId: number, userId: number) {
  const env = getEnv();
  const result = await createPasswordReset(db, {
    actorId: leadId,
    userId,
    validHours: env.RESET_HOURS,
  });
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound("There is no such person on the team.");
    const message =
      result.reason === "deactivated"
        ? "Reactivate them first: a deactivated account can't set a password."
        : "Only leads can make password-reset links.";
    return data({ ok: false as const, formError: message }, { status: 409 });
  }
  const link = new URL(`/reset/${result.token}`, env.APP_ORIGIN ?? request.url).toString();
  return { ok: true as const, resetLink: link, expiresAt: result.expiresAt, mailed: result.mailed };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lead = await requirePermission(request, "manageTeam");
  const userId = userIdFrom(params);
  const formData = await readForm(request);
  if (formData.get("intent") === "reset-link") return resetLinkIntent(request, lead.id, userId);
  try {
    if (formData.get("intent") === "status") {
      const parsed = parseForm(statusSchema, formData);
      if (!parsed.ok) return data(parsed, { status: 400 });
      const result = await setMemberStatus(db, {
        actorId: lead.id,
        userId,
        status: parsed.data.status,
      });
      if (result === "not_found") throw notFound("There is no such person on the team.");
      return {
        ok: true as const,
        message:
          parsed.data.status === "active"
            ? "Reactivated."
            : "Deactivated: they are logged out everywhere.",
      };
    }
    const parsed = parseForm(updateSchema, formData);
    if (!parsed.ok) return data(parsed, { status: 400 });
    const { role, startDate, capacity, components, maxAssignments } = parsed.data;
    const result = await updateMember(db, {
      actorId: lead.id,
      userId,
      changes: {
        role,
        startDate: startDate ?? null,
        capacity: capacity ?? null,
        components,
        maxAssignments: maxAssignments ?? null,
      },
    });
    if (result === "not_found") throw notFound("There is no such person on the team.");
    return { ok: true as const, message: "Saved." };
  } catch (error) {
    if (error instanceof LastLeadError)
      return data(failure(formData, {}, error.message), { status: 409 });
    throw error;
  }
}

export default function TeamMember() {
  const { member, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  const values = actionData && "values" in actionData ? actionData.values : {};
  return (
    <div className="page narrow">
      <p>
        <Link to="/team">← Team</Link>
      </p>
      <header className="page-header">
        <h1>{member.name}</h1>
        <p className="lede">
          {member.email} ·{" "}
          <Badge tone={member.status === "active" ? "good" : "warn"}>{member.status}</Badge>
          {member.cohort ? <> · {formatCohort(member.cohort)} cohort</> : null}
        </p>
      </header>
      {actionData && "resetLink" in actionData ? (
        <FormMessage tone="success">
          Reset link made. It works once, until {formatDay(actionData.expiresAt)}.
          {actionData.mailed ? " Koan is also e-mailing the link to them." : null}
        </FormMessage>
      ) : null}
      {actionData && "message" in actionData ? (
        <FormMessage tone="success">{actionData.message}</FormMessage>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError ? (
        <FormMessage tone="error">{actionData.formError}</FormMessage>
      ) : null}
      <section aria-labelledby="role-heading" className="card">
        <h2 id="role-heading">Role</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="update" />
          <SelectField
            label="Role"
            name="role"
            options={ROLE_OPTIONS}
            defaultValue={values.role ?? member.role}
            error={errors.role}
          />
          <Field
            label="Start date"
            name="startDate"
            type="date"
            defaultValue={values.startDate ?? member.startDate}
            error={errors.startDate}
            help="Newcomers only: sets their cohort."
          />
          <Field
            label="Active tickets at once"
            name="maxAssignments"
            type="number"
            min={0}
            max={20}
            defaultValue={
              values.maxAssignments ??
              (member.maxAssignments === null ? "" : String(member.maxAssignments))
            }
            error={errors.maxAssignments}
            help="Newcomers only: overrides the team's limit for this person. Leave empty for the default."
          />
          <Field
            label="Mentee capacity"
            name="capacity"
            type="number"
            min={0}
            max={20}
            defaultValue={
              values.capacity ?? (member.capacity === null ? "" : String(member.capacity))
            }
            error={errors.capacity}
            help="Mentors only: mentees at once."
          />
          <Field
            label="Components they know"
            name="components"
            defaultValue={values.components ?? member.components.join(", ")}
            error={errors.components}
            help="Mentors only, comma-separated."
          />
          <div>
            <SubmitButton intent="update" pendingLabel="Saving…">
              Save changes
            </SubmitButton>
          </div>
        </Form>
      </section>
      <section aria-labelledby="access-heading" className="card">
        <h2 id="access-heading">Access</h2>
        {member.status === "active" ? (
          <>
            <h3>Password reset</h3>
            <p>
              Forgot their password? Make a one-time link for {isSelf ? "yourself" : "them"} to
              choose a new one; using it logs them out on every device. A newer link replaces this
              one.
            </p>
            {actionData && "resetLink" in actionData ? (
              <CopyField label="Password-reset link" value={actionData.resetLink} />
            ) : null}
            <Form method="post">
              <SubmitButton intent="reset-link" variant="secondary" pendingLabel="Making link…">
                Make a password-reset link
              </SubmitButton>
            </Form>
            <h3>Deactivate</h3>
            <p>
              Deactivating logs {isSelf ? "you" : "them"} out on every device at once and stops new
              log-ins. Their work and write-ups stay.
            </p>
            <Form method="post">
              <input type="hidden" name="status" value="deactivated" />
              <SubmitButton intent="status" variant="danger" pendingLabel="Deactivating…">
                Deactivate {member.name}
              </SubmitButton>
            </Form>
          </>
        ) : (
          <>
            <p>
              {member.name} can't log in. Reactivating lets them log in again with their password.
            </p>
            <Form method="post">
              <input type="hidden" name="status" value="active" />
              <SubmitButton intent="status" pendingLabel="Reactivating…">
                Reactivate {member.name}
              </SubmitButton>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}
