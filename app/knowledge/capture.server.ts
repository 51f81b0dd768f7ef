import { type DB, writeTransaction } from "#db/client";
import type { Resolution } from "#db/schema";
import { can } from "~/auth/policies";
import {
  applyStatus,
  type OnStatusChange,
  recordTicketEvent,
  type TicketEventKind,
} from "~/tickets/tickets.server";
import { missedSearchOfTicket } from "./gaps.server";
import { searchEngine } from "./search.server";
import type { Viewer } from "./writeups.server";

// Write-ups met in the work: "this may already be answered" for tickets, and closing a ticket as
// a duplicate of one. (Drafting a write-up from an assignment's evidence is mentoring's:
// app/mentoring/writeup-drafts.server.ts.)

export interface RelatedWriteup {
  id: number;
  title: string;
  resolution: Resolution;
}

/**
 * Published write-ups like `q` (a ticket's title and description) enough to show, best first
 * (the engine's `related` leaves out those sharing only a plain word or two with it).
 */
export async function findRelatedWriteups(
  db: DB,
  input: { q: string; limit?: number; excludeIds?: number[]; focus?: string },
): Promise<RelatedWriteup[]> {
  if (!input.q.trim()) return [];
  const results = await searchEngine.related(db, {
    text: input.q,
    limit: input.limit ?? 5,
    excludeIds: input.excludeIds,
    ...(input.focus ? { focus: input.focus } : {}),
  });
  return results.map((r) => ({ id: r.id, title: r.title, resolution: r.resolution }));
}

/** The search text for a ticket: its title and the start of its description. */
export function relatedQueryFor(ticket: { title: string; body: string }) {
  return `${ticket.title} ${ticket.body.slice(0, 500)}`;
}

/** "This may already be answered" for a ticket: similar write-ups, not its own. */
export async function relatedWriteupsForTicket(
  db: DB,
  ticket: { id: number; title: string; body: string },
): Promise<RelatedWriteup[]> {
  const own = await db
    .selectFrom("writeups")
    .select("id")
    .where("ticket_id", "=", ticket.id)
    .execute();
  // A documentation ticket made from a search that found nothing: what that search finds now
  // (nothing, until someone writes it up), not what the ticket's standard wording finds.
  const missed = await missedSearchOfTicket(db, ticket.id);
  return findRelatedWriteups(db, {
    q: missed ?? relatedQueryFor(ticket),
    limit: 5,
    excludeIds: own.map((w) => w.id),
    focus: missed ?? ticket.title,
  });
}

/** The ticket event that says which write-up answered a ticket closed as a duplicate. */
export const DUPLICATE_OF_EVENT = "duplicate_of" satisfies TicketEventKind;

export type CloseDuplicateResult =
  | { ok: true }
  | { ok: false; reason: "forbidden" | "not_found" | "no_writeup" | "finished" }
  /** Someone is working on the ticket: closing it ends their assignment, which the closer has not agreed to. */
  | { ok: false; reason: "ends_work"; assignmentId: number; newcomerName: string };

/** Inside the closing's transaction, before anything is written: a reason not to close, or null. */
export type BeforeDuplicateClose = (
  trx: DB,
  ticketId: number,
) => Promise<Extract<CloseDuplicateResult, { reason: "ends_work" }> | null>;

/**
 * A mentor or lead closes a ticket as a duplicate of a published write-up: the ticket closes
 * (mentoring's `closeAsDuplicate` passes `onStatusChange`, ending any active assignment), and its
 * timeline says which write-up answered it.
 */
export async function closeAsDuplicate(
  db: DB,
  input: { ticketId: number; writeupId: number; actor: Viewer },
  now: Date,
  onStatusChange: OnStatusChange,
  beforeClose?: BeforeDuplicateClose,
): Promise<CloseDuplicateResult> {
  if (!can(input.actor, "closeDuplicate")) return { ok: false, reason: "forbidden" };
  return writeTransaction(db, async (trx): Promise<CloseDuplicateResult> => {
    const ticket = await trx
      .selectFrom("tickets")
      .select(["id", "status"])
      .where("id", "=", input.ticketId)
      .executeTakeFirst();
    if (!ticket) return { ok: false, reason: "not_found" };
    if (ticket.status === "closed" || ticket.status === "resolved")
      return { ok: false, reason: "finished" };
    const writeup = await trx
      .selectFrom("writeups")
      .select(["id", "title"])
      .where("id", "=", input.writeupId)
      .where("status", "=", "published")
      .executeTakeFirst();
    if (!writeup) return { ok: false, reason: "no_writeup" };
    const refused = beforeClose ? await beforeClose(trx, ticket.id) : null;
    if (refused) return refused;
    await applyStatus(
      trx,
      {
        ticketId: ticket.id,
        status: "closed",
        closeReason: "duplicate",
        actorId: input.actor.id,
        via: `writeup:${writeup.id}`,
      },
      now,
      onStatusChange,
    );
    await recordTicketEvent(
      trx,
      {
        ticketId: ticket.id,
        actorId: input.actor.id,
        kind: DUPLICATE_OF_EVENT,
        data: { writeupId: writeup.id, title: writeup.title },
      },
      now,
    );
    return { ok: true };
  });
}
