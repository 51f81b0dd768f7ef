import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authenticateApiToken, createApiToken } from "~/auth/api-tokens.server";
import {
  changePassword,
  createPasswordReset,
  findPasswordReset,
  resetPassword,
} from "~/auth/credentials.server";
import { attemptLogin } from "~/auth/login.server";
import { createSession, findSessionUser } from "~/auth/sessions.server";
import { LINK_ATTEMPTS, takeAttempt } from "~/auth/throttle.server";
import { hashToken } from "~/auth/tokens.server";
import { setMemberStatus } from "~/auth/users.server";
import { addDays, addMinutes } from "~/lib/time";
import { buildTestUser, buildUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

const sessions = { idleDays: 7, maxDays: 30 };
const policy = { maxFailures: 10, windowMinutes: 15 };
const noWait = async () => undefined;
const now = new Date("2026-11-25T10:00:00Z");

let t: TestDatabase;
let lead: number;
let yuna: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  yuna = await buildUser(t.db, {
    email: "yuna@koan.test",
    name: "최유나",
    role: "mentor",
    password: "old-password-123",
  });
});
afterEach(async () => {
  await t.close();
});

const logIn = (password: string, at = now) =>
  attemptLogin(t.db, { email: "yuna@koan.test", password, ip: "10.0.0.1" }, policy, at, noWait);

describe("changing one's password", () => {
  it("needs the current password, ends the other sessions and keeps this one", async () => {
    const here = await createSession(t.db, { userId: yuna }, sessions, now);
    const laptop = await createSession(t.db, { userId: yuna }, sessions, now);
    const wrong = await changePassword(
      t.db,
      {
        userId: yuna,
        keepSessionId: hashToken(here.token),
        currentPassword: "not-it-at-all",
        newPassword: "새로운-비밀번호-2026",
      },
      now,
    );
    expect(wrong).toEqual({ ok: false, reason: "wrong_password" });
    expect((await logIn("old-password-123")).ok).toBe(true);

    const changed = await changePassword(
      t.db,
      {
        userId: yuna,
        keepSessionId: hashToken(here.token),
        currentPassword: "old-password-123",
        newPassword: "새로운-비밀번호-2026",
      },
      now,
    );
    expect(changed).toEqual({ ok: true, endedSessions: 1 });
    expect(await findSessionUser(t.db, here.token, sessions, now)).not.toBeNull();
    expect(await findSessionUser(t.db, laptop.token, sessions, now)).toBeNull();
    expect((await logIn("old-password-123")).ok).toBe(false);
    expect((await logIn("새로운-비밀번호-2026")).ok).toBe(true);
  });

  it("stops guessing at the current password after 10 wrong ones", async () => {
    const here = await createSession(t.db, { userId: yuna }, sessions, now);
    const input = {
      userId: yuna,
      keepSessionId: hashToken(here.token),
      currentPassword: "guess",
      newPassword: "a-new-password-1",
    };
    for (let i = 0; i < 10; i++) await changePassword(t.db, input, now);
    const refused = await changePassword(
      t.db,
      { ...input, currentPassword: "old-password-123" },
      now,
    );
    expect(refused).toEqual({ ok: false, reason: "rate_limited" });
  });
});

describe("password-reset links", () => {
  it("work once, set the password, end every session, and are stored hashed", async () => {
    const session = await createSession(t.db, { userId: yuna }, sessions, now);
    const made = await createPasswordReset(
      t.db,
      { actorId: lead, userId: yuna, validHours: 24 },
      now,
    );
    if (!made.ok) throw new Error("no link");
    const stored = await t.db.selectFrom("password_resets").select("token_hash").execute();
    expect(stored).toEqual([{ token_hash: hashToken(made.token) }]);
    expect(await findPasswordReset(t.db, made.token, now)).toMatchObject({
      name: "최유나",
      state: "open",
    });

    const used = await resetPassword(
      t.db,
      { token: made.token, password: "brand-new-password" },
      now,
    );
    expect(used).toEqual({ ok: true, userId: yuna, endedSessions: 1 });
    expect(await findSessionUser(t.db, session.token, sessions, now)).toBeNull();
    expect((await logIn("brand-new-password")).ok).toBe(true);
    expect((await logIn("old-password-123")).ok).toBe(false);

    const again = await resetPassword(
      t.db,
      { token: made.token, password: "another-password-1" },
      now,
    );
    expect(again).toEqual({ ok: false, reason: "used" });
    expect((await logIn("brand-new-password")).ok).toBe(true);
  });

  it("expire, are replaced by a newer link, refuse made-up tokens, and are for leads to make", async () => {
    const first = await createPasswordReset(
      t.db,
      { actorId: lead, userId: yuna, validHours: 24 },
      now,
    );
    const second = await createPasswordReset(
      t.db,
      { actorId: lead, userId: yuna, validHours: 24 },
      now,
    );
    if (!first.ok || !second.ok) throw new Error("no link");
    expect(
      await resetPassword(t.db, { token: first.token, password: "x-password-123" }, now),
    ).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect(
      await resetPassword(
        t.db,
        { token: second.token, password: "x-password-123" },
        addDays(now, 2),
      ),
    ).toEqual({ ok: false, reason: "expired" });
    expect(
      await resetPassword(t.db, { token: "made-up", password: "x-password-123" }, now),
    ).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(
      await createPasswordReset(t.db, { actorId: yuna, userId: lead, validHours: 24 }, now),
    ).toEqual({
      ok: false,
      reason: "forbidden",
    });
    // A member deactivated after the link was made can't use it.
    const third = await createPasswordReset(
      t.db,
      { actorId: lead, userId: yuna, validHours: 24 },
      now,
    );
    if (!third.ok) throw new Error("no link");
    await setMemberStatus(t.db, { actorId: lead, userId: yuna, status: "deactivated" }, now);
    expect(
      await resetPassword(t.db, { token: third.token, password: "x-password-123" }, now),
    ).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect(
      await createPasswordReset(t.db, { actorId: lead, userId: yuna, validHours: 24 }, now),
    ).toEqual({
      ok: false,
      reason: "deactivated",
    });
  });
});

describe("reactivation", () => {
  it("does not bring back API tokens from before the deactivation", async () => {
    const old = await createApiToken(t.db, { userId: yuna, name: "채팅 봇" }, now);
    if (!old.ok) throw new Error("no token");
    const header = `Bearer ${old.token}`;
    expect(await authenticateApiToken(t.db, header, now)).toMatchObject({ id: yuna });
    await setMemberStatus(t.db, { actorId: lead, userId: yuna, status: "deactivated" }, now);
    await setMemberStatus(t.db, { actorId: lead, userId: yuna, status: "active" }, now);
    expect(await authenticateApiToken(t.db, header, now)).toBeNull();
    const fresh = await createApiToken(t.db, { userId: yuna, name: "new bot" }, now);
    if (!fresh.ok) throw new Error("no token");
    expect(await authenticateApiToken(t.db, `Bearer ${fresh.token}`, now)).toMatchObject({
      id: yuna,
    });
  });
});

describe("reactivation and reset links", () => {
  it("does not bring back a reset link made before the deactivation", async () => {
    const made = await createPasswordReset(
      t.db,
      { actorId: lead, userId: yuna, validHours: 24 },
      now,
    );
    if (!made.ok) throw new Error("no reset link");
    await setMemberStatus(t.db, { actorId: lead, userId: yuna, status: "deactivated" }, now);
    const later = addMinutes(now, 30);
    await setMemberStatus(t.db, { actorId: lead, userId: yuna, status: "active" }, later);
    expect((await findPasswordReset(t.db, made.token, later))?.state).toBe("revoked");
    expect(
      await resetPassword(t.db, { token: made.token, password: "taken-over-123" }, later),
    ).toEqual({ ok: false, reason: "revoked" });
    // The old password still works; a link made after the reactivation does.
    expect((await logIn("old-password-123", later)).ok).toBe(true);
    const fresh = await createPasswordReset(
      t.db,
      { actorId: lead, userId: yuna, validHours: 24 },
      later,
    );
    if (!fresh.ok) throw new Error("no reset link");
    expect((await findPasswordReset(t.db, fresh.token, later))?.state).toBe("open");
  });
});

describe("attempts at one-time links", () => {
  it("allow 20 per address in 10 minutes, then say how long to wait", async () => {
    for (let i = 0; i < LINK_ATTEMPTS.max; i++) {
      expect(
        await takeAttempt(t.db, "invite:203.0.113.9", LINK_ATTEMPTS, addMinutes(now, i / 10)),
      ).toEqual({
        ok: true,
      });
    }
    const refused = await takeAttempt(
      t.db,
      "invite:203.0.113.9",
      LINK_ATTEMPTS,
      addMinutes(now, 2),
    );
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 8 * 60 });
    expect(
      await takeAttempt(t.db, "invite:198.51.100.1", LINK_ATTEMPTS, addMinutes(now, 2)),
    ).toEqual({
      ok: true,
    });
    expect(
      await takeAttempt(t.db, "invite:203.0.113.9", LINK_ATTEMPTS, addMinutes(now, 10.05)),
    ).toEqual({
      ok: true,
    });
  });
});
