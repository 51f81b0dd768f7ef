import { type DB, writeTransaction } from "#db/client";
import type { Resolution } from "#db/schema";
import { type Actor, can } from "~/auth/policies";
import { languageOf } from "~/auth/users.server";
import {
  type AssignmentWriteup,
  findWriteupForAssignment,
  getWriteup,
  insertWriteup,
  markPublished,
  markVerified,
  normalizeTags,
  replaceWriteupContent,
  type WriteupInput,
  type WriteupView,
} from "~/knowledge/writeups.server";
import { recordAudit } from "~/lib/audit.server";
import { getEnv } from "~/lib/env.server";
import { translate } from "~/lib/i18n/catalogs.server";
import type { Locale } from "~/lib/i18n/locales";
import { getTicket, type TicketView } from "~/tickets/tickets.server";
import { type AssignmentView, getAssignment } from "./assignments.server";
import { localStepTitle } from "./step-text.server";

// Write-ups captured from the work: the draft a newcomer's evidence already holds, and its
// sign-off at the Write-up checkpoint. The write-up itself is knowledge's; this module only reads
// the assignment and calls knowledge's write-up functions.

type DraftAssignment = Pick<AssignmentView, "resolution" | "checkpoints">;
type DraftTicket = Pick<TicketView, "title" | "component" | "labels" | "url" | "source">;

function latestNotes(assignment: DraftAssignment, key: string): string {
  const step = assignment.checkpoints.find((c) => c.key === key);
  return step?.evidence.at(-1)?.notes.trim() ?? "";
}

/** How it was debugged, a section for each of Find the code and Failing test with evidence. */
function debuggingSections(assignment: DraftAssignment, locale: Locale): string[] {
  return ["locate", "failing_test"].flatMap((key) => {
    const notes = latestNotes(assignment, key);
    const step = assignment.checkpoints.find((c) => c.key === key);
    const title = step ? localStepTitle(step, locale) : key;
    return notes ? [`### ${title}\n\n${notes}`] : [];
  });
}

/**
 * A ticket's labels that say what it is about: without those that only made it a starter
 * (STARTER_LABELS: "good first issue", "starter"), which say nothing to someone searching the
 * knowledge base and would be the commonest tags of all.
 */
function subjectLabels(labels: readonly string[], starterLabels: readonly string[]): string[] {
  const starter = new Set(normalizeTags(starterLabels));
  return labels.filter((label) => !starter.has(normalizeTags([label])[0] ?? ""));
}

/**
 * The write-up a newcomer's evidence already holds: symptom from Reproduce, root cause from Root
 * cause, fix from Fix (left empty for works as designed, so the form shows that template's prompt),
 * how it was debugged from Find the code and Failing test, and every link given, once each. What
 * the draft adds of its own (step headings, link labels) is in `locale`, the newcomer's language:
 * the write-up is theirs.
 */
export function draftFromEvidence(
  assignment: DraftAssignment,
  ticket: DraftTicket,
  locale: Locale = "en",
  starterLabels: readonly string[] = getEnv().STARTER_LABELS,
): WriteupInput {
  const t = translate(locale).t;
  const worksAsDesigned = assignment.resolution === "works_as_designed";
  const debugging = debuggingSections(assignment, locale).join("\n\n");
  // The ticket itself is linked by `writeups.ticket_id`; a same-site path here would not pass
  // the write-up form's http(s)-only links field, so only the ticket's external report is listed.
  const candidates = [
    ...(ticket.url
      ? [
          {
            label: t(
              ticket.source === "github"
                ? "mentoring.draft.githubIssue"
                : "mentoring.draft.originalReport",
            ),
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
    tags: subjectLabels(ticket.labels, starterLabels),
    links,
    toil: [],
  };
}

/**
 * A draft keeps whatever the newcomer wrote; only what is still empty is filled from newer
 * evidence, a debugging section for a step the draft has none for yet (its heading) is added,
 * and links not yet listed are added.
 */
function fillBlanks(current: WriteupView, fresh: WriteupInput, sections: string[]): WriteupInput {
  const keep = (now: string, next: string) => (now.trim() ? now : next);
  const urls = new Set(current.links.map((l) => l.url));
  const autoResolution: readonly Resolution[] = ["fixed", "works_as_designed"];
  return {
    title: current.title,
    component: current.component,
    symptom: keep(current.symptom, fresh.symptom),
    rootCause: keep(current.root_cause, fresh.rootCause),
    fix: keep(current.fix, fresh.fix),
    debugging: withSections(current.debugging, sections),
    // Marked (or unmarked) works as designed after the draft was made: follow the assignment.
    resolution: autoResolution.includes(current.resolution) ? fresh.resolution : current.resolution,
    tags: current.tags,
    links: [...current.links, ...fresh.links.filter((l) => !urls.has(l.url))],
    toil: current.toil,
  };
}

/** `debugging` with the sections whose heading it doesn't hold yet added at its end. */
function withSections(debugging: string, sections: readonly string[]): string {
  const headings = new Set(debugging.split("\n").map((line) => line.trim()));
  const missing = sections.filter((s) => !headings.has((s.split("\n")[0] ?? "").trim()));
  return [debugging.trimEnd(), ...missing].filter(Boolean).join("\n\n");
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

/**
 * The assignment's one write-up, drafted from its evidence the first time it is asked for (at the
 * Write-up checkpoint). Later calls fill a draft's still-empty fields from newer evidence, never
 * overwriting what was written; with `create: false`, only a draft that exists is filled. Call
 * inside the checkpoint's transaction; returns the write-up id, or null when there is none.
 */
export async function ensureDraftForAssignment(
  trx: DB,
  assignmentId: number,
  now: Date,
  options: { create?: boolean } = {},
): Promise<number | null> {
  const existingId = (await findWriteupForAssignment(trx, assignmentId))?.id ?? null;
  if (existingId === null && options.create === false) return null;
  // Drafted from the evidence alone: a step's comments, however many, stay in the database.
  const assignment = await getAssignment(trx, assignmentId, { comments: false });
  if (!assignment) return null;
  const ticket = await getTicket(trx, assignment.ticketId);
  if (!ticket) return null;
  const locale = await languageOf(trx, assignment.newcomerId);
  const fresh = draftFromEvidence(assignment, ticket, locale);
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
    const merged = fillBlanks(current, fresh, debuggingSections(assignment, locale));
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
  await markPublished(trx, writeupId, now);
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

export type RedraftResult =
  | { ok: true; writeupId: number; drafted: boolean }
  | { ok: false; reason: "not_found" | "forbidden" | "not_active" };

/**
 * The newcomer drafts their assignment's write-up again, from the evidence as Koan drafted it the
 * first time, after it was deleted (no page of Koan deletes one: a lead did, in the database). A
 * draft to read through and publish, which sends the Write-up step for sign-off as before. When
 * the assignment has its write-up (drafted again meanwhile, a second click), nothing is written.
 */
export async function redraftAssignmentWriteup(
  db: DB,
  input: { assignmentId: number; actor: Actor },
  now: Date = new Date(),
): Promise<RedraftResult> {
  return writeTransaction(db, async (trx): Promise<RedraftResult> => {
    const assignment = await trx
      .selectFrom("assignments")
      .select(["newcomer_id as newcomerId", "mentor_id as mentorId", "status"])
      .where("id", "=", input.assignmentId)
      .executeTakeFirst();
    if (!assignment) return { ok: false, reason: "not_found" };
    if (!can(input.actor, "redraftWriteup", assignment)) return { ok: false, reason: "forbidden" };
    if (assignment.status !== "active") return { ok: false, reason: "not_active" };
    const existing = await findWriteupForAssignment(trx, input.assignmentId);
    if (existing) return { ok: true, writeupId: existing.id, drafted: false };
    const writeupId = await ensureDraftForAssignment(trx, input.assignmentId, now);
    if (writeupId === null) return { ok: false, reason: "not_found" };
    await recordAudit(
      trx,
      {
        actorId: input.actor.id,
        action: "writeup.redrafted",
        subjectType: "writeup",
        subjectId: writeupId,
      },
      now,
    );
    return { ok: true, writeupId, drafted: true };
  });
}

/**
 * The assignment had a write-up and it is gone: deleted after Koan drafted it. Koan drafts one when
 * Root cause is approved or evidence is sent to the Write-up step, so either without a write-up
 * means it was deleted (before both, it simply isn't drafted yet).
 */
export function writeupWasDeleted(
  writeup: AssignmentWriteup | null,
  checkpoints: readonly { key: string; state: string; evidence: readonly unknown[] }[],
): boolean {
  if (writeup) return false;
  return checkpoints.some(
    (c) =>
      (c.key === "root_cause" && c.state === "approved") ||
      (c.key === "writeup" && (c.evidence.length > 0 || c.state !== "todo")),
  );
}

export type { AssignmentWriteup };

/** The write-up drafted for an assignment, if any (read-only). */
export async function getAssignmentWriteup(
  db: DB,
  assignmentId: number,
): Promise<AssignmentWriteup | null> {
  return findWriteupForAssignment(db, assignmentId);
}
