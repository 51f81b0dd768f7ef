import http from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTransaction } from "#db/client";
import { getIntegrationsPage } from "~/auth/integrations-page.server";
import { parseEnv } from "~/lib/env.server";
import { translate } from "~/lib/i18n/catalogs.server";
import { type SlackKind, testMail } from "~/lib/message-templates";
import { queueMail, queueSlack } from "~/lib/outbox.server";
import { LEASE_MS, runOutboxOnce, smtpSender, webhookSender } from "~/lib/outbox-worker.server";
import { endAssignmentOnStatus } from "~/mentoring/ticket-status.server";
import { syncGithub } from "~/tickets/github-sync.server";
import { buildTestUser } from "../../seeds/builders";
import type { TestDatabase } from "../support/db";
import { closeMailTest, openMailTest } from "../support/mail-test";
import { freePort } from "../support/ports";
import type { SmtpReceiver } from "../support/smtp";

// Settings → Integrations read by a Korean lead: every failure Koan writes down (an SMTP server's
// refusal, Slack's answers, an unreachable Slack, a post that may have arrived, a mail skipped for a
// deactivated member, a failed GitHub sync) is Koan's sentence in Korean, with the remote server's
// own words quoted after it. Real peers on loopback: an SMTP receiver, a Slack webhook, a GitHub API.
// Rows written before these were messages hold English text, and still show it.

const ORIGIN = "https://koan.example.test";
const FROM = "Koan <koan@example.test>";
const T0 = new Date("2026-11-02T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const ko = translate("ko");
const HANGUL = /[가-힣]/;

let t: TestDatabase;
let smtp: SmtpReceiver;
let slack: http.Server;
let slackUrl: string;
let answers: { status: number; body?: string; retryAfter?: string }[];
let lead: { id: number; role: "lead"; email: string };

beforeEach(async () => {
  ({ t, smtp } = await openMailTest({ origin: ORIGIN, slack: true }));
  const email = "lead@example.test";
  lead = { id: await buildTestUser(t.db, "lead", { email, locale: "ko" }), role: "lead", email };
  answers = [];
  slack = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = answers.shift() ?? { status: 200 };
      res.writeHead(answer.status, {
        "content-type": "text/plain",
        ...(answer.retryAfter ? { "retry-after": answer.retryAfter } : {}),
      });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, "127.0.0.1", resolve));
  const address = slack.address();
  slackUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/services/T0/B0/x`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => slack.close(() => resolve()));
  await closeMailTest({ t, smtp });
});

async function queueDigest(to: string) {
  await writeTransaction(t.db, (trx) =>
    queueMail(
      trx,
      { kind: "digest", to, content: testMail({ locale: "ko", name: "최유나", origin: ORIGIN }) },
      T0,
    ),
  );
}

async function queueStarter(text: string, kind: SlackKind = "starter_tickets") {
  await writeTransaction(t.db, (trx) =>
    queueSlack(trx, { kind, item: { text, link: `${ORIGIN}/tickets/1` } }, T0),
  );
}

/** What the Korean lead reads on the page: each failed delivery's error, and each integration's. */
async function readInKorean() {
  const page = await getIntegrationsPage(
    t.db,
    { viewer: lead },
    parseEnv({
      SMTP_URL: smtp.url,
      MAIL_FROM: FROM,
      SLACK_WEBHOOK_URL: slackUrl,
      APP_ORIGIN: ORIGIN,
    }),
    T0,
  );
  return {
    problems: page.problems.map((p) => ko.msg(p.lastError)),
    integration: (key: string) => ko.msg(page.integrations.find((i) => i.key === key)?.lastError),
  };
}

/** Koan's own words are Korean; the remote server's are quoted as they came. */
function expectKorean(text: string | undefined, sentence: string, detail?: RegExp) {
  expect(text).toContain(sentence);
  expect(text).toMatch(HANGUL);
  if (detail) expect(text).toMatch(new RegExp(`“[^”]*${detail.source}[^”]*”`, detail.flags));
}

describe("a Korean lead reads delivery failures in Korean", () => {
  it("e-mail: a refusal to try later, a rejected recipient, and no mail server at all", async () => {
    await queueDigest("first@example.test");
    smtp.refuseNext(1, 421);
    const mail = smtpSender(smtp.url, FROM);
    await runOutboxOnce(t.db, { owner: "w", mail }, () => at(0));
    let read = await readInKorean();
    expectKorean(read.problems[0], "메일 서버에 이 메일을 넘기지 못해서 다시 시도해요", /421/);
    expectKorean(read.integration("email"), "메일 서버에 이 메일을 넘기지 못해서", /421/);

    await t.db.deleteFrom("outbox").execute();
    await queueDigest("second@example.test");
    smtp.refuseNext(1, 550);
    await runOutboxOnce(t.db, { owner: "w", mail }, () => at(0));
    read = await readInKorean();
    expectKorean(read.problems[0], "메일 서버가 이 메일을 거부해서 다시 시도하지 않아요", /550/);

    await t.db.deleteFrom("outbox").execute();
    await queueDigest("third@example.test");
    const nobody = smtpSender(`smtp://127.0.0.1:${await freePort()}`, FROM);
    await runOutboxOnce(t.db, { owner: "w", mail: nobody }, () => at(0));
    read = await readInKorean();
    expectKorean(read.problems[0], "메일 서버에 이 메일을 넘기지 못해서", /ECONNREFUSED/);
  });

  it("e-mail: a mail skipped because its recipient was deactivated says so in Korean", async () => {
    await buildTestUser(t.db, "newcomer", { email: "gone@example.test" });
    await queueDigest("gone@example.test");
    await t.db
      .updateTable("users")
      .set({ status: "deactivated" })
      .where("email", "=", "gone@example.test")
      .execute();
    await runOutboxOnce(t.db, { owner: "w", mail: smtpSender(smtp.url, FROM) }, () => at(0));
    const row = await t.db.selectFrom("outbox").select(["status", "last_error"]).executeTakeFirst();
    expect(row?.status).toBe("skipped");
    expectKorean(ko.msg(row?.last_error), "받는 사람의 계정이 비활성화됐어요");
  });

  it("Slack: a 500, a 400 with Slack's reason, a 429, and an unreachable webhook", async () => {
    const post = webhookSender(slackUrl);
    await queueStarter("결제 합계 오류");
    answers.push({ status: 500, body: "internal_error" });
    await runOutboxOnce(t.db, { owner: "w", slack: post }, () => at(0));
    let read = await readInKorean();
    expectKorean(read.problems[0], "Slack이 오류로 응답해서(500) 다시 시도해요", /internal_error/);
    expectKorean(read.integration("slack"), "Slack이 오류로 응답해서(500)", /internal_error/);

    await t.db.deleteFrom("outbox").execute();
    await queueStarter("검색 오타");
    answers.push({ status: 400, body: "invalid_payload" });
    await runOutboxOnce(t.db, { owner: "w", slack: post }, () => at(0));
    read = await readInKorean();
    expectKorean(read.problems[0], "Slack이 이 메시지를 거부했어요(400)", /invalid_payload/);

    await t.db.deleteFrom("outbox").execute();
    await queueStarter("내보내기 실패");
    answers.push({ status: 429, retryAfter: "30", body: "rate_limited" });
    await runOutboxOnce(t.db, { owner: "w", slack: post }, () => at(0));
    read = await readInKorean();
    expectKorean(read.problems[0], "모든 Slack 메시지가 30초 기다려요");
    // The pause still holds: nothing, of any kind, is posted to Slack before the 30 seconds are up.
    await queueStarter("막힌 멘티", "stuck");
    answers.push({ status: 200 });
    await runOutboxOnce(t.db, { owner: "w", slack: post }, () => at(10_000));
    expect(answers).toHaveLength(1);

    await t.db.deleteFrom("outbox").execute();
    await queueStarter("로그인 버튼");
    const nowhere = webhookSender(`http://127.0.0.1:${await freePort()}/services/x`);
    await runOutboxOnce(t.db, { owner: "w", slack: nowhere }, () => at(0));
    read = await readInKorean();
    expectKorean(read.problems[0], "Slack에 연결하지 못해서 다시 시도해요", /ECONNREFUSED/);
  });

  it("Slack: a post a worker never finished may have arrived, said in Korean", async () => {
    await queueStarter("알림 중복");
    // A worker marked the row `posting` and died before Slack's answer (see the delivery guarantee).
    await t.db
      .updateTable("outbox")
      .set({ status: "posting", lease_owner: "dead", lease_until: T0.toISOString() })
      .execute();
    await runOutboxOnce(t.db, { owner: "w", slack: webhookSender(slackUrl) }, () => at(LEASE_MS));
    const read = await readInKorean();
    expectKorean(read.problems[0], "이미 도착했을 수도 있어요");
  });

  it("GitHub: a failed sync names the repository and quotes GitHub's answer", async () => {
    const github = http.createServer((_req, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "Not Found" }));
    });
    await new Promise<void>((resolve) => github.listen(0, "127.0.0.1", resolve));
    const address = github.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await syncGithub(
        t.db,
        {
          token: "t",
          repos: ["octo/missing"],
          apiUrl: `http://127.0.0.1:${port}`,
          starterLabels: ["good first issue"],
        },
        endAssignmentOnStatus,
        { retryBaseMs: 10, now: () => T0 },
      );
    } finally {
      await new Promise<void>((resolve) => github.close(() => resolve()));
    }
    const read = await readInKorean();
    expectKorean(
      read.integration("github"),
      "GitHub 동기화에 실패했어요: octo/missing",
      /Not Found/,
    );
  });

  it("rows written before, in English, still show their text beside the new Korean ones", async () => {
    const old = "Slack rate limit (429), retry after 5 s";
    await queueStarter("예전 오류");
    await t.db.updateTable("outbox").set({ status: "failed", last_error: old }).execute();
    await queueStarter("새 오류", "stuck");
    answers.push({ status: 404, body: "no_service" });
    await runOutboxOnce(t.db, { owner: "w", slack: webhookSender(slackUrl) }, () => at(0));
    await t.db
      .insertInto("integration_status")
      .values({
        name: "email",
        last_success_at: null,
        last_error_at: T0.toISOString(),
        last_error: "connect ECONNREFUSED 127.0.0.1:25",
      })
      .execute();
    const read = await readInKorean();
    expect(read.problems).toHaveLength(2);
    expectKorean(read.problems[0], "Slack이 이 메시지를 거부했어요(404)", /no_service/);
    expect(read.problems[1]).toBe(old);
    expect(read.integration("email")).toBe("connect ECONNREFUSED 127.0.0.1:25");
  });
});
