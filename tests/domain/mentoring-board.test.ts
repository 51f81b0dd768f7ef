import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimTicket } from "~/mentoring/claims.server";
import { getMentoringBoard } from "~/mentoring/mentoring-board.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
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
    getMentoringBoard(t.db, { viewer, staleDays: 7, stuckWorkingDays: 3 });

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
    expect(view.staleCount).toBe(0);
  });
});
