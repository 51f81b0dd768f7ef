import fs from "node:fs";
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeSharedDatabase } from "#db/client";
import { componentField } from "~/lib/fields";
import { handleGithubWebhook } from "~/mentoring/ticket-status.server";
import { signGithubPayload } from "~/tickets/github.server";
import { ticketFormSchema } from "~/tickets/ticket-schema";
import { findTicketIdBySource, getTicket } from "~/tickets/tickets.server";
import { createTestDatabase, type DB, type TestDatabase } from "../support/db";

const SECRET = "a-webhook-secret-for-tests";
const STARTER_LABELS = ["good first issue", "starter"];
const EXTERNAL_ID = "koan-org/Billing Service#42";

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.close();
});

let deliveries = 0;
interface DeliverOptions {
  event?: string;
  delivery?: string | null;
  /** A signature header to send instead of the right one; null sends none. */
  signature?: string | null;
  secret?: string;
  contentType?: string;
  db?: DB;
}

/** Sends `payload` as GitHub would: raw body, HMAC signature, event and delivery headers. */
function deliver(payload: unknown, options: DeliverOptions = {}) {
  const rawBody =
    typeof payload === "string" || payload instanceof Uint8Array
      ? payload
      : JSON.stringify(payload);
  deliveries += 1;
  const headers = new Headers({
    "Content-Type": options.contentType ?? "application/json",
    "X-GitHub-Event": options.event ?? "issues",
  });
  const delivery = options.delivery === undefined ? `delivery-${deliveries}` : options.delivery;
  if (delivery !== null) headers.set("X-GitHub-Delivery", delivery);
  const signature =
    options.signature === undefined ? signGithubPayload(SECRET, rawBody) : options.signature;
  if (signature !== null) headers.set("X-Hub-Signature-256", signature);
  return handleGithubWebhook(
    options.db ?? t.db,
    {
      headers,
      rawBody,
      secret: "secret" in options ? options.secret : SECRET,
      starterLabels: STARTER_LABELS,
    },
    new Date("2026-11-25T10:00:00Z"),
  );
}

interface IssueOverrides {
  title?: string;
  body?: string | null;
  labels?: string[];
  state?: "open" | "closed";
  state_reason?: string | null;
  updated_at?: string;
}

function issuesEvent(action: string, overrides: IssueOverrides = {}) {
  return {
    action,
    issue: {
      number: 42,
      title: overrides.title ?? "Invoice total rounds the wrong way",
      body: overrides.body === undefined ? "Steps:\n1. Open an invoice" : overrides.body,
      html_url: "https://github.com/koan-org/billing-service/issues/42",
      state: overrides.state ?? (action === "closed" ? "closed" : "open"),
      state_reason: overrides.state_reason ?? null,
      labels: (overrides.labels ?? ["bug"]).map((name) => ({ id: 1, name, color: "d73a4a" })),
      user: { login: "octocat", id: 1 },
      ...(overrides.updated_at ? { updated_at: overrides.updated_at } : {}),
    },
    repository: { id: 7, name: "Billing Service", full_name: "koan-org/Billing Service" },
    sender: { login: "octocat" },
  };
}

async function counts(db: DB = t.db) {
  const count = async (table: "tickets" | "webhook_deliveries" | "ticket_events") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    tickets: await count("tickets"),
    deliveries: await count("webhook_deliveries"),
    events: await count("ticket_events"),
  };
}

async function githubTicket(externalId = EXTERNAL_ID) {
  const id = await findTicketIdBySource(t.db, "github", externalId);
  if (id === null) throw new Error(`no ticket for ${externalId}`);
  const ticket = await getTicket(t.db, id);
  if (!ticket) throw new Error(`ticket ${id} vanished`);
  return ticket;
}

const nothingStored = { tickets: 0, deliveries: 0, events: 0 };

describe("signature", () => {
  it("accept a delivery signed with the secret and create its ticket", async () => {
    const result = await deliver(issuesEvent("opened"));
    expect(result).toMatchObject({ status: 200, body: { status: "applied", outcome: "created" } });
    expect(await githubTicket()).toMatchObject({
      title: "Invoice total rounds the wrong way",
      body: "Steps:\n1. Open an invoice",
      url: "https://github.com/koan-org/billing-service/issues/42",
      source: "github",
      external_id: EXTERNAL_ID,
      reporter: "octocat",
      component: "billing-service",
      difficulty: 2,
      starter: 0,
      status: "open",
      labels: ["bug"],
    });
    expect(await counts()).toEqual({ tickets: 1, deliveries: 1, events: 1 });
  });

  it("check the signature over the bytes sent, a byte-order mark included", async () => {
    const json = new TextEncoder().encode(JSON.stringify(issuesEvent("opened")));
    const withMark = new Uint8Array([0xef, 0xbb, 0xbf, ...json]);
    const result = await deliver(withMark);
    expect(result).toMatchObject({ status: 200, body: { status: "applied", outcome: "created" } });
  });

  it("read the first 100 labels of an issue sent with more (GitHub's own limit)", async () => {
    const labels = Array.from({ length: 5_000 }, (_, i) => `label-${i}`);
    labels[99] = "difficulty: 3";
    labels[100] = "good first issue";
    const result = await deliver(issuesEvent("opened", { labels }));
    expect(result).toMatchObject({ status: 200, body: { status: "applied" } });
    const ticket = await githubTicket();
    expect(ticket).toMatchObject({ starter: 0, difficulty: 3 });
  });

  it("refuse a wrong signature with 401 and store nothing", async () => {
    const payload = issuesEvent("opened");
    for (const signature of [
      signGithubPayload("another-secret-entirely", JSON.stringify(payload)),
      signGithubPayload(SECRET, `${JSON.stringify(payload)} `),
      "sha256=abc",
      `sha1=${"0".repeat(40)}`,
      `sha256=${"z".repeat(64)}`,
      "",
    ]) {
      const result = await deliver(payload, { signature });
      expect(result.status, signature).toBe(401);
      expect(result.body.error).toMatch(/signature/i);
    }
    expect(await counts()).toEqual(nothingStored);
  });

  it("refuse a delivery without a signature with 401 and store nothing", async () => {
    const result = await deliver(issuesEvent("opened"), { signature: null });
    expect(result.status).toBe(401);
    expect(await counts()).toEqual(nothingStored);
  });

  it("tell Settings → Integrations when a delivery was last taken, and when one was refused for its signature", async () => {
    const status = () =>
      t.db
        .selectFrom("integration_status")
        .selectAll()
        .where("name", "=", "github_webhook")
        .executeTakeFirst();
    expect(await status()).toBeUndefined();
    const payload = issuesEvent("opened");
    await deliver(payload, {
      signature: signGithubPayload("the-secret-on-github", JSON.stringify(payload)),
    });
    const refused = await status();
    expect(refused).toMatchObject({ last_success_at: null, last_error_at: expect.any(String) });
    expect(JSON.stringify(refused?.last_error)).toContain("core.integrations.webhookSignature");
    expect((await deliver(payload)).status).toBe(200);
    const taken = await status();
    expect(taken?.last_success_at).toEqual(expect.any(String));
    // The refusal stays listed beside the later success (as for the other integrations).
    expect(taken?.last_error_at).toBe(refused?.last_error_at);
  });

  it("answer 503 and store nothing when no secret is configured", async () => {
    const result = await deliver(issuesEvent("opened"), { secret: undefined });
    expect(result.status).toBe(503);
    expect(result.body.error).toMatch(/not configured/i);
    expect(await counts()).toEqual(nothingStored);
  });
});

describe("deliveries", () => {
  it("apply a replayed delivery once and answer duplicate", async () => {
    expect((await deliver(issuesEvent("opened"), { delivery: "d-1" })).status).toBe(200);
    const before = await counts();
    const replay = await deliver(issuesEvent("edited", { title: "Replayed title" }), {
      delivery: "d-1",
    });
    expect(replay).toEqual({ status: 200, body: { status: "duplicate" } });
    expect(await counts()).toEqual(before);
    expect((await githubTicket()).title).toBe("Invoice total rounds the wrong way");
  });

  it("apply one of several concurrent copies of a delivery", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => deliver(issuesEvent("opened"), { delivery: "same" })),
    );
    expect(results.map((r) => r.body.status).sort()).toEqual([
      "applied",
      "duplicate",
      "duplicate",
      "duplicate",
      "duplicate",
    ]);
    expect(await counts()).toEqual({ tickets: 1, deliveries: 1, events: 1 });
  });

  it("a re-sent delivery (new id) with the same or an older updated_at changes nothing", async () => {
    const at = (minute: number) => `2026-11-25T09:${String(minute).padStart(2, "0")}:00Z`;
    await deliver(issuesEvent("opened", { updated_at: at(0) }));
    const edited = issuesEvent("edited", { title: "결제 합계가 1원 틀림", updated_at: at(5) });
    expect((await deliver(edited)).body).toMatchObject({ status: "applied", outcome: "updated" });
    const before = await counts();

    // The same payload again under a new X-GitHub-Delivery id: not applied again.
    const resent = await deliver(edited);
    expect(resent).toMatchObject({ status: 200, body: { status: "stale" } });
    // An older edit arriving late does not overwrite the newer title, nor reopen a closed ticket.
    await deliver(issuesEvent("closed", { title: "결제 합계가 1원 틀림", updated_at: at(6) }));
    const late = await deliver(issuesEvent("reopened", { title: "Old title", updated_at: at(3) }));
    expect(late.body).toMatchObject({ status: "stale" });
    expect(await githubTicket()).toMatchObject({
      title: "결제 합계가 1원 틀림",
      status: "resolved",
    });
    expect((await counts()).events).toBe(before.events + 1); // only the close

    // A newer one applies.
    const newer = await deliver(issuesEvent("reopened", { title: "Newer", updated_at: at(7) }));
    expect(newer.body).toMatchObject({ status: "applied", statusChanged: true });
    expect(await githubTicket()).toMatchObject({ title: "Newer", status: "open" });
  });

  it("answer 400 to an issues event without a delivery id", async () => {
    const result = await deliver(issuesEvent("opened"), { delivery: null });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatch(/X-GitHub-Delivery/);
    expect(await counts()).toEqual(nothingStored);
  });
});

describe("issues actions", () => {
  it("opened creates a ticket; edited updates its title", async () => {
    await deliver(issuesEvent("opened"));
    const edited = await deliver(issuesEvent("edited", { title: "Invoice totals round down" }));
    expect(edited.body).toMatchObject({ status: "applied", outcome: "updated" });
    expect((await githubTicket()).title).toBe("Invoice totals round down");
    expect(await counts()).toMatchObject({ tickets: 1, events: 2 });
  });

  it("labeled with a starter label makes a starter; unlabeled makes it not one", async () => {
    await deliver(issuesEvent("opened"));
    await deliver(issuesEvent("labeled", { labels: ["bug", "Good First Issue"] }));
    expect(await githubTicket()).toMatchObject({
      starter: 1,
      difficulty: 1,
      labels: ["bug", "good first issue"],
    });
    await deliver(issuesEvent("unlabeled", { labels: ["bug"] }));
    expect(await githubTicket()).toMatchObject({ starter: 0, difficulty: 2, labels: ["bug"] });
  });

  it("closed (completed or without a reason) resolves the ticket", async () => {
    await deliver(issuesEvent("opened"));
    await deliver(issuesEvent("closed", { state_reason: "completed" }));
    expect(await githubTicket()).toMatchObject({ status: "resolved", close_reason: null });
    await deliver(issuesEvent("reopened"));
    await deliver(issuesEvent("closed"));
    expect(await githubTicket()).toMatchObject({ status: "resolved", close_reason: null });
  });

  it("closed as not planned closes it as won't fix; as duplicate, as duplicate", async () => {
    await deliver(issuesEvent("opened"));
    await deliver(issuesEvent("closed", { state_reason: "not_planned" }));
    expect(await githubTicket()).toMatchObject({ status: "closed", close_reason: "wont_fix" });
    await deliver(issuesEvent("closed", { state_reason: "duplicate" }));
    expect(await githubTicket()).toMatchObject({ status: "closed", close_reason: "duplicate" });
  });

  it("reopened opens a closed ticket again", async () => {
    await deliver(issuesEvent("opened"));
    await deliver(issuesEvent("closed", { state_reason: "not_planned" }));
    const reopened = await deliver(issuesEvent("reopened", { state_reason: "reopened" }));
    expect(reopened.body).toMatchObject({ status: "applied", statusChanged: true });
    expect(await githubTicket()).toMatchObject({ status: "open", close_reason: null });
  });

  it("deleted closes the ticket as won't fix", async () => {
    await deliver(issuesEvent("opened"));
    const deleted = await deliver(issuesEvent("deleted"));
    expect(deleted.status).toBe(200);
    expect(await githubTicket()).toMatchObject({ status: "closed", close_reason: "wont_fix" });
  });

  it("deleted for an issue Koan never saw is acknowledged and creates nothing", async () => {
    const deleted = await deliver(issuesEvent("deleted"));
    expect(deleted.status).toBe(202);
    expect(await counts()).toMatchObject({ tickets: 0, events: 0 });
  });

  it("acknowledge every other action with 202 and change nothing", async () => {
    await deliver(issuesEvent("opened"));
    const before = { ticket: await githubTicket(), counts: await counts() };
    for (const action of [
      "assigned",
      "unassigned",
      "locked",
      "unlocked",
      "pinned",
      "unpinned",
      "milestoned",
      "demilestoned",
      "transferred",
      "typed",
    ]) {
      const result = await deliver(
        issuesEvent(action, { title: "Changed", labels: ["starter"], state: "closed" }),
      );
      expect(result, action).toEqual({ status: 202, body: expect.objectContaining({ action }) });
    }
    expect(await githubTicket()).toEqual(before.ticket);
    expect(await counts()).toEqual(before.counts);
  });

  it("a closed issue first seen through another action is created closed", async () => {
    await deliver(
      issuesEvent("labeled", { state: "closed", state_reason: "not_planned", labels: ["starter"] }),
    );
    expect(await githubTicket()).toMatchObject({ status: "closed", close_reason: "wont_fix" });
  });
});

describe("labels and content", () => {
  it("take component and difficulty from labels", async () => {
    await deliver(issuesEvent("opened", { labels: ["Component: Web UI", "difficulty:3"] }));
    expect(await githubTicket()).toMatchObject({ component: "web-ui", difficulty: 3, starter: 0 });
    await deliver(issuesEvent("edited", { labels: ["area/search", "difficulty/2", "starter"] }));
    expect(await githubTicket()).toMatchObject({ component: "search", difficulty: 2, starter: 1 });
    await deliver(issuesEvent("edited", { labels: ["starter", "difficulty:9"] }));
    expect(await githubTicket()).toMatchObject({
      component: "billing-service",
      difficulty: 1,
      starter: 1,
    });
  });

  it("make a component the ticket's form accepts from a repository name that starts with a dot or a dash", async () => {
    const cases = [
      ["koan-org", ".github", "github"],
      ["koan-org", "_infra-tools", "infra-tools"],
      // Nothing a component can hold in the name: the owner's name, else "github"; never none.
      ["koan-org", "-", "koan-org"],
      ["koan-org", "..", "koan-org"],
      ["koan-org", "c++", "koan-org"],
      ["--", "...", "github"],
      ["_", "-", "github"],
    ] as const;
    for (const [owner, name, component] of cases) {
      const event = issuesEvent("opened");
      const fullName = `${owner}/${name}`;
      await deliver({ ...event, repository: { id: 8, name, full_name: fullName } });
      const ticket = await githubTicket(`${fullName}#42`);
      expect(ticket.component, fullName).toBe(component);
      // Saved unchanged, the ticket's form takes the component.
      expect(componentField.safeParse(ticket.component).success, fullName).toBe(true);
    }
    // A label naming a component the form would refuse is passed over for the next one.
    await deliver(issuesEvent("opened", { labels: ["area: ++", "component: .web"] }));
    expect((await githubTicket()).component).toBe("web");
  });

  it("truncate long titles and bodies and read a null body as empty", async () => {
    await deliver(issuesEvent("opened", { title: "t".repeat(400), body: "b".repeat(150_000) }));
    const ticket = await githubTicket();
    expect(ticket.title).toHaveLength(300);
    expect(ticket.body).toHaveLength(100_000);
    await deliver(issuesEvent("edited", { body: null }));
    expect((await githubTicket()).body).toBe("");
  });

  it("make a ticket its form saves unchanged from an issue of 30 labels and control characters", async () => {
    const labels = [
      ...Array.from({ length: 28 }, (_, i) => `team ${i + 1}`),
      "good first issue",
      "결제\u0000",
    ];
    await deliver(
      issuesEvent("opened", {
        title: "결제 버튼\u0000이 두 번\u001b[0m 눌려요",
        body: "로그:\u0000\n\u001b[31mERROR\u001b[0m",
        labels,
      }),
    );
    const ticket = await githubTicket();
    expect(ticket.title).toBe("결제 버튼이 두 번[0m 눌려요");
    // A pasted log's colour escapes may stay in a body; a NUL may not.
    expect(ticket.body).toBe("로그:\n\u001b[31mERROR\u001b[0m");
    expect(ticket.labels).toHaveLength(20);
    // Read from all 30: the starter label was the 29th.
    expect(Boolean(ticket.starter)).toBe(true);
    const form = ticketFormSchema.safeParse({
      title: ticket.title,
      body: ticket.body,
      component: ticket.component,
      labels: ticket.labels.join(", "),
      difficulty: String(ticket.difficulty),
      starter: ticket.starter ? "on" : undefined,
    });
    expect(form.error?.issues ?? []).toEqual([]);
  });

  it("make a ticket whose title and labels read as written: no direction overrides, Korean composed", async () => {
    await deliver(
      issuesEvent("opened", {
        // An override would show the rest of the title reversed wherever the ticket is listed.
        title: `${"결제".normalize("NFD")} \u202E버튼이 \u2066두 번\u2069 눌려요`,
        labels: ["good first issue", "\u202Egub", "결제".normalize("NFD")],
      }),
    );
    const ticket = await githubTicket();
    expect(ticket.title).toBe("결제 버튼이 두 번 눌려요");
    expect(ticket.labels).toEqual(["good first issue", "gub", "결제"]);
  });

  it("read a form-encoded delivery's payload field", async () => {
    const body = new URLSearchParams({ payload: JSON.stringify(issuesEvent("opened")) });
    const result = await deliver(body.toString(), {
      contentType: "application/x-www-form-urlencoded",
    });
    expect(result.status).toBe(200);
    expect((await githubTicket()).title).toBe("Invoice total rounds the wrong way");
  });
});

describe("other events and bad payloads", () => {
  it("answer ping with 200", async () => {
    const result = await deliver(
      { zen: "Keep it logically awesome.", hook_id: 1 },
      { event: "ping" },
    );
    expect(result).toEqual({ status: 200, body: { status: "pong" } });
  });

  it("ignore other events with 202", async () => {
    const result = await deliver({ ref: "refs/heads/main" }, { event: "push" });
    expect(result).toEqual({ status: 202, body: { status: "ignored", event: "push" } });
    expect(await counts()).toEqual(nothingStored);
  });

  it("answer malformed JSON with 400", async () => {
    for (const body of ["{not json", "", "null", "[1,2]", '"text"']) {
      const result = await deliver(body);
      expect(result.status, body).toBe(400);
      expect(result.body.error).toMatch(/JSON/);
    }
    expect(await counts()).toEqual(nothingStored);
  });

  it("answer missing or wrong fields with 400 naming them", async () => {
    const noTitle = issuesEvent("opened") as { issue: Partial<{ title: string }> };
    delete noTitle.issue.title;
    expect(await deliver(noTitle)).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/issue\.title/) },
    });
    const { repository: _, ...noRepository } = issuesEvent("opened");
    expect(await deliver(noRepository)).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/repository/) },
    });
    const script = issuesEvent("opened");
    script.issue.html_url = "javascript:alert(1)";
    expect(await deliver(script)).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/html_url/) },
    });
    expect((await deliver({ action: 7, issue: "x" })).status).toBe(400);
    expect(await counts()).toEqual(nothingStored);
  });
});

interface ExampleGroup {
  name: string;
  actions: string[];
  examples: Record<string, unknown>[];
}

const require = createRequire(import.meta.url);
const examples = JSON.parse(
  fs.readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8"),
) as ExampleGroup[];
const examplesOf = (name: string) => examples.find((group) => group.name === name)?.examples ?? [];

describe("GitHub's own example payloads (@octokit/webhooks-examples)", () => {
  it("include ping and every issues action", () => {
    expect(examplesOf("ping").length).toBeGreaterThan(0);
    expect(examplesOf("issues").length).toBeGreaterThanOrEqual(16);
  });

  it("answer every ping example with 200", async () => {
    for (const [i, example] of examplesOf("ping").entries()) {
      expect((await deliver(example, { event: "ping" })).status, `ping #${i}`).toBe(200);
    }
  });

  it("answer every issues example with 2xx; opened ones create the issue's ticket", async () => {
    let opened = 0;
    for (const [i, example] of examplesOf("issues").entries()) {
      const label = `issues.${String(example.action)} #${i}`;
      const result = await deliver(example);
      expect(result.status, `${label}: ${JSON.stringify(result.body)}`).toBeGreaterThanOrEqual(200);
      expect(result.status, label).toBeLessThan(300);
      if (example.action === "opened") {
        opened += 1;
        const { issue, repository } = example as {
          issue: { number: number; title: string };
          repository: { full_name: string };
        };
        expect(result.status, label).toBe(200);
        expect((await githubTicket(`${repository.full_name}#${issue.number}`)).title, label).toBe(
          issue.title,
        );
      }
    }
    expect(opened).toBeGreaterThan(0);
  });

  it("answer each opened example with 200 on a fresh database too", async () => {
    for (const example of examplesOf("issues").filter((e) => e.action === "opened")) {
      const fresh = await createTestDatabase();
      try {
        const result = await deliver(example, { db: fresh.db });
        expect(result.body).toMatchObject({ status: "applied", outcome: "created" });
      } finally {
        await fresh.close();
      }
    }
  });
});

describe("the route", () => {
  let route: typeof import("~/routes/webhooks.github");
  let shared: TestDatabase;
  const saved = {
    DATABASE_PATH: process.env.DATABASE_PATH,
    GITHUB_WEBHOOK_SECRET: process.env.GITHUB_WEBHOOK_SECRET,
  };
  beforeAll(async () => {
    shared = await createTestDatabase();
    process.env.DATABASE_PATH = shared.file;
    process.env.GITHUB_WEBHOOK_SECRET = SECRET;
    route = await import("~/routes/webhooks.github");
  });
  afterAll(async () => {
    closeSharedDatabase();
    await shared.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it("answer GET with 405 and Allow: POST", async () => {
    const response = await route.loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
    expect(await response.json()).toEqual({ error: "POST only" });
  });

  it("apply a signed POST and refuse an unsigned one", async () => {
    const rawBody = JSON.stringify(issuesEvent("opened"));
    const post = (signature?: string) =>
      route.action({
        request: new Request("http://localhost/webhooks/github", {
          method: "POST",
          body: rawBody,
          headers: {
            "Content-Type": "application/json",
            "X-GitHub-Event": "issues",
            "X-GitHub-Delivery": "route-1",
            ...(signature ? { "X-Hub-Signature-256": signature } : {}),
          },
        }),
        params: {},
        context: {},
      });
    const unsigned = await post();
    expect(unsigned.status).toBe(401);
    const signed = await post(signGithubPayload(SECRET, rawBody));
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({ status: "applied", outcome: "created" });
    expect(await counts(shared.db)).toMatchObject({ tickets: 1, deliveries: 1 });
  });
});
