import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signGithubPayload } from "~/tickets/github.server";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser, readableHtml } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";

// Settings → Integrations, "Sync now": a lead pulls the starter issues at once, against a local
// server speaking GitHub's issues endpoint (issue objects shaped like @octokit/webhooks-examples').
// The page shows the sync's last success; mentors and newcomers can neither see nor press it.

const require = createRequire(import.meta.url);
const base = (
  require("@octokit/webhooks-examples/api.github.com/index.json") as Array<{
    name: string;
    examples: Array<{ action?: string; issue?: Record<string, unknown> }>;
  }>
)
  .find((g) => g.name === "issues")
  ?.examples.find((e) => e.action === "opened")?.issue as Record<string, unknown>;

let issues: Record<string, unknown>[] = [];
const github = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname !== "/repos/octo/app/issues") {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Not Found" }));
    return;
  }
  const label = url.searchParams.get("labels");
  const body = issues.filter(
    (i) => !label || (i.labels as Array<{ name: string }>).some((l) => l.name === label),
  );
  res.writeHead(200, { "content-type": "application/json", "x-ratelimit-remaining": "4999" });
  res.end(JSON.stringify(body));
});

const WEBHOOK_SECRET = "a-webhook-secret-for-tests";

let server: TestServer;
beforeAll(async () => {
  await new Promise<void>((resolve) => github.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(github.address() as AddressInfo).port}`;
  server = await startServer({
    GITHUB_TOKEN: "ghp_test",
    GITHUB_REPOS: "octo/app",
    GITHUB_API_URL: origin,
    GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  // The start-up run finds no issues; wait for it so "Sync now" below is what brings the new one.
  await waitFor(
    async () =>
      (
        await server.db
          .selectFrom("integration_status")
          .select("last_success_at")
          .where("name", "=", "github")
          .executeTakeFirst()
      )?.last_success_at,
    { timeout: 15_000, what: "the start-up sync" },
  );
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => github.close(resolve));
});

describe("Sync now", () => {
  it("brings a new starter issue into the queue at once, for leads only", async () => {
    issues = [
      {
        ...base,
        number: 4242,
        title: "결제 버튼이 두 번 눌려요 (double charge)",
        html_url: "https://github.com/octo/app/issues/4242",
        labels: [{ id: 1, name: "good first issue", color: "7057ff", default: false }],
        state: "open",
        state_reason: null,
        updated_at: "2026-11-30T09:00:00Z",
      },
    ];

    const mentor = new Browser(server.url);
    await mentor.login("mentor@koan.test", DEMO_PASSWORD);
    expect((await mentor.get("/settings/integrations")).status).toBe(403);
    expect((await mentor.post("/settings/integrations", { intent: "sync" })).status).toBe(403);

    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const page = await (await lead.get("/settings/integrations")).text();
    expect(page).toContain("GitHub sync");
    expect(page).toContain("Sync now");
    const before = await (await lead.get("/tickets")).text();
    expect(before).not.toContain("결제 버튼이 두 번 눌려요");

    const synced = await lead.post("/settings/integrations", { intent: "sync" });
    expect(synced.status).toBe(200);
    expect(await synced.text()).toContain("GitHub sync finished: 1 new, 0 updated.");
    expect(await (await lead.get("/tickets")).text()).toContain("결제 버튼이 두 번 눌려요");

    // Pressed again: nothing new, nothing duplicated.
    const again = await lead.post("/settings/integrations", { intent: "sync" });
    expect(await again.text()).toContain("GitHub sync finished: 0 new");
    const rows = await server.db
      .selectFrom("tickets")
      .select("id")
      .where("source", "=", "github")
      .where("external_id", "like", "%4242%")
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("says so when nothing had failed, and names a made-up action as one", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const retried = await lead.post("/settings/integrations", { intent: "retry" });
    expect(retried.status).toBe(200);
    expect(await retried.text()).toContain("Nothing had failed: there is nothing to send again.");
    const unknown = await lead.post("/settings/integrations", { intent: "launch" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("That isn&#x27;t something this page does.");
  });

  it("keeps a GitHub label holding a comma as one label when the ticket is edited and saved", async () => {
    const labels = ["good first issue", "needs info, p1", "결제，환불", 'say "hi"'];
    issues = [
      {
        ...base,
        number: 77,
        title: "Refund page shows the wrong total",
        html_url: "https://github.com/octo/app/issues/77",
        labels: labels.map((name, i) => ({ id: i + 1, name, color: "7057ff", default: false })),
        state: "open",
        state_reason: null,
        updated_at: "2026-12-01T09:00:00Z",
      },
    ];
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    await lead.post("/settings/integrations", { intent: "sync" });
    const ticket = await server.db
      .selectFrom("tickets")
      .select(["id", "component", "status"])
      .where("external_id", "=", "octo/app#77")
      .executeTakeFirstOrThrow();
    const storedLabels = async () =>
      (
        await server.db
          .selectFrom("ticket_labels")
          .select("label")
          .where("ticket_id", "=", ticket.id)
          .orderBy("label")
          .execute()
      ).map((r) => r.label);
    const synced = await storedLabels();
    expect(synced).toEqual([...labels].sort());

    // The edit page's labels field, sent back as it is with a new title: the same labels.
    const page = await (await lead.get(`/tickets/${ticket.id}/edit`)).text();
    const field = (name: string) => {
      const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(page)?.[0] ?? "";
      const value = /value="([^"]*)"/.exec(input)?.[1] ?? "";
      return value
        .replaceAll("&quot;", '"')
        .replaceAll("&#x27;", "'")
        .replaceAll("&lt;", "<")
        .replaceAll("&gt;", ">")
        .replaceAll("&amp;", "&");
    };
    const saved = await lead.post(`/tickets/${ticket.id}/edit`, {
      title: "Refund page shows the wrong total (edited)",
      body: "",
      component: ticket.component,
      labels: field("labels"),
      difficulty: "1",
      starter: "on",
      status: ticket.status,
      version: field("version"),
    });
    expect(saved.status).toBe(302);
    expect(await storedLabels()).toEqual(synced);
  });
});

describe("the GitHub webhook on Settings → Integrations", () => {
  /** The webhook's part of the page: from its heading to the next integration's. */
  const webhookPart = (html: string) => {
    const text = readableHtml(html);
    const from = text.indexOf('id="integration-github_webhook"');
    expect(from, "the GitHub webhook is listed").toBeGreaterThan(-1);
    return text.slice(from, text.indexOf("</section>", from));
  };
  const ping = (secret: string) => {
    const body = JSON.stringify({ zen: "Design for failure.", hook_id: 7 });
    return fetch(`${server.url}/webhooks/github`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-GitHub-Event": "ping",
        "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "X-Hub-Signature-256": signGithubPayload(secret, body),
      },
    });
  };

  it("shows a lead the last delivery refused for its signature, then the last one taken", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const lastSuccess = (part: string) => part.match(/Last success<\/dt><dd>([^<]*)</)?.[1];
    const before = webhookPart(await (await lead.get("/settings/integrations")).text());
    expect(before).toContain("GitHub webhook");
    expect(before).not.toContain("GITHUB_WEBHOOK_SECRET");
    const never = lastSuccess(before);
    expect((await ping("the-secret-on-github")).status).toBe(401);
    const refused = webhookPart(await (await lead.get("/settings/integrations")).text());
    expect(refused).toContain(
      "its signature does not match GITHUB_WEBHOOK_SECRET. Set the same secret on the webhook in GitHub.",
    );
    expect((await ping(WEBHOOK_SECRET)).status).toBe(200);
    const taken = webhookPart(await (await lead.get("/settings/integrations")).text());
    expect(lastSuccess(taken)).toBeDefined();
    expect(lastSuccess(taken)).not.toBe(never);
  });
});
