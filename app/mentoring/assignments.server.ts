import { z } from "zod";
import type { DB } from "#db/client";
import type { AssignmentNoteKind, CheckpointState } from "#db/schema";
import { parseJson } from "~/lib/json";
import { DONE_STATES, type StepProgress, stepProgress, WAITING_STATES } from "./checkpoint-states";

/** Evidence links as stored (a JSON column): a bad row shows no links rather than failing. */
const storedLinks = z.array(z.object({ label: z.string(), url: z.string() }));

export interface CheckpointView {
  id: number;
  key: string;
  title: string;
  guide: string;
  position: number;
  needsSignoff: boolean;
  state: CheckpointState;
  stateSince: string;
  evidence: {
    id: number;
    notes: string;
    links: { label: string; url: string }[];
    minutes: number | null;
    createdAt: string;
  }[];
  comments: {
    id: number;
    author: string;
    authorId: number;
    kind: string;
    body: string;
    createdAt: string;
  }[];
}

/** Who is on an assignment and since when: the part every view of an assignment shows. */
export interface AssignmentPeople {
  newcomerId: number;
  newcomerName: string;
  mentorId: number | null;
  mentorName: string | null;
  claimedAt: string;
  lastProgressAt: string;
}

export interface AssignmentView extends AssignmentPeople {
  id: number;
  status: string;
  resolution: "fixed" | "works_as_designed" | null;
  ticketId: number;
  ticketTitle: string;
  component: string;
  checkpoints: CheckpointView[];
  /** The first checkpoint not yet done: the page's "next step". */
  nextCheckpointId: number | null;
  /** Approved or completed steps (skipped ones are counted apart). */
  done: number;
  skipped: number;
  /** Every step but the skipped ones. */
  total: number;
}

export async function getAssignment(db: DB, assignmentId: number): Promise<AssignmentView | null> {
  const a = await db
    .selectFrom("assignments as a")
    .innerJoin("tickets as t", "t.id", "a.ticket_id")
    .innerJoin("users as n", "n.id", "a.newcomer_id")
    .leftJoin("users as m", "m.id", "a.mentor_id")
    .select([
      "a.id",
      "a.status",
      "a.resolution",
      "a.ticket_id as ticketId",
      "t.title as ticketTitle",
      "t.component",
      "a.newcomer_id as newcomerId",
      "n.name as newcomerName",
      "a.mentor_id as mentorId",
      "m.name as mentorName",
      "a.claimed_at as claimedAt",
      "a.last_progress_at as lastProgressAt",
    ])
    .where("a.id", "=", assignmentId)
    .executeTakeFirst();
  if (!a) return null;
  const steps = await db
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .select([
      "ac.id",
      "ac.state",
      "ac.state_since as stateSince",
      "tc.key",
      "tc.title",
      "tc.guide",
      "tc.position",
      "tc.needs_signoff as needsSignoff",
    ])
    .where("ac.assignment_id", "=", assignmentId)
    .orderBy("tc.position")
    .execute();
  const ids = steps.map((s) => s.id);
  const [evidence, comments] = ids.length
    ? await Promise.all([
        db
          .selectFrom("evidence")
          .selectAll()
          .where("assignment_checkpoint_id", "in", ids)
          .orderBy("id")
          .execute(),
        db
          .selectFrom("checkpoint_comments as c")
          .innerJoin("users as u", "u.id", "c.author_id")
          .select([
            "c.id",
            "c.assignment_checkpoint_id",
            "c.kind",
            "c.body",
            "c.created_at",
            "c.author_id",
            "u.name",
          ])
          .where("c.assignment_checkpoint_id", "in", ids)
          .orderBy("c.id")
          .execute(),
      ])
    : [[], []];
  const checkpoints: CheckpointView[] = steps.map((s) => ({
    id: s.id,
    key: s.key,
    title: s.title,
    guide: s.guide,
    position: s.position,
    needsSignoff: s.needsSignoff === 1,
    state: s.state,
    stateSince: s.stateSince,
    evidence: evidence
      .filter((e) => e.assignment_checkpoint_id === s.id)
      .map((e) => ({
        id: e.id,
        notes: e.notes,
        links: parseJson(storedLinks, e.links, []),
        minutes: e.minutes,
        createdAt: e.created_at,
      })),
    comments: comments
      .filter((c) => c.assignment_checkpoint_id === s.id)
      .map((c) => ({
        id: c.id,
        author: c.name,
        authorId: c.author_id,
        kind: c.kind,
        body: c.body,
        createdAt: c.created_at,
      })),
  }));
  const next =
    checkpoints.find((c) => !DONE_STATES.includes(c.state) && !WAITING_STATES.includes(c.state)) ??
    null;
  return {
    ...a,
    checkpoints,
    nextCheckpointId: next?.id ?? null,
    ...stepProgress(checkpoints.map((c) => c.state)),
  };
}

export interface ReviewItem {
  assignmentCheckpointId: number;
  assignmentId: number;
  /** The checkpoint's key (the default track's steps are shown in the viewer's language). */
  key: string;
  title: string;
  ticketTitle: string;
  newcomerName: string;
  state: CheckpointState;
  waitingSince: string;
}

/** Submitted checkpoints waiting for review, oldest first: one mentor's, or everyone's. */
export async function reviewQueue(
  db: DB,
  filter: { mentorId?: number } = {},
): Promise<ReviewItem[]> {
  let query = db
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .innerJoin("assignments as a", "a.id", "ac.assignment_id")
    .innerJoin("tickets as t", "t.id", "a.ticket_id")
    .innerJoin("users as n", "n.id", "a.newcomer_id")
    .select([
      "ac.id as assignmentCheckpointId",
      "a.id as assignmentId",
      "tc.key",
      "tc.title",
      "t.title as ticketTitle",
      "n.name as newcomerName",
      "ac.state",
      "ac.state_since as waitingSince",
    ])
    .where("ac.state", "in", ["submitted", "resubmitted"])
    .where("a.status", "=", "active");
  if (filter.mentorId !== undefined) query = query.where("a.mentor_id", "=", filter.mentorId);
  return query.orderBy("ac.state_since", "asc").execute();
}

/** An assignment's current checkpoint, how long it has been there, and how far along it is. */
export interface CurrentStep extends StepProgress {
  /** The current checkpoint's key; null when every step is done. */
  key: string | null;
  title: string;
  since: string;
  /** Its position among the steps that count (skipped ones left out), 1-based. */
  number: number;
}

/** Each active assignment's current checkpoint and how long it has been there. */
export async function currentCheckpoints(db: DB, assignmentIds: readonly number[]) {
  if (!assignmentIds.length) return new Map<number, CurrentStep>();
  const rows = await db
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .select(["ac.assignment_id", "ac.state", "ac.state_since", "tc.key", "tc.title", "tc.position"])
    .where("ac.assignment_id", "in", assignmentIds)
    .orderBy("ac.assignment_id")
    .orderBy("tc.position")
    .execute();
  const byAssignment = new Map<number, typeof rows>();
  for (const row of rows) {
    const list = byAssignment.get(row.assignment_id);
    if (list) list.push(row);
    else byAssignment.set(row.assignment_id, [row]);
  }
  const map = new Map<number, CurrentStep>();
  for (const id of assignmentIds) {
    const steps = byAssignment.get(id) ?? [];
    const current = steps.find((s) => !DONE_STATES.includes(s.state));
    const doneSteps = steps.filter((s) => DONE_STATES.includes(s.state));
    const lastDone = doneSteps.at(-1);
    const progress = stepProgress(steps.map((s) => s.state));
    map.set(id, {
      key: current?.key ?? null,
      title: current?.title ?? "All checkpoints done",
      since: current
        ? (lastDone?.state_since ?? current.state_since)
        : (lastDone?.state_since ?? ""),
      ...progress,
      number: Math.min(
        progress.total,
        steps.filter((s) => s.state !== "skipped" && s.position < (current?.position ?? Infinity))
          .length + 1,
      ),
    });
  }
  return map;
}

/**
 * The assignments among these whose newcomer said "I'm stuck" since their last progress: the
 * same open requests for help the assignment page shows (progress answers one).
 */
export async function openHelpRequests(
  db: DB,
  assignmentIds: readonly number[],
): Promise<Set<number>> {
  if (!assignmentIds.length) return new Set();
  const rows = await db
    .selectFrom("checkpoint_comments as cc")
    .innerJoin("assignment_checkpoints as ac", "ac.id", "cc.assignment_checkpoint_id")
    .innerJoin("assignments as a", "a.id", "ac.assignment_id")
    .select("a.id")
    .distinct()
    .where("a.id", "in", assignmentIds)
    .where("a.status", "=", "active")
    .where("cc.kind", "=", "stuck")
    .whereRef("cc.created_at", ">", "a.last_progress_at")
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** One line in an assignment's log (nudges, pairing sessions, hand-overs, works as designed…). Call inside a transaction. */
export async function addAssignmentNote(
  trx: DB,
  input: { assignmentId: number; authorId: number; kind: AssignmentNoteKind; body?: string },
  now: Date,
) {
  await trx
    .insertInto("assignment_notes")
    .values({
      assignment_id: input.assignmentId,
      author_id: input.authorId,
      kind: input.kind,
      body: input.body ?? "",
      created_at: now.toISOString(),
    })
    .execute();
}
