import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { acceptInvite, createInvite, revokeInvite } from "~/auth/invites.server";
import * as passwords from "~/auth/password.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

// Hashing a password (argon2) is the costly part of accepting an invite. A made-up, spent or
// withdrawn token is refused before it, so guessing at invite links can't slow everyone down.
// The real hash still runs when it should: the spy only counts the calls.
vi.mock("~/auth/password.server", { spy: true });

let t: TestDatabase;
let lead: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  vi.mocked(passwords.hashPassword).mockClear();
});
afterEach(async () => {
  await t.close();
});

const invite = (email: string) => ({
  email,
  name: "김민준",
  role: "newcomer" as const,
  startDate: "2026-10-05",
  capacity: null,
  components: [],
});

describe("accepting an invite", () => {
  it("hashes no password for a token that names no open invite", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    const attempt = (token: string, at = now) =>
      acceptInvite(t.db, { token, name: "김민준", password: "twelve-chars-ok" }, at);

    expect(await attempt("made-up")).toEqual({ ok: false, reason: "not_found" });

    const withdrawn = await createInvite(
      t.db,
      { invitedBy: lead, invite: invite("withdrawn@koan.test"), validDays: 7 },
      now,
    );
    if (!withdrawn.ok) throw new Error("invite refused");
    await revokeInvite(t.db, { inviteId: withdrawn.inviteId, actorId: lead }, now);
    expect(await attempt(withdrawn.token)).toEqual({ ok: false, reason: "revoked" });

    const late = await createInvite(
      t.db,
      { invitedBy: lead, invite: invite("late@koan.test"), validDays: 7 },
      now,
    );
    if (!late.ok) throw new Error("invite refused");
    expect(await attempt(late.token, new Date("2026-12-09T10:00:00Z"))).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(passwords.hashPassword).not.toHaveBeenCalled();

    // An open invite is accepted, with its password hashed once; the spent link then hashes nothing.
    expect(await attempt(late.token)).toMatchObject({ ok: true });
    expect(passwords.hashPassword).toHaveBeenCalledTimes(1);
    expect(await attempt(late.token)).toEqual({ ok: false, reason: "used" });
    expect(passwords.hashPassword).toHaveBeenCalledTimes(1);
  });
});
