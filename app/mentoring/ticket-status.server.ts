import type { DB } from "#db/client";
import type { CloseReason, TicketStatus } from "#db/schema";
import { closeAsDuplicate as closeTicketAsDuplicate } from "~/knowledge/capture.server";
import type { Viewer } from "~/knowledge/writeups.server";
import { cachedByVersions } from "~/lib/data-versions.server";
import { k } from "~/lib/i18n/messages";
import {
  handleGithubWebhook as applyGithubWebhook,
  type GithubWebhookInput,
} from "~/tickets/github.server";
import {
  applyStatus,
  getTicket as getTicketOnly,
  normalizeLabels,
  queryTickets,
  type TicketFilters,
  type TicketInput,
  type TicketView,
  ticketColumns,
  updateTicket as updateTicketOnly,
} from "~/tickets/tickets.server";
import type { AssignmentPeople } from "./assignments.server";
import { notify, resolveNotifications } from "./notify.server";

// Mentoring owns the `assignments` table. Tickets and knowledge sit below mentoring, so the
// commands that change a ticket's status take the assignment's part as `onStatusChange`; these
// are those commands with it bound, each still one transaction; and the ticket page's ticket and
// the queue's page, each with who holds the ticket.

/**
 * Closing or resolving a ticket ends its active assignment; reopening it releases the assignment.
 * Its newcomer and mentor are told (whoever changed it knows): by hand, as a duplicate, or on
 * GitHub, the ticket they were working on would otherwise just leave their pages. Call inside
 * the status change's transaction.
 */
export async function endAssignmentOnStatus(
  trx: DB,
  change: { ticketId: number; status: TicketStatus; actorId: number | null },
  now: Date,
) {
  if (change.status !== "closed" && change.status !== "resolved" && change.status !== "open")
    return;
  const ended = await trx
    .updateTable("assignments")
    .set({
      status: change.status === "open" ? "released" : change.status,
      ended_at: now.toISOString(),
    })
    .where("ticket_id", "=", change.ticketId)
    .where("status", "=", "active")
    .returning(["id", "newcomer_id", "mentor_id"])
    .executeTakeFirst();
  if (!ended) return;
  await resolveNotifications(trx, { assignmentId: ended.id }, now);
  const people = await trx
    .selectFrom("users")
    .innerJoin("tickets", (join) => join.on("tickets.id", "=", change.ticketId))
    .select(["users.name", "tickets.title"])
    .where("users.id", "=", ended.newcomer_id)
    .executeTakeFirstOrThrow();
  const title = k(
    change.status === "open"
      ? "team.notify.ticketReopened"
      : change.status === "resolved"
        ? "team.notify.ticketResolved"
        : "team.notify.ticketClosed",
    { ticket: people.title },
  );
  const kind = change.status === "open" ? "claim_released" : "assignment_resolved";
  const link = `/tickets/${change.ticketId}`;
  if (ended.newcomer_id !== change.actorId)
    await notify(
      trx,
      {
        userId: ended.newcomer_id,
        kind,
        assignmentId: ended.id,
        eventKey: `ticket_${change.status}:${ended.id}`,
        title,
        body: k("team.notify.ticketEndedBody"),
        link,
      },
      now,
    );
  if (ended.mentor_id !== null && ended.mentor_id !== change.actorId)
    await notify(
      trx,
      {
        userId: ended.mentor_id,
        kind,
        assignmentId: ended.id,
        eventKey: `ticket_${change.status}:${ended.id}`,
        title,
        body: k("team.notify.ticketEndedMentorBody", { name: people.name }),
        link,
      },
      now,
    );
}

/** `applyStatus` with the assignment's part. Call inside a transaction. */
export function applyTicketStatus(
  trx: DB,
  input: Parameters<typeof applyStatus>[1],
  now: Date,
): Promise<boolean> {
  return applyStatus(trx, input, now, endAssignmentOnStatus);
}

/** The statuses of a ticket a newcomer is working on: they follow a claim. */
const WORK_STATUSES: ReadonlySet<TicketStatus> = new Set(["claimed", "in_progress", "in_review"]);

/**
 * Edits a ticket (and its status: closing it ends its active assignment). Claimed, In progress
 * and In review follow a newcomer's claim: set on a ticket nobody holds, it would leave the
 * queue with no one to work on it or release it ("needs_claim", nothing written).
 */
export async function updateTicket(
  db: DB,
  input: {
    actorId: number;
    ticketId: number;
    ticket: TicketInput;
    status?: TicketStatus;
    closeReason?: CloseReason | null;
    /**
     * Its updated_at when the editor opened it: changed since (a claim, another edit), the answer
     * is `stale` with its updated_at now.
     */
    expectedUpdatedAt?: string;
  },
  now: Date = new Date(),
): Promise<"updated" | "not_found" | "needs_claim" | { stale: string }> {
  if (input.status && WORK_STATUSES.has(input.status)) {
    const [ticket, active] = await Promise.all([
      db.selectFrom("tickets").select("status").where("id", "=", input.ticketId).executeTakeFirst(),
      db
        .selectFrom("assignments")
        .select("id")
        .where("ticket_id", "=", input.ticketId)
        .where("status", "=", "active")
        .executeTakeFirst(),
    ]);
    if (!ticket) return "not_found";
    if (!active && ticket.status !== input.status) return "needs_claim";
  }
  const result = await updateTicketOnly(db, input, now, endAssignmentOnStatus);
  if (result === "not_found" && input.expectedUpdatedAt !== undefined) {
    const still = await getTicketOnly(db, input.ticketId);
    // Changed since it was opened, unless to exactly this (the same form sent twice): then done.
    if (still) return savesNothingNew(still, input) ? "updated" : { stale: still.updated_at };
  }
  return result;
}

/** Whether the ticket already is what the form would make it. */
function savesNothingNew(
  stored: TicketView,
  input: { ticket: TicketInput; status?: TicketStatus; closeReason?: CloseReason | null },
): boolean {
  const columns = ticketColumns(input.ticket);
  const labels = normalizeLabels(input.ticket.labels);
  return (
    (Object.keys(columns) as (keyof typeof columns)[]).every((c) => stored[c] === columns[c]) &&
    stored.labels.length === labels.length &&
    stored.labels.every((label, i) => label === labels[i]) &&
    (input.status === undefined ||
      (stored.status === input.status &&
        (input.status !== "closed" || stored.close_reason === (input.closeReason ?? null))))
  );
}

/**
 * Closes a ticket as a duplicate of a published write-up, ending its active assignment, but only
 * the one the closer agreed to end (`endsAssignment`, the id the page showed them): a newcomer's
 * days of evidence are not ended by one click on a suggested match, nor by a claim made meanwhile.
 */
export function closeAsDuplicate(
  db: DB,
  input: { ticketId: number; writeupId: number; actor: Viewer; endsAssignment?: number | null },
  now: Date = new Date(),
) {
  return closeTicketAsDuplicate(db, input, now, endAssignmentOnStatus, async (trx, ticketId) => {
    const active = await activeAssignmentForTicket(trx, ticketId);
    return active && active.id !== input.endsAssignment
      ? {
          ok: false,
          reason: "ends_work",
          assignmentId: active.id,
          newcomerName: active.newcomerName,
        }
      : null;
  });
}

/** GitHub's webhook: a closed (or deleted) issue ends its ticket's active assignment. */
export function handleGithubWebhook(db: DB, input: GithubWebhookInput, now: Date = new Date()) {
  return applyGithubWebhook(db, input, now, endAssignmentOnStatus);
}

export interface TicketAssignment extends AssignmentPeople {
  id: number;
}

export interface TicketWithAssignment extends TicketView {
  assignment: TicketAssignment | null;
}

/** The ticket's active assignment, if any (read-only). */
export async function activeAssignmentForTicket(
  db: DB,
  ticketId: number,
): Promise<TicketAssignment | null> {
  const row = await db
    .selectFrom("assignments")
    .innerJoin("users as newcomer", "newcomer.id", "assignments.newcomer_id")
    .leftJoin("users as mentor", "mentor.id", "assignments.mentor_id")
    .select([
      "assignments.id",
      "assignments.newcomer_id as newcomerId",
      "newcomer.name as newcomerName",
      "assignments.mentor_id as mentorId",
      "mentor.name as mentorName",
      "assignments.claimed_at as claimedAt",
      "assignments.last_progress_at as lastProgressAt",
    ])
    .where("assignments.ticket_id", "=", ticketId)
    .where("assignments.status", "=", "active")
    .executeTakeFirst();
  return row ?? null;
}

/** A ticket with its labels, reporter and active assignment (the ticket page's). */
export async function getTicket(db: DB, ticketId: number): Promise<TicketWithAssignment | null> {
  const [ticket, assignment] = await Promise.all([
    getTicketOnly(db, ticketId),
    activeAssignmentForTicket(db, ticketId),
  ]);
  return ticket ? { ...ticket, assignment } : null;
}

/** Who holds each of these tickets: the newcomer of its active assignment. */
export async function ticketHolders(db: DB, ticketIds: number[]): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("users", "users.id", "assignments.newcomer_id")
    .select(["assignments.ticket_id", "users.name"])
    .where("assignments.ticket_id", "in", ticketIds)
    .where("assignments.status", "=", "active")
    .execute();
  return new Map(rows.map((h) => [h.ticket_id, h.name]));
}

/**
 * A page of the ticket queue. Kept per process until a ticket changes (status, labels, content:
 * the "tickets" data version) or mentoring does (who holds a ticket, their names).
 */
export const listTickets = cachedByVersions(
  ["tickets", "mentoring"],
  (db: DB, filters: TicketFilters) => queryTickets(db, filters, ticketHolders),
  { key: (filters: TicketFilters) => JSON.stringify(filters) },
);
