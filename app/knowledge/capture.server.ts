import { type DB, writeTransaction } from "#db/client";
import type { Resolution } from "#db/schema";
import { recordAudit } from "~/lib/audit.server";
import { type AssignmentView, getAssignment } from "~/mentoring/assignments.server";
import {
  applyStatus,
  getTicket,
  recordTicketEvent,
  type TicketEventKind,
  type TicketView,
} from "~/tickets/tickets.server";
import { cachedSearchWriteups } from "./search.server";
import {
  getWriteup,
  insertWriteup,
  markVerified,
  replaceWriteupContent,
  type Viewer,
  type WriteupInput,
  type WriteupView,
} from "./writeups.server";

// Write-ups captured from the work: the draft a newcomer's evidence already holds, its sign-off,
// and "this may already be answered" for tickets.

type DraftAssignment = Pick<AssignmentView, "resolution" | "checkpoints">;
type DraftTicket = Pick<TicketView, "title" | "component" | "labels" | "url" | "source">;

function latestNotes(assignment: DraftAssignment, key: string): string {
  const step = assignment.checkpoints.find((c) => c.key === key);
  return step?.evidence.at(-1)?.notes.trim() ?? "";
}

/**
 * The write-up a newcomer's evidence already holds: symptom from Reproduce, root cause from Root
 * cause, fix from Fix (left empty for works as designed, so the form shows that template's prompt),
 * how it was debugged from Find the code and Failing test, and every link given, once each.
 */
export function draftFromEvidence(assignment: DraftAssignment, ticket: DraftTicket): WriteupInput {
  const worksAsDesigned = assignment.resolution === "works_as_designed";
  const debugging = ["locate", "failing_test"]
    .map((key) => {
      const notes = latestNotes(assignment, key);
      const title = assignment.checkpoints.find((c) => c.key === key)?.title ?? key;
      return notes ? `### ${title}\n\n${notes}` : "";
    })
    .filter(Boolean)
    .join("\n\n");
  // The ticket itself is linked by `writeups.ticket_id`; a same-site path here would not pass
  // the write-up form's http(s)-only links field, so only the ticket's external report is listed.
  const candidates = [
    ...(ticket.url
      ? [
          {
            label: ticket.source === "github" ? "GitHub issue" : "Original report",
            url: ticket.url,
          },
        ]
      : []),
    ...assignment.checkpoints.flatMap((c) => c.evidence.flatMap((e) => e.links)),
  ];
  const seen = new Set<string>();
  const links = candidates.filter((l) => {
    const url = l.url.trim();
    if (!url || seen.has(url)) return false;
    seen.add(url);
    return true;
  });
  return {
    title: ticket.title,
    symptom: latestNotes(assignment, "reproduce"),
    component: ticket.component,
    rootCause: latestNotes(assignment, "root_cause"),
    fix: worksAsDesigned ? "" : latestNotes(assignment, "fix"),
    debugging,
    resolution: worksAsDesigned ? "works_as_designed" : "fixed",
    tags: ticket.labels,
    links,
    toil: [],
  };
}

/**
 * A draft keeps whatever the newcomer wrote; only what is still empty is filled from newer
 * evidence, and links not yet listed are added.
 */
function fillBlanks(current: WriteupView, fresh: WriteupInput): WriteupInput {
  const keep = (now: string, next: string) => (now.trim() ? now : next);
  const urls = new Set(current.links.map((l) => l.url));
  const autoResolution: readonly Resolution[] = ["fixed", "works_as_designed"];
  return {
    title: current.title,
    component: current.component,
    symptom: keep(current.symptom, fresh.symptom),
    rootCause: keep(current.root_cause, fresh.rootCause),
    fix: keep(current.fix, fresh.fix),
    debugging: keep(current.debugging, fresh.debugging),
    // Marked (or unmarked) works as designed after the draft was made: follow the assignment.
    resolution: autoResolution.includes(current.resolution) ? fresh.resolution : current.resolution,
    tags: current.tags,
    links: [...current.links, ...fresh.links.filter((l) => !urls.has(l.url))],
    toil: current.toil,
  };
}

function sameContent(a: WriteupView, b: WriteupInput) {
  return (
    a.symptom === b.symptom &&
    a.root_cause === b.rootCause &&
    a.fix === b.fix &&
    a.debugging === b.debugging &&
    a.resolution === b.resolution &&
    a.links.length === b.links.length
  );
}

async function writeupIdForAssignment(trx: DB, assignmentId: number) {
  const row = await trx
    .selectFrom("writeups")
    .select("id")
    .where("assignment_id", "=", assignmentId)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The assignment's one write-up, drafted from its evidence the first time it is asked for (at the
 * Write-up checkpoint). Later calls fill a draft's still-empty fields from newer evidence, never
 * overwriting what was written. Call inside the checkpoint's transaction; returns the write-up id,
 * or null when there is no such assignment.
 */
export async function ensureDraftForAssignment(
  trx: DB,
  assignmentId: number,
  now: Date,
): Promise<number | null> {
  const assignment = await getAssignment(trx, assignmentId);
  if (!assignment) return null;
  const ticket = await getTicket(trx, assignment.ticketId);
  if (!ticket) return null;
  const fresh = draftFromEvidence(assignment, ticket);
  const existingId = await writeupIdForAssignment(trx, assignmentId);
  if (existingId === null) {
    return insertWriteup(
      trx,
      {
        authorId: assignment.newcomerId,
        writeup: fresh,
        status: "draft",
        ticketId: assignment.ticketId,
        assignmentId,
      },
      now,
    );
  }
  const current = await getWriteup(trx, existingId);
  if (current && current.status === "draft") {
    const merged = fillBlanks(current, fresh);
    if (!sameContent(current, merged)) {
      await replaceWriteupContent(trx, existingId, merged, now);
      await recordAudit(
        trx,
        {
          actorId: null,
          action: "writeup.filled_from_evidence",
          subjectType: "writeup",
          subjectId: existingId,
        },
        now,
      );
    }
  }
  return existingId;
}

/**
 * The mentor's (or a lead's) approval of the Write-up checkpoint: the assignment's write-up is
 * verified by them, and published if it was still a draft. Call inside the review's transaction.
 */
export async function verifyAssignmentWriteup(
  trx: DB,
  input: { assignmentId: number; verifierId: number },
  now: Date,
): Promise<number | null> {
  const writeupId = await ensureDraftForAssignment(trx, input.assignmentId, now);
  if (writeupId === null) return null;
  await markVerified(trx, { writeupId, verifierId: input.verifierId }, now);
  await trx
    .updateTable("writeups")
    .set((eb) => ({
      status: "published",
      published_at: eb.fn.coalesce("published_at", eb.val(now.toISOString())),
    }))
    .where("id", "=", writeupId)
    .execute();
  await recordAudit(
    trx,
    {
      actorId: input.verifierId,
      action: "writeup.verified",
      subjectType: "writeup",
      subjectId: writeupId,
    },
    now,
  );
  return writeupId;
}

export interface AssignmentWriteup {
  id: number;
  status: "draft" | "published";
  verifiedAt: string | null;
}

/** The write-up drafted for an assignment, if any (read-only). */
export async function getAssignmentWriteup(
  db: DB,
  assignmentId: number,
): Promise<AssignmentWriteup | null> {
  const row = await db
    .selectFrom("writeups")
    .select(["id", "status", "verified_at as verifiedAt"])
    .where("assignment_id", "=", assignmentId)
    .executeTakeFirst();
  return row ?? null;
}

export interface RelatedWriteup {
  id: number;
  title: string;
  resolution: Resolution;
}

/** Published write-ups most like `q` (a ticket's title and description), best first. */
export async function findRelatedWriteups(
  db: DB,
  input: { q: string; limit?: number; excludeIds?: number[] },
): Promise<RelatedWriteup[]> {
  if (!input.q.trim()) return [];
  const { results } = await cachedSearchWriteups(db, {
    q: input.q,
    limit: input.limit ?? 5,
    excludeIds: input.excludeIds,
  });
  return results.map((r) => ({ id: r.id, title: r.title, resolution: r.resolution }));
}

/** The search text for a ticket: its title and the start of its description. */
export function relatedQueryFor(ticket: { title: string; body: string }) {
  return `${ticket.title} ${ticket.body.slice(0, 500)}`;
}

/** "This may already be answered" for a ticket: similar write-ups, not its own. */
export async function relatedWriteupsForTicket(
  db: DB,
  ticket: { id: number; title: string; body: string },
): Promise<RelatedWriteup[]> {
  const own = await db
    .selectFrom("writeups")
    .select("id")
    .where("ticket_id", "=", ticket.id)
    .execute();
  return findRelatedWriteups(db, {
    q: relatedQueryFor(ticket),
    limit: 5,
    excludeIds: own.map((w) => w.id),
  });
}

/** The ticket event that says which write-up answered a ticket closed as a duplicate. */
// TicketEventKind (app/tickets) does not list this kind yet; the cast goes when it does.
export const DUPLICATE_OF_EVENT: TicketEventKind = "duplicate_of";

export type CloseDuplicateResult =
  | { ok: true }
  | { ok: false; reason: "forbidden" | "not_found" | "no_writeup" | "finished" };

/**
 * A mentor or lead closes a ticket as a duplicate of a published write-up: the ticket closes
 * (ending any active assignment), and its timeline says which write-up answered it.
 */
export async function closeAsDuplicate(
  db: DB,
  input: { ticketId: number; writeupId: number; actor: Viewer },
  now: Date = new Date(),
): Promise<CloseDuplicateResult> {
  if (input.actor.role === "newcomer") return { ok: false, reason: "forbidden" };
  return writeTransaction(db, async (trx): Promise<CloseDuplicateResult> => {
    const ticket = await trx
      .selectFrom("tickets")
      .select(["id", "status"])
      .where("id", "=", input.ticketId)
      .executeTakeFirst();
    if (!ticket) return { ok: false, reason: "not_found" };
    if (ticket.status === "closed" || ticket.status === "resolved")
      return { ok: false, reason: "finished" };
    const writeup = await trx
      .selectFrom("writeups")
      .select(["id", "title"])
      .where("id", "=", input.writeupId)
      .where("status", "=", "published")
      .executeTakeFirst();
    if (!writeup) return { ok: false, reason: "no_writeup" };
    await applyStatus(
      trx,
      {
        ticketId: ticket.id,
        status: "closed",
        closeReason: "duplicate",
        actorId: input.actor.id,
        via: `writeup:${writeup.id}`,
      },
      now,
    );
    await recordTicketEvent(
      trx,
      {
        ticketId: ticket.id,
        actorId: input.actor.id,
        kind: DUPLICATE_OF_EVENT,
        data: { writeupId: writeup.id, title: writeup.title },
      },
      now,
    );
    return { ok: true };
  });
}
