import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setMemberStatus } from "~/auth/users.server";
import { translate } from "~/lib/i18n/catalogs.server";
import { k } from "~/lib/i18n/messages";
import { addComment } from "~/mentoring/checkpoints.server";
import { setNotificationPreferences } from "~/mentoring/notification-preferences.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

// "I'm stuck" always reaches someone, or the newcomer is told plainly that it did not.

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead", { name: "Seo-yeon Park" });
  mentor = await buildTestUser(t.db, "mentor", { capacity: 5, name: "Tomás Rivera" });
  newcomer = await buildTestUser(t.db, "newcomer");
});
afterEach(async () => {
  await t.close();
});

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 10, d, h));
const helpRequests = (userId: number) =>
  t.db
    .selectFrom("notifications")
    .select(["id", "link"])
    .where("user_id", "=", userId)
    .where("kind", "=", "help_requested")
    .execute();
const stuck = (step: number, at: Date) =>
  addComment(
    t.db,
    {
      assignmentCheckpointId: step,
      actor: { id: newcomer, role: "newcomer" },
      body: "I tried the totals module; where is rounding done?",
      kind: "stuck",
    },
    at,
  );
const muteHelp = (userId: number, role: "mentor" | "lead") =>
  setNotificationPreferences(t.db, {
    userId,
    role,
    enabled: ["review_requested", "stuck", "new_mentee", "comment", "approved", "digest"],
  });

describe("I'm stuck", () => {
  it("reaches the mentor when they take requests for help, and says so by name", async () => {
    const { step } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    const result = await stuck(step.locate as number, day(3));
    expect(result).toMatchObject({ ok: true, told: { to: "mentor", names: "Tomás Rivera" } });
    expect(await helpRequests(mentor)).toHaveLength(1);
    expect(await helpRequests(lead)).toEqual([]);
  });

  it("goes to the leads when the mentor turned requests for help off, and the newcomer is told", async () => {
    const { step, assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    await muteHelp(mentor, "mentor");
    const result = await stuck(step.locate as number, day(3));
    expect(await helpRequests(mentor)).toEqual([]);
    const leadItems = await helpRequests(lead);
    expect(leadItems).toMatchObject([
      { link: expect.stringContaining(`/assignments/${assignmentId}`) },
    ]);
    expect(result).toMatchObject({
      ok: true,
      told: { to: "leads", names: "Seo-yeon Park", count: 1 },
    });
    const told = result.ok && result.told?.to === "leads" ? result.told : null;
    const flash = k("mentoring.flash.helpAskedLeads", {
      names: told?.names ?? "",
      count: told?.count ?? 0,
    });
    expect(translate("en").msg(flash)).toBe(
      "Your request couldn't go to your mentor right now, so your lead Seo-yeon Park was told instead, with your note.",
    );
    expect(translate("ko").msg(flash)).toContain("리드 Seo-yeon Park 님에게");
  });

  it("goes to the leads when the mentor has been deactivated", async () => {
    const { step } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    await setMemberStatus(
      t.db,
      { actorId: lead, userId: mentor, status: "deactivated" },
      day(2, 10),
    );
    const result = await stuck(step.locate as number, day(3));
    expect(result).toMatchObject({ ok: true, told: { to: "leads" } });
    expect(await helpRequests(lead)).toHaveLength(1);
  });

  it("when nobody takes requests for help, tells the newcomer plainly whom to ask", async () => {
    const { step } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    await muteHelp(mentor, "mentor");
    await muteHelp(lead, "lead");
    const result = await stuck(step.locate as number, day(3));
    expect(result).toMatchObject({
      ok: true,
      told: { to: "nobody", names: "Tomás Rivera, Seo-yeon Park" },
    });
    const flash = k("mentoring.flash.helpAskedNobody", { names: "Tomás Rivera, Seo-yeon Park" });
    expect(translate("en").msg(flash)).toMatch(
      /^Nobody could be told in Koan: .* Ask Tomás Rivera, Seo-yeon Park directly/,
    );
    expect(translate("ko").msg(flash)).toMatch(/^Koan에서는 아무에게도 알리지 못했어요/);
    // The note itself stays on the step.
    const notes = await t.db
      .selectFrom("checkpoint_comments")
      .select("kind")
      .where("assignment_checkpoint_id", "=", step.locate as number)
      .execute();
    expect(notes).toEqual([{ kind: "stuck" }]);
  });
});
