import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { createPasswordReset, resetPassword } from "~/auth/credentials.server";
import { acceptInvite, createInvite, findInvite } from "~/auth/invites.server";
import { parseEnv } from "~/lib/env.server";
import { listIntegrationStatus } from "~/lib/integrations.server";
import { configureOutbox, listDeliveryProblems } from "~/lib/outbox.server";
import {
  backoffMs,
  LEASE_MS,
  MAX_ATTEMPTS,
  type MailSender,
  runOutboxOnce,
  smtpSender,
} from "~/lib/outbox-worker.server";
import { reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { queueDailyDigests } from "~/mentoring/digest.server";
import { postDailyDigests } from "~/mentoring/inbox-digest.server";
import {
  getNotificationPreferences,
  setNotificationPreferences,
} from "~/mentoring/notification-preferences.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import type { TestDatabase } from "../support/db";
import { claimStarter, sendBackStep } from "../support/fixtures";
import { closeMailTest, openMailTest } from "../support/mail-test";
import { freePort } from "../support/ports";
import { type SmtpReceiver, startSmtpReceiver } from "../support/smtp";
import { turnsDuring } from "../support/wait";

// E-mail through the outbox, against a real SMTP receiver (smtp-server) on loopback.

const ORIGIN = "https://koan.example.test";
const FROM = "Koan <koan@example.test>";
const T0 = new Date("2026-11-02T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

let t: TestDatabase;
let smtp: SmtpReceiver;
let lead: number;

beforeEach(async () => {
  ({ t, smtp } = await openMailTest({ origin: ORIGIN }));
  lead = await buildTestUser(t.db, "lead", { name: "최유나" });
});
afterEach(() => closeMailTest({ t, smtp }));

const worker = (mail: MailSender, owner = "test-worker") => ({
  owner,
  mail,
  host: "koan.example.test",
});

async function outboxRows() {
  return t.db.selectFrom("outbox").selectAll().orderBy("id").execute();
}

async function invite(email = "new.person@example.test", name: string | null = "김민준") {
  const result = await createInvite(
    t.db,
    {
      invitedBy: lead,
      validDays: 7,
      invite: {
        email,
        name,
        role: "newcomer",
        startDate: "2026-11-02",
        capacity: null,
        components: [],
      },
    },
    T0,
  );
  if (!result.ok) throw new Error("invite failed");
  return result;
}

describe("invite mail", () => {
  it("arrives at the SMTP server with a working link, and the sent row keeps no copy of it", async () => {
    const created = await invite();
    expect(created.mailed).toBe(true);
    const result = await runOutboxOnce(t.db, worker(smtpSender(smtp.url, FROM)), () => at(1000));
    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail?.to).toEqual(["new.person@example.test"]);
    expect(mail?.from).toBe("koan@example.test");
    expect(mail?.decoded).toContain("Subject: 최유나 invited you to Koan");
    expect(mail?.decoded).toContain("Hello 김민준,");
    // Plain text and HTML both.
    expect(mail?.raw).toMatch(/multipart\/alternative/);
    expect(mail?.decoded).toMatch(/text\/html/);
    const link = new RegExp(`${ORIGIN.replace(/\./g, "\\.")}/invite/([A-Za-z0-9_-]+)`).exec(
      mail?.decoded ?? "",
    );
    expect(link?.[1]).toBe(created.token);
    // The link works: it opens the invite and accepts it.
    const token = link?.[1] ?? "";
    expect((await findInvite(t.db, token, at(2000)))?.state).toBe("open");
    const accepted = await acceptInvite(
      t.db,
      { token, name: "김민준", password: "a long enough password" },
      at(3000),
    );
    expect(accepted.ok).toBe(true);

    const [row] = await outboxRows();
    expect(row?.status).toBe("sent");
    expect(row?.body_text).not.toContain(created.token);
    expect(row?.body_html).toBeNull();
    const status = await listIntegrationStatus(
      t.db,
      parseEnv({ SMTP_URL: smtp.url, MAIL_FROM: FROM, APP_ORIGIN: ORIGIN }),
    );
    expect(status.find((s) => s.key === "email")).toMatchObject({
      configured: true,
      lastSuccessAt: at(1000).toISOString(),
      lastError: null,
    });
  });

  it("is written with the invite, or not at all: no e-mail configured, no row", async () => {
    configureOutbox({ email: false, slack: false, origin: ORIGIN });
    const created = await invite();
    expect(created.mailed).toBe(false);
    expect(await outboxRows()).toEqual([]);
  });
});

describe("password reset mail", () => {
  it("a lead's reset link arrives by e-mail, works once, and the sent row keeps no copy of it", async () => {
    const member = await buildTestUser(t.db, "newcomer", {
      name: "박서준",
      email: "seojun@example.test",
    });
    const created = await createPasswordReset(
      t.db,
      { actorId: lead, userId: member, validHours: 24 },
      T0,
    );
    if (!created.ok) throw new Error("reset link failed");
    expect(created.mailed).toBe(true);
    expect(await runOutboxOnce(t.db, worker(smtpSender(smtp.url, FROM)), () => at(1000))).toEqual({
      sent: 1,
      failed: 0,
    });
    const mail = smtp.mails[0];
    expect(mail?.to).toEqual(["seojun@example.test"]);
    expect(mail?.decoded).toContain("Subject: Reset your Koan password");
    expect(mail?.decoded).toContain("Hello 박서준,");
    const link = new RegExp(`${ORIGIN.replace(/\./g, "\\.")}/reset/([A-Za-z0-9_-]+)`).exec(
      mail?.decoded ?? "",
    );
    expect(link?.[1]).toBe(created.token);
    const token = link?.[1] ?? "";
    const used = await resetPassword(t.db, { token, password: "a brand new passphrase" }, at(2000));
    expect(used.ok).toBe(true);
    const again = await resetPassword(t.db, { token, password: "another passphrase" }, at(3000));
    expect(again.ok).toBe(false);
    const [row] = await outboxRows();
    expect(row?.kind).toBe("password_reset");
    expect(row?.body_text).not.toContain(created.token);
  });
});

describe("SMTP down, then back", () => {
  it("a refused connection is retried with growing pauses for over an hour, then delivered once", async () => {
    const port = await freePort();
    const send = smtpSender(`smtp://127.0.0.1:${port}`, FROM);
    await invite();
    // An hour and more of nothing listening: every try fails, the row waits, nothing is lost.
    let now = at(0);
    const tries: number[] = [];
    while (now.getTime() - T0.getTime() < 70 * 60_000) {
      const r = await runOutboxOnce(t.db, worker(send), () => now);
      expect(r.sent).toBe(0);
      if (r.failed) tries.push(now.getTime() - T0.getTime());
      // Nothing is tried before its time.
      const early = await runOutboxOnce(t.db, worker(send), () => new Date(now.getTime() + 1000));
      expect(early).toEqual({ sent: 0, failed: 0 });
      const [row] = await outboxRows();
      now = new Date(row?.next_attempt_at ?? "");
    }
    expect(tries.length).toBeGreaterThanOrEqual(7);
    const gaps = tries.slice(1).map((v, i) => v - (tries[i] ?? 0));
    expect(gaps.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((n) => backoffMs(n)));
    const [waiting] = await outboxRows();
    expect(waiting?.status).toBe("pending");
    expect(waiting?.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect((await listDeliveryProblems(t.db)).map((p) => p.status)).toEqual(["pending"]);

    // The server comes back on its port: the next try delivers, once.
    const back = await startSmtpReceiver(port);
    try {
      expect(await runOutboxOnce(t.db, worker(send), () => now)).toEqual({ sent: 1, failed: 0 });
      expect(await runOutboxOnce(t.db, worker(send), () => at(24 * 3600_000))).toEqual({
        sent: 0,
        failed: 0,
      });
      expect(back.mails).toHaveLength(1);
      expect((await outboxRows())[0]?.status).toBe("sent");
      expect(await listDeliveryProblems(t.db)).toEqual([]);
    } finally {
      await back.close();
    }
  });

  it("a 421 refusal is retried; a rejected recipient (550) is given up at once and shown", async () => {
    const send = smtpSender(smtp.url, FROM);
    await invite("first@example.test");
    smtp.refuseNext(1, 421);
    expect(await runOutboxOnce(t.db, worker(send), () => at(0))).toEqual({ sent: 0, failed: 1 });
    expect((await outboxRows())[0]).toMatchObject({ status: "pending", attempts: 1 });
    expect(await runOutboxOnce(t.db, worker(send), () => at(backoffMs(1)))).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(smtp.mails).toHaveLength(1);

    await invite("second@example.test");
    smtp.refuseNext(1, 550);
    await runOutboxOnce(t.db, worker(send), () => at(60_000));
    const problems = await listDeliveryProblems(t.db);
    expect(problems).toMatchObject([{ status: "failed", recipient: "second@example.test" }]);
  });

  it("gives up after MAX_ATTEMPTS and says so", async () => {
    const failing: MailSender = async () => {
      throw new Error("451 mailbox busy");
    };
    await invite();
    let now = at(0);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await runOutboxOnce(t.db, worker(failing), () => now);
      now = new Date(now.getTime() + 3600_000);
    }
    expect((await outboxRows())[0]).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
  });
});

describe("at most once, with a lease", () => {
  it("two workers on two connections never send the same row twice", async () => {
    for (let i = 0; i < 12; i++) await invite(`person${i}@example.test`, null);
    const other = openDatabase(t.file);
    try {
      const send = smtpSender(smtp.url, FROM);
      const results = await Promise.all([
        runOutboxOnce(t.db, worker(send, "a"), () => at(1000)),
        runOutboxOnce(other.db, worker(send, "b"), () => at(1000)),
        runOutboxOnce(t.db, worker(send, "c"), () => at(1000)),
      ]);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
      expect(smtp.mails).toHaveLength(12);
      expect(new Set(smtp.mails.map((m) => m.to[0])).size).toBe(12);
    } finally {
      await other.db.destroy();
    }
  });

  it("a worker that dies before sending: the row waits for its lease, then goes once", async () => {
    await invite();
    // The first worker claims the row and never comes back (its process died).
    const dead: MailSender = () => new Promise<never>(() => {});
    void runOutboxOnce(t.db, worker(dead, "dead"), () => at(0));
    await new Promise((r) => setTimeout(r, 200));
    expect((await outboxRows())[0]).toMatchObject({ status: "sending", lease_owner: "dead" });
    const send = smtpSender(smtp.url, FROM);
    // While the lease holds, nobody else takes the row.
    expect(await runOutboxOnce(t.db, worker(send, "b"), () => at(LEASE_MS - 1000))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(await runOutboxOnce(t.db, worker(send, "b"), () => at(LEASE_MS))).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(await runOutboxOnce(t.db, worker(send, "b"), () => at(2 * LEASE_MS))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(smtp.mails).toHaveLength(1);
  });

  it("the documented edge: dying after the server accepted, before 'sent' was written, sends a second copy with the same Message-ID, and only then", async () => {
    await invite();
    const real = smtpSender(smtp.url, FROM);
    // The SMTP server accepts the mail, then the worker dies before marking the row sent.
    const diesAfterAccept: MailSender = async (mail) => {
      await real(mail);
      await new Promise<never>(() => {});
    };
    void runOutboxOnce(t.db, worker(diesAfterAccept, "dead"), () => at(0));
    const deadline = Date.now() + 5000;
    while (smtp.mails.length < 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(smtp.mails).toHaveLength(1);
    expect(await runOutboxOnce(t.db, worker(real, "b"), () => at(LEASE_MS - 1))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(await runOutboxOnce(t.db, worker(real, "b"), () => at(LEASE_MS))).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(await runOutboxOnce(t.db, worker(real, "c"), () => at(3 * LEASE_MS))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[0]?.messageId).toMatch(/^<outbox-\d+@koan\.example\.test>$/);
    expect(smtp.mails[1]?.messageId).toBe(smtp.mails[0]?.messageId);
  });
});

describe("mentoring mail", () => {
  async function claimed(mentor: number, newcomer: number) {
    const { assignmentId, step } = await claimStarter(t.db, { lead, newcomer, mentor }, T0);
    return { assignmentId, reproduce: step.reproduce ?? 0 };
  }

  it("'your evidence was reviewed' goes to the newcomer, once per review, linking to the checkpoint", async () => {
    const mentor = await buildTestUser(t.db, "mentor", { capacity: 3, name: "박서준" });
    const newcomer = await buildTestUser(t.db, "newcomer", { email: "minjun@example.test" });
    const { assignmentId, reproduce } = await claimed(mentor, newcomer);
    await sendBackStep(t.db, { stepId: reproduce, newcomer, mentor });
    await runOutboxOnce(t.db, worker(smtpSender(smtp.url, FROM)));
    const mails = smtp.mails.filter((m) => m.to[0] === "minjun@example.test");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.decoded).toContain("Subject: Changes requested: Reproduce the bug");
    expect(mails[0]?.decoded).toContain("로그를 붙여 주세요");
    expect(mails[0]?.decoded).toContain("박서준 asked for changes");
    expect(mails[0]?.decoded).toContain(
      `${ORIGIN}/assignments/${assignmentId}#checkpoint-${reproduce}`,
    );
  });

  it("a review kind turned off in Settings sends no mail of it; the other kind still comes, in the newcomer's language", async () => {
    const mentor = await buildTestUser(t.db, "mentor", { capacity: 3, name: "Tomás Rivera" });
    const newcomer = await buildTestUser(t.db, "newcomer", {
      email: "jiwoo@example.test",
      locale: "ko",
    });
    const { reproduce } = await claimed(mentor, newcomer);
    // Sign-offs are news this newcomer does not want; changes asked they still do.
    const choices = await getNotificationPreferences(t.db, { userId: newcomer, role: "newcomer" });
    await setNotificationPreferences(t.db, {
      userId: newcomer,
      role: "newcomer",
      enabled: choices.map((c) => c.kind).filter((k) => k !== "approved"),
    });
    const send = (notes: string) =>
      submitEvidence(t.db, {
        assignmentCheckpointId: reproduce,
        actor: { id: newcomer, role: "newcomer" },
        evidence: { notes, links: [], minutes: 5 },
      });
    const review = (decision: "approve" | "request_changes", comment: string) =>
      reviewCheckpoint(t.db, {
        assignmentCheckpointId: reproduce,
        actor: { id: mentor, role: "mentor" },
        decision,
        comment,
      });
    await send("스테이징에서 재현");
    await review("request_changes", "로그를 붙여 주세요");
    await send("로그를 붙였어요");
    await review("approve", "");
    await runOutboxOnce(t.db, worker(smtpSender(smtp.url, FROM)));
    const mails = smtp.mails.filter((m) => m.to[0] === "jiwoo@example.test");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.decoded).toContain("수정을 요청했어요");
    expect(mails[0]?.decoded).not.toContain("승인했어요");
  });

  it("e-mail chosen apart from the inbox: the inbox item stays, the mail does not come", async () => {
    const mentor = await buildTestUser(t.db, "mentor", {
      capacity: 3,
      email: "inbox.only@example.test",
    });
    const newcomer = await buildTestUser(t.db, "newcomer", { email: "minjun2@example.test" });
    const { reproduce } = await claimed(mentor, newcomer);
    // The newcomer keeps every inbox item, and wants only changes asked by e-mail.
    const all = (
      await getNotificationPreferences(t.db, { userId: newcomer, role: "newcomer" })
    ).map((c) => c.kind);
    const saved = await setNotificationPreferences(t.db, {
      userId: newcomer,
      role: "newcomer",
      enabled: all,
      mail: ["changes_requested"],
    });
    expect(saved.filter((c) => c.mail).map((c) => [c.kind, c.enabled, c.mailEnabled])).toEqual([
      ["changes_requested", true, true],
      ["approved", true, false],
      ["digest", true, false],
    ]);
    // Saved again without the e-mail choices (a form that did not show them): they stay.
    await setNotificationPreferences(t.db, { userId: newcomer, role: "newcomer", enabled: all });
    expect(
      (await getNotificationPreferences(t.db, { userId: newcomer, role: "newcomer" })).find(
        (c) => c.kind === "approved",
      )?.mailEnabled,
    ).toBe(false);
    // The mentor keeps the digest in the inbox only.
    const mentorKinds = (
      await getNotificationPreferences(t.db, { userId: mentor, role: "mentor" })
    ).map((c) => c.kind);
    await setNotificationPreferences(t.db, {
      userId: mentor,
      role: "mentor",
      enabled: mentorKinds,
      mail: [],
    });

    await submitEvidence(t.db, {
      assignmentCheckpointId: reproduce,
      actor: { id: newcomer, role: "newcomer" },
      evidence: { notes: "seen", links: [], minutes: 5 },
    });
    await reviewCheckpoint(t.db, {
      assignmentCheckpointId: reproduce,
      actor: { id: mentor, role: "mentor" },
      decision: "approve",
      comment: "",
    });
    const reproduced = await t.db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", newcomer)
      .where("kind", "=", "approved")
      .execute();
    expect(reproduced).toHaveLength(1);
    // A second step waits for the mentor's review: the inbox digest names it, no mail does.
    const rootCause = await t.db
      .selectFrom("assignment_checkpoints as ac")
      .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
      .select("ac.id")
      .where("tc.key", "=", "root_cause")
      .executeTakeFirstOrThrow();
    await submitEvidence(t.db, {
      assignmentCheckpointId: rootCause.id,
      actor: { id: newcomer, role: "newcomer" },
      evidence: { notes: "rounding in invoice.ts", links: [], minutes: 5 },
    });
    const morning = new Date("2026-11-03T08:00:00Z");
    expect(await postDailyDigests(t.db, { workingDays: 3 }, morning)).toBe(1);
    await queueDailyDigests(t.db, { workingDays: 3 }, morning);
    await runOutboxOnce(t.db, worker(smtpSender(smtp.url, FROM)));
    expect(smtp.mails.map((m) => m.to[0])).toEqual([]);
  });

  it("the daily digest: only what needs the person, none when empty, once a day", async () => {
    const mentor = await buildTestUser(t.db, "mentor", {
      capacity: 3,
      email: "mentor@example.test",
    });
    const busy = await buildTestUser(t.db, "newcomer", { email: "busy@example.test" });
    await buildTestUser(t.db, "newcomer", { email: "free@example.test" });
    const { reproduce } = await claimed(mentor, busy);
    await submitEvidence(t.db, {
      assignmentCheckpointId: reproduce,
      actor: { id: busy, role: "newcomer" },
      evidence: { notes: "seen", links: [], minutes: 5 },
    });
    // Another open starter ticket, for the newcomer without one.
    await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: "Login button misaligned",
        body: "",
        component: "web",
        labels: [],
        difficulty: 1,
        starter: true,
      },
    });
    const morning = new Date("2026-11-03T08:00:00Z");
    expect(
      await queueDailyDigests(t.db, { workingDays: 3 }, new Date("2026-11-03T05:00:00Z")),
    ).toBe(0);
    const queued = await queueDailyDigests(t.db, { workingDays: 3 }, morning);
    expect(await queueDailyDigests(t.db, { workingDays: 3 }, at(25 * 3600_000))).toBe(0);
    const rows = (await outboxRows()).filter((r) => r.kind === "digest");
    const to = rows.map((r) => r.recipient).sort();
    // The mentor has a review waiting; the free newcomer has tickets to pick; the busy newcomer
    // and the lead have nothing waiting, so get nothing.
    expect(to).toEqual(["free@example.test", "mentor@example.test"]);
    expect(queued).toBe(2);
    const mentorMail = rows.find((r) => r.recipient === "mentor@example.test");
    expect(mentorMail?.body_text).toContain("Reviews waiting for you");
    expect(mentorMail?.body_text).not.toContain("Starter tickets suggested");
    const freeMail = rows.find((r) => r.recipient === "free@example.test");
    expect(freeMail?.body_text).toContain("Login button misaligned");
    expect(freeMail?.body_text).toContain(`${ORIGIN}/tickets/`);
  });

  it("the daily digest of a person in Seoul arrives at 07:00 Seoul time, not at 07:00 UTC, dated on their calendar", async () => {
    await buildTestUser(t.db, "newcomer", {
      email: "jiwoo@example.test",
      name: "한지우",
      locale: "ko",
      timeZone: "Asia/Seoul",
    });
    await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: "검색 결과가 두 번 보임",
        body: "",
        component: "search",
        labels: [],
        difficulty: 1,
        starter: true,
      },
    });
    const send = worker(smtpSender(smtp.url, FROM));
    const tick = async (iso: string) => {
      const now = new Date(iso);
      await queueDailyDigests(t.db, { workingDays: 3 }, now);
      await runOutboxOnce(t.db, send, () => now);
      return smtp.mails.filter((m) => m.to[0] === "jiwoo@example.test");
    };
    // 06:45 in Seoul: nothing yet.
    expect(await tick("2026-11-02T21:45:00Z")).toHaveLength(0);
    // 07:00 in Seoul (22:00 UTC the day before): the digest for 3 November arrives.
    const mails = await tick("2026-11-02T22:00:00Z");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.decoded).toContain("2026년 11월 3일 요약이에요.");
    expect(mails[0]?.decoded).toContain("검색 결과가 두 번 보임");
    expect(mails[0]?.decoded).toContain("내 시간대(Asia/Seoul) 기준 오전 7시에 보내요");
    // 07:00 UTC is 16:00 the same day in Seoul: no second digest.
    expect(await tick("2026-11-03T07:00:00Z")).toHaveLength(1);
    expect(await tick("2026-11-03T21:45:00Z")).toHaveLength(1);
    // The next morning suggests another ticket too (the same list would wait a week).
    await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: "검색창 자동완성이 느려요",
        body: "",
        component: "search",
        labels: [],
        difficulty: 1,
        starter: true,
      },
    });
    expect(await tick("2026-11-03T22:00:00Z")).toHaveLength(2);
  });

  it("a morning of many digest e-mails lets other work in between", async () => {
    // 400 newcomers (Korean names) without a ticket, and an open starter ticket to suggest.
    await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: "결제 버튼을 두 번 누르면 두 번 청구돼요",
        body: "",
        component: "billing",
        labels: [],
        difficulty: 1,
        starter: true,
      },
    });
    const people = 400;
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${people})
      insert into users (email, name, role, status, start_date, created_at, updated_at)
      select 'newcomer-' || i || '@digest.test', '신입 ' || i, 'newcomer', 'active', '2026-11-02',
        '2026-10-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z' from n`.execute(t.db);
    let queued = 0;
    const turns = await turnsDuring(async () => {
      queued = await queueDailyDigests(t.db, { workingDays: 3 }, new Date("2026-11-03T08:00:00Z"));
    });
    expect(queued).toBe(people);
    // Hundreds of people, each read and written without a pause, let no other work in.
    expect(turns).toBeGreaterThan(1);
  });

  it("the daily digest respects the person's notification choice", async () => {
    const mentor = await buildTestUser(t.db, "mentor", {
      capacity: 3,
      email: "quiet.mentor@example.test",
    });
    const busy = await buildTestUser(t.db, "newcomer", { email: "busy2@example.test" });
    const { reproduce } = await claimed(mentor, busy);
    await submitEvidence(t.db, {
      assignmentCheckpointId: reproduce,
      actor: { id: busy, role: "newcomer" },
      evidence: { notes: "재현했어요", links: [], minutes: 5 },
    });
    // Everything on but the daily digest.
    const choices = await getNotificationPreferences(t.db, { userId: mentor, role: "mentor" });
    await setNotificationPreferences(t.db, {
      userId: mentor,
      role: "mentor",
      enabled: choices.map((c) => c.kind).filter((k) => k !== "digest"),
    });
    await queueDailyDigests(t.db, { workingDays: 3 }, new Date("2026-11-03T08:00:00Z"));
    const to = (await outboxRows()).filter((r) => r.kind === "digest").map((r) => r.recipient);
    expect(to).not.toContain("quiet.mentor@example.test");
  });
});
