import { sql } from "kysely";
import type { DB } from "#db/client";
import type { NotificationKind } from "#db/schema";

export interface NotificationInput {
  userId: number;
  kind: NotificationKind;
  assignmentId: number | null;
  /** What makes this event unique for this user; the same key never notifies twice. */
  eventKey: string;
  title: string;
  body?: string;
  link: string;
}

/** Records one notification per event; a repeat of the same event is ignored. Call inside the write's transaction. */
export async function notify(
  trx: DB,
  input: NotificationInput,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await trx
    .insertInto("notifications")
    .values({
      user_id: input.userId,
      kind: input.kind,
      assignment_id: input.assignmentId,
      event_key: input.eventKey,
      title: input.title.slice(0, 200),
      body: (input.body ?? "").slice(0, 2000),
      link: input.link,
      created_at: now.toISOString(),
      read_at: null,
    })
    .onConflict((oc) => oc.columns(["user_id", "event_key"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function unreadCount(db: DB, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select(sql<number>`count(*)`.as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
