import type { DB } from "#db/client";
import type { Writeup } from "#db/schema";
import {
  canEditWriteup as canEditWith,
  canViewWriteup as canViewWith,
  getWriteup,
  publishWriteup as publishWith,
  updateWriteup as updateWith,
  type Viewer,
  type WriteupInput,
  type WriteupView,
} from "~/knowledge/writeups.server";

// Who may edit a write-up: its author, leads, and the mentor of the assignment it came from.
// Mentoring owns assignments, so it answers the last part for knowledge's write-up commands.

/** The mentor of an assignment, or null (read-only). */
export async function assignmentMentorOf(db: DB, assignmentId: number): Promise<number | null> {
  const row = await db
    .selectFrom("assignments")
    .select("mentor_id")
    .where("id", "=", assignmentId)
    .executeTakeFirst();
  return row?.mentor_id ?? null;
}

/** Who may edit: the author, the mentor of its assignment, and leads. */
export function canEditWriteup(db: DB, viewer: Viewer, writeupId: number) {
  return canEditWith(db, viewer, writeupId, assignmentMentorOf);
}

/** A draft is visible to whoever may edit it; a published write-up to everyone signed in. */
export function canViewWriteup(db: DB, viewer: Viewer, writeup: Pick<Writeup, "id" | "status">) {
  return canViewWith(db, viewer, writeup, assignmentMentorOf);
}

export function updateWriteup(
  db: DB,
  input: { viewer: Viewer; writeupId: number; writeup: WriteupInput; publish?: boolean },
  now: Date = new Date(),
) {
  return updateWith(db, input, now, assignmentMentorOf);
}

export function publishWriteup(
  db: DB,
  input: { viewer: Viewer; writeupId: number },
  now: Date = new Date(),
) {
  return publishWith(db, input, now, assignmentMentorOf);
}

/**
 * The write-up form's data: the write-up when `viewer` may edit it, or why not. The edit page's
 * loader and action both ask, so a refused person never sees a form or gets one saved.
 */
export async function getWriteupForEditing(
  db: DB,
  input: { writeupId: number; viewer: Viewer },
): Promise<{ ok: true; writeup: WriteupView } | { ok: false; reason: "not_found" | "forbidden" }> {
  const writeup = await getWriteup(db, input.writeupId);
  if (!writeup) return { ok: false, reason: "not_found" };
  if (!(await canEditWriteup(db, input.viewer, writeup.id)))
    return { ok: false, reason: "forbidden" };
  return { ok: true, writeup };
}
