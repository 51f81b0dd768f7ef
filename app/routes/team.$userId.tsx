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
import { LastLeadError, setMemberStatus, updateMember } from "~/auth/users.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import {
  activeTicketsField,
  capacityField,
  componentsField,
  idField,
  optionalDate,
  roleField,
} from "~/lib/fields";
import { failure, openedVersion, parseForm } from "~/lib/forms";
import { invariantFound, notFound, publicOrigin, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import {
  getTeamMemberPage,
  guardMemberChange,
  MemberChangeRefused,
} from "~/mentoring/member-changes.server";
import { Badge } from "~/ui/badge";
import { Field, FormMessage, SelectField, SubmitButton, VersionField } from "~/ui/form";
import { pageTitle, useT } from "~/ui/i18n";
import { MemberWork } from "~/ui/member-work";
import { ResetLinkPart } from "~/ui/reset-link-part";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data?.member.name
    ? pageTitle(matches, "team.member.title", { name: data.member.name })
    : pageTitle(matches, "team.member.titleFallback");

const updateSchema = z.object({
  intent: z.literal("update"),
  role: roleField,
  startDate: optionalDate,
  capacity: capacityField,
  components: componentsField,
  maxAssignments: activeTicketsField,
});

const statusSchema = z.object({
  intent: z.literal("status"),
  status: z.enum(["active", "deactivated"], { message: k("team.member.chooseStatus") }),
});

function userIdFrom(params: { userId?: string }) {
  const parsed = idField.safeParse(params.userId);
  if (!parsed.success) throw notFound(k("team.member.noSuchPerson"));
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lead = await requirePermission(request, "manageTeam");
  const page = await getTeamMemberPage(db, { userId: userIdFrom(params), viewer: lead });
  invariantFound(page, k("team.member.noSuchPerson"));
  return { ...page, passwordLogin: getEnv().PASSWORD_LOGIN };
}

/** A one-time link for the member to set a new password, shown to the lead to pass on. */
async function resetLinkIntent(request: Request, leadId: number, userId: number) {
  const env = getEnv();
  if (!env.PASSWORD_LOGIN)
    return data({ ok: false as const, formError: k("core.password.off") }, { status: 403 });
  const result = await createPasswordReset(db, {
    actorId: leadId,
    userId,
    validHours: env.RESET_HOURS,
    defaultTimeZone: env.DIGEST_TIME_ZONE,
  });
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound(k("team.member.noSuchPerson"));
    const message =
      result.reason === "deactivated"
        ? k("team.member.reactivateFirst")
        : k("team.member.onlyLeads");
    return data({ ok: false as const, formError: message }, { status: 409 });
  }
  const link = new URL(`/reset/${result.token}`, publicOrigin(request)).toString();
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
        guard: guardMemberChange,
      });
      if (result === "not_found") throw notFound(k("team.member.noSuchPerson"));
      return {
        ok: true as const,
        message:
          parsed.data.status === "active"
            ? k("team.member.reactivated")
            : k("team.member.deactivated"),
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
      defaultTimeZone: getEnv().DIGEST_TIME_ZONE,
      guard: guardMemberChange,
      ...openedVersion(formData),
    });
    if (result === "not_found") throw notFound(k("team.member.noSuchPerson"));
    if (typeof result === "object") {
      // What the lead typed stays, over the person as they are now: saving again keeps it.
      const kept = failure(formData, {}, k("team.member.stale"));
      return data({ ...kept, version: result.stale }, { status: 409 });
    }
    return { ok: true as const, message: k("team.member.saved") };
  } catch (error) {
    if (error instanceof LastLeadError || error instanceof MemberChangeRefused)
      return data(failure(formData, {}, error.message), { status: 409 });
    throw error;
  }
}

export default function TeamMember() {
  const { member, isSelf, passwordLogin, work } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  const values = actionData && "values" in actionData ? actionData.values : {};
  // After a 409 for a stale save, the version now: saving again (having looked) keeps theirs.
  const stale = actionData && "version" in actionData ? actionData.version : null;
  const openedAt = typeof stale === "string" ? stale : member.version;
  const { t, msg, day, month } = useT();
  const roleOptions = (["newcomer", "mentor", "lead"] as const).map((value) => ({
    value,
    label: t(`team.team.roleOption.${value}`),
  }));
  return (
    <div className="page narrow">
      <p>
        <Link to="/team" className="back-link">
          {t("team.member.back")}
        </Link>
      </p>
      <header className="page-header">
        <h1>{member.name}</h1>
        <p className="lede">
          {member.email} ·{" "}
          <Badge tone={member.status === "active" ? "good" : "warn"}>
            {member.status === "active"
              ? t("team.team.statusActive")
              : t("team.team.statusDeactivated")}
          </Badge>
          {member.cohort ? (
            <> · {t("team.member.cohort", { month: month(member.cohort) })}</>
          ) : null}
        </p>
      </header>
      {actionData && "resetLink" in actionData ? (
        <FormMessage tone="success">
          {t("team.member.resetMade", { day: day(actionData.expiresAt) })}
          {actionData.mailed ? ` ${t("team.team.alsoMailed")}` : null}
        </FormMessage>
      ) : null}
      {actionData && "message" in actionData ? (
        <FormMessage tone="success">{msg(actionData.message)}</FormMessage>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError ? (
        <FormMessage tone="error">{msg(actionData.formError)}</FormMessage>
      ) : null}
      <section aria-labelledby="role-heading" className="card">
        <h2 id="role-heading">{t("team.team.role")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="update" />
          <VersionField version={openedAt} />
          <SelectField
            label={t("team.team.role")}
            name="role"
            options={roleOptions}
            defaultValue={values.role ?? member.role}
            error={errors.role}
          />
          <Field
            label={t("team.team.startDate")}
            name="startDate"
            type="date"
            defaultValue={values.startDate ?? member.startDate}
            error={errors.startDate}
            help={t("team.member.startDateHelp")}
          />
          <Field
            label={t("team.member.maxAssignments")}
            name="maxAssignments"
            type="number"
            min={0}
            max={20}
            defaultValue={
              values.maxAssignments ??
              (member.maxAssignments === null ? "" : String(member.maxAssignments))
            }
            error={errors.maxAssignments}
            help={t("team.member.maxAssignmentsHelp")}
          />
          <Field
            label={t("team.team.capacity")}
            name="capacity"
            type="number"
            min={0}
            max={20}
            defaultValue={
              values.capacity ?? (member.capacity === null ? "" : String(member.capacity))
            }
            error={errors.capacity}
            help={t("team.member.capacityHelp")}
          />
          <Field
            label={t("team.team.components")}
            name="components"
            defaultValue={values.components ?? member.components.join(", ")}
            error={errors.components}
            help={t("team.member.componentsHelp")}
          />
          <div>
            <SubmitButton intent="update" pendingLabel={t("core.action.saving")}>
              {t("team.member.saveChanges")}
            </SubmitButton>
          </div>
        </Form>
      </section>
      <MemberWork work={work} />
      <section aria-labelledby="access-heading" className="card">
        <h2 id="access-heading">{t("team.member.access")}</h2>
        {member.status === "active" ? (
          <>
            {/* PASSWORD_LOGIN=false: no password to reset. */}
            {passwordLogin ? (
              <ResetLinkPart
                isSelf={isSelf}
                made={actionData && "resetLink" in actionData ? actionData : null}
              />
            ) : null}
            <h3 className="part-heading">{t("team.member.deactivate")}</h3>
            <p>{isSelf ? t("team.member.deactivateHelpSelf") : t("team.member.deactivateHelp")}</p>
            <Form method="post">
              <input type="hidden" name="status" value="deactivated" />
              <SubmitButton
                intent="status"
                variant="danger"
                pendingLabel={t("team.member.deactivating")}
                wraps
              >
                {t("team.member.deactivateName", { name: member.name })}
              </SubmitButton>
            </Form>
          </>
        ) : (
          <>
            <p>{t("team.member.cannotLogIn", { name: member.name })}</p>
            <Form method="post">
              <input type="hidden" name="status" value="active" />
              <SubmitButton intent="status" pendingLabel={t("team.member.reactivating")} wraps>
                {t("team.member.reactivateName", { name: member.name })}
              </SubmitButton>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
