import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { listFacets, type TicketFilters } from "~/tickets/tickets.server";
import { listTickets } from "./ticket-status.server";

/**
 * The ticket queue page: one page of tickets (with who holds each), the filter choices, and
 * whether the viewer may add and import tickets.
 */
export async function getTicketQueue(db: DB, input: { filters: TicketFilters; viewer: Actor }) {
  const [result, facets] = await Promise.all([listTickets(db, input.filters), listFacets(db)]);
  return { ...result, facets, canManage: can(input.viewer, "manageTickets") };
}
