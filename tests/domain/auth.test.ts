import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { accountDelayMs, attemptLogin, MAX_DELAY_MS } from "~/auth/login.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { createSession, endAllSessions, findSessionUser } from "~/auth/sessions.server";
import { setMemberStatus } from "~/auth/users.server";
import { addDays, addMinutes } from "~/lib/time";
import { buildTestUser, buildUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

const policy = { maxFailures: 10, windowMinutes: 15 };
const sessions = { idleDays: 7, maxDays: 30 };
const noWait = async () => undefined;
const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.close();
});

describe("passwords", () => {
  it("hash with argon2id at 19 MiB and 2 iterations, and verify", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery!")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
  });
});

describe("login", () => {
  it("accept the right password, case-insensitively for the e-mail", async () => {
    const id = await buildUser(t.db, {
      email: "Ana@koan.test",
      name: "Ana",
      role: "newcomer",
      password: "a-long-password",
    });
    const result = await attemptLogin(
      t.db,
      { email: "ana@KOAN.test", password: "a-long-password", ip: "1.2.3.4" },
      policy,
    );
    expect(result).toEqual({ ok: true, user: { id, role: "newcomer" } });
  });

  it("give the same answer for a wrong password, an unknown e-mail and a deactivated account", async () => {
    const lead = await buildTestUser(t.db, "lead");
    await buildUser(t.db, {
      email: "ana@koan.test",
      name: "Ana",
      role: "newcomer",
      password: "a-long-password",
    });
    const gone = await buildUser(t.db, {
      email: "gone@koan.test",
      name: "Gone",
      role: "newcomer",
      password: "a-long-password",
    });
    await setMemberStatus(t.db, { actorId: lead, userId: gone, status: "deactivated" });
    const wrong = await attemptLogin(
      t.db,
      { email: "ana@koan.test", password: "nope", ip: null },
      policy,
    );
    const unknown = await attemptLogin(
      t.db,
      { email: "nobody@koan.test", password: "nope", ip: null },
      policy,
    );
    const deactivated = await attemptLogin(
      t.db,
      { email: "gone@koan.test", password: "a-long-password", ip: null },
      policy,
    );
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
    expect(deactivated).toEqual(wrong);
  });

  it("never lock an account for strangers: failures from elsewhere only slow it, by a growing delay of at most 2 s", async () => {
    await buildUser(t.db, {
      email: "ana@koan.test",
      name: "Ana",
      role: "newcomer",
      password: "a-long-password",
    });
    const start = new Date("2026-11-25T10:00:00Z");
    const delays: number[] = [];
    const record = async (ms: number) => {
      delays.push(ms);
    };
    for (let i = 0; i < 30; i++) {
      const r = await attemptLogin(
        t.db,
        { email: "ana@koan.test", password: "wrong", ip: `10.0.${i}.1` },
        policy,
        addSeconds(start, i),
        record,
      );
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    // The right password, from an address that has not been failing, still gets in.
    const right = await attemptLogin(
      t.db,
      { email: "ana@koan.test", password: "a-long-password", ip: "10.1.1.1" },
      policy,
      addSeconds(start, 31),
      record,
    );
    expect(right.ok).toBe(true);
    expect(Math.max(...delays)).toBe(2000);
    expect(delays[0]).toBe(125);
    for (let i = 1; i < delays.length; i++)
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] ?? 0);
    expect(accountDelayMs(3)).toBe(0);
    expect(accountDelayMs(4)).toBe(125);
    expect(accountDelayMs(1000)).toBe(MAX_DELAY_MS);
    // A success ends the slow-down.
    delays.length = 0;
    await attemptLogin(
      t.db,
      { email: "ana@koan.test", password: "a-long-password", ip: "10.1.1.1" },
      policy,
      addSeconds(start, 32),
      record,
    );
    expect(delays).toEqual([]);
  });

  it("wait out the delay on a timer, letting other work run meanwhile", async () => {
    await buildUser(t.db, {
      email: "ana@koan.test",
      name: "Ana",
      role: "newcomer",
      password: "a-long-password",
    });
    const now = new Date();
    const quick = { ...policy, maxDelayMs: 300 };
    for (let i = 0; i < 8; i++) {
      await attemptLogin(
        t.db,
        { email: "ana@koan.test", password: "wrong", ip: `10.0.${i}.1` },
        quick,
        now,
        async () => undefined,
      );
    }
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 10);
    const started = performance.now();
    const result = await attemptLogin(
      t.db,
      { email: "ana@koan.test", password: "a-long-password", ip: "10.1.1.1" },
      quick,
      now,
    );
    clearInterval(timer);
    expect(result.ok).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    // A busy wait would have let no timer fire during those 300 ms.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it("hard-limit one address on one account after 10 failures, with the right password too; other addresses still get in", async () => {
    await buildUser(t.db, {
      email: "ana@koan.test",
      name: "Ana",
      role: "newcomer",
      password: "a-long-password",
    });
    const start = new Date("2026-11-25T10:00:00Z");
    for (let i = 0; i < 10; i++) {
      await attemptLogin(
        t.db,
        { email: "ana@koan.test", password: "wrong", ip: "203.0.113.9" },
        policy,
        addMinutes(start, i),
        noWait,
      );
    }
    const locked = await attemptLogin(
      t.db,
      { email: "ana@koan.test", password: "a-long-password", ip: "203.0.113.9" },
      policy,
      addMinutes(start, 10),
      noWait,
    );
    expect(locked).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 5 * 60 });
    const elsewhere = await attemptLogin(
      t.db,
      { email: "ana@koan.test", password: "a-long-password", ip: "198.51.100.1" },
      policy,
      addMinutes(start, 10),
      noWait,
    );
    expect(elsewhere.ok).toBe(true);
    const later = await attemptLogin(
      t.db,
      { email: "ana@koan.test", password: "a-long-password", ip: "203.0.113.9" },
      policy,
      addMinutes(start, 16),
      noWait,
    );
    expect(later.ok).toBe(true);
  });

  it("check at most the limit's passwords when many wrong ones arrive at once", async () => {
    await buildUser(t.db, {
      email: "leo@koan.test",
      name: "Leo",
      role: "newcomer",
      password: "a-long-password",
    });
    const now = new Date("2026-11-25T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        attemptLogin(
          t.db,
          { email: "leo@koan.test", password: "wrong", ip: "203.0.113.10" },
          policy,
          now,
          noWait,
        ),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(30);
  });

  it("let made-up e-mails from one address lock no real account out; a generous per-address limit stops that address alone", async () => {
    await buildUser(t.db, {
      email: "lead@koan.test",
      name: "최유나",
      role: "lead",
      password: "a-long-password",
    });
    const now = new Date("2026-11-25T10:00:00Z");
    const generous = { ...policy, addressMaxFailures: 15 };
    for (let i = 0; i < 10; i++) {
      await attemptLogin(
        t.db,
        { email: `guess${i}@koan.test`, password: "x", ip: "203.0.113.9" },
        generous,
        now,
        noWait,
      );
    }
    // Ten typos behind the office proxy stop nobody, not even on that address.
    const sameProxy = await attemptLogin(
      t.db,
      { email: "lead@koan.test", password: "a-long-password", ip: "203.0.113.9" },
      generous,
      now,
      noWait,
    );
    expect(sameProxy.ok).toBe(true);
    for (let i = 10; i < 15; i++) {
      await attemptLogin(
        t.db,
        { email: `guess${i}@koan.test`, password: "x", ip: "203.0.113.9" },
        generous,
        now,
        noWait,
      );
    }
    const fromSameIp = await attemptLogin(
      t.db,
      { email: "lead@koan.test", password: "a-long-password", ip: "203.0.113.9" },
      generous,
      now,
      noWait,
    );
    expect(fromSameIp).toMatchObject({ ok: false, reason: "rate_limited" });
    const fromElsewhere = await attemptLogin(
      t.db,
      { email: "lead@koan.test", password: "a-long-password", ip: "198.51.100.1" },
      generous,
      now,
      noWait,
    );
    expect(fromElsewhere.ok).toBe(true);
  });
});

describe("sessions", () => {
  it("expire after 7 idle days, and stay alive while used", async () => {
    const userId = await buildTestUser(t.db, "newcomer");
    const start = new Date("2026-11-01T09:00:00Z");
    const { token } = await createSession(t.db, { userId }, sessions, start);
    expect(await findSessionUser(t.db, token, sessions, addDays(start, 6))).toMatchObject({
      id: userId,
    });
    // Used on day 6, so idle time restarts from there.
    expect(await findSessionUser(t.db, token, sessions, addDays(start, 12))).toMatchObject({
      id: userId,
    });
    expect(await findSessionUser(t.db, token, sessions, addDays(start, 19.1))).toBeNull();
    // An expired session is gone for good.
    expect(await findSessionUser(t.db, token, sessions, addDays(start, 12))).toBeNull();
  });

  it("expire after 30 days in all, however active", async () => {
    const userId = await buildTestUser(t.db, "mentor");
    const start = new Date("2026-11-01T09:00:00Z");
    const { token } = await createSession(t.db, { userId }, sessions, start);
    for (let day = 5; day < 30; day += 5) {
      expect(await findSessionUser(t.db, token, sessions, addDays(start, day))).not.toBeNull();
    }
    expect(await findSessionUser(t.db, token, sessions, addDays(start, 30))).toBeNull();
  });

  it("store only a hash of the token", async () => {
    const userId = await buildTestUser(t.db, "mentor");
    const { token } = await createSession(t.db, { userId }, sessions);
    const rows = await t.db.selectFrom("sessions").select("id").execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).not.toContain(token);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("log out of every device ends every session of that user only", async () => {
    const ana = await buildTestUser(t.db, "newcomer");
    const leo = await buildTestUser(t.db, "newcomer");
    const a1 = await createSession(t.db, { userId: ana }, sessions);
    const a2 = await createSession(t.db, { userId: ana }, sessions);
    const l1 = await createSession(t.db, { userId: leo }, sessions);
    expect(await endAllSessions(t.db, ana)).toBe(2);
    expect(await findSessionUser(t.db, a1.token, sessions)).toBeNull();
    expect(await findSessionUser(t.db, a2.token, sessions)).toBeNull();
    expect(await findSessionUser(t.db, l1.token, sessions)).not.toBeNull();
  });

  it("put a deactivated user out at once", async () => {
    const lead = await buildTestUser(t.db, "lead");
    const ana = await buildTestUser(t.db, "newcomer");
    const { token } = await createSession(t.db, { userId: ana }, sessions);
    await setMemberStatus(t.db, { actorId: lead, userId: ana, status: "deactivated" });
    expect(await findSessionUser(t.db, token, sessions)).toBeNull();
    expect(
      await t.db.selectFrom("sessions").select("id").where("user_id", "=", ana).execute(),
    ).toEqual([]);
  });
});
