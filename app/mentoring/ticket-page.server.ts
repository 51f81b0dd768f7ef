import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { listActiveNewcomers, listLeadContacts, listTeam, namesOf } from "~/auth/users.server";
import { relatedWriteupsForTicket } from "~/knowledge/capture.server";
import type { Locale } from "~/lib/i18n/locales";
import { renderMarkdownEach } from "~/lib/markdown.server";
import { type ListWindow, NEWEST_SHOWN } from "~/lib/newest";
import { describeTicketEvent, peopleIn } from "~/tickets/events";
import { listTicketEvents } from "~/tickets/ticket-events.server";
import { getAssignment } from "./assignments.server";
import { suggestMentorsFor } from "./mentors.server";
import { localStepTitle } from "./step-text.server";
import { getTicket } from "./ticket-status.server";

/**
 * Everything a ticket's page shows the viewer: the ticket and its description, who is on it, the
 * write-ups that may already answer it, its timeline in words, and which controls this viewer
 * gets (each asked of the policies). Null when there is no such ticket.
 */
export async function getTicketPage(
  db: DB,
  input: {
    ticketId: number;
    viewer: Actor;
    defaultLimit?: number;
    locale?: Locale;
    /** Which part of the timeline to show (the newest events when left out). */
    events?: ListWindow;
  },
) {
  const { viewer } = input;
  const ticket = await getTicket(db, input.ticketId);
  if (!ticket) return null;
  const { assignment } = ticket;
  const finished = ticket.status === "resolved" || ticket.status === "closed";
  const claimable = ticket.status === "open" && ticket.starter === 1;
  // A newcomer at their limit of active tickets learns it before any Claim button, not after.
  const limit =
    claimable && can(viewer, "claimTicket") && input.defaultLimit !== undefined
      ? await newcomerLimit(db, viewer.id, input.defaultLimit)
      : null;
  const controls = {
    edit: can(viewer, "manageTickets"),
    claim: claimable && can(viewer, "claimTicket") && !limit?.reached,
    closeDuplicate: !finished && can(viewer, "closeDuplicate"),
    openCheckpoints: assignment !== null && can(viewer, "viewAssignment", assignment),
    release: assignment !== null && can(viewer, "releaseClaim", assignment),
    reassign: assignment !== null && can(viewer, "reassignTicket"),
    changeMentor: assignment !== null && can(viewer, "changeMentor"),
  };
  const [events, related, suggestions, allMentors, newcomers, view] = await Promise.all([
    listTicketEvents(db, ticket.id, input.events ?? { before: null, size: NEWEST_SHOWN }),
    relatedWriteupsForTicket(db, ticket),
    controls.claim
      ? suggestMentorsFor(db, { newcomerId: viewer.id, component: ticket.component })
      : [],
    assignment && controls.changeMentor
      ? suggestMentorsFor(db, {
          newcomerId: assignment.newcomerId,
          newcomerName: assignment.newcomerName,
          assignmentId: assignment.id,
          component: ticket.component,
          includeFull: true,
        })
      : [],
    controls.reassign ? listActiveNewcomers(db) : [],
    // The track needs each step's state and whether it has evidence, not its comments.
    assignment && controls.openCheckpoints
      ? getAssignment(db, assignment.id, { shown: { size: 1 } })
      : null,
  ]);
  const names = await namesOf(db, events.items.flatMap(peopleIn));
  // Nobody to pair with: whether the team has any mentor at all, and which leads to ask.
  const unpaired =
    controls.claim && suggestions.length === 0
      ? await Promise.all([listTeam(db), listLeadContacts(db)]).then(([team, leads]) => ({
          anyMentor: team.some((m) => m.role === "mentor" && m.status === "active"),
          leads,
        }))
      : null;
  return {
    ticket: { ...ticket, bodyHtml: (await renderMarkdownEach([ticket.body]))[0] ?? "" },
    /** The viewer is the newcomer working this ticket. */
    mine: assignment?.newcomerId === viewer.id,
    claimable,
    finished,
    controls,
    /** The timeline's window: its events oldest first, and how many older ones are left out. */
    events: {
      older: events.older,
      back: events.back,
      items: events.items.map((e) => ({
        id: e.id,
        kind: e.kind,
        actor: e.actor,
        createdAt: e.created_at,
        detail: describeTicketEvent(e, names),
      })),
    },
    related,
    /** Mentors for the viewer's claim, best fit first (empty: every mentor is full). */
    suggestions,
    /** No mentor has room for the viewer's claim: is there any mentor, and whom to ask. */
    unpaired,
    /** Every active mentor for a lead changing the mentor, full ones too. */
    allMentors,
    /** Active newcomers for a lead reassigning the ticket. */
    newcomers,
    /** The viewer's limit of active tickets, when they are at it (no claiming then). */
    limitReached: limit?.reached ? limit : null,
    /** Steps of the assignment with evidence sent: what releasing the claim leaves behind. */
    stepsWithEvidence: view ? view.checkpoints.filter((c) => c.evidence.length > 0).length : 0,
    /** The checkpoint track of the ticket's assignment, the next step marked, for those who may see it. */
    track: view
      ? {
          assignmentId: view.id,
          steps: view.checkpoints.map((c) => ({
            id: c.id,
            position: c.position,
            // The default track's step names in the viewer's language; a lead's own as written.
            title: localStepTitle(c, input.locale ?? "en"),
            state: c.state,
            next: c.id === view.nextCheckpointId,
          })),
        }
      : null,
  };
}

/** A newcomer's active tickets against their limit (their own, or the setting's). */
export async function newcomerLimit(db: DB, newcomerId: number, defaultLimit: number) {
  const row = await db
    .selectFrom("users")
    .select((eb) => [
      "users.max_assignments",
      eb
        .selectFrom("assignments")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("assignments.newcomer_id", "=", "users.id")
        .where("assignments.status", "=", "active")
        .as("active"),
    ])
    .where("users.id", "=", newcomerId)
    .executeTakeFirst();
  const max = row?.max_assignments ?? defaultLimit;
  const active = Number(row?.active ?? 0);
  return { active, max, reached: active >= max };
}
