import type { DB } from "#db/client";
import type { CheckpointState, Writeup } from "#db/schema";
import type { Actor } from "~/auth/policies";
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
import { translate } from "~/lib/i18n/catalogs.server";
import type { Locale } from "~/lib/i18n/locales";
import { k } from "~/lib/i18n/messages";
import { type AttachmentView, listWriteupAttachments } from "./attachments.server";
import { submitEvidence } from "./checkpoints.server";

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

/** Saves a write-up; publishing an assignment's write-up also submits its Write-up step. */
export async function updateWriteup(
  db: DB,
  input: {
    viewer: Viewer;
    writeupId: number;
    writeup: WriteupInput;
    publish?: boolean;
    /** The newcomer's language, for the step's evidence note. */
    locale?: Locale;
    /** The write-up's updated_at when the editor opened it (a later save refuses this one). */
    expectedUpdatedAt?: string;
  },
  now: Date = new Date(),
) {
  const result = await updateWith(db, input, now, assignmentMentorOf);
  if (result.ok && input.publish) await submitWriteupStep(db, input, now);
  return result;
}

/** Publishes a write-up; for an assignment's write-up that also submits its Write-up step. */
export async function publishWriteup(
  db: DB,
  input: { viewer: Viewer; writeupId: number; locale?: Locale },
  now: Date = new Date(),
) {
  const result = await publishWith(db, input, now, assignmentMentorOf);
  if (result.ok) await submitWriteupStep(db, input, now);
  return result;
}

/** The Write-up step of a write-up's assignment: its state and the mentor who signs it off. */
export async function writeupStepOf(db: DB, writeupId: number) {
  const row = await db
    .selectFrom("writeups as w")
    .innerJoin("assignments as a", "a.id", "w.assignment_id")
    .innerJoin("assignment_checkpoints as ac", "ac.assignment_id", "a.id")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .leftJoin("users as m", "m.id", "a.mentor_id")
    .select([
      "ac.id",
      "ac.state",
      "a.id as assignmentId",
      "a.newcomer_id as newcomerId",
      "a.status as assignmentStatus",
      "m.name as mentorName",
      "w.title",
      "w.status",
    ])
    .where("w.id", "=", writeupId)
    .where("tc.key", "=", "writeup")
    .executeTakeFirst();
  return row ?? null;
}

/** "Tomás" for "Tomás Rivera"; a name without spaces (최유나) as it is. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

const SUBMITTABLE: readonly CheckpointState[] = ["todo", "changes_requested"];
const WAITING: readonly CheckpointState[] = ["submitted", "resubmitted"];

/**
 * Why the Write-up step was not sent: `gone`, its write-up was deleted (or is not this
 * assignment's); `not_published`, it is still a draft; `not_yours`, only its newcomer sends it;
 * `not_active`, the assignment is finished; `invalid_transition`, the step was signed off.
 */
export type WriteupStepResult =
  | { ok: true; sent: boolean }
  | {
      ok: false;
      reason: "gone" | "not_published" | "not_yours" | "not_active" | "invalid_transition";
    };

/**
 * Publishing the write-up is the Write-up step's evidence: when its newcomer publishes (or
 * re-sends) it, the step goes to the mentor for sign-off in the same action. The evidence note
 * is written in the newcomer's language (`locale`, English when not given), as they would have
 * written it. A step already waiting for sign-off (a second click) is left as it is (`sent`
 * false); `assignmentId`, when given, is the assignment the write-up must be from.
 */
export async function submitWriteupStep(
  db: DB,
  input: { viewer: Actor; writeupId: number; locale?: Locale; assignmentId?: number },
  now: Date = new Date(),
): Promise<WriteupStepResult> {
  const step = await writeupStepOf(db, input.writeupId);
  if (!step || (input.assignmentId !== undefined && step.assignmentId !== input.assignmentId))
    return { ok: false, reason: "gone" };
  if (step.newcomerId !== input.viewer.id) return { ok: false, reason: "not_yours" };
  if (step.assignmentStatus !== "active") return { ok: false, reason: "not_active" };
  if (step.status !== "published") return { ok: false, reason: "not_published" };
  if (WAITING.includes(step.state)) return { ok: true, sent: false };
  if (!SUBMITTABLE.includes(step.state)) return { ok: false, reason: "invalid_transition" };
  const result = await submitEvidence(
    db,
    {
      assignmentCheckpointId: step.id,
      actor: input.viewer,
      evidence: {
        notes: translate(input.locale ?? "en").msg(
          k("mentoring.writeupStep.published", {
            title: step.title.replace(/[[\]]/g, ""),
            id: input.writeupId,
          }),
        ),
        links: [],
        minutes: null,
      },
    },
    now,
  );
  return result.ok ? { ok: true, sent: true } : { ok: false, reason: "invalid_transition" };
}

/**
 * The write-up form's data: the write-up when `viewer` may edit it, or why not. The edit page's
 * loader and action both ask, so a refused person never sees a form or gets one saved.
 */
export async function getWriteupForEditing(
  db: DB,
  input: { writeupId: number; viewer: Viewer },
): Promise<
  | { ok: true; writeup: WriteupView; attachments: AttachmentView[] }
  | { ok: false; reason: "not_found" }
  /** `published`: the write-up the viewer may still read (its title), null for a draft. */
  | { ok: false; reason: "forbidden"; published: { id: number; title: string } | null }
> {
  const writeup = await getWriteup(db, input.writeupId);
  if (!writeup) return { ok: false, reason: "not_found" };
  if (!(await canEditWriteup(db, input.viewer, writeup.id))) {
    const published =
      writeup.status === "published" ? { id: writeup.id, title: writeup.title } : null;
    return { ok: false, reason: "forbidden", published };
  }
  const attachments = await listWriteupAttachments(db, {
    writeupId: writeup.id,
    viewer: input.viewer,
  });
  return { ok: true, writeup, attachments };
}
