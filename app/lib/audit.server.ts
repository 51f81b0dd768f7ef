import type { DB } from "#db/client";

export interface AuditInput {
  actorId: number | null;
  action: string;
  subjectType: string;
  subjectId: number | null;
  data?: Record<string, unknown>;
}

/** Records who did what; call it inside the same transaction as the write it describes. */
export async function recordAudit(trx: DB, input: AuditInput, now: Date = new Date()) {
  await trx
    .insertInto("audit_events")
    .values({
      actor_id: input.actorId,
      action: input.action,
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      data: JSON.stringify(input.data ?? {}),
      created_at: now.toISOString(),
    })
    .execute();
}
