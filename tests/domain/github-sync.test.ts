import { createHash } from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { endAssignmentOnStatus } from "~/mentoring/ticket-status.server";
import { type GithubSyncSettings, syncGithub } from "~/tickets/github-sync.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

// The pull sync against a local server speaking GitHub's issues endpoint: issue objects shaped
// like GitHub's own (the `issue` of @octokit/webhooks-examples' issues.opened), Link paging,
// ETags with 304s, a secondary rate limit (403 + Retry-After) and a 502 in the middle.

const require = createRequire(import.meta.url);
const base = (
  require("@octokit/webhooks-examples/api.github.com/index.json") as Array<{
    name: string;
    examples: Array<{ action?: string; issue?: Record<string, unknown> }>;
  }>
)
  .find((g) => g.name === "issues")
  ?.examples.find((e) => e.action === "opened")?.issue as Record<string, unknown>;

type Issue = Record<string, unknown> & { number: number; updated_at: string };
let issues: Issue[] = [];
let faults: Array<{ page: number; status: number; headers: Record<string, string>; body: object }> =
  [];
const seen: Array<{ url: string; status: number }> = [];
/** Issues per page: small, so a handful of issues makes several pages. */
let PAGE = 2;

function issue(n: number, labels: string[], updated: string, extra: object = {}): Issue {
  return {
    ...base,
    number: n,
    title: `이슈 ${n}: a real bug`,
    html_url: `https://github.com/octo/app/issues/${n}`,
    labels: labels.map((name, i) => ({ id: i + 1, name, color: "7057ff", default: false })),
    state: "open",
    state_reason: null,
    updated_at: updated,
    ...extra,
  };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const page = Number(url.searchParams.get("page") ?? "1");
  const send = (status: number, headers: Record<string, string>, body?: object) => {
    seen.push({ url: url.pathname + url.search, status });
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body ? JSON.stringify(body) : undefined);
  };
  if (url.pathname !== "/repos/octo/app/issues") return send(404, {}, { message: "Not Found" });
  const fault = faults.findIndex((f) => f.page === page);
  if (fault >= 0) {
    const [f] = faults.splice(fault, 1);
    if (f) return send(f.status, f.headers, f.body);
  }
  const state = url.searchParams.get("state") ?? "open";
  const label = url.searchParams.get("labels");
  const since = url.searchParams.get("since");
  const matching = issues
    .filter((i) => state === "all" || i.state === state)
    .filter((i) => !label || (i.labels as Array<{ name: string }>).some((l) => l.name === label))
    .filter((i) => !since || Date.parse(i.updated_at) >= Date.parse(since))
    .sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at));
  const etag = `"${createHash("sha1").update(JSON.stringify(matching)).digest("hex")}"`;
  if (page === 1 && req.headers["if-none-match"] === etag) return send(304, { etag });
  const last = Math.max(1, Math.ceil(matching.length / PAGE));
  const links: string[] = [];
  const link = (p: number, rel: string) => {
    const next = new URL(url);
    next.searchParams.set("page", String(p));
    links.push(`<${origin}${next.pathname}${next.search}>; rel="${rel}"`);
  };
  if (page < last) link(page + 1, "next");
  if (page > 1) link(1, "first");
  return send(
    200,
    {
      etag,
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      ...(links.length ? { link: links.join(", ") } : {}),
    },
    matching.slice((page - 1) * PAGE, page * PAGE),
  );
});
let origin = "";

let t: TestDatabase;
let settings: GithubSyncSettings;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  settings = {
    token: "ghp_test",
    repos: ["octo/app"],
    apiUrl: origin,
    starterLabels: ["good first issue", "starter"],
  };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  t = await createTestDatabase();
  PAGE = 2;
  seen.length = 0;
  faults = [];
  issues = [
    issue(1, ["good first issue"], "2026-11-01T00:00:00Z"),
    issue(2, ["starter", "component: search"], "2026-11-02T00:00:00Z"),
    issue(3, ["good first issue", "difficulty: 2"], "2026-11-03T00:00:00Z"),
    issue(4, ["bug"], "2026-11-04T00:00:00Z"),
    issue(5, ["starter"], "2026-11-05T00:00:00Z"),
    issue(6, ["good first issue"], "2026-11-06T00:00:00Z", { pull_request: { url: "x" } }),
    issue(7, ["good first issue"], "2026-11-07T00:00:00Z", { state: "closed" }),
  ];
});
afterEach(async () => {
  await t.close();
});

const sync = () => syncGithub(t.db, settings, endAssignmentOnStatus, { retryBaseMs: 10 });

async function tickets() {
  return t.db
    .selectFrom("tickets")
    .select(["external_id", "starter", "status", "component", "difficulty", "source_updated_at"])
    .where("source", "=", "github")
    .orderBy("external_id")
    .execute();
}

describe("the GitHub pull sync", () => {
  it("brings in open starter issues through pages, a 502 and a secondary rate limit", async () => {
    faults = [
      { page: 2, status: 502, headers: {}, body: { message: "Bad Gateway" } },
      {
        page: 1,
        status: 403,
        headers: { "retry-after": "1" },
        body: { message: "You have exceeded a secondary rate limit. Please wait." },
      },
    ];
    const [report] = await sync();
    expect(report).toMatchObject({ repo: "octo/app", ok: true, created: 4 });
    const rows = await tickets();
    expect(rows.map((r) => r.external_id)).toEqual([
      "octo/app#1",
      "octo/app#2",
      "octo/app#3",
      "octo/app#5",
    ]);
    expect(rows.find((r) => r.external_id === "octo/app#2")?.component).toBe("search");
    expect(rows.find((r) => r.external_id === "octo/app#3")?.difficulty).toBe(2);
    expect(faults).toEqual([]); // both faults were met, and retried past
    expect(seen.some((s) => s.status === 502)).toBe(true);
    expect(seen.some((s) => s.status === 403)).toBe(true);
  });

  it("lets other work in between the issues of a page, not only between pages", async () => {
    PAGE = 100;
    issues = Array.from({ length: 300 }, (_, i) =>
      issue(
        i + 1,
        ["good first issue"],
        new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      ),
    );
    // Counts the synced tickets at every turn of the event loop: applying a page of 100 issues
    // in one go (as before) shows up as a jump of 100 between two turns.
    const count = t.sqlite.prepare("select count(*) as n from tickets where source = 'github'");
    let last = 0;
    let largestJump = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      const { n } = count.get() as { n: number };
      largestJump = Math.max(largestJump, n - last);
      last = n;
      setImmediate(tick);
    };
    setImmediate(tick);
    const [report] = await sync();
    running = false;
    expect(report).toMatchObject({ ok: true, created: 300 });
    expect(largestJump).toBeGreaterThan(0);
    expect(largestJump).toBeLessThanOrEqual(3);
  });

  it("asks again with since and If-None-Match: nothing changed is a 304 and no writes", async () => {
    await sync();
    const before = await tickets();
    seen.length = 0;
    const [second] = await sync();
    expect(second).toMatchObject({ ok: true, created: 0, updated: 0 });
    expect(await tickets()).toEqual(before);
    // The second run moved `since` on to the newest issue seen (a closed one); the third asks
    // that URL and keeps its ETag; the fourth gets a 304.
    const [third] = await sync();
    expect(third).toMatchObject({ ok: true, created: 0, updated: 0, notModified: false });
    seen.length = 0;
    const [fourth] = await sync();
    expect(fourth).toMatchObject({ ok: true, created: 0, updated: 0, notModified: true });
    expect(seen).toEqual([expect.objectContaining({ status: 304 })]);
    expect(seen[0]?.url).toContain("since=2026-11-07");
    expect(await tickets()).toEqual(before);
  });

  it("takes closed and relabelled issues out of the queue, and never duplicates", async () => {
    await sync();
    await sync();
    issues = issues.map((i) =>
      i.number === 1
        ? { ...i, state: "closed", state_reason: "completed", updated_at: "2026-11-10T00:00:00Z" }
        : i.number === 2
          ? { ...i, labels: [{ name: "bug" }], updated_at: "2026-11-11T00:00:00Z" }
          : i.number === 4
            ? { ...i, labels: [{ name: "starter" }], updated_at: "2026-11-12T00:00:00Z" }
            : i,
    );
    const [report] = await sync();
    expect(report).toMatchObject({ ok: true, created: 1, updated: 2 });
    const rows = await tickets();
    expect(rows.map((r) => [r.external_id, r.starter, r.status])).toEqual([
      ["octo/app#1", 1, "resolved"],
      ["octo/app#2", 0, "open"],
      ["octo/app#3", 1, "open"],
      ["octo/app#4", 1, "open"],
      ["octo/app#5", 1, "open"],
    ]);
    const [again] = await sync();
    expect(again).toMatchObject({ created: 0, updated: 0 });
  });

  it("never lets an older copy of an issue overwrite a newer one", async () => {
    await sync();
    await t.db
      .updateTable("tickets")
      .set({ source_updated_at: "2026-12-01T00:00:00.000Z", title: "newer, from the webhook" })
      .where("external_id", "=", "octo/app#3")
      .execute();
    issues = issues.map((i) =>
      i.number === 3 ? { ...i, title: "older", updated_at: "2026-11-20T00:00:00Z" } : i,
    );
    await sync();
    const row = await t.db
      .selectFrom("tickets")
      .select("title")
      .where("external_id", "=", "octo/app#3")
      .executeTakeFirstOrThrow();
    expect(row.title).toBe("newer, from the webhook");
  });

  it("records a failure per repository without stopping, and says so in its status", async () => {
    const [report] = await syncGithub(
      t.db,
      { ...settings, repos: ["octo/missing"] },
      endAssignmentOnStatus,
      { retryBaseMs: 10 },
    );
    expect(report?.ok).toBe(false);
    const row = await t.db
      .selectFrom("github_sync_repos")
      .selectAll()
      .where("repo", "=", "octo/missing")
      .executeTakeFirstOrThrow();
    expect(row.last_error).toMatch(/Not Found/);
    expect(row.last_success_at).toBeNull();
  });
});
