import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "#db/schema";
import { getAssignment } from "~/mentoring/assignments.server";
import { reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

// Who is told what: the people an event concerns, never the person who caused it, and nobody
// whose part in it has ended.

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 5 });
  newcomer = await buildTestUser(t.db, "newcomer");
});
afterEach(async () => {
  await t.close();
});

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 10, d, h));
const evidence = { notes: "Seen on staging", links: [], minutes: 10 };

/** The user's notifications of `kind`, oldest first. */
async function received(userId: number, kind: string) {
  return t.db
    .selectFrom("notifications")
    .select(["id", "title", "link", "assignment_id as assignmentId", "read_at", "resolved_at"])
    .where("user_id", "=", userId)
    .where("kind", "=", kind as never)
    .orderBy("id")
    .execute();
}

/** Every step submitted by the newcomer and signed off by `reviewer`, the last at `at`. */
async function finish(assignmentId: number, reviewer: { id: number; role: Role }, at: Date) {
  const assignment = await getAssignment(t.db, assignmentId);
  for (const cp of assignment?.checkpoints ?? []) {
    const sent = await submitEvidence(
      t.db,
      { assignmentCheckpointId: cp.id, actor: { id: newcomer, role: "newcomer" }, evidence },
      at,
    );
    expect(sent.ok).toBe(true);
    if (sent.ok && sent.state === "submitted") {
      const reviewed = await reviewCheckpoint(
        t.db,
        { assignmentCheckpointId: cp.id, actor: reviewer, decision: "approve", comment: "" },
        at,
      );
      expect(reviewed.ok).toBe(true);
    }
  }
  const after = await getAssignment(t.db, assignmentId);
  expect(after?.status).toBe("resolved");
}

describe("a finished assignment", () => {
  it("is news for the newcomer, not for the mentor whose sign-off finished it", async () => {
    const { assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    await finish(assignmentId, { id: mentor, role: "mentor" }, day(3));
    expect(await received(newcomer, "assignment_resolved")).toHaveLength(1);
    expect(await received(mentor, "assignment_resolved")).toEqual([]);
  });

  it("signed off by a lead, both the newcomer and the mentor are told", async () => {
    const { assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    await finish(assignmentId, { id: lead, role: "lead" }, day(3));
    expect(await received(newcomer, "assignment_resolved")).toHaveLength(1);
    expect(await received(mentor, "assignment_resolved")).toHaveLength(1);
    expect(await received(lead, "assignment_resolved")).toEqual([]);
  });
});
