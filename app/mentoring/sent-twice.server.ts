import type { DB } from "#db/client";
import type { AssignmentNotesTable, CheckpointCommentsTable } from "#db/schema";
import { sameFormJustSent } from "~/lib/sent-twice";

type CommentKind = CheckpointCommentsTable["kind"];

/** Whether the latest note read is `note`, by its author, a moment ago. */
function isSameNote(
  last: { author_id: number | null; kind: string; body: string; created_at: string } | undefined,
  note: { authorId: number; kind: string; body: string },
  now: Date,
): boolean {
  return (
    last?.author_id === note.authorId &&
    last.kind === note.kind &&
    last.body === note.body &&
    sameFormJustSent(last.created_at, now)
  );
}

/**
 * Whether the step's latest note (a comment, "I'm stuck", or a review) is this one, by this
 * person, a moment ago: a double click or a resent form, to be answered as done.
 */
export async function sameNoteJustSent(
  trx: DB,
  checkpointId: number,
  note: { authorId: number; kind: CommentKind; body: string },
  now: Date,
): Promise<boolean> {
  const last = await trx
    .selectFrom("checkpoint_comments")
    .select(["author_id", "kind", "body", "created_at"])
    .where("assignment_checkpoint_id", "=", checkpointId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return isSameNote(last, note, now);
}

/** Whether the step's latest evidence is this, from this person, a moment ago (sent twice). */
export async function sameEvidenceJustSent(
  trx: DB,
  checkpointId: number,
  evidence: {
    authorId: number;
    notes: string;
    links: readonly { label: string; url: string }[];
    minutes: number | null;
  },
  now: Date,
): Promise<boolean> {
  const last = await trx
    .selectFrom("evidence")
    .select(["author_id", "notes", "links", "minutes", "created_at"])
    .where("assignment_checkpoint_id", "=", checkpointId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return (
    last?.author_id === evidence.authorId &&
    last.notes === evidence.notes &&
    last.links === JSON.stringify(evidence.links) &&
    last.minutes === evidence.minutes &&
    sameFormJustSent(last.created_at, now)
  );
}

/**
 * Whether the assignment's latest log note (a nudge, a pairing session) is this one, by this
 * person, a moment ago: the same form sent twice, to be answered as done.
 */
export async function sameAssignmentNoteJustSent(
  trx: DB,
  assignmentId: number,
  note: { authorId: number; kind: AssignmentNotesTable["kind"]; body: string },
  now: Date,
): Promise<boolean> {
  const last = await trx
    .selectFrom("assignment_notes")
    .select(["author_id", "kind", "body", "created_at"])
    .where("assignment_id", "=", assignmentId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return isSameNote(last, note, now);
}
