import type { Selectable } from "kysely";
import { z } from "zod";
import type { DB } from "#db/client";
import type { CheckpointState, EvidenceTable } from "#db/schema";
import { countOlderUpToCap } from "~/lib/count-older.server";
import { parseJson } from "~/lib/json";

// A step's evidence and comments as read for an assignment: every item of each (what commands
// and drafts work from), or windows of them as a page shows them, each with how many are older.

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
  /**
   * Comments older than the first one listed (0 when every comment is), counted up to
   * OLDER_COUNTED + 1: more than OLDER_COUNTED is said as such.
   */
  olderComments: number;
  /** Evidence older than the first piece listed (0 when all of it is). */
  olderEvidence: number;
  /**
   * The step's newest piece of evidence when the window listed is further back (what a review
   * answers and a resubmission starts from); left out when the newest is listed.
   */
  newestEvidence?: CheckpointView["evidence"][number];
}

/**
 * How much of each step's evidence and comments to read: the newest `size` of each, for the step
 * `step` the comments before the id `before`, and for the step `evidenceStep` the evidence before
 * the id `evidenceBefore` (windows further back).
 */
export interface StepWindows {
  size: number;
  step?: number | null;
  before?: number | null;
  evidenceStep?: number | null;
  evidenceBefore?: number | null;
}

type EvidenceRow = Selectable<EvidenceTable>;

export function evidenceView(e: EvidenceRow): CheckpointView["evidence"][number] {
  return {
    id: e.id,
    notes: e.notes,
    links: parseJson(storedLinks, e.links, []),
    minutes: e.minutes,
    createdAt: e.created_at,
  };
}

export function commentView(c: CommentRow): CheckpointView["comments"][number] {
  return {
    id: c.id,
    author: c.name,
    authorId: c.author_id,
    kind: c.kind,
    body: c.body,
    createdAt: c.created_at,
  };
}

interface CommentRow {
  id: number;
  assignment_checkpoint_id: number;
  kind: string;
  body: string;
  created_at: string;
  author_id: number;
  name: string;
}
export interface StepRows {
  evidence: EvidenceRow[];
  comments: CommentRow[];
  older: Map<number, { comments: number; evidence: number }>;
  /** The newest evidence of the step whose evidence is shown from further back. */
  newest?: EvidenceRow;
}

/** Every piece of evidence and every comment (or none) of the steps. */
export async function readAllOfSteps(
  db: DB,
  ids: number[],
  read: { comments: boolean },
): Promise<StepRows> {
  if (!ids.length) return { evidence: [], comments: [], older: new Map() };
  const [evidence, comments] = await Promise.all([
    db
      .selectFrom("evidence")
      .selectAll()
      .where("assignment_checkpoint_id", "in", ids)
      .orderBy("id")
      .execute(),
    read.comments
      ? commentsOf(db).where("c.assignment_checkpoint_id", "in", ids).orderBy("c.id").execute()
      : [],
  ]);
  return { evidence, comments, older: new Map() };
}

export function commentsOf(db: DB) {
  return db
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
    ]);
}

/** A window of one step's evidence: up to `size` pieces before `before`, oldest first. */
async function evidenceWindow(db: DB, stepId: number, before: number | null, size: number) {
  let query = db.selectFrom("evidence").selectAll().where("assignment_checkpoint_id", "=", stepId);
  if (before !== null) query = query.where("id", "<", before);
  const rows = await query.orderBy("id", "desc").limit(size).execute();
  const older = await countBefore(db, "evidence", stepId, rows, size);
  return { rows: rows.reverse(), older };
}

/** A window of one step's comments: up to `size` before `before`, oldest first. */
async function commentWindow(db: DB, stepId: number, before: number | null, size: number) {
  let query = commentsOf(db).where("c.assignment_checkpoint_id", "=", stepId);
  if (before !== null) query = query.where("c.id", "<", before);
  const rows = await query.orderBy("c.id", "desc").limit(size).execute();
  const older = await countBefore(db, "checkpoint_comments", stepId, rows, size);
  return { rows: rows.reverse(), older };
}

/**
 * The newest `size` pieces of evidence and comments of each step (a window further back for one
 * step's comments), each a LIMIT on the step's (step, id) index, and how many older ones each
 * leaves out: a step with thousands of comments reads as many rows as one with fifty.
 */
export async function readStepWindows(
  db: DB,
  ids: number[],
  shown: StepWindows,
): Promise<StepRows> {
  const out: StepRows = { evidence: [], comments: [], older: new Map() };
  for (const id of ids) {
    const before = shown.step === id ? (shown.before ?? null) : null;
    const evidenceBefore = shown.evidenceStep === id ? (shown.evidenceBefore ?? null) : null;
    const [evidence, comments, newest] = await Promise.all([
      evidenceWindow(db, id, evidenceBefore, shown.size),
      commentWindow(db, id, before, shown.size),
      evidenceBefore === null
        ? undefined
        : db
            .selectFrom("evidence")
            .selectAll()
            .where("assignment_checkpoint_id", "=", id)
            .orderBy("id", "desc")
            .limit(1)
            .executeTakeFirst(),
    ]);
    if (newest) out.newest = newest;
    out.evidence.push(...evidence.rows);
    out.comments.push(...comments.rows);
    out.older.set(id, { comments: comments.older, evidence: evidence.older });
  }
  return out;
}

/**
 * One list of a step as a window shows it: its items oldest first, and how many are older; the
 * items as read here, or as a card shows them (assignment-page's StepHistoryWindow).
 */
export type StepWindowOf<Evidence, Comments> =
  | { list: "evidence"; items: Evidence; older: number }
  | { list: "comments"; items: Comments; older: number };

export type StepListWindow = StepWindowOf<CheckpointView["evidence"], CheckpointView["comments"]>;

/**
 * One list of one step, a window of it alone: the `size` items before the id `before` (the newest
 * when null) and how many are older. What "Show older" adds to a card: the page's other steps,
 * its ticket and its write-up are not read again.
 */
export async function readStepList(
  db: DB,
  input: {
    stepId: number;
    list: "evidence" | "comments";
    before: number | null;
    size: number;
  },
): Promise<StepListWindow> {
  const { stepId, before, size } = input;
  if (input.list === "evidence") {
    const { rows, older } = await evidenceWindow(db, stepId, before, size);
    return { list: "evidence", items: rows.map(evidenceView), older };
  }
  const { rows, older } = await commentWindow(db, stepId, before, size);
  return { list: "comments", items: rows.map(commentView), older };
}

/**
 * Rows of a step older than the oldest of a full window read newest first (none when not full).
 * Comments are counted up to OLDER_COUNTED + 1 only ("more than 200"): a count walks the step's
 * index one row at a time, and a discussion can run to thousands. Evidence is counted in full:
 * each piece is numbered from the first ever sent ("Evidence 71 for …"), a step gets a handful of
 * them (each is one post of its newcomer's), and the count reads the covering (step, id) index
 * only: 100,000 pieces on one step count in about 4 ms.
 */
async function countBefore(
  db: DB,
  table: "evidence" | "checkpoint_comments",
  stepId: number,
  newestFirst: { id: number }[],
  size: number,
) {
  const oldest = newestFirst.at(-1)?.id;
  if (oldest === undefined || newestFirst.length < size) return 0;
  const older = db
    .selectFrom(table)
    .select("id")
    .where("assignment_checkpoint_id", "=", stepId)
    .where("id", "<", oldest);
  if (table === "checkpoint_comments") return countOlderUpToCap(db, older);
  const row = await older
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
