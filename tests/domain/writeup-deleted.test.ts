import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getAssignmentPage } from "~/mentoring/assignment-page.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { publishWriteup, submitWriteupStep } from "~/mentoring/writeup-access.server";
import { getAssignmentWriteup, redraftAssignmentWriteup } from "~/mentoring/writeup-drafts.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

// The write-up Koan drafted from an assignment's evidence, deleted by a lead (in the database: no
// page of Koan deletes one). The Write-up step says so and its newcomer drafts it again from the
// evidence; the mentor cannot approve a write-up that is not there (it used to be drafted again
// and published unread by the approval), and sending the deleted one is "gone", not a conflict.

let t: TestDatabase;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  const lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 3, name: "Tomás Rivera" });
  newcomer = await buildTestUser(t.db, "newcomer", { name: "Aiko Tanaka" });
  ticketId = await createTicket(t.db, {
    actorId: lead,
    ticket: {
      title: "Total shows $",
      body: "",
      component: "billing",
      labels: [],
      difficulty: 1,
      starter: true,
    },
  });
});
afterEach(async () => {
  await t.close();
});

let ticketId: number;
const asNewcomer = () => ({ id: newcomer, role: "newcomer" as const });
const asMentor = () => ({ id: mentor, role: "mentor" as const });

/** The newcomer's claim of the ticket, with the mentor: the new assignment's id. */
async function claimed() {
  const claim = await claimTicket(t.db, {
    ticketId,
    newcomerId: newcomer,
    mentorId: mentor,
    defaultLimit: 5,
  });
  if (!claim.ok) throw new Error("claim failed");
  return claim.assignmentId;
}

/** An assignment whose root cause is approved and whose drafted write-up is ready to publish. */
async function drafted() {
  const assignmentId = await claimed();
  const a = await getAssignment(t.db, assignmentId);
  const step = (key: string) => a?.checkpoints.find((c) => c.key === key)?.id as number;
  await submitEvidence(t.db, {
    assignmentCheckpointId: step("root_cause"),
    actor: asNewcomer(),
    evidence: { notes: "The currency is formatted twice.", links: [], minutes: 20 },
  });
  await reviewCheckpoint(t.db, {
    assignmentCheckpointId: step("root_cause"),
    actor: asMentor(),
    decision: "approve",
    comment: "",
  });
  const draft = await getAssignmentWriteup(t.db, assignmentId);
  await fillIn(draft?.id as number);
  return { assignmentId, writeupStep: step("writeup"), draftId: draft?.id as number };
}

/** What the evidence left for the newcomer to write before publishing. */
async function fillIn(writeupId: number) {
  await t.db
    .updateTable("writeups")
    .set({ symptom: "The total shows $ twice.", fix: "Format it once." })
    .where("id", "=", writeupId)
    .execute();
}

async function stateOf(assignmentId: number) {
  const a = await getAssignment(t.db, assignmentId);
  return a?.checkpoints.find((c) => c.key === "writeup")?.state;
}

async function pageFor(assignmentId: number, viewer: { id: number; role: "newcomer" | "mentor" }) {
  const page = await getAssignmentPage(t.db, { assignmentId, viewer });
  if (!page.ok) throw new Error("refused");
  return page.page;
}

describe("the write-up of an assignment, deleted", () => {
  it("is not 'deleted' before Koan drafted it", async () => {
    const page = await pageFor(await claimed(), asNewcomer());
    expect(page.writeup).toBeNull();
    expect(page.writeupGone).toBe(false);
    expect(page.may.redraftWriteup).toBe(false);
  });

  it("waiting for sign-off: the mentor can't approve it, asks for changes, the newcomer drafts it again and sends it", async () => {
    const { assignmentId, draftId } = await drafted();
    expect(await publishWriteup(t.db, { viewer: asNewcomer(), writeupId: draftId })).toEqual({
      ok: true,
    });
    expect(await stateOf(assignmentId)).toBe("submitted");
    await t.db.deleteFrom("writeups").where("id", "=", draftId).execute();

    // Both pages say it is gone; only the newcomer may draft it again.
    const mine = await pageFor(assignmentId, asNewcomer());
    expect(mine.writeupGone).toBe(true);
    expect(mine.may.redraftWriteup).toBe(true);
    const theirs = await pageFor(assignmentId, asMentor());
    expect(theirs.writeupGone).toBe(true);
    expect(theirs.may.redraftWriteup).toBe(false);

    // Sending the deleted one again (a page left open): gone, not "the step moved on".
    expect(
      await submitWriteupStep(t.db, { viewer: asNewcomer(), writeupId: draftId, assignmentId }),
    ).toEqual({ ok: false, reason: "gone" });

    // Approving drafted it again and published it, unread: refused, nothing written.
    const writeupStep = mine.assignment.checkpoints.find((c) => c.key === "writeup")?.id ?? 0;
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: writeupStep,
        actor: asMentor(),
        decision: "approve",
        comment: "Looks good",
      }),
    ).toEqual({ ok: false, reason: "writeup_gone" });
    expect(await getAssignmentWriteup(t.db, assignmentId)).toBeNull();
    expect(await stateOf(assignmentId)).toBe("submitted");
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: writeupStep,
        actor: asMentor(),
        decision: "request_changes",
        comment: "It was deleted: draft it again, please.",
      }),
    ).toMatchObject({ ok: true, state: "changes_requested" });

    // Only the newcomer drafts it again; from the evidence, as the first time; once.
    expect(await redraftAssignmentWriteup(t.db, { assignmentId, actor: asMentor() })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    const again = await redraftAssignmentWriteup(t.db, { assignmentId, actor: asNewcomer() });
    if (!again.ok) throw new Error("refused");
    expect(again.drafted).toBe(true);
    expect(await redraftAssignmentWriteup(t.db, { assignmentId, actor: asNewcomer() })).toEqual({
      ok: true,
      writeupId: again.writeupId,
      drafted: false,
    });
    const redraft = await getAssignmentWriteup(t.db, assignmentId);
    expect(redraft).toMatchObject({ id: again.writeupId, status: "draft" });
    const row = await t.db
      .selectFrom("writeups")
      .select(["root_cause", "author_id"])
      .where("id", "=", again.writeupId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ root_cause: "The currency is formatted twice.", author_id: newcomer });
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["actor_id", "subject_id"])
      .where("action", "=", "writeup.redrafted")
      .execute();
    expect(audit).toEqual([{ actor_id: newcomer, subject_id: again.writeupId }]);
    expect((await pageFor(assignmentId, asNewcomer())).writeupGone).toBe(false);

    // Published, it goes back for sign-off, and the approval verifies this one.
    await fillIn(again.writeupId);
    expect(
      await publishWriteup(t.db, { viewer: asNewcomer(), writeupId: again.writeupId }),
    ).toEqual({ ok: true });
    expect(await stateOf(assignmentId)).toBe("resubmitted");
    // A second "Send it" (a double click) is no error: it is already waiting.
    expect(
      await submitWriteupStep(t.db, {
        viewer: asNewcomer(),
        writeupId: again.writeupId,
        assignmentId,
      }),
    ).toEqual({ ok: true, sent: false });
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: writeupStep,
        actor: asMentor(),
        decision: "approve",
        comment: "",
      }),
    ).toMatchObject({ ok: true, state: "approved" });
    expect(await getAssignmentWriteup(t.db, assignmentId)).toMatchObject({
      id: again.writeupId,
      status: "published",
    });
  });

  it("a draft deleted before it was published is drafted again the same way, and not by a finished assignment", async () => {
    const { assignmentId, draftId } = await drafted();
    await t.db.deleteFrom("writeups").where("id", "=", draftId).execute();
    const page = await pageFor(assignmentId, asNewcomer());
    expect(page.writeupGone).toBe(true);
    expect(page.may.redraftWriteup).toBe(true);
    await t.db
      .updateTable("assignments")
      .set({ status: "released" })
      .where("id", "=", assignmentId)
      .execute();
    expect(await redraftAssignmentWriteup(t.db, { assignmentId, actor: asNewcomer() })).toEqual({
      ok: false,
      reason: "not_active",
    });
    expect((await pageFor(assignmentId, asNewcomer())).may.redraftWriteup).toBe(false);
  });
});
