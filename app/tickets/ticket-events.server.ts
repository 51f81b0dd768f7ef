import type { DB } from "#db/client";
import type { ListWindow, Shown } from "~/lib/newest";
import { parseTicketEvent, type TicketEvent } from "./events";

/**
 * A window of a ticket's timeline, oldest first (the newest events, or those before an id): each
 * event typed by its kind, with who did it; and how many older ones it leaves out.
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
  const oldest = rows[0]?.id;
  const older =
    oldest !== undefined && rows.length === window.size
      ? Number(
          (
            await db
              .selectFrom("ticket_events")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .where("ticket_id", "=", ticketId)
              .where("id", "<", oldest)
              .executeTakeFirst()
          )?.n ?? 0,
        )
      : 0;
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
