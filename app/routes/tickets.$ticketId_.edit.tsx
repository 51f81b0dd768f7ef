import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { invariantFound, notFound, readForm } from "~/lib/http.server";
import { updateTicket } from "~/mentoring/ticket-status.server";
import { ticketFormSchema } from "~/tickets/ticket-schema";
import { getTicketForEditing } from "~/tickets/tickets.server";
import { TicketForm } from "~/ui/ticket-form";

export const meta: MetaFunction = () => [{ title: "Edit ticket · Koan" }];

function ticketIdFrom(params: { ticketId?: string }) {
  const parsed = idField.safeParse(params.ticketId);
  if (!parsed.success) throw notFound("There is no such ticket.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manageTickets");
  const page = await getTicketForEditing(db, ticketIdFrom(params));
  invariantFound(page, "There is no such ticket.");
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manageTickets");
  const ticketId = ticketIdFrom(params);
  const parsed = parseForm(ticketFormSchema, await readForm(request));
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { title, body, component, labels, difficulty, starter, status, closeReason } = parsed.data;
  const result = await updateTicket(db, {
    actorId: user.id,
    ticketId,
    ticket: { title, body, component, labels, difficulty, starter },
    status,
    closeReason: closeReason ?? null,
  });
  if (result === "not_found") throw notFound("There is no such ticket.");
  throw redirect(`/tickets/${ticketId}`);
}

export default function EditTicket() {
  const { ticket, components } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const current = {
    title: ticket.title,
    body: ticket.body,
    component: ticket.component,
    labels: ticket.labels.join(", "),
    difficulty: String(ticket.difficulty),
    starter: ticket.starter ? "on" : "",
    status: ticket.status,
    closeReason: ticket.close_reason ?? "",
  };
  return (
    <div className="page narrow-wide">
      <p>
        <Link to={`/tickets/${ticket.id}`}>← Back to the ticket</Link>
      </p>
      <h1>Edit ticket</h1>
      <TicketForm
        values={actionData?.values ?? current}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError}
        components={components}
        editing
        submitLabel="Save changes"
      />
    </div>
  );
}
