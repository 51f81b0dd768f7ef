import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { can } from "~/auth/policies";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { idField } from "~/lib/fields";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { formatDay } from "~/lib/time";
import { changeMentor, claimTicket, reassignTicket, releaseClaim } from "~/mentoring/claims.server";
import { getTicketPage } from "~/mentoring/ticket-page.server";
import { closeAsDuplicate } from "~/mentoring/ticket-status.server";
import { Badge } from "~/ui/badge";
import { FormMessage } from "~/ui/form";
import { Difficulty, StatusBadge } from "~/ui/ticket-badges";
import { RelatedWriteups, TicketActivity, TicketTrack, TicketWork } from "~/ui/ticket-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.ticket.title ?? "Ticket"} · Koan` },
];

function ticketIdFrom(params: { ticketId?: string }) {
  const parsed = idField.safeParse(params.ticketId);
  if (!parsed.success) throw notFound("There is no such ticket.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getTicketPage(db, {
    ticketId: ticketIdFrom(params),
    viewer: user,
    defaultLimit: getEnv().MAX_ACTIVE_ASSIGNMENTS,
  });
  invariantFound(page, "There is no such ticket. It may have been removed, or the link is wrong.");
  return page;
}

const claimSchema = z.object({ intent: z.literal("claim"), mentorId: idField });
const reassignSchema = z.object({ intent: z.literal("reassign"), newcomerId: idField });
const mentorSchema = z.object({ intent: z.literal("mentor"), mentorId: idField });
const duplicateSchema = z.object({ intent: z.literal("close_duplicate"), writeupId: idField });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const ticketId = ticketIdFrom(params);
  const formData = await readForm(request);
  const intent = formData.get("intent");

  if (intent === "claim") {
    if (!can(user, "claimTicket"))
      throw forbidden("Only newcomers claim tickets; a lead can reassign one.");
    const parsed = claimSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ error: "Choose a mentor to work with." }, { status: 400 });
    const result = await claimTicket(db, {
      ticketId,
      newcomerId: user.id,
      mentorId: parsed.data.mentorId,
      defaultLimit: getEnv().MAX_ACTIVE_ASSIGNMENTS,
    });
    if (result.ok) return { success: "It's yours. Your mentor can see you as their mentee now." };
    const messages = {
      not_found: "There is no such ticket.",
      not_starter:
        "This ticket isn't a starter ticket, so it can't be claimed. Ask a lead if you'd like it.",
      closed: "This ticket is already resolved or closed.",
      mentor_unavailable: "That mentor has no free place any more. Pick another one.",
    } as const;
    if (result.reason === "taken") {
      return data(
        {
          error: `${result.holder} claimed this ticket a moment ago. Pick another one from the queue.`,
        },
        { status: 409 },
      );
    }
    if (result.reason === "limit") {
      return data(
        {
          error: `You already have ${result.limit} active ${result.limit === 1 ? "ticket" : "tickets"}. Finish or release it first, or ask a lead to raise your limit.`,
        },
        { status: 409 },
      );
    }
    if (result.reason === "not_found") throw notFound(messages.not_found);
    if (result.reason === "forbidden")
      throw forbidden("Only newcomers claim tickets; a lead can reassign one.");
    return data({ error: messages[result.reason] }, { status: 409 });
  }

  if (intent === "close_duplicate") {
    if (!can(user, "closeDuplicate"))
      throw forbidden("Only mentors and leads close a ticket as a duplicate.");
    const parsed = duplicateSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success)
      return data({ error: "Choose the write-up it duplicates." }, { status: 400 });
    const result = await closeAsDuplicate(db, {
      ticketId,
      writeupId: parsed.data.writeupId,
      actor: { id: user.id, role: user.role },
    });
    if (result.ok)
      return { success: "Closed as a duplicate, linked to the write-up that answers it." };
    if (result.reason === "not_found") throw notFound("There is no such ticket.");
    if (result.reason === "forbidden")
      throw forbidden("Only mentors and leads close a ticket as a duplicate.");
    return data(
      {
        error:
          result.reason === "finished"
            ? "This ticket is already resolved or closed."
            : "That write-up isn't published any more. Reload to see the current ones.",
      },
      { status: 409 },
    );
  }

  if (intent === "release") {
    const released = await releaseClaim(db, { ticketId, newcomerId: user.id });
    if (!released) throw forbidden("Only the newcomer working this ticket can release it.");
    return { success: "Released. The ticket is back in the queue." };
  }

  if (intent === "reassign" || intent === "mentor") {
    if (!can(user, intent === "reassign" ? "reassignTicket" : "changeMentor"))
      throw forbidden("Only leads reassign tickets or change mentors.");
    if (intent === "reassign") {
      const parsed = reassignSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return data({ error: "Choose a newcomer." }, { status: 400 });
      const result = await reassignTicket(db, {
        ticketId,
        leadId: user.id,
        newcomerId: parsed.data.newcomerId,
      });
      if (result.ok) return { success: "Reassigned." };
      if (result.reason === "not_found") throw notFound("There is no such ticket.");
      if (result.reason === "forbidden")
        throw forbidden("Only leads reassign tickets or change mentors.");
      return data(
        {
          error:
            result.reason === "no_claim"
              ? "Nobody has this ticket to reassign."
              : "Choose an active newcomer.",
        },
        { status: 409 },
      );
    }
    const parsed = mentorSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ error: "Choose a mentor." }, { status: 400 });
    const result = await changeMentor(db, {
      ticketId,
      leadId: user.id,
      mentorId: parsed.data.mentorId,
    });
    if (result === "changed") return { success: "Mentor changed." };
    if (result === "forbidden") throw forbidden("Only leads reassign tickets or change mentors.");
    return data(
      { error: result === "no_claim" ? "Nobody has this ticket yet." : "Choose an active mentor." },
      { status: 409 },
    );
  }
  return data({ error: "That action isn't available here." }, { status: 400 });
}

export default function TicketPage() {
  const page = useLoaderData<typeof loader>();
  const { ticket, controls } = page;
  const actionData = useActionData<typeof action>();
  return (
    <div className="page">
      <p>
        <Link to="/tickets">← Tickets</Link>
      </p>
      <header className="page-header">
        <h1>{ticket.title}</h1>
        <div className="ticket-meta">
          <StatusBadge status={ticket.status} closeReason={ticket.close_reason} />
          {ticket.starter ? <Badge tone="good">starter</Badge> : null}
          <span>{ticket.component}</span>
          <Difficulty level={ticket.difficulty} />
          {ticket.labels.map((l) => (
            <Badge key={l}>{l}</Badge>
          ))}
        </div>
        <p className="muted small">
          Opened {formatDay(ticket.created_at)}
          {ticket.reporter ? <> by {ticket.reporter}</> : null}
          {ticket.url ? (
            <>
              {" · "}
              <a href={ticket.url} rel="noopener noreferrer">
                {ticket.source === "github" ? "on GitHub" : "source"}
              </a>
            </>
          ) : null}
          {controls.edit ? (
            <>
              {" · "}
              <Link to={`/tickets/${ticket.id}/edit`}>Edit ticket</Link>
            </>
          ) : null}
        </p>
      </header>

      {actionData && "success" in actionData ? (
        <FormMessage tone="success">{actionData.success}</FormMessage>
      ) : null}
      {actionData && "error" in actionData ? (
        <FormMessage tone="error">{actionData.error}</FormMessage>
      ) : null}

      <div className="ticket-layout">
        <section aria-labelledby="description-heading" className="card">
          <h2 id="description-heading">Description</h2>
          {ticket.body.trim() ? (
            // Rendered by marked and sanitised to an allow-list on the server.
            <div className="prose" dangerouslySetInnerHTML={{ __html: ticket.bodyHtml }} />
          ) : (
            <p className="muted">No description yet.</p>
          )}
        </section>
        <TicketWork
          ticket={ticket}
          assignment={ticket.assignment}
          mine={page.mine}
          claimable={page.claimable}
          finished={page.finished}
          controls={controls}
          suggestions={page.suggestions}
          allMentors={page.allMentors}
          newcomers={page.newcomers}
          limitReached={page.limitReached}
        />
      </div>

      <RelatedWriteups related={page.related} canCloseDuplicate={controls.closeDuplicate} />
      <TicketTrack track={page.track} mine={page.mine} />
      <TicketActivity events={page.events} />
    </div>
  );
}
