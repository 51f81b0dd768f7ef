import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { tempDir } from "../support/db";
import { Browser } from "../support/http";
import { freePort } from "../support/ports";
import { copyDemoTemplate } from "../support/server";
import { type SmtpReceiver, startSmtpReceiver } from "../support/smtp";
import { waitFor } from "../support/wait";

// The outbox against the built server: invites made while SMTP is down sit in the outbox; the
// server is killed with SIGKILL; a new server, with SMTP back, delivers each of them once, with a
// link that opens the invite. The Integrations page shows the failure meanwhile, and its test
// buttons send through a real SMTP receiver and a local Slack webhook.

const SERVER = path.resolve("build/server.js");
const INVITEES = ["김민준", "Ana Souza", "최유나", "Sam Lee", "이서연"];

interface Running {
  child: ChildProcess;
  output(): string;
}

async function spawnServer(dbFile: string, env: Record<string, string>): Promise<Running> {
  copyDemoTemplate(dbFile); // the demo organisation, as the first start would seed it
  if (!fs.existsSync(SERVER))
    throw new Error("build/server.js is missing: run `npm run build` first.");
  const child = spawn(process.execPath, [SERVER], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      DATABASE_PATH: dbFile,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c) => {
    output += c;
  });
  child.stderr?.on("data", (c) => {
    output += c;
  });
  await waitFor(() => /Koan is ready/.test(output) || child.exitCode !== null, {
    timeout: 30_000,
    what: "the server to start",
  });
  if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
  return { child, output: () => output };
}

async function kill(server: Running, signal: NodeJS.Signals) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill(signal);
  await exited;
}

const running: Running[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const server of running) await kill(server, "SIGTERM");
  for (const cleanup of cleanups) await cleanup();
});

/** The invites' outbox rows (the demo's digests and stuck alerts are queued beside them). */
function outbox(dbFile: string) {
  const db = new SQLite(dbFile, { readonly: true });
  try {
    db.pragma("busy_timeout = 5000");
    return db
      .prepare(
        "select id, kind, recipient, status, attempts, last_error from outbox where kind = 'invite' order by id",
      )
      .all() as {
      id: number;
      kind: string;
      recipient: string;
      status: string;
      attempts: number;
      last_error: string | null;
    }[];
  } finally {
    db.close();
  }
}

describe("outbox crash safety", () => {
  it("invites queued while SMTP is down survive a SIGKILL and are delivered once when it is back", async () => {
    const dir = tempDir("koan-outbox-");
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const dbFile = path.join(dir, "koan.db");
    const smtpPort = await freePort();
    const appPort = await freePort();
    const origin = `http://127.0.0.1:${appPort}`;

    // A local Slack webhook receiver, for the test button.
    const slackBodies: { text: string; blocks: { text?: { text: string } }[] }[] = [];
    const slack = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        slackBodies.push(JSON.parse(body));
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => slack.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => slack.close(() => resolve())));
    const slackAddress = slack.address();
    const slackPort = typeof slackAddress === "object" && slackAddress ? slackAddress.port : 0;

    const env = {
      PORT: String(appPort),
      APP_ORIGIN: origin,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "Koan <koan@example.test>",
      SLACK_WEBHOOK_URL: `http://127.0.0.1:${slackPort}/services/T/B/x`,
      // A Korean team's channel: Slack's messages are Korean whatever the lead reads Koan in.
      SLACK_LANGUAGE: "ko",
    };

    // SMTP is down: nothing listens on its port.
    let server = await spawnServer(dbFile, env);
    running.push(server);
    const lead = new Browser(origin);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    for (const [i, name] of INVITEES.entries()) {
      const response = await lead.post("/team", {
        intent: "invite",
        email: `invitee${i}@example.test`,
        name,
        role: "newcomer",
        startDate: "2026-12-01",
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Koan is also e-mailing the link to them.");
    }
    expect(outbox(dbFile).map((r) => r.recipient)).toEqual(
      INVITEES.map((_, i) => `invitee${i}@example.test`),
    );
    // The worker tried, failed, and the lead can see it.
    await waitFor(() => outbox(dbFile).every((r) => r.attempts >= 1 && r.last_error), {
      timeout: 20_000,
      what: "a first failed try of every invite",
    });
    const page = await lead.get("/settings/integrations");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Failed deliveries");
    expect(html).toMatch(/ECONNREFUSED|connect/);
    expect(html).toContain("invitee0@example.test");
    expect(html).toContain('<span lang="ko">한국어</span>');
    const mentor = new Browser(origin);
    await mentor.login("mentor@koan.test", DEMO_PASSWORD);
    expect((await mentor.get("/settings/integrations")).status).toBe(403);
    expect(
      (await mentor.post("/settings/integrations", { intent: "test", channel: "email" })).status,
    ).toBe(403);

    await kill(server, "SIGKILL");
    const afterKill = outbox(dbFile);
    expect(afterKill).toHaveLength(INVITEES.length);
    expect(afterKill.every((r) => r.status !== "sent")).toBe(true);

    // Koan stays down a while: by the time it is back, the backoff of what waits (the invites,
    // and the demo's digests queued at the first start; 30 s after a first failure, tested in
    // tests/domain/mail.test.ts) has run out. The test moves their due time to now instead of
    // waiting the 30 s.
    const file = new SQLite(dbFile);
    try {
      file
        .prepare("update outbox set next_attempt_at = ? where status = 'pending'")
        .run(new Date().toISOString());
    } finally {
      file.close();
    }

    // SMTP comes back; so does Koan.
    const smtp: SmtpReceiver = await startSmtpReceiver(smtpPort);
    cleanups.push(() => smtp.close());
    server = await spawnServer(dbFile, env);
    running.push(server);
    // The retry comes on the new worker's first passes.
    const invitesReceived = () => smtp.mails.filter((m) => m.to[0]?.startsWith("invitee"));
    await waitFor(() => invitesReceived().length >= INVITEES.length, {
      timeout: 90_000,
      interval: 250,
      what: "every invite delivered",
    });
    const links = invitesReceived().map((m) => {
      const match = new RegExp(`${origin}/invite/([A-Za-z0-9_-]+)`).exec(m.decoded);
      return match?.[0] ?? "";
    });
    expect(
      invitesReceived()
        .map((m) => m.to[0])
        .sort(),
    ).toEqual(INVITEES.map((_, i) => `invitee${i}@example.test`).sort());
    // Each link opens its invite on the new server.
    for (const link of links) {
      const response = await fetch(link, { redirect: "manual" });
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/invite/i);
    }
    expect(invitesReceived().some((m) => m.decoded.includes("Hello 김민준,"))).toBe(true);
    await waitFor(() => outbox(dbFile).every((r) => r.status === "sent"), {
      what: "every row marked sent",
    });
    // Nothing goes twice: a few more worker passes later, still one each.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(invitesReceived()).toHaveLength(INVITEES.length);

    // The test buttons, through the same outbox.
    const relogged = new Browser(origin);
    await relogged.login("lead@koan.test", DEMO_PASSWORD);
    const testMail = await relogged.post("/settings/integrations", {
      intent: "test",
      channel: "email",
    });
    expect(testMail.status).toBe(200);
    await waitFor(() => smtp.mails.find((m) => m.to[0] === "lead@koan.test"), {
      timeout: 15_000,
      what: "the test e-mail",
    });
    const testSlack = await relogged.post("/settings/integrations", {
      intent: "test",
      channel: "slack",
    });
    expect(testSlack.status).toBe(200);
    await waitFor(() => slackBodies.find((b) => b.blocks[0]?.text?.text === "Koan 테스트 메시지"), {
      timeout: 15_000,
      what: "the test Slack message",
    });
    const after = await (await relogged.get("/settings/integrations")).text();
    expect(after).toContain("No failed deliveries");
    await kill(server, "SIGTERM");
  }, 180_000);
});
