import type { DB } from "#db/client";
import type { AssignmentNoteKind, CheckpointState } from "#db/schema";
import { DONE_STATES, type StepProgress, stepProgress, WAITING_STATES } from "./checkpoint-states";
import {
  type CheckpointView,
  commentsOf,
  commentView,
  evidenceView,
  readAllOfSteps,
  readStepWindows,
  type StepWindows,
} from "./step-rows.server";

export type { CheckpointView, StepWindows } from "./step-rows.server";

/** Who is on an assignment and since when: the part every view of an assignment shows. */
export interface AssignmentPeople {
  newcomerId: number;
  newcomerName: string;
  mentorId: number | null;
  mentorName: string | null;
  claimedAt: string;
  lastProgressAt: string;
}

/** A step as it stands, without its evidence and comments. */
export type StepSummary = Omit<
  CheckpointView,
  "evidence" | "comments" | "olderComments" | "olderEvidence" | "newestEvidence"
>;

/**
 * An assignment, who is on it and where each step stands, without any step's evidence or
 * comments: what a form on the assignment page is checked and done against.
 */
export interface AssignmentSummary extends AssignmentPeople {
  id: number;
  status: string;
  resolution: "fixed" | "works_as_designed" | null;
  ticketId: number;
  ticketTitle: string;
  component: string;
  checkpoints: StepSummary[];
  /** The first checkpoint not yet done: the page's "next step". */
  nextCheckpointId: number | null;
  /** Approved or completed steps (skipped ones are counted apart). */
  done: number;
  skipped: number;
  /** Every step but the skipped ones. */
  total: number;
}

export interface AssignmentView extends AssignmentSummary {
  checkpoints: CheckpointView[];
}

/**
 * An assignment and its steps' states, reading no step's evidence or comments: a few rows however
 * long its history (the assignment page's forms read this, not the page).
 */
export async function getAssignmentSummary(
  db: DB,
  assignmentId: number,
): Promise<AssignmentSummary | null> {
  const head = await readHead(db, assignmentId);
  return head && withProgress(head.a, head.steps);
}

/**
 * An assignment with its steps' evidence and comments: every item of each (what commands and
 * drafts work from), or with `shown`, the windows a page shows. With `comments: false`, every
 * piece of evidence and no comment (what a write-up is drafted from).
 */
export async function getAssignment(
  db: DB,
  assignmentId: number,
  options: { shown?: StepWindows; comments?: false } = {},
): Promise<AssignmentView | null> {
  const head = await readHead(db, assignmentId);
  if (!head) return null;
  const ids = head.steps.map((s) => s.id);
  const { evidence, comments, older, newest } = options.shown
    ? await readStepWindows(db, ids, options.shown)
    : await readAllOfSteps(db, ids, { comments: options.comments ?? true });
  const checkpoints: CheckpointView[] = head.steps.map((s) => ({
    ...s,
    evidence: evidence.filter((e) => e.assignment_checkpoint_id === s.id).map(evidenceView),
    comments: comments.filter((c) => c.assignment_checkpoint_id === s.id).map(commentView),
    olderComments: older.get(s.id)?.comments ?? 0,
    olderEvidence: older.get(s.id)?.evidence ?? 0,
    ...(newest?.assignment_checkpoint_id === s.id ? { newestEvidence: evidenceView(newest) } : {}),
  }));
  return withProgress(head.a, checkpoints);
}

/** The assignment's own row (its ticket and people) and its steps in order. */
async function readHead(db: DB, assignmentId: number) {
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
  const rows = await db
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
  const steps: StepSummary[] = rows.map((s) => ({
    id: s.id,
    key: s.key,
    title: s.title,
    guide: s.guide,
    position: s.position,
    needsSignoff: s.needsSignoff === 1,
    state: s.state,
    stateSince: s.stateSince,
  }));
  return { a, steps };
}

/** The assignment with its steps, the next one to work and how far along it is. */
function withProgress<A, S extends StepSummary>(a: A, checkpoints: S[]) {
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

/** One step as My onboarding weighs it for "what happened last" (loop-words' whatHappened). */
export interface LoopStepRow {
  key: string;
  title: string;
  state: CheckpointState;
  /** The step's newest request for changes and newest approval (at most one of each). */
  comments: { author: string; kind: string; body: string; createdAt: string }[];
}

/**
 * Each assignment's steps in order, with only the comments "what happened last" is told from:
 * each step's newest request for changes and newest approval. A step discussed in thousands of
 * comments returns two rows at most: the rest stay in the database.
 */
export async function listLoopSteps(
  db: DB,
  assignmentIds: readonly number[],
): Promise<Map<number, LoopStepRow[]>> {
  const out = new Map<number, LoopStepRow[]>();
  if (!assignmentIds.length) return out;
  const steps = await db
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .select(["ac.id", "ac.assignment_id", "ac.state", "tc.key", "tc.title"])
    .where("ac.assignment_id", "in", assignmentIds)
    .orderBy("ac.assignment_id")
    .orderBy("tc.position")
    .execute();
  const stepIds = steps.map((s) => s.id);
  const said = stepIds.length
    ? await commentsOf(db)
        .where("c.id", "in", (eb) =>
          eb
            .selectFrom("checkpoint_comments")
            .select((inner) => inner.fn.max<number>("id").as("id"))
            .where("assignment_checkpoint_id", "in", stepIds)
            .where("kind", "in", ["approved", "changes_requested"])
            .groupBy(["assignment_checkpoint_id", "kind"]),
        )
        .orderBy("c.id")
        .execute()
    : [];
  for (const s of steps) {
    const list = out.get(s.assignment_id) ?? [];
    list.push({
      key: s.key,
      title: s.title,
      state: s.state,
      comments: said
        .filter((c) => c.assignment_checkpoint_id === s.id)
        .map((c) => ({ author: c.name, kind: c.kind, body: c.body, createdAt: c.created_at })),
    });
    out.set(s.assignment_id, list);
  }
  return out;
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

/**
 * The newcomer's "I'm stuck" requests since a time, newest first (at most `limit`), with the step
 * each was asked on: read on their own, as a step's comments are shown a window at a time.
 */
export async function listHelpRequestsSince(
  db: DB,
  input: { assignmentId: number; since: string; limit: number },
) {
  return db
    .selectFrom("checkpoint_comments as c")
    .innerJoin("assignment_checkpoints as ac", "ac.id", "c.assignment_checkpoint_id")
    .select([
      "c.id",
      "c.body",
      "c.created_at as createdAt",
      "c.assignment_checkpoint_id as checkpointId",
    ])
    .where("ac.assignment_id", "=", input.assignmentId)
    .where("c.kind", "=", "stuck")
    .where("c.created_at", ">", input.since)
    .orderBy("c.created_at", "desc")
    .orderBy("c.id", "desc")
    .limit(input.limit)
    .execute();
}
