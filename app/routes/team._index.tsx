import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, requirePermissionKeeping } from "~/auth/current-user.server";
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
  optionalLocaleField,
  pageField,
  roleField,
} from "~/lib/fields";
import { failure, parseForm } from "~/lib/forms";
import { publicOrigin, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { sendsMail } from "~/lib/integrations.server";
import { NAME_MAX } from "~/lib/names";
import { getFirstSteps } from "~/mentoring/first-steps.server";
import { pageTitle, useT } from "~/ui/i18n";
import { FirstSteps, InviteSection, PendingInvites, PeopleSection } from "~/ui/team-page";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "team.team.title");

const inviteSchema = z.object({
  intent: z.literal("invite"),
  email: emailField,
  name: z
    .string()
    .trim()
    .max(NAME_MAX, k("team.team.nameTooLong"))
    .transform((name) => name.normalize("NFC"))
    .optional(),
  role: roleField,
  startDate: optionalDate,
  capacity: capacityField,
  components: componentsField,
  // Empty ("their browser's"), or not sent (a script): no language of its own; the invite page
  // follows the reader's browser, the e-mail the inviting lead's language.
  locale: optionalLocaleField,
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
  const [team, firstSteps] = await Promise.all([getTeamPage(db, { q, page }), getFirstSteps(db)]);
  return { ...team, firstSteps, sendsMail: sendsMail(getEnv()) };
}

/** The invite form's typed text, kept on the 403 when the lead is a lead no more. */
const INVITE_TEXT_FIELDS: Readonly<Record<string, string>> = {
  email: k("team.team.email"),
  name: k("team.team.name"),
  startDate: k("team.team.startDate"),
  capacity: k("team.team.capacity"),
  components: k("team.team.components"),
};

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const lead = await requirePermissionKeeping(request, "manageTeam", formData, INVITE_TEXT_FIELDS);
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
    defaultTimeZone: getEnv().DIGEST_TIME_ZONE,
    invite: {
      email: invite.email,
      name: invite.name || null,
      role: invite.role,
      startDate: invite.startDate ?? null,
      capacity: invite.capacity ?? null,
      components: invite.components,
      locale: invite.locale ?? null,
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
  const link = new URL(result.path, publicOrigin(request)).toString();
  return {
    intent: "created" as const,
    link,
    email: invite.email,
    expiresAt: result.expiresAt,
    mailed: result.mailed,
  };
}

export default function Team() {
  const { members, people, invites, firstSteps, sendsMail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const inviteFailure =
    actionData?.intent === "invite" && "errors" in actionData ? actionData : null;
  const created = actionData?.intent === "created" ? actionData : null;
  const revokeFailure =
    actionData?.intent === "revoke" && "formError" in actionData ? actionData : null;
  const { t } = useT();
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("team.team.heading")}</h1>
        <p className="lede">{t("team.team.lede")}</p>
      </header>
      <FirstSteps steps={firstSteps} />
      <InviteSection created={created} inviteFailure={inviteFailure} sendsMail={sendsMail} />
      <PendingInvites invites={invites} revokeFailure={revokeFailure} />
      <PeopleSection members={members} people={people} />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
