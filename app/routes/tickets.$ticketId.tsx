import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { listActiveNewcomers, namesOf } from "~/auth/users.server";
import { DUPLICATE_OF_EVENT, relatedWriteupsForTicket } from "~/knowledge/capture.server";
import { RESOLUTION_LABELS } from "~/knowledge/templates";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { idField } from "~/lib/fields";
import { forbidden, invariantFound, notFound, readForm } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { formatDay, formatRelative } from "~/lib/time";
import { changeMentor, claimTicket, reassignTicket, releaseClaim } from "~/mentoring/claims.server";
import { suggestMentorsFor } from "~/mentoring/mentors.server";
import { closeAsDuplicate, getTicket } from "~/mentoring/ticket-status.server";
import { CLOSE_REASON_LABELS, STATUS_LABELS } from "~/tickets/labels";
import { listTicketEvents } from "~/tickets/tickets.server";
import { Badge } from "~/ui/badge";
import { FormMessage, SubmitButton } from "~/ui/form";
import { Difficulty, StatusBadge } from "~/ui/ticket-badges";

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
  const ticket = await getTicket(db, ticketIdFrom(params));
  invariantFound(
    ticket,
    "There is no such ticket. It may have been removed, or the link is wrong.",
  );
  const events = await listTicketEvents(db, ticket.id);
  const mentionedIds = events.flatMap((e) =>
    ["mentorId", "from", "to"]
      .map((k) => e.data[k])
      .filter((v): v is number => typeof v === "number"),
  );
  const names = await namesOf(db, mentionedIds);
  const claimable = ticket.status === "open" && ticket.starter === 1;
  const isLead = user.role === "lead";
  const [related, suggestions, allMentors, newcomers] = await Promise.all([
    relatedWriteupsForTicket(db, ticket),
    user.role === "newcomer" && claimable
      ? suggestMentorsFor(db, { newcomerId: user.id, component: ticket.component })
      : Promise.resolve([]),
    isLead && ticket.assignment
      ? suggestMentorsFor(db, {
          newcomerId: ticket.assignment.newcomerId,
          component: ticket.component,
          includeFull: true,
        })
      : Promise.resolve([]),
    isLead && ticket.assignment ? listActiveNewcomers(db) : Promise.resolve([]),
  ]);
  return {
    ticket: { ...ticket, bodyHtml: renderMarkdown(ticket.body) },
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actor: e.actor,
      createdAt: e.created_at,
      detail: describeEvent(e.kind, e.data, names),
    })),
    viewer: { id: user.id, role: user.role },
    related,
    canCloseDuplicate:
      user.role !== "newcomer" && ticket.status !== "closed" && ticket.status !== "resolved",
    claimable,
    suggestions,
    allMentors,
    newcomers,
  };
}

function describeEvent(
  kind: string,
  data: Record<string, unknown>,
  names: Map<number, string>,
): string {
  const name = (v: unknown) => (typeof v === "number" ? (names.get(v) ?? "someone") : "someone");
  switch (kind) {
    case "created":
      return data.source === "github" ? "Opened on GitHub" : "Created";
    case "imported":
      return "Imported from a file";
    case "updated":
      return "Edited";
    case "updated_by_webhook":
      return "Updated from GitHub";
    case "claimed":
      return "Claimed";
    case "mentor_chosen":
      return `Chose ${name(data.mentorId)} as mentor`;
    case "mentor_changed":
      return `Changed the mentor to ${name(data.mentorId)}`;
    case "released":
      return "Released the claim; back in the queue";
    case "reassigned":
      return `Reassigned from ${name(data.from)} to ${name(data.to)}`;
    case "status_changed": {
      const to = STATUS_LABELS[data.to as keyof typeof STATUS_LABELS] ?? String(data.to);
      const reason = data.closeReason
        ? ` (${CLOSE_REASON_LABELS[data.closeReason as keyof typeof CLOSE_REASON_LABELS]})`
        : "";
      return `Status → ${to}${reason}${data.via === "github" ? " via GitHub" : ""}`;
    }
    case DUPLICATE_OF_EVENT:
      return typeof data.title === "string"
        ? `Closed as a duplicate: already answered by the write-up “${data.title}”`
        : "Closed as a duplicate: already answered by a write-up";
    default:
      return kind;
  }
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
    if (user.role !== "newcomer")
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
    if (user.role === "newcomer")
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
    if (user.role !== "lead") throw forbidden("Only leads reassign tickets or change mentors.");
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
  const {
    ticket,
    events,
    viewer,
    related,
    canCloseDuplicate,
    claimable,
    suggestions,
    allMentors,
    newcomers,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const mine = ticket.assignment?.newcomerId === viewer.id;
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
          {viewer.role !== "newcomer" ? (
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

        <aside aria-labelledby="work-heading" className="card">
          <h2 id="work-heading">Who's on it</h2>
          {ticket.assignment ? (
            <div className="stack">
              <p>
                {mine ? (
                  "You have"
                ) : (
                  <>
                    <strong>{ticket.assignment.newcomerName}</strong> has
                  </>
                )}{" "}
                this ticket
                {ticket.assignment.mentorName ? (
                  <>
                    , with <strong>{ticket.assignment.mentorName}</strong> as mentor
                  </>
                ) : null}
                . Claimed {formatRelative(ticket.assignment.claimedAt)}.
              </p>
              {mine || viewer.role === "lead" || ticket.assignment.mentorId === viewer.id ? (
                <p>
                  <Link
                    to={`/assignments/${ticket.assignment.id}`}
                    className="button button-primary"
                  >
                    {mine ? "Open your checkpoints" : "Open the checkpoints"}
                  </Link>
                </p>
              ) : null}
              {mine ? (
                <Form method="post">
                  <p className="muted small">
                    Stuck or out of your depth? Releasing puts it back in the queue, no harm done.
                  </p>
                  <SubmitButton intent="release" variant="secondary" pendingLabel="Releasing…">
                    Release this ticket
                  </SubmitButton>
                </Form>
              ) : null}
              {viewer.role === "lead" ? (
                <>
                  <Form method="post" className="stack compact">
                    <div className="field">
                      <label htmlFor="reassign-newcomer">Reassign to</label>
                      <select
                        id="reassign-newcomer"
                        name="newcomerId"
                        defaultValue={ticket.assignment.newcomerId}
                      >
                        {newcomers.map((n) => (
                          <option key={n.id} value={n.id}>
                            {n.name}
                          </option>
                        ))}
                      </select>
                    </div>
                    <SubmitButton intent="reassign" variant="secondary" pendingLabel="Reassigning…">
                      Reassign
                    </SubmitButton>
                  </Form>
                  <Form method="post" className="stack compact">
                    <div className="field">
                      <label htmlFor="change-mentor">Mentor</label>
                      <select
                        id="change-mentor"
                        name="mentorId"
                        defaultValue={ticket.assignment.mentorId ?? undefined}
                      >
                        {allMentors.map((m) => (
                          <option key={m.mentorId} value={m.mentorId}>
                            {m.name} — {m.reasons.join(", ")}
                          </option>
                        ))}
                      </select>
                    </div>
                    <SubmitButton intent="mentor" variant="secondary" pendingLabel="Changing…">
                      Change mentor
                    </SubmitButton>
                  </Form>
                </>
              ) : null}
            </div>
          ) : claimable && viewer.role === "newcomer" ? (
            suggestions.length ? (
              <Form method="post" className="stack">
                <fieldset className="mentor-choice">
                  <legend>Pick your mentor</legend>
                  <p className="help">
                    Ranked for this ticket. The first fits best; any of them will help.
                  </p>
                  {suggestions.map((s, i) => (
                    <label key={s.mentorId} className="choice">
                      <input
                        type="radio"
                        name="mentorId"
                        value={s.mentorId}
                        defaultChecked={i === 0}
                      />
                      <span>
                        <strong>{s.name}</strong>
                        <span className="muted small"> — {s.reasons.join(" · ")}</span>
                      </span>
                    </label>
                  ))}
                </fieldset>
                <SubmitButton intent="claim" pendingLabel="Claiming…">
                  Claim this ticket
                </SubmitButton>
              </Form>
            ) : (
              <p>
                Every mentor is at capacity right now, so this ticket can't be claimed yet. Ask your
                lead to make room.
              </p>
            )
          ) : claimable ? (
            <p>Nobody has claimed it yet. Newcomers can claim starter tickets.</p>
          ) : ticket.status === "resolved" || ticket.status === "closed" ? (
            <p>This ticket is finished.</p>
          ) : (
            <p>This ticket isn't a starter ticket, so it isn't offered to newcomers.</p>
          )}
        </aside>
      </div>

      {related.length ? (
        <section aria-labelledby="related-heading" className="card">
          <h2 id="related-heading">This may already be answered</h2>
          <p className="help">
            Past write-ups most like this ticket. Read them first: the answer may be here.
          </p>
          <ul className="plain-list stack compact">
            {related.map((w) => (
              <li key={w.id} className="row">
                <span>
                  <Link to={`/kb/${w.id}`}>{w.title}</Link>{" "}
                  <Badge tone={w.resolution === "works_as_designed" ? "accent" : "neutral"}>
                    {RESOLUTION_LABELS[w.resolution]}
                  </Badge>
                </span>
                {canCloseDuplicate ? (
                  <Form method="post">
                    <input type="hidden" name="writeupId" value={w.id} />
                    <SubmitButton
                      intent="close_duplicate"
                      variant="secondary"
                      pendingLabel="Closing…"
                    >
                      Close as duplicate
                      <span className="visually-hidden"> of “{w.title}”</span>
                    </SubmitButton>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="activity-heading" className="card">
        <h2 id="activity-heading">Activity</h2>
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <span>
                {e.detail}
                {e.actor ? <span className="muted"> · {e.actor}</span> : null}
              </span>
              <time className="muted small" dateTime={e.createdAt}>
                {formatRelative(e.createdAt)}
              </time>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
