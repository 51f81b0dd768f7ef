import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acceptInvite, createInvite, findInvite, revokeInvite } from "~/auth/invites.server";
import { attemptLogin } from "~/auth/login.server";
import {
  changeOwnName,
  getMember,
  LastLeadError,
  setMemberStatus,
  setOwnLocale,
  setOwnTimeZone,
  updateMember,
} from "~/auth/users.server";
import { addDays } from "~/lib/time";
import { buildTestUser, buildUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let lead: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
});
afterEach(async () => {
  await t.close();
});

const newcomerInvite = (email: string) => ({
  email,
  name: "Minjun",
  role: "newcomer" as const,
  startDate: "2026-10-05",
  capacity: null,
  components: [],
});

describe("invites", () => {
  it("create a one-time link, accept it once with a name and password", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    const created = await createInvite(
      t.db,
      { invitedBy: lead, invite: newcomerInvite("minjun@koan.test"), validDays: 7 },
      now,
    );
    if (!created.ok) throw new Error("invite refused");
    expect(created.expiresAt).toBe("2026-12-02T10:00:00.000Z");
    expect(await findInvite(t.db, created.token, now)).toMatchObject({
      state: "open",
      email: "minjun@koan.test",
    });

    const accepted = await acceptInvite(
      t.db,
      { token: created.token, name: "김민준", password: "twelve-chars-ok" },
      now,
    );
    if (!accepted.ok) throw new Error(`accept failed: ${accepted.reason}`);
    expect(await getMember(t.db, accepted.userId)).toMatchObject({
      name: "김민준",
      role: "newcomer",
      cohort: "2026-10",
      email: "minjun@koan.test",
    });
    expect(
      await attemptLogin(
        t.db,
        { email: "minjun@koan.test", password: "twelve-chars-ok", ip: null },
        { maxFailures: 10, windowMinutes: 15 },
      ),
    ).toMatchObject({ ok: true });

    const again = await acceptInvite(
      t.db,
      { token: created.token, name: "Someone", password: "another-password" },
      now,
    );
    expect(again).toEqual({ ok: false, reason: "used" });
  });

  it("refuse an expired link", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    const created = await createInvite(
      t.db,
      { invitedBy: lead, invite: newcomerInvite("late@koan.test"), validDays: 7 },
      now,
    );
    if (!created.ok) throw new Error("invite refused");
    const later = addDays(now, 7);
    expect(await findInvite(t.db, created.token, later)).toMatchObject({ state: "expired" });
    expect(
      await acceptInvite(
        t.db,
        { token: created.token, name: "Late", password: "twelve-chars-ok" },
        later,
      ),
    ).toEqual({ ok: false, reason: "expired" });
    expect(
      await t.db.selectFrom("users").select("id").where("email", "=", "late@koan.test").execute(),
    ).toEqual([]);
  });

  it("refuse an unknown token", async () => {
    expect(
      await acceptInvite(t.db, { token: "made-up", name: "X", password: "twelve-chars-ok" }),
    ).toEqual({ ok: false, reason: "not_found" });
  });

  it("refuse to invite an e-mail already in use, whatever its case", async () => {
    await buildUser(t.db, { email: "taken@koan.test", name: "Taken", role: "mentor" });
    const result = await createInvite(t.db, {
      invitedBy: lead,
      invite: newcomerInvite("TAKEN@koan.test"),
      validDays: 7,
    });
    expect(result).toEqual({ ok: false, reason: "email_taken" });
  });

  it("refuse a link whose e-mail was taken after the invite was sent, and keep the invite open", async () => {
    const created = await createInvite(t.db, {
      invitedBy: lead,
      invite: newcomerInvite("race@koan.test"),
      validDays: 7,
    });
    if (!created.ok) throw new Error("invite refused");
    await buildUser(t.db, { email: "race@koan.test", name: "Race", role: "newcomer" });
    expect(
      await acceptInvite(t.db, { token: created.token, name: "R", password: "twelve-chars-ok" }),
    ).toEqual({ ok: false, reason: "email_taken" });
    expect(await findInvite(t.db, created.token)).toMatchObject({ state: "open" });
  });

  it("inviting the same e-mail again replaces the older link; a withdrawn link is refused", async () => {
    const first = await createInvite(t.db, {
      invitedBy: lead,
      invite: newcomerInvite("twice@koan.test"),
      validDays: 7,
    });
    const second = await createInvite(t.db, {
      invitedBy: lead,
      invite: newcomerInvite("twice@koan.test"),
      validDays: 7,
    });
    if (!first.ok || !second.ok) throw new Error("invite refused");
    expect(await findInvite(t.db, first.token)).toMatchObject({ state: "revoked" });
    expect(await revokeInvite(t.db, { actorId: lead, inviteId: second.inviteId })).toBe(true);
    expect(await revokeInvite(t.db, { actorId: lead, inviteId: second.inviteId })).toBe(false);
    expect(
      await acceptInvite(t.db, { token: second.token, name: "T", password: "twelve-chars-ok" }),
    ).toEqual({ ok: false, reason: "revoked" });
  });

  it("give a mentor invite its components and capacity", async () => {
    const created = await createInvite(t.db, {
      invitedBy: lead,
      invite: {
        email: "m@koan.test",
        name: null,
        role: "mentor",
        startDate: null,
        capacity: 4,
        components: ["billing", "search"],
      },
      validDays: 7,
    });
    if (!created.ok) throw new Error("invite refused");
    const accepted = await acceptInvite(t.db, {
      token: created.token,
      name: "Mentor M",
      password: "twelve-chars-ok",
    });
    if (!accepted.ok) throw new Error("accept failed");
    expect(await getMember(t.db, accepted.userId)).toMatchObject({
      role: "mentor",
      capacity: 4,
      components: ["billing", "search"],
      cohort: null,
    });
  });
});

/** A mentor's role details as a lead's member form saves them, with this capacity. */
const asMentor = (capacity: number) => ({
  role: "mentor" as const,
  startDate: null,
  capacity,
  components: ["auth"],
});

describe("roles and deactivation", () => {
  it("a lead cannot remove the last lead, by role change or deactivation", async () => {
    await expect(
      updateMember(t.db, {
        actorId: lead,
        userId: lead,
        changes: { role: "mentor", startDate: null, capacity: 2, components: [] },
      }),
    ).rejects.toBeInstanceOf(LastLeadError);
    await expect(
      setMemberStatus(t.db, { actorId: lead, userId: lead, status: "deactivated" }),
    ).rejects.toBeInstanceOf(LastLeadError);
    expect(await getMember(t.db, lead)).toMatchObject({ role: "lead", status: "active" });

    const second = await buildTestUser(t.db, "lead");
    expect(
      await updateMember(t.db, {
        actorId: second,
        userId: lead,
        changes: { role: "mentor", startDate: null, capacity: 3, components: ["auth"] },
      }),
    ).toBe("updated");
    expect(await getMember(t.db, lead)).toMatchObject({
      role: "mentor",
      capacity: 3,
      components: ["auth"],
    });
    await expect(
      setMemberStatus(t.db, { actorId: second, userId: second, status: "deactivated" }),
    ).rejects.toBeInstanceOf(LastLeadError);
  });

  it("refuse a save based on an older version of the person, writing nothing", async () => {
    const mentor = await buildTestUser(t.db, "mentor");
    const other = await buildTestUser(t.db, "lead");
    const opened = (await getMember(t.db, mentor))?.version;
    if (!opened) throw new Error("the mentor has no version");
    const first = await updateMember(
      t.db,
      { actorId: other, userId: mentor, changes: asMentor(4), expectedUpdatedAt: opened },
      new Date("2030-01-01T09:00:00Z"),
    );
    expect(first).toBe("updated");
    const second = await updateMember(
      t.db,
      { actorId: lead, userId: mentor, changes: asMentor(1), expectedUpdatedAt: opened },
      new Date("2030-01-01T09:00:05Z"),
    );
    expect(second).toEqual({ stale: "2030-01-01T09:00:00.000Z" });
    expect(await getMember(t.db, mentor)).toMatchObject({
      capacity: 4,
      version: "2030-01-01T09:00:00.000Z",
    });
    const audited = await t.db
      .selectFrom("audit_events")
      .select("actor_id")
      .where("subject_id", "=", mentor)
      .where("action", "=", "user.updated")
      .execute();
    expect(audited).toEqual([{ actor_id: other }]);
    // Saving again from the version now keeps the later lead's change.
    expect(
      await updateMember(t.db, {
        actorId: lead,
        userId: mentor,
        changes: asMentor(1),
        expectedUpdatedAt: "2030-01-01T09:00:00.000Z",
      }),
    ).toBe("updated");
    expect(await getMember(t.db, mentor)).toMatchObject({ capacity: 1 });
  });

  it("let a lead save over the person's own changes (name, language, time zone), not over another lead's", async () => {
    const mentor = await buildTestUser(t.db, "mentor");
    const other = await buildTestUser(t.db, "lead");
    const opened = (await getMember(t.db, mentor))?.version;
    if (!opened) throw new Error("the mentor has no version");
    // While the lead's form is open, the mentor renames themself and picks a language and zone.
    expect(
      await changeOwnName(
        t.db,
        { userId: mentor, name: "Priya S." },
        new Date("2030-01-01T08:00:00Z"),
      ),
    ).toBe("updated");
    await setOwnLocale(t.db, { userId: mentor, locale: "ko" }, new Date("2030-01-01T08:01:00Z"));
    await setOwnTimeZone(
      t.db,
      { userId: mentor, timeZone: "Asia/Seoul" },
      new Date("2030-01-01T08:02:00Z"),
    );
    expect((await getMember(t.db, mentor))?.version).toBe(opened);
    expect(
      await updateMember(
        t.db,
        { actorId: lead, userId: mentor, changes: asMentor(3), expectedUpdatedAt: opened },
        new Date("2030-01-01T09:00:00Z"),
      ),
    ).toBe("updated");
    expect(await getMember(t.db, mentor)).toMatchObject({
      name: "Priya S.",
      capacity: 3,
      version: "2030-01-01T09:00:00.000Z",
    });
    // Another lead, from the page as it was before that save, is still refused.
    expect(
      await updateMember(
        t.db,
        { actorId: other, userId: mentor, changes: asMentor(1), expectedUpdatedAt: opened },
        new Date("2030-01-01T09:00:05Z"),
      ),
    ).toEqual({ stale: "2030-01-01T09:00:00.000Z" });
    // So is a save opened before another lead deactivated them.
    const before = (await getMember(t.db, mentor))?.version;
    await setMemberStatus(
      t.db,
      { actorId: other, userId: mentor, status: "deactivated" },
      new Date("2030-01-01T09:10:00Z"),
    );
    expect(
      await updateMember(t.db, {
        actorId: lead,
        userId: mentor,
        changes: asMentor(2),
        expectedUpdatedAt: before,
      }),
    ).toEqual({ stale: "2030-01-01T09:10:00.000Z" });
    expect(await getMember(t.db, mentor)).toMatchObject({ capacity: 3, status: "deactivated" });
  });

  it("record who changed a role", async () => {
    const ana = await buildTestUser(t.db, "newcomer");
    await updateMember(t.db, {
      actorId: lead,
      userId: ana,
      changes: { role: "mentor", startDate: null, capacity: null, components: [] },
    });
    const events = await t.db
      .selectFrom("audit_events")
      .selectAll()
      .where("subject_id", "=", ana)
      .execute();
    expect(events.map((e) => [e.action, e.actor_id, JSON.parse(e.data)])).toEqual([
      ["user.role_changed", lead, { from: "newcomer", to: "mentor" }],
    ]);
  });

  it("report a missing user as not found", async () => {
    expect(
      await setMemberStatus(t.db, { actorId: lead, userId: 9999, status: "deactivated" }),
    ).toBe("not_found");
  });
});

describe("a newcomer's start date, when none is given", () => {
  // 08:30 on 1 October in Seoul is still 30 September in UTC: the cohort is October's there.
  const seoulMorning = new Date("2026-09-30T23:30:00Z");

  it("is today on the organisation's calendar when they accept an invite", async () => {
    const created = await createInvite(
      t.db,
      {
        invitedBy: lead,
        invite: { ...newcomerInvite("jiwoo@koan.test"), startDate: null },
        validDays: 7,
      },
      seoulMorning,
    );
    if (!created.ok) throw new Error("invite refused");
    const accepted = await acceptInvite(
      t.db,
      {
        token: created.token,
        name: "한지우",
        password: "twelve-chars-ok",
        defaultTimeZone: "Asia/Seoul",
      },
      seoulMorning,
    );
    if (!accepted.ok) throw new Error(`accept failed: ${accepted.reason}`);
    expect(await getMember(t.db, accepted.userId)).toMatchObject({
      startDate: "2026-10-01",
      cohort: "2026-10",
    });
  });

  it("is today on the organisation's calendar when a lead makes someone a newcomer", async () => {
    const mentor = await buildTestUser(t.db, "mentor");
    await updateMember(
      t.db,
      {
        actorId: lead,
        userId: mentor,
        changes: { role: "newcomer", startDate: null, capacity: null, components: [] },
        defaultTimeZone: "Asia/Seoul",
      },
      seoulMorning,
    );
    expect(await getMember(t.db, mentor)).toMatchObject({
      startDate: "2026-10-01",
      cohort: "2026-10",
    });
  });
});
