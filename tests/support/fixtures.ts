import type { DB } from "#db/client";
import type { WriteupInput } from "~/knowledge/writeups.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { createTicket } from "~/tickets/tickets.server";

/**
 * A starter ticket (billing, difficulty 1) made by `lead` and claimed by `newcomer` with
 * `mentor`: its id, the assignment's, the assignment as read back, and its checkpoint ids by key.
 */
export async function claimStarter(
  db: DB,
  input: { lead: number; newcomer: number; mentor: number; title?: string },
  at?: Date,
) {
  const ticketId = await createTicket(db, {
    actorId: input.lead,
    ticket: {
      title: input.title ?? "합계가 $로 표시됨",
      body: "",
      component: "billing",
      labels: [],
      difficulty: 1,
      starter: true,
    },
  });
  const claim = await claimTicket(
    db,
    { ticketId, newcomerId: input.newcomer, mentorId: input.mentor, defaultLimit: 5 },
    at,
  );
  if (!claim.ok) throw new Error(`claim failed: ${claim.reason}`);
  const assignment = await getAssignment(db, claim.assignmentId);
  if (!assignment) throw new Error("the claimed assignment is missing");
  const step: Record<string, number> = Object.fromEntries(
    assignment.checkpoints.map((c) => [c.key, c.id]),
  );
  return { ticketId, assignmentId: claim.assignmentId, assignment, step };
}

/**
 * The newcomer sends evidence for the step (스테이징에서 재현, 10 minutes) and the mentor sends it
 * back: "로그를 붙여 주세요" (the mail a newcomer is sent when changes are requested).
 */
export async function sendBackStep(
  db: DB,
  input: { stepId: number; newcomer: number; mentor: number },
): Promise<void> {
  await submitEvidence(db, {
    assignmentCheckpointId: input.stepId,
    actor: { id: input.newcomer, role: "newcomer" },
    evidence: { notes: "스테이징에서 재현", links: [], minutes: 10 },
  });
  await reviewCheckpoint(db, {
    assignmentCheckpointId: input.stepId,
    actor: { id: input.mentor, role: "mentor" },
    decision: "request_changes",
    comment: "로그를 붙여 주세요",
  });
}

/** A write-up's content with only what a test cares about filled in (component: billing). */
export function writeupInput(fields: Partial<WriteupInput> = {}): WriteupInput {
  return {
    title: "",
    symptom: "",
    component: "billing",
    rootCause: "",
    fix: "",
    debugging: "",
    resolution: "fixed",
    tags: [],
    links: [],
    toil: [],
    ...fields,
  };
}
