import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { listActiveNewcomers, namesOf } from "~/auth/users.server";
import { relatedWriteupsForTicket } from "~/knowledge/capture.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { describeTicketEvent, peopleIn } from "~/tickets/events";
import { listTicketEvents } from "~/tickets/tickets.server";
import { suggestMentorsFor } from "./mentors.server";
import { getTicket } from "./ticket-status.server";

/**
 * Everything a ticket's page shows the viewer: the ticket and its description, who is on it, the
 * write-ups that may already answer it, its timeline in words, and which controls this viewer
 * gets (each asked of the policies). Null when there is no such ticket.
 */
export async function getTicketPage(db: DB, input: { ticketId: number; viewer: Actor }) {
  const { viewer } = input;
  const ticket = await getTicket(db, input.ticketId);
  if (!ticket) return null;
  const { assignment } = ticket;
  const finished = ticket.status === "resolved" || ticket.status === "closed";
  const claimable = ticket.status === "open" && ticket.starter === 1;
  const controls = {
    edit: can(viewer, "manageTickets"),
    claim: claimable && can(viewer, "claimTicket"),
    closeDuplicate: !finished && can(viewer, "closeDuplicate"),
    openCheckpoints: assignment !== null && can(viewer, "viewAssignment", assignment),
    release: assignment !== null && can(viewer, "releaseClaim", assignment),
    reassign: assignment !== null && can(viewer, "reassignTicket"),
    changeMentor: assignment !== null && can(viewer, "changeMentor"),
  };
  const [events, related, suggestions, allMentors, newcomers] = await Promise.all([
    listTicketEvents(db, ticket.id),
    relatedWriteupsForTicket(db, ticket),
    controls.claim
      ? suggestMentorsFor(db, { newcomerId: viewer.id, component: ticket.component })
      : [],
    assignment && controls.changeMentor
      ? suggestMentorsFor(db, {
          newcomerId: assignment.newcomerId,
          component: ticket.component,
          includeFull: true,
        })
      : [],
    controls.reassign ? listActiveNewcomers(db) : [],
  ]);
  const names = await namesOf(db, events.flatMap(peopleIn));
  return {
    ticket: { ...ticket, bodyHtml: renderMarkdown(ticket.body) },
    /** The viewer is the newcomer working this ticket. */
    mine: assignment?.newcomerId === viewer.id,
    claimable,
    finished,
    controls,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actor: e.actor,
      createdAt: e.created_at,
      detail: describeTicketEvent(e, names),
    })),
    related,
    /** Mentors for the viewer's claim, best fit first (empty: every mentor is full). */
    suggestions,
    /** Every active mentor for a lead changing the mentor, full ones too. */
    allMentors,
    /** Active newcomers for a lead reassigning the ticket. */
    newcomers,
  };
}
