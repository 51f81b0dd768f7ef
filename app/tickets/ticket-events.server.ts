import type { DB } from "#db/client";
import { olderThanWindow } from "~/lib/count-older.server";
import type { ListWindow, Shown } from "~/lib/newest";
import { parseTicketEvent, type TicketEvent } from "./events";

/**
 * A window of a ticket's timeline, oldest first (the newest events, or those before an id): each
 * event typed by its kind, with who did it; and how many older ones it leaves out (up to
 * OLDER_COUNTED + 1: more than that is said as such).
 */
export async function listTicketEvents(
  db: DB,
  ticketId: number,
  window: ListWindow,
): Promise<Shown<{ id: number; created_at: string; actor: string | null } & TicketEvent>> {
  // The newest `size` rows before the window's end, by the (ticket_id, id) index: a ticket with
  // thousands of events reads no more of them than one with fifty.
  let query = db
    .selectFrom("ticket_events")
    .leftJoin("users", "users.id", "ticket_events.actor_id")
    .select([
      "ticket_events.id",
      "ticket_events.kind",
      "ticket_events.data",
      "ticket_events.created_at",
      "users.name as actor",
    ])
    .where("ticket_events.ticket_id", "=", ticketId);
  if (window.before !== null) query = query.where("ticket_events.id", "<", window.before);
  const rows = (
    await query.orderBy("ticket_events.id", "desc").limit(window.size).execute()
  ).reverse();
  // Counted up to the cap only ("more than 200 older events"): a ticket synced from a busy
  // tracker can have tens of thousands.
  const older = await olderThanWindow(db, rows, window.size, (oldest) =>
    db
      .selectFrom("ticket_events")
      .select("id")
      .where("ticket_id", "=", ticketId)
      .where("id", "<", oldest),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      created_at: r.created_at,
      actor: r.actor,
      ...parseTicketEvent(r.kind, r.data),
    })),
    older,
    back: window.before !== null,
  };
}
