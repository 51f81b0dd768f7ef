import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, requirePermissionKeeping } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { readForm } from "~/lib/http.server";
import { TICKET_TEXT_FIELDS, ticketFormSchema } from "~/tickets/ticket-schema";
import { createTicket, listFacets } from "~/tickets/tickets.server";
import { pageTitle, useT } from "~/ui/i18n";
import { TicketForm } from "~/ui/ticket-form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tickets.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageTickets");
  return { components: (await listFacets(db)).components };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const user = await requirePermissionKeeping(
    request,
    "manageTickets",
    formData,
    TICKET_TEXT_FIELDS,
  );
  const parsed = parseForm(ticketFormSchema, formData);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { title, body, component, labels, difficulty, starter } = parsed.data;
  const id = await createTicket(db, {
    actorId: user.id,
    ticket: { title, body, component, labels, difficulty, starter },
    byHand: true,
  });
  throw redirect(`/tickets/${id}`);
}

export default function NewTicket() {
  const { components } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  return (
    <div className="page narrow-wide">
      <p>
        <Link to="/tickets" className="back-link">
          {t("tickets.page.back")}
        </Link>
      </p>
      <h1>{t("tickets.new.heading")}</h1>
      <TicketForm
        values={actionData?.values ?? { starter: "on" }}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError}
        components={components}
        editing={false}
        submitLabel={t("tickets.form.create")}
      />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
