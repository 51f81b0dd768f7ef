import http from "node:http";
import type { Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWriteup } from "~/knowledge/writeups.server";
import { translate } from "~/lib/i18n/catalogs.server";
import { k } from "~/lib/i18n/messages";
import { configureOutbox, listDeliveryProblems, retryFailedDeliveries } from "~/lib/outbox.server";
import {
  backoffMs,
  LEASE_MS,
  MAY_HAVE_ARRIVED,
  runOutboxOnce,
  SLACK_BATCH_MS,
  type SlackSender,
  webhookSender,
} from "~/lib/outbox-worker.server";
import { detectStuck } from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

// Slack through the outbox, against a local HTTP receiver that checks the payload shape Slack
// documents for incoming webhooks (a JSON body with `text` and Block Kit `blocks`) and answers
// what each test tells it: 200, 500 or 429 with Retry-After.

const ORIGIN = "https://koan.example.test";
const T0 = new Date("2026-11-02T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

interface Received {
  text: string;
  blocks: { type: string; text?: { type: string; text: string } }[];
}

/** Why a body is not a valid incoming-webhook message, or null. */
function shapeProblem(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return "not a JSON object";
  const b = body as Record<string, unknown>;
  if (typeof b.text !== "string" || !b.text) return "no top-level text (the notification fallback)";
  if (!Array.isArray(b.blocks) || b.blocks.length === 0 || b.blocks.length > 50)
    return "blocks must be an array of 1 to 50";
  for (const block of b.blocks as Record<string, unknown>[]) {
    const text = block.text as Record<string, unknown> | undefined;
    if (block.type === "header") {
      if (text?.type !== "plain_text") return "a header's text must be plain_text";
      if (typeof text.text !== "string" || text.text.length > 150) return "header text over 150";
    } else if (block.type === "section") {
      if (text?.type !== "mrkdwn" && text?.type !== "plain_text") return "section text type";
      if (typeof text.text !== "string" || text.text.length > 3000) return "section text over 3000";
    } else return `unexpected block type ${String(block.type)}`;
  }
  return null;
}

let t: TestDatabase;
let server: http.Server;
let url: string;
let received: Received[];
let answers: { status: number; retryAfter?: string }[];
let lead: number;

beforeEach(async () => {
  t = await createTestDatabase();
  configureOutbox({ email: false, slack: true, origin: ORIGIN });
  lead = await buildTestUser(t.db, "lead");
  received = [];
  answers = [];
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = null;
      }
      const problem =
        req.method !== "POST" || !/^application\/json/.test(req.headers["content-type"] ?? "")
          ? "not a JSON POST"
          : shapeProblem(parsed);
      if (problem) {
        res.writeHead(400, { "content-type": "text/plain" }).end(`invalid_payload: ${problem}`);
        return;
      }
      const answer = answers.shift() ?? { status: 200 };
      if (answer.status === 200) received.push(parsed as Received);
      res.writeHead(answer.status, {
        "content-type": "text/plain",
        ...(answer.retryAfter ? { "retry-after": answer.retryAfter } : {}),
      });
      res.end(answer.status === 200 ? "ok" : answer.status === 429 ? "rate_limited" : "oops");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/services/T0/B0/x`;
});
afterEach(async () => {
  configureOutbox(undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

const worker = () => ({ owner: "slack-test", slack: webhookSender(url) });

async function starter(title: string, now: Date) {
  return createTicket(
    t.db,
    {
      actorId: lead,
      ticket: { title, body: "", component: "결제", labels: [], difficulty: 1, starter: true },
    },
    now,
  );
}

async function rows() {
  return t.db.selectFrom("outbox").selectAll().orderBy("id").execute();
}

describe("Slack incoming webhook", () => {
  it("new starter tickets: one Block Kit message with links, batched to one per kind per 10 minutes", async () => {
    const ids = [
      await starter("합계가 $로 표시됨", T0),
      await starter("Export <script> in CSV", T0),
      await starter("Search & filter broken", T0),
    ];
    // Not a starter: nothing for Slack.
    await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: "Big refactor",
        body: "",
        component: "web",
        labels: [],
        difficulty: 3,
        starter: false,
      },
    });
    expect(await runOutboxOnce(t.db, worker(), () => at(1000))).toEqual({ sent: 3, failed: 0 });
    expect(received).toHaveLength(1);
    const message = received[0] as Received;
    expect(message.blocks[0]?.text?.text).toBe("3 new starter tickets in the queue");
    const section = message.blocks[1]?.text?.text ?? "";
    for (const id of ids) expect(section).toContain(`<${ORIGIN}/tickets/${id}|`);
    expect(section).toContain("합계가 $로 표시됨 (결제)");
    // Slack's three escapes: a title cannot break the link syntax.
    expect(section).toContain("Export &lt;script&gt; in CSV");
    expect(section).toContain("Search &amp; filter broken");

    // Another ticket a minute later waits for the ten minutes to pass.
    await starter("Late one", at(60_000));
    expect(await runOutboxOnce(t.db, worker(), () => at(120_000))).toEqual({ sent: 0, failed: 0 });
    expect(await runOutboxOnce(t.db, worker(), () => at(1000 + SLACK_BATCH_MS - 1))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(await runOutboxOnce(t.db, worker(), () => at(1000 + SLACK_BATCH_MS))).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(received).toHaveLength(2);
    expect(received[1]?.blocks[0]?.text?.text).toBe("New starter ticket in the queue");
  });

  it("each kind has its own window: a write-up published and a mentee stuck go out beside tickets", async () => {
    const mentor = await buildTestUser(t.db, "mentor", { capacity: 3 });
    const newcomer = await buildTestUser(t.db, "newcomer", { name: "김민준" });
    const ticketId = await starter("Rounding error", T0);
    const claim = await claimTicket(
      t.db,
      { ticketId, newcomerId: newcomer, mentorId: mentor, defaultLimit: 3 },
      T0,
    );
    expect(claim.ok).toBe(true);
    await detectStuck(t.db, { workingDays: 3 }, new Date("2026-11-09T09:00:00Z"));
    // A second check of the same stuck spell is not news.
    await detectStuck(t.db, { workingDays: 3 }, new Date("2026-11-09T10:00:00Z"));
    const writeupId = await createWriteup(
      t.db,
      {
        authorId: newcomer,
        status: "published",
        writeup: {
          title: "Why totals round down",
          symptom: "s",
          component: "billing",
          rootCause: "r",
          fix: "f",
          debugging: "d",
          resolution: "fixed",
          tags: [],
          links: [],
          toil: [],
        },
      },
      new Date("2026-11-09T09:30:00Z"),
    );
    await runOutboxOnce(t.db, worker(), () => new Date("2026-11-09T10:00:00Z"));
    const headings = received.map((m) => m.blocks[0]?.text?.text).sort();
    expect(headings).toEqual([
      "A mentee may be stuck",
      "New starter ticket in the queue",
      "New write-up published",
    ]);
    const all = received.map((m) => m.blocks[1]?.text?.text).join("\n");
    expect(all).toContain(`<${ORIGIN}/kb/${writeupId}|Why totals round down>`);
    expect(all).toContain(`${ORIGIN}/assignments/${claim.ok ? claim.assignmentId : 0}|김민준`);
  });

  it("a Korean team's channel (SLACK_LANGUAGE=ko) gets its headings, stuck notices and 'and N more' in Korean", async () => {
    configureOutbox({ email: false, slack: true, origin: ORIGIN, slackLocale: "ko" });
    const mentor = await buildTestUser(t.db, "mentor", { capacity: 3 });
    const newcomer = await buildTestUser(t.db, "newcomer", { name: "김민준" });
    const ticketId = await starter("정산 합계 반올림 오류", T0);
    const claim = await claimTicket(
      t.db,
      { ticketId, newcomerId: newcomer, mentorId: mentor, defaultLimit: 3 },
      T0,
    );
    expect(claim.ok).toBe(true);
    for (let i = 0; i < 11; i++) await starter(`입문 티켓 ${i}`, T0);
    await detectStuck(t.db, { workingDays: 3 }, new Date("2026-11-09T09:00:00Z"));
    await runOutboxOnce(t.db, worker(), () => new Date("2026-11-09T10:00:00Z"));
    const byHeading = new Map(received.map((m) => [m.blocks[0]?.text?.text, m]));
    expect([...byHeading.keys()].sort()).toEqual([
      "대기열에 새 입문 티켓 12개",
      "막혔을 수 있는 멘티 1명",
    ]);
    const stuck = byHeading.get("막혔을 수 있는 멘티 1명")?.blocks[1]?.text?.text ?? "";
    expect(stuck).toContain("“정산 합계 반올림 오류”의 김민준 님: 5영업일째 활동 없음");
    const tickets = byHeading.get("대기열에 새 입문 티켓 12개")?.blocks[1]?.text?.text ?? "";
    expect(tickets).toContain("외 2개");
    expect(JSON.stringify(received)).not.toMatch(/starter ticket|may be stuck|more/);
  });

  it("titles are escaped in the notification fallback too, cut between characters, and long lists end in whole lines", async () => {
    // A GitHub issue's title is anyone's text: in the fallback, unescaped, it pinged the channel.
    await starter("<!channel> <https://evil.example|Click here> & more", T0);
    // 149 letters then an emoji: a cut at 150 UTF-16 units left half of it (a lone surrogate).
    await starter(`${"가".repeat(140)} 😀😀😀😀😀😀`, T0);
    // Ten titles of 200 "&" are 1,000 characters each once escaped: 3,000 cut through a link.
    for (let i = 0; i < 10; i++) await starter("&".repeat(200), T0);
    await runOutboxOnce(t.db, worker(), () => at(1000));
    expect(received).toHaveLength(1);
    const message = received[0] as Received;
    const section = message.blocks[1]?.text?.text ?? "";
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const text of [message.text, section, message.blocks[0]?.text?.text ?? ""]) {
      expect(text).not.toMatch(loneSurrogate);
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<https://evil.example|");
    }
    expect(message.text).toContain(
      "&lt;!channel&gt; &lt;https://evil.example|Click here&gt; &amp; more",
    );
    const lines = section.split("\n");
    const items = lines.filter((line) => line.startsWith("• "));
    // Every item line is one whole link; the ones that did not fit are counted, not cut.
    for (const line of items) expect(line).toMatch(/^• <https:\/\/[^|<>]+\|[^<>]*>$/);
    expect(items[1]).toContain("…");
    expect(lines.at(-1)).toBe(`and ${12 - items.length} more`);
    expect(items.length).toBeGreaterThanOrEqual(3);
  });

  it("a 500 is retried after the backoff and then delivered once", async () => {
    await starter("Flaky", T0);
    answers.push({ status: 500 });
    expect(await runOutboxOnce(t.db, worker(), () => at(0))).toEqual({ sent: 0, failed: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row?.last_error).toMatch(/500/);
    expect(row?.next_attempt_at).toBe(at(backoffMs(1)).toISOString());
    expect(await runOutboxOnce(t.db, worker(), () => at(backoffMs(1) - 1))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(await runOutboxOnce(t.db, worker(), () => at(backoffMs(1)))).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(await runOutboxOnce(t.db, worker(), () => at(3600_000))).toEqual({ sent: 0, failed: 0 });
    expect(received).toHaveLength(1);
  });

  it("a 429 is honoured with its Retry-After, for every kind", async () => {
    await starter("Rate limited", T0);
    answers.push({ status: 429, retryAfter: "120" });
    expect(await runOutboxOnce(t.db, worker(), () => at(0))).toEqual({ sent: 0, failed: 1 });
    expect((await rows())[0]?.next_attempt_at).toBe(at(120_000).toISOString());
    // Other kinds wait too: the limit is the webhook's.
    await createWriteup(
      t.db,
      {
        authorId: lead,
        status: "published",
        writeup: {
          title: "Published meanwhile",
          symptom: "s",
          component: "billing",
          rootCause: "r",
          fix: "f",
          debugging: "d",
          resolution: "fixed",
          tags: [],
          links: [],
          toil: [],
        },
      },
      at(1000),
    );
    expect(await runOutboxOnce(t.db, worker(), () => at(119_000))).toEqual({ sent: 0, failed: 0 });
    expect(received).toHaveLength(0);
    expect(await runOutboxOnce(t.db, worker(), () => at(120_000))).toEqual({ sent: 2, failed: 0 });
    expect(received).toHaveLength(2);
  });

  it("a payload Slack refuses (400) is given up at once, not retried for hours", async () => {
    await starter("Refused", T0);
    answers.push({ status: 400 });
    await runOutboxOnce(t.db, worker(), () => at(0));
    expect((await rows())[0]).toMatchObject({ status: "failed" });
  });

  it("at most once: a worker that dies after Slack took the message never posts it again by itself; a lead can", async () => {
    await starter("Posted once", T0);
    const real = webhookSender(url);
    // Slack answers 200, then the worker dies before marking the rows sent.
    const diesAfterPost: SlackSender = async (payload) => {
      await real(payload);
      return new Promise<never>(() => {});
    };
    void runOutboxOnce(t.db, { owner: "dead", slack: diesAfterPost }, () => at(0));
    const deadline = Date.now() + 5000;
    while (received.length < 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(received).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ status: "posting", lease_owner: "dead" });
    // Its lease runs out: the row is not posted again, and says why.
    expect(await runOutboxOnce(t.db, worker(), () => at(LEASE_MS))).toEqual({ sent: 0, failed: 0 });
    expect(await runOutboxOnce(t.db, worker(), () => at(3 * LEASE_MS))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(received).toHaveLength(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: "failed", last_error: MAY_HAVE_ARRIVED });
    expect((await listDeliveryProblems(t.db)).map((p) => p.lastError)).toEqual([MAY_HAVE_ARRIVED]);
    // A lead who sees the channel never got it sends it again from Integrations.
    expect(await retryFailedDeliveries(t.db, at(4 * LEASE_MS))).toBe(1);
    expect(await runOutboxOnce(t.db, worker(), () => at(4 * LEASE_MS))).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(received).toHaveLength(2);
  });

  it("a webhook that takes the request and never answers: given up after the timeout as 'may have arrived', not posted again by itself, its connection closed", async () => {
    // Accepts the connection, reads the request, and never says a word back.
    const carried: Socket[] = [];
    const closed = new Set<Socket>();
    const silent = http.createServer((req) => {
      carried.push(req.socket);
      req.socket.on("close", () => closed.add(req.socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    const silentUrl = `http://127.0.0.1:${port}/services/T0/B0/x`;
    const impatient = () => ({
      owner: "slack-test",
      slack: webhookSender(silentUrl, { timeoutMs: 300 }),
    });
    try {
      await starter("Nobody answers", T0);
      const started = Date.now();
      expect(await runOutboxOnce(t.db, impatient(), () => at(0))).toEqual({ sent: 0, failed: 1 });
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(3000);
      expect(carried).toHaveLength(1);
      const noAnswer = k("core.integrations.error.noAnswer");
      expect((await rows())[0]).toMatchObject({
        status: "failed",
        lease_owner: null,
        lease_until: null,
        last_error: noAnswer,
      });
      const status = await t.db
        .selectFrom("integration_status")
        .select("last_error")
        .where("name", "=", "slack")
        .executeTakeFirstOrThrow();
      expect(status.last_error).toBe(noAnswer);
      // Koan hung up on the request: its connection is closed, nothing waits on it any more.
      // (fetch may open a spare connection meanwhile; it sends nothing and closes it when idle.)
      const [socket] = carried;
      const deadline = Date.now() + 2000;
      while (socket && !closed.has(socket) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(socket && closed.has(socket)).toBe(true);
      // Slack may have it: the worker does not post it again, however long it waits.
      expect(await runOutboxOnce(t.db, impatient(), () => at(LEASE_MS))).toEqual({
        sent: 0,
        failed: 0,
      });
      expect(await runOutboxOnce(t.db, impatient(), () => at(60 * 60_000))).toEqual({
        sent: 0,
        failed: 0,
      });
      expect(carried).toHaveLength(1);
      // What the lead reads on Settings → Integrations, in either language.
      const [problem] = await listDeliveryProblems(t.db);
      expect(problem?.lastError).toBe(noAnswer);
      expect(translate("en").msg(problem?.lastError ?? "")).toContain(
        "Slack did not answer in time, so this may have arrived",
      );
      expect(translate("ko").msg(problem?.lastError ?? "")).toContain(
        "Slack이 제때 응답하지 않아서 이미 도착했을 수도 있어요",
      );
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
