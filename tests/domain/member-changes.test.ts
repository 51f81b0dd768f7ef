import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getMember, setMemberStatus, updateMember } from "~/auth/users.server";
import { keepMenteesReviewed, MenteesLeftError } from "~/mentoring/member-changes.server";
import { handOverMentee } from "~/mentoring/mentor-actions.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

// Nobody is left isolated: a lead cannot deactivate a mentor, or take their mentor role away,
// while active assignments still have them as the mentor; each is handed over first.

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
