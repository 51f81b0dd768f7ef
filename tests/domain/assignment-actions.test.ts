import type { KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { k } from "~/lib/i18n/messages";
import {
  type AssignmentActionOutcome,
  actOnAssignment,
} from "~/mentoring/assignment-actions.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

// A form on the assignment page (a comment, a review, a nudge) costs the same on an assignment
// discussed in thousands of comments as on a new one: it reads who is on the assignment and where
// each step stands, never the steps' evidence and comments (the page shows those, a window at a
// time; no form needs them).

describe("The assignment page's forms on a long assignment", () => {
  let t: TestDatabase;
  let lead: number;
  let mentor: number;
  let newcomer: number;
  let assignmentId: number;
  let reproduce: number;

  beforeEach(async () => {
    t = await createTestDatabase();
    lead = await buildTestUser(t.db, "lead");
    mentor = await buildTestUser(t.db, "mentor", { name: "Tomás Rivera", components: ["billing"] });
    newcomer = await buildTestUser(t.db, "newcomer", { name: "Ana" });
    const claim = await claimStarter(t.db, { lead, newcomer, mentor });
    assignmentId = claim.assignmentId;
    reproduce = claim.step.reproduce ?? 0;
    // Through the database (the setup, not what is tested): 60 pieces of evidence sent for review
    // on Reproduce, and 1,200 comments of back and forth on it.
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    await t.db
      .insertInto("evidence")
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          assignment_checkpoint_id: reproduce,
          author_id: newcomer,
          notes: `Tried invoice ${i}.`,
          links: "[]",
          minutes: null,
          created_at: at(i),
        })),
      )
      .execute();
    for (let from = 0; from < 1200; from += 200) {
      await t.db
        .insertInto("checkpoint_comments")
        .values(
          Array.from({ length: 200 }, (_, j) => ({
            assignment_checkpoint_id: reproduce,
            author_id: (from + j) % 2 ? newcomer : mentor,
            kind: "comment" as const,
            body: `Comment ${from + j}: still looking at the rounding.`,
            created_at: at(60 + from + j),
          })),
        )
        .execute();
    }
    await t.db
      .updateTable("assignment_checkpoints")
      .set({ state: "submitted" })
      .where("id", "=", reproduce)
      .execute();
  });
  afterEach(async () => {
    await t.close();
  });

  /** Does one form as `actorId`, counting every row any query returns on its way out of SQLite. */
  async function post(
    actorId: number,
    role: "newcomer" | "mentor" | "lead",
    fields: Record<string, string>,
  ): Promise<{ outcome: AssignmentActionOutcome; rows: number }> {
    let rows = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        rows += args.result.rows.length;
        return args.result;
      },
    };
    const formData = new FormData();
    for (const [name, value] of Object.entries(fields)) formData.set(name, value);
    const outcome = await actOnAssignment(t.db.withPlugin(counting), {
      assignmentId,
      actor: { id: actorId, role },
      formData,
    });
    return { outcome, rows };
  }

  it("a comment, a review and a nudge each read a few dozen rows, not the 1,260 of the step", async () => {
    const comment = await post(newcomer, "newcomer", {
      intent: "comment",
      checkpointId: String(reproduce),
      body: "Found it: the total rounds twice.",
    });
    expect(comment.outcome).toEqual({ kind: "done", success: k("mentoring.flash.commentAdded") });
    // Before, each form read the whole assignment twice over: 1,260 rows and more.
    expect(comment.rows).toBeGreaterThan(0);
    expect(comment.rows).toBeLessThan(50);

    const review = await post(mentor, "mentor", {
      intent: "request_changes",
      checkpointId: String(reproduce),
      comment: "Please add the invoice id.",
    });
    expect(review.outcome).toEqual({
      kind: "done",
      success: k("mentoring.flash.changesRequested"),
    });
    expect(review.rows).toBeLessThan(50);

    // A mentor's own form reads the assignment again afterwards (may they still see it?).
    const nudge = await post(mentor, "mentor", { intent: "nudge", message: "How is it going?" });
    expect(nudge.outcome).toEqual({
      kind: "done",
      success: k("mentoring.flash.nudged", { name: "Ana" }),
    });
    expect(nudge.rows).toBeLessThan(50);
  });

  it("a signed-off root cause drafts the write-up from the evidence, not reading the comments", async () => {
    const rootCause = (
      await t.db
        .selectFrom("assignment_checkpoints as ac")
        .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
        .select("ac.id")
        .where("ac.assignment_id", "=", assignmentId)
        .where("tc.key", "=", "root_cause")
        .executeTakeFirstOrThrow()
    ).id;
    await t.db
      .insertInto("evidence")
      .values({
        assignment_checkpoint_id: rootCause,
        author_id: newcomer,
        notes: "The total is rounded per line and again at the end.",
        links: "[]",
        minutes: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    await t.db
      .updateTable("assignment_checkpoints")
      .set({ state: "submitted" })
      .where("id", "=", rootCause)
      .execute();
    const approve = await post(mentor, "mentor", {
      intent: "approve",
      checkpointId: String(rootCause),
    });
    expect(approve.outcome).toEqual({ kind: "done", success: k("mentoring.flash.approved") });
    const draft = await t.db
      .selectFrom("writeups")
      .select(["root_cause", "status"])
      .where("assignment_id", "=", assignmentId)
      .executeTakeFirstOrThrow();
    expect(draft).toEqual({
      root_cause: "The total is rounded per line and again at the end.",
      status: "draft",
    });
    // Every piece of evidence is read (the draft lists each link given): 61 of them, and the
    // rest of the sign-off; not the 1,200 comments, which no draft uses.
    expect(approve.rows).toBeLessThan(200);
  });

  it("refuses a form from someone the assignment is no longer theirs, saying who has it, cheaply", async () => {
    const other = await buildTestUser(t.db, "mentor", { name: "Mina Park" });
    const lost = await post(other, "mentor", {
      intent: "comment",
      checkpointId: String(reproduce),
      body: "Any news?",
    });
    expect(lost.outcome).toEqual({
      kind: "lost",
      message: k("mentoring.assignment.mentorNow", { mentor: "Tomás Rivera", newcomer: "Ana" }),
    });
    expect(lost.rows).toBeLessThan(20);
    expect((await post(newcomer, "newcomer", { intent: "comment" })).outcome).toMatchObject({
      kind: "invalid",
    });
  });

  it("says an assignment that is not there is not found", async () => {
    assignmentId = 9999;
    expect((await post(lead, "lead", { intent: "nudge" })).outcome).toEqual({ kind: "not_found" });
  });
});
