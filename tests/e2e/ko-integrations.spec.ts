import http from "node:http";
import { freePort } from "../support/ports";
import { startServer, type TestServer } from "../support/server";
import { type SmtpReceiver, startSmtpReceiver } from "../support/smtp";
import { expect, test } from "./fixtures";
import { logIn } from "./helpers";

// Settings → Integrations read in Korean: a lead whose browser speaks Korean sends a test e-mail
// and a test Slack message, beside what the demo organisation queues itself (digests, a "may be
// stuck" Slack message). The mail server rejects the first recipient (550) and Slack refuses every
// message (400 invalid_payload). The failed deliveries, and each integration's last error, are
// Koan's sentences in Korean with the servers' own words quoted after them. This file starts a
// server of its own, with SMTP and Slack pointed at real receivers on loopback.

let koan: TestServer;
let smtp: SmtpReceiver;
let slack: http.Server;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  smtp = await startSmtpReceiver();
  smtp.refuseNext(1, 550);
  slack = http.createServer((req, res) => {
    req.resume();
    req.on("end", () =>
      res.writeHead(400, { "content-type": "text/plain" }).end("invalid_payload"),
    );
  });
  await new Promise<void>((resolve) => slack.listen(0, "127.0.0.1", resolve));
  const address = slack.address();
  const slackPort = typeof address === "object" && address ? address.port : 0;
  const port = await freePort();
  koan = await startServer({
    PORT: String(port),
    APP_ORIGIN: `http://127.0.0.1:${port}`,
    SMTP_URL: smtp.url,
    MAIL_FROM: "Koan <koan@example.com>",
    SLACK_WEBHOOK_URL: `http://127.0.0.1:${slackPort}/services/T0/B0/x`,
  });
});

test.afterAll(async () => {
  await koan?.stop();
  await smtp?.close();
  await new Promise<void>((resolve) => (slack ? slack.close(() => resolve()) : resolve()));
});

test("a Korean lead reads failed deliveries in Korean, with the servers' words quoted", async ({
  browser,
}) => {
  const context = await browser.newContext({
    baseURL: koan.url,
    locale: "ko-KR",
    extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" },
  });
  const page = await context.newPage();
  await logIn(page, "lead@koan.test", { to: "/settings/integrations" });
  await expect(page.getByRole("heading", { name: "연동", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "테스트 이메일 보내기" }).click();
  await expect(page.getByText(/테스트 이메일을 대기열에 넣었어요/)).toBeVisible();
  await page.getByRole("button", { name: "테스트 Slack 메시지 보내기" }).click();

  const failed = page.getByRole("table", { name: "실패한 전송" });
  const mailError = failed
    .getByRole("cell", {
      name: /^메일 서버가 이 메일을 거부해서 다시 시도하지 않아요: “[^”]*550[^”]*”$/,
    })
    .first();
  const slackError = failed
    .getByRole("cell", { name: "Slack이 이 메시지를 거부했어요(400): “invalid_payload”" })
    .first();
  // The worker sends every two seconds: reload until both have failed.
  await expect(async () => {
    await page.goto("/settings/integrations");
    await expect(mailError).toBeVisible({ timeout: 1000 });
    await expect(slackError).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // A Slack message has no subject: the row says what it was about, in Korean.
  await expect(failed.getByRole("cell", { name: /^Slack: [가-힣 ]+$/ }).first()).toBeVisible();

  // Each integration's last error says the same, in Korean.
  const email = page.getByRole("region", { name: /이메일/ });
  await expect(email.getByText(/메일 서버가 이 메일을 거부해서/)).toBeVisible();
  const slackSection = page.getByRole("region", { name: /^Slack/ });
  await expect(slackSection.getByText(/Slack이 이 메시지를 거부했어요\(400\)/)).toBeVisible();
  // Koan's own English sentences are nowhere (the servers' quoted words stay as they came).
  await expect(page.getByText(/The mail server refused|Slack refused this message/)).toHaveCount(0);
});
