import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "#db/schema";
import { getMember, setMemberStatus, updateMember } from "~/auth/users.server";
import { releaseClaim } from "~/mentoring/claims.server";
import {
  guardMemberChange,
  keepMenteesReviewed,
  MenteesLeftError,
  TicketsLeftError,
} from "~/mentoring/member-changes.server";
import { handOverMentee } from "~/mentoring/mentor-actions.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

// Nobody is left isolated: a lead cannot deactivate a mentor, or take their mentor role away,
// while active assignments still have them as the mentor; each is handed over first. Nor a
// newcomer while they hold a claimed ticket: it is released (or reassigned) first.

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor");
  newcomer = await buildTestUser(t.db, "newcomer");
});
afterEach(async () => {
  await t.close();
});

const asNewcomer = { role: "newcomer" as const, startDate: null, capacity: null, components: [] };

describe("a mentor with active mentees", () => {
  it("is not deactivated, nor made a newcomer, until their mentees are handed over", async () => {
    const { assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor });
    await expect(
      setMemberStatus(t.db, {
        actorId: lead,
        userId: mentor,
        status: "deactivated",
        guard: keepMenteesReviewed,
      }),
    ).rejects.toBeInstanceOf(MenteesLeftError);
    await expect(
      updateMember(t.db, {
        actorId: lead,
        userId: mentor,
        changes: asNewcomer,
        guard: keepMenteesReviewed,
      }),
    ).rejects.toMatchObject({ count: 1 });
    expect(await getMember(t.db, mentor)).toMatchObject({ role: "mentor", status: "active" });

    // Made a lead, they can still review: allowed.
    expect(
      await updateMember(t.db, {
        actorId: lead,
        userId: mentor,
        changes: { ...asNewcomer, role: "lead" },
        guard: keepMenteesReviewed,
      }),
    ).toBe("updated");
    await updateMember(t.db, {
      actorId: lead,
      userId: mentor,
      changes: { ...asNewcomer, role: "mentor", capacity: 2 },
    });

    const other = await buildTestUser(t.db, "mentor");
    const handed = await handOverMentee(t.db, {
      assignmentId,
      actor: { id: lead, role: "lead" },
      toMentorId: other,
      note: "",
    });
    expect(handed).toMatchObject({ ok: true });
    expect(
      await setMemberStatus(t.db, {
        actorId: lead,
        userId: mentor,
        status: "deactivated",
        guard: keepMenteesReviewed,
      }),
    ).toBe("updated");
  });
});

describe("a newcomer with a claimed ticket", () => {
  it("is not deactivated, nor given another role, until the ticket is released", async () => {
    const { ticketId } = await claimStarter(t.db, { lead, newcomer, mentor });
    const change = (changes: { role?: Role; startDate?: string }) =>
      updateMember(t.db, {
        actorId: lead,
        userId: newcomer,
        changes: { ...asNewcomer, ...changes },
        guard: guardMemberChange,
      });
    await expect(
      setMemberStatus(t.db, {
        actorId: lead,
        userId: newcomer,
        status: "deactivated",
        guard: guardMemberChange,
      }),
    ).rejects.toBeInstanceOf(TicketsLeftError);
    await expect(change({ role: "mentor" })).rejects.toMatchObject({ count: 1 });
    await expect(change({ role: "lead" })).rejects.toBeInstanceOf(TicketsLeftError);
    expect(await getMember(t.db, newcomer)).toMatchObject({ role: "newcomer", status: "active" });
    // Still a newcomer: their details change as before.
    expect(await change({ startDate: "2026-09-01" })).toBe("updated");

    expect(await releaseClaim(t.db, { ticketId, newcomerId: newcomer })).toBe(true);
    expect(
      await setMemberStatus(t.db, {
        actorId: lead,
        userId: newcomer,
        status: "deactivated",
        guard: guardMemberChange,
      }),
    ).toBe("updated");
  });
});
