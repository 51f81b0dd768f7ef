import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/current-user.server";
import { getMemberPage } from "~/auth/team-page.server";
import { LastLeadError, setMemberStatus, updateMember } from "~/auth/users.server";
import { db } from "~/lib/db.server";
import { capacityField, componentsField, idField, optionalDate, roleField } from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { invariantFound, notFound, readForm } from "~/lib/http.server";
import { formatCohort } from "~/lib/time";
import { Badge } from "~/ui/badge";
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

export async function action({ request, params }: ActionFunctionArgs) {
  const lead = await requirePermission(request, "manageTeam");
  const userId = userIdFrom(params);
  const formData = await readForm(request);
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
