import type { KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getStepHistoryWindow } from "~/mentoring/assignment-page.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { claimTicket } from "~/mentoring/claims.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

// A step's card shows its newest evidence and comments; "Show older" asks for one list's window
// further back. That window is read alone (not the whole assignment page), by whoever may see
// the assignment, and costs what fifty items cost however long the step's history is.

const COMMENTS = 1202;

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
let otherNewcomer: number;
let assignmentId: number;
let stepId: number;
let otherStepId: number;
let commentIds: number[];

beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 3 });
  newcomer = await buildTestUser(t.db, "newcomer");
  otherNewcomer = await buildTestUser(t.db, "newcomer");
  const claim = async (title: string, who: number) => {
    const ticketId = await createTicket(t.db, {
      actorId: lead,
      ticket: { title, body: "", component: "billing", labels: [], difficulty: 1, starter: true },
    });
    const result = await claimTicket(t.db, {
      ticketId,
      newcomerId: who,
      mentorId: mentor,
      defaultLimit: 5,
    });
    if (!result.ok) throw new Error("claim failed");
    const a = await getAssignment(t.db, result.assignmentId);
    return { id: result.assignmentId, steps: a?.checkpoints.map((c) => c.id) ?? [] };
  };
  const mine = await claim("Total shows $", newcomer);
  const theirs = await claim("Refund rounds down", otherNewcomer);
  assignmentId = mine.id;
  stepId = mine.steps[0] ?? 0;
  otherStepId = theirs.steps[0] ?? 0;
  // Through the database (the setup, not what is tested): 1,202 comments of back and forth.
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  for (let from = 0; from < COMMENTS; from += 200) {
    await t.db
      .insertInto("checkpoint_comments")
      .values(
        Array.from({ length: Math.min(200, COMMENTS - from) }, (_, j) => ({
          assignment_checkpoint_id: stepId,
          author_id: (from + j) % 2 ? mentor : newcomer,
          kind: "comment" as const,
          body: `Comment ${from + j}`,
          created_at: at(from + j),
        })),
      )
      .execute();
  }
  commentIds = (
    await t.db
      .selectFrom("checkpoint_comments")
      .select("id")
      .where("assignment_checkpoint_id", "=", stepId)
      .orderBy("id")
      .execute()
  ).map((r) => r.id);
});
afterEach(async () => {
  await t.close();
});

/** Every row any query returns, counted on its way out of the database. */
function countingRows() {
  const counted = { rows: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      counted.rows += args.result.rows.length;
      return args.result;
    },
  };
  return { db: t.db.withPlugin(plugin), counted };
}

describe("a step's older window, read alone", () => {
  it("is the fifty comments before the cursor, oldest first, reading about as many rows", async () => {
    const { db, counted } = countingRows();
    const before = commentIds.at(-50) ?? 0;
    const got = await getStepHistoryWindow(db, {
      assignmentId,
      stepId,
      list: "comments",
      before,
      viewer: { id: newcomer, role: "newcomer" },
    });
    if (!got.ok || got.window.list !== "comments") throw new Error("refused");
    expect(got.window.items.map((c) => c.id)).toEqual(commentIds.slice(-100, -50));
    expect(got.window.items.filter((c) => c.byViewer).length).toBe(25);
    expect(got.window.older).toBeGreaterThan(0);
    // The assignment and its seven steps, the fifty comments and a count: no other list.
    expect(counted.rows).toBeLessThan(70);
  });

  it("is refused to a newcomer on another assignment, and a step elsewhere is not found", async () => {
    const asOther = { id: otherNewcomer, role: "newcomer" as const };
    expect(
      await getStepHistoryWindow(t.db, {
        assignmentId,
        stepId,
        list: "comments",
        before: null,
        viewer: asOther,
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await getStepHistoryWindow(t.db, {
        assignmentId,
        stepId: otherStepId,
        list: "evidence",
        before: null,
        viewer: { id: mentor, role: "mentor" },
      }),
    ).toEqual({ ok: false, reason: "not_found" });
    expect(
      await getStepHistoryWindow(t.db, {
        assignmentId: 999_999,
        stepId,
        list: "comments",
        before: null,
        viewer: { id: lead, role: "lead" },
      }),
    ).toEqual({ ok: false, reason: "not_found" });
  });
});
