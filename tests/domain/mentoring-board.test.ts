import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addDays } from "~/lib/time";
import { getAssignment } from "~/mentoring/assignments.server";
import { workingDaysBetween } from "~/mentoring/checkpoint-states";
import { addComment, submitEvidence } from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import {
  BOARD_PAGE_SIZE,
  getMentoringBoard,
  STUCK_NAMED,
} from "~/mentoring/mentoring-board.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser, buildUsers } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

describe("the mentoring board", () => {
  let t: TestDatabase;
  let lead: number;
  let ines: number;
  let omar: number;

  beforeEach(async () => {
    t = await createTestDatabase();
    lead = await buildTestUser(t.db, "lead");
    ines = await buildTestUser(t.db, "mentor", {
      name: "Ines",
      capacity: 1,
      components: ["billing"],
    });
    omar = await buildTestUser(t.db, "mentor", { name: "Omar", capacity: 3, components: [] });
    for (const [name, mentorId] of [
      ["Ana", ines],
      ["Leo", omar],
    ] as const) {
      const newcomer = await buildTestUser(t.db, "newcomer", { name });
      const ticketId = await createTicket(t.db, {
        actorId: lead,
        ticket: {
          title: `Rounding error for ${name}`,
          body: "",
          component: "billing",
          labels: [],
          difficulty: 1,
          starter: true,
        },
      });
      const claim = await claimTicket(t.db, {
        ticketId,
        newcomerId: newcomer,
        mentorId,
        defaultLimit: 1,
      });
      if (!claim.ok) throw new Error(claim.reason);
    }
  });
  afterEach(async () => {
    await t.close();
  });

  const board = (viewer: { id: number; role: "mentor" | "lead" }) =>
    getMentoringBoard(t.db, { viewer, stuckWorkingDays: 3 });

  it("a lead sees every pairing and every mentor's load", async () => {
    const view = await board({ id: lead, role: "lead" });
    expect(view.allPairings).toBe(true);
    expect(view.myLoad).toBeNull();
    expect(view.assignments.map((a) => a.newcomerName).sort()).toEqual(["Ana", "Leo"]);
    expect(view.assignments[0]?.step).toMatchObject({ title: "Reproduce the bug", done: 0 });
    expect(view.mentors).toEqual([
      { id: ines, name: "Ines", active: 1, capacity: 1, full: true, components: ["billing"] },
      { id: omar, name: "Omar", active: 1, capacity: 3, full: false, components: [] },
    ]);
  });

  it("a mentor sees their own mentees, their own load and the team's", async () => {
    const view = await board({ id: omar, role: "mentor" });
    expect(view.allPairings).toBe(false);
    expect(view.assignments.map((a) => a.newcomerName)).toEqual(["Leo"]);
    expect(view.myLoad).toMatchObject({ id: omar, active: 1, capacity: 3 });
    expect(view.mentors.map((m) => m.name)).toEqual(["Ines", "Omar"]);
    expect(view.stuckCount).toBe(0);
  });

  it("says how long each stuck pairing has been stuck, the same in the call-out and its row", async () => {
    const asLead = { id: lead, role: "lead" as const };
    const pairings = (await board(asLead)).assignments;
    const since = new Map(pairings.map((a) => [a.newcomerName, new Date(a.lastProgressAt)]));
    const claimedAt = new Date(Math.max(...[...since.values()].map((d) => d.getTime())));
    // Two calendar days: not stuck yet (the rule counts working days, three of them).
    const soon = await getMentoringBoard(
      t.db,
      { viewer: asLead, stuckWorkingDays: 3 },
      addDays(claimedAt, 2),
    );
    expect(soon.stuckCount).toBe(0);
    expect(soon.assignments.map((a) => a.stuckDays)).toEqual([null, null]);

    const later = addDays(claimedAt, 9);
    const daysOf = (name: string) => workingDaysBetween(since.get(name) as Date, later);
    expect(daysOf("Ana")).toBeGreaterThan(3);
    const view = await getMentoringBoard(t.db, { viewer: asLead, stuckWorkingDays: 3 }, later);
    expect(view.stuckCount).toBe(2);
    // The actual count, not the rule's threshold, and each mentee's own mentor for a lead.
    expect(
      view.stuckNamed.map((s) => [s.newcomerName, s.workingDays, s.mentorName]).sort(),
    ).toEqual([
      ["Ana", daysOf("Ana"), "Ines"],
      ["Leo", daysOf("Leo"), "Omar"],
    ]);
    expect(view.assignments.map((a) => [a.newcomerName, a.stuckDays]).sort()).toEqual([
      ["Ana", daysOf("Ana")],
      ["Leo", daysOf("Leo")],
    ]);
    // A mentor's call-out names their own mentees only.
    const omarView = await getMentoringBoard(
      t.db,
      { viewer: { id: omar, role: "mentor" }, stuckWorkingDays: 3 },
      later,
    );
    expect(omarView.stuckNamed.map((s) => s.newcomerName)).toEqual(["Leo"]);
  });

  it('marks a mentee who said "I\'m stuck" until they make progress', async () => {
    const leo = (await board({ id: omar, role: "mentor" })).assignments[0];
    if (!leo) throw new Error("no pairing");
    expect(leo.helpAsked).toBe(false);
    const view = await getAssignment(t.db, leo.id);
    const [first, second] = view?.checkpoints ?? [];
    if (!view || !first || !second) throw new Error("no checkpoints");
    const newcomer = { id: view.newcomerId, role: "newcomer" as const };
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    // Asked on a later step than the board's current one: the pairing is marked all the same.
    const asked = await addComment(
      t.db,
      { assignmentCheckpointId: second.id, actor: newcomer, body: "막혔어요", kind: "stuck" },
      later(1),
    );
    expect(asked.ok).toBe(true);
    const mentorView = (await board({ id: omar, role: "mentor" })).assignments;
    expect(mentorView.map((a) => [a.newcomerName, a.helpAsked])).toEqual([["Leo", true]]);
    // The lead's view marks Leo's pairing only.
    const leadView = (await board({ id: lead, role: "lead" })).assignments;
    expect(Object.fromEntries(leadView.map((a) => [a.newcomerName, a.helpAsked]))).toEqual({
      Ana: false,
      Leo: true,
    });
    // Progress answers the request.
    const sent = await submitEvidence(
      t.db,
      {
        assignmentCheckpointId: first.id,
        actor: newcomer,
        evidence: { notes: "재현했어요", links: [], minutes: null },
      },
      later(2),
    );
    expect(sent.ok).toBe(true);
    expect((await board({ id: omar, role: "mentor" })).assignments[0]?.helpAsked).toBe(false);
  });

  it("a lead of a big team gets the pairings and the review queue a page at a time", async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const now = new Date();
    const hana = await buildTestUser(t.db, "mentor", { name: "멘토 한나", capacity: 200 });
    const newcomers = await buildUsers(
      t.db,
      Array.from({ length: 118 }, (_, i) => ({
        email: `newcomer-${i}@koan.test`,
        name: `신입 ${String(i).padStart(3, "0")}`,
        role: "newcomer" as const,
      })),
    );
    // The first 28 claimed 40 days ago and idle since (stuck, the longest first), the rest
    // over the last hours; the first 62 have sent their first checkpoint for review.
    for (const [i, newcomerId] of newcomers.entries()) {
      const at = new Date(now.getTime() - (i < 28 ? 40 * DAY - i * 60_000 : (200 - i) * 60_000));
      const ticketId = await createTicket(
        t.db,
        {
          actorId: lead,
          ticket: {
            title: `결제 오류 ${i}`,
            body: "",
            component: "billing",
            labels: [],
            difficulty: 1,
            starter: true,
          },
        },
        at,
      );
      const claim = await claimTicket(
        t.db,
        { ticketId, newcomerId, mentorId: hana, defaultLimit: 1 },
        at,
      );
      if (!claim.ok) throw new Error(claim.reason);
      if (i >= 62) continue;
      const view = await getAssignment(t.db, claim.assignmentId);
      const first = view?.checkpoints[0];
      if (!first) throw new Error("no checkpoint");
      const sent = await submitEvidence(
        t.db,
        {
          assignmentCheckpointId: first.id,
          actor: { id: newcomerId, role: "newcomer" },
          evidence: { notes: "재현했어요", links: [], minutes: null },
        },
        i < 28 ? at : new Date(at.getTime() + 1_000),
      );
      if (!sent.ok) throw new Error(sent.reason);
    }
    const page = (page: number, reviewsPage = 1) =>
      getMentoringBoard(
        t.db,
        {
          viewer: { id: lead, role: "lead" },
          stuckWorkingDays: 3,
          page,
          reviewsPage,
        },
        now,
      );

    const first = await page(1);
    expect(first.pairings).toEqual({ page: 1, pageCount: 3, total: 120 });
    expect(first.assignments).toHaveLength(BOARD_PAGE_SIZE);
    expect(first.assignments.every((a) => a.step !== null)).toBe(true);
    // Every stuck claim is counted; the call-out names the longest stuck few, the table starts
    // with them.
    expect(first.stuckCount).toBe(28);
    expect(first.stuckNamed).toHaveLength(STUCK_NAMED);
    expect(first.stuckNamed.map((a) => a.newcomerName)).toEqual(
      first.assignments.slice(0, STUCK_NAMED).map((a) => a.newcomerName),
    );
    expect(first.stuckNamed[0]?.newcomerName).toBe("신입 000");
    expect(first.reviews).toEqual({ page: 1, pageCount: 2, total: 62 });
    expect(first.queue).toHaveLength(BOARD_PAGE_SIZE);

    const last = await page(3, 2);
    expect(last.assignments).toHaveLength(20);
    expect(last.stuckCount).toBe(28);
    expect(last.queue).toHaveLength(12);
    const seen = new Set(
      [...first.assignments, ...(await page(2)).assignments, ...last.assignments].map((a) => a.id),
    );
    expect(seen.size).toBe(120);
    // A page past the end shows the last one.
    expect((await page(99, 99)).pairings.page).toBe(3);
    expect((await page(99, 99)).reviews.page).toBe(2);
  });
});
