import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getCohortsPage } from "~/mentoring/cohorts-page.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

describe("the Cohorts page", () => {
  let t: TestDatabase;
  let ines: number;
  const claimedAt = new Date("2026-10-01T09:00:00Z");
  const now = new Date("2026-11-06T12:00:00Z");

  beforeEach(async () => {
    t = await createTestDatabase();
    const lead = await buildTestUser(t.db, "lead");
    ines = await buildTestUser(t.db, "mentor", { name: "Ines", capacity: 1 });
    const omar = await buildTestUser(t.db, "mentor", { name: "Omar", capacity: 4 });
    for (const [name, mentorId] of [
      ["Ana", ines],
      ["Leo", omar],
    ] as const) {
      const newcomer = await buildTestUser(t.db, "newcomer", {
        name,
        startDate: "2026-09-01",
      });
      await claimStarter(
        t.db,
        { lead, newcomer, mentor: mentorId, title: `Rounding error for ${name}` },
        claimedAt,
      );
    }
  });
  afterEach(async () => {
    await t.close();
  });

  const page = (all: boolean) =>
    getCohortsPage(
      t.db,
      { cohort: null, workingDays: 3, weeks: 8, top: 1, allStuck: all, allMentors: all },
      now,
    );

  it("cuts long lists to their top rows and names each stuck newcomer's mentor", async () => {
    const top = await page(false);
    expect(top.mentors.map((m) => m.name)).toEqual(["Ines"]);
    expect(top).toMatchObject({ mentorsTotal: 2, fullMentors: 1, stuckTotal: 2, workingDays: 3 });
    expect(top.stuck).toHaveLength(1);
    const all = await page(true);
    expect(all.mentors.map((m) => m.name)).toEqual(["Ines", "Omar"]);
    expect(all.stuck.map((s) => s.mentorName).sort()).toEqual(["Ines", "Omar"]);
    expect(all.stuck.find((s) => s.mentorId === ines)?.newcomerName).toBe("Ana");
  });

  it("names the default track's steps in the viewer's language, a lead's own as written", async () => {
    const input = { cohort: null, workingDays: 3, weeks: 8, top: 5, allStuck: false };
    const english = await getCohortsPage(t.db, { ...input, allMentors: false }, now);
    const korean = await getCohortsPage(t.db, { ...input, allMentors: false, locale: "ko" }, now);
    expect(english.checkpoints.map((c) => c.title).slice(0, 3)).toEqual([
      "Reproduce the bug",
      "Find the code",
      "Root cause",
    ]);
    expect(korean.checkpoints.map((c) => c.title).slice(0, 3)).toEqual([
      "버그 재현",
      "코드 찾기",
      "근본 원인",
    ]);
    // A lead renamed the first step: it reads as they wrote it in every language.
    await t.db
      .updateTable("track_checkpoints")
      .set({ title: "Make it happen on staging" })
      .where("key", "=", "reproduce")
      .execute();
    const renamed = await getCohortsPage(t.db, { ...input, allMentors: true, locale: "ko" }, now);
    expect(renamed.checkpoints[0]?.title).toBe("Make it happen on staging");
  });
});
