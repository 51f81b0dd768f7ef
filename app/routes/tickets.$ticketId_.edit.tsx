import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, requirePermissionKeeping } from "~/auth/current-user.server";
import { commaText } from "~/lib/comma-items";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { failure, openedVersion, parseForm } from "~/lib/forms";
import { invariantFound, notFound, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { updateTicket } from "~/mentoring/ticket-status.server";
import { TICKET_TEXT_FIELDS, ticketFormSchema } from "~/tickets/ticket-schema";
import { getTicketForEditing } from "~/tickets/tickets.server";
import { pageTitle, useT } from "~/ui/i18n";
import { TicketForm } from "~/ui/ticket-form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tickets.edit.title");

function ticketIdFrom(params: { ticketId?: string }) {
  const parsed = idField.safeParse(params.ticketId);
  if (!parsed.success) throw notFound(k("tickets.notFound"));
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manageTickets");
  const page = await getTicketForEditing(db, ticketIdFrom(params));
  invariantFound(page, k("tickets.notFound"));
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const user = await requirePermissionKeeping(
    request,
    "manageTickets",
    formData,
    TICKET_TEXT_FIELDS,
  );
  const ticketId = ticketIdFrom(params);
  const parsed = parseForm(ticketFormSchema, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { title, body, component, labels, difficulty, starter, status, closeReason } = parsed.data;
  const result = await updateTicket(db, {
    actorId: user.id,
    ticketId,
    ticket: { title, body, component, labels, difficulty, starter },
    status,
    closeReason: closeReason ?? null,
    ...openedVersion(formData),
  });
  if (result === "not_found") throw notFound(k("tickets.notFound"));
  if (typeof result === "object") {
    // What was typed stays, on top of the ticket as it is now: saving again keeps it.
    const kept = failure(formData, {}, k("tickets.edit.stale"));
    return data({ ...kept, version: result.stale }, { status: 409 });
  }
  if (result === "needs_claim")
    return data(failure(formData, { status: k("tickets.field.status.needsClaim") }), {
      status: 400,
    });
  throw redirect(`/tickets/${ticketId}`);
}

export default function EditTicket() {
  const { ticket, components } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  const current = {
    title: ticket.title,
    body: ticket.body,
    component: ticket.component,
    labels: commaText(ticket.labels),
    difficulty: String(ticket.difficulty),
    starter: ticket.starter ? "on" : "",
    status: ticket.status,
    closeReason: ticket.close_reason ?? "",
  };
  return (
    <div className="page narrow-wide">
      <p>
        <Link to={`/tickets/${ticket.id}`} className="back-link">
          {t("tickets.edit.back")}
        </Link>
      </p>
      <h1>{t("tickets.edit.heading")}</h1>
      <TicketForm
        values={actionData?.values ?? current}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError}
        components={components}
        editing
        version={
          actionData && "version" in actionData ? String(actionData.version) : ticket.updated_at
        }
        submitLabel={t("tickets.form.saveChanges")}
      />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
