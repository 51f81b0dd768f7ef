import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPasswordReset } from "~/auth/credentials.server";
import { createInvite } from "~/auth/invites.server";
import { type MailSender, runOutboxOnce, smtpSender } from "~/lib/outbox-worker.server";
import { submitEvidence } from "~/mentoring/checkpoints.server";
import { queueDailyDigests } from "~/mentoring/digest.server";
import { buildTestUser } from "../../seeds/builders";
import type { TestDatabase } from "../support/db";
import { claimStarter, sendBackStep } from "../support/fixtures";
import { closeMailTest, openMailTest } from "../support/mail-test";
import type { SmtpReceiver } from "../support/smtp";

// Mail in the recipient's language (users.locale; none set is English), through the outbox to a
// real SMTP receiver on loopback.

const ORIGIN = "https://koan.example.test";
const FROM = "Koan <koan@example.test>";
const T0 = new Date("2026-11-02T09:00:00Z");

let t: TestDatabase;
let smtp: SmtpReceiver;

beforeEach(async () => {
  ({ t, smtp } = await openMailTest({ origin: ORIGIN }));
});
afterEach(() => closeMailTest({ t, smtp }));

const worker = (mail: MailSender) => ({ owner: "lang-worker", mail, host: "koan.example.test" });
const send = () => runOutboxOnce(t.db, worker(smtpSender(smtp.url, FROM)));
const mailTo = (address: string) => {
  const found = smtp.mails.filter((m) => m.to[0] === address);
  expect(found).toHaveLength(1);
  return found[0]?.decoded ?? "";
};

async function inviteFrom(lead: number, email: string, locale?: "en" | "ko") {
  const result = await createInvite(
    t.db,
    {
      invitedBy: lead,
      validDays: 7,
      invite: {
        email,
        name: "김민준",
        role: "newcomer",
        startDate: null,
        capacity: null,
        components: [],
        locale,
      },
    },
    T0,
  );
  expect(result.ok).toBe(true);
  return result;
}

/** 한지우 (reading Korean) on a claimed starter, her first step sent back by `mentor`. */
async function firstStepSentBack(mentor: number) {
  const lead = await buildTestUser(t.db, "lead");
  const newcomer = await buildTestUser(t.db, "newcomer", {
    name: "한지우",
    email: "jiwoo@example.test",
    locale: "ko",
  });
  const { assignment } = await claimStarter(t.db, { lead, newcomer, mentor }, T0);
  const step = assignment.checkpoints.find((c) => c.key === "reproduce");
  const stepId = step?.id ?? 0;
  await sendBackStep(t.db, { stepId, newcomer, mentor });
  return { newcomer, assignment, step, stepId };
}

describe("mail in the recipient's language", () => {
  it("an invite is in the inviting lead's language: Korean subject, body and date for a Korean lead", async () => {
    const koLead = await buildTestUser(t.db, "lead", { name: "최유나", locale: "ko" });
    const enLead = await buildTestUser(t.db, "lead", { name: "Dana Lee" });
    await inviteFrom(koLead, "ko.invitee@example.test");
    await inviteFrom(enLead, "en.invitee@example.test");
    await send();
    const ko = mailTo("ko.invitee@example.test");
    expect(ko).toContain("Subject: 최유나 님이 Koan에 초대했어요");
    expect(ko).toContain("김민준 님, 안녕하세요.");
    expect(ko).toContain("신규 입사자로 Koan에 초대했어요");
    // Expires seven days later, written the Korean way (on the lead's clock: the team's, UTC,
    // here); the HTML says its language.
    expect(ko).toContain("2026년 11월 9일 09:00 UTC까지");
    expect(ko).toContain('<html lang="ko">');
    expect(ko).not.toContain("invited you");
    const en = mailTo("en.invitee@example.test");
    expect(en).toContain("Subject: Dana Lee invited you to Koan");
    expect(en).toContain("Hello 김민준,");
    expect(en).toContain("until Nov 9, 2026, 9:00 AM UTC");
    expect(en).toContain('<html lang="en">');
  });

  it("an invite in the language the lead chose for it: Korean mail and a link that opens Koan in Korean", async () => {
    const enLead = await buildTestUser(t.db, "lead", { name: "Dana Lee" });
    const koLead = await buildTestUser(t.db, "lead", { name: "최유나", locale: "ko" });
    const korean = await inviteFrom(enLead, "jiwoo.invitee@example.test", "ko");
    await inviteFrom(koLead, "sam.invitee@example.test", "en");
    expect(korean.ok && korean.path).toMatch(/^\/invite\/[\w-]+\?lang=ko$/);
    await send();
    const ko = mailTo("jiwoo.invitee@example.test");
    expect(ko).toContain("Subject: Dana Lee 님이 Koan에 초대했어요");
    expect(ko).toContain('<html lang="ko">');
    expect(ko).toContain(`${ORIGIN}${korean.ok ? korean.path : ""}`);
    const en = mailTo("sam.invitee@example.test");
    expect(en).toContain("Subject: 최유나 invited you to Koan");
    expect(en).toContain("?lang=en");
  });

  it("a reset link speaks the member's language, not the lead's", async () => {
    const lead = await buildTestUser(t.db, "lead", { name: "Dana Lee" });
    const ko = await buildTestUser(t.db, "newcomer", {
      name: "박서준",
      email: "seojun@example.test",
      locale: "ko",
    });
    const en = await buildTestUser(t.db, "newcomer", { name: "Sam", email: "sam@example.test" });
    for (const userId of [ko, en]) {
      const made = await createPasswordReset(t.db, { actorId: lead, userId, validHours: 24 }, T0);
      expect(made.ok).toBe(true);
    }
    await send();
    const korean = mailTo("seojun@example.test");
    expect(korean).toContain("Subject: Koan 비밀번호를 다시 설정하세요");
    expect(korean).toContain("새 비밀번호 정하기");
    expect(korean).toContain("2026년 11월 3일 09:00 UTC까지");
    const english = mailTo("sam@example.test");
    expect(english).toContain("Subject: Reset your Koan password");
    expect(english).toContain("Choose a new password");
  });

  it("a link's end is told on the reader's clock: a morning link in Seoul ends the next morning", async () => {
    // 08:30 in Seoul on 5 December is 23:30 UTC on the 4th; 24 hours on, 6 December there.
    const morning = new Date("2026-12-04T23:30:00Z");
    const lead = await buildTestUser(t.db, "lead", {
      name: "최유나",
      locale: "ko",
      timeZone: "Asia/Seoul",
    });
    const seoul = await buildTestUser(t.db, "newcomer", {
      name: "박서준",
      email: "seojun@example.test",
      locale: "ko",
      timeZone: "Asia/Seoul",
    });
    const team = await buildTestUser(t.db, "newcomer", { name: "Sam", email: "sam@example.test" });
    for (const userId of [seoul, team])
      await createPasswordReset(
        t.db,
        { actorId: lead, userId, validHours: 24, defaultTimeZone: "America/New_York" },
        morning,
      );
    // A new address has no clock yet: the inviting lead's.
    await createInvite(
      t.db,
      {
        invitedBy: lead,
        validDays: 7,
        invite: {
          email: "invitee@example.test",
          name: null,
          role: "newcomer",
          startDate: null,
          capacity: null,
          components: [],
        },
      },
      morning,
    );
    await send();
    expect(mailTo("seojun@example.test")).toContain("2026년 12월 6일 08:30 GMT+9까지");
    // Sam chose no zone: the team's (DIGEST_TIME_ZONE), 18:30 in New York on the 5th.
    expect(mailTo("sam@example.test")).toContain("until Dec 5, 2026, 6:30 PM EST");
    expect(mailTo("invitee@example.test")).toContain("2026년 12월 12일 08:30 GMT+9까지");
  });

  it("a newcomer's digest lists the steps their mentor sent back, as the in-app digest counts them", async () => {
    const { assignment, stepId } = await firstStepSentBack(
      await buildTestUser(t.db, "mentor", { capacity: 3 }),
    );
    await queueDailyDigests(t.db, { workingDays: 3 }, new Date("2026-11-03T08:00:00Z"));
    await send();
    const digests = smtp.mails.filter(
      (m) => m.to[0] === "jiwoo@example.test" && m.decoded.includes("Subject: Koan:"),
    );
    expect(digests).toHaveLength(1);
    const digest = digests[0]?.decoded ?? "";
    expect(digest).toContain("Subject: Koan: 오늘 확인할 일이 1개 있어요");
    expect(digest).toContain("멘토가 수정을 요청한 단계:");
    expect(digest).toContain("“합계가 $로 표시됨” — 버그 재현");
    expect(digest).toContain(`${ORIGIN}/assignments/${assignment.id}#checkpoint-${stepId}`);
  });

  it("'your evidence was reviewed' and the daily digest are Korean for a Korean newcomer and mentor", async () => {
    const mentor = await buildTestUser(t.db, "mentor", {
      name: "최유나",
      email: "yuna@example.test",
      capacity: 3,
      locale: "ko",
    });
    const { newcomer, step, stepId } = await firstStepSentBack(mentor);
    await submitEvidence(t.db, {
      assignmentCheckpointId: stepId,
      actor: { id: newcomer, role: "newcomer" },
      evidence: { notes: "로그 첨부", links: [], minutes: 5 },
    });
    await queueDailyDigests(t.db, { workingDays: 3 }, new Date("2026-11-03T08:00:00Z"));
    await send();
    const reviewed = mailTo("jiwoo@example.test");
    // The default track's step, stored as "Reproduce the bug", is named in Korean.
    expect(step?.title).toBe("Reproduce the bug");
    expect(reviewed).toContain("Subject: 수정 요청: 버그 재현");
    expect(reviewed).toContain("최유나 님이 “합계가 $로 표시됨”의 “버그 재현” 근거에 수정을");
    expect(reviewed).not.toContain("Reproduce the bug");
    expect(reviewed).toContain("남긴 의견: 로그를 붙여 주세요");
    const digest = mailTo("yuna@example.test");
    expect(digest).toContain("Subject: Koan: 오늘 확인할 일이 1개 있어요");
    expect(digest).toContain("검토를 기다리는 근거:");
    expect(digest).toContain("한지우: 버그 재현");
    expect(digest).not.toContain("Reviews waiting");
    expect(digest).not.toContain("Reproduce the bug");
  });
});
