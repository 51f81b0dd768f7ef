import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function snapshot() {
  const tables = [
    "users",
    "sessions",
    "invites",
    "mentor_components",
    "audit_events",
    "login_failures",
    "tickets",
    "ticket_labels",
    "assignments",
    "ticket_events",
    "webhook_deliveries",
    "assignment_checkpoints",
    "evidence",
    "checkpoint_comments",
    "notifications",
    "track_versions",
    "track_checkpoints",
  ] as const;
  const out: Record<string, unknown[]> = {};
  for (const table of tables)
    out[table] = (await sql`select * from ${sql.table(table)} order by 1`.execute(server.db)).rows;
  return out;
}

describe("cross-site requests", () => {
  it("refuse a mutation whose Origin names another site, or is null, and store nothing", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const before = await snapshot();
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1.evil.example"]) {
      const response = await lead.request("/team", {
        method: "POST",
        headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "invite", email: "csrf@koan.test", role: "lead" }),
      });
      expect(response.status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
    const sameSite = await lead.post("/team", {
      intent: "invite",
      email: "fine@koan.test",
      role: "newcomer",
    });
    expect(sameSite.status).toBe(200);
  });

  it("GET never changes data", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    await lead.get("/settings"); // settle last_seen_at for this fresh session
    const before = await snapshot();
    for (const path of [
      "/",
      "/logout",
      "/settings",
      "/team",
      "/team/2",
      "/mentoring",
      "/login",
      "/healthz",
      "/invite/x",
      "/nope",
      "/onboarding",
      "/tickets",
      "/tickets/1",
      "/tickets/1/edit",
      "/tickets/new",
      "/tickets/import",
      "/webhooks/github",
      "/cohorts",
      "/inbox",
      "/assignments/1",
      "/tracks",
    ]) {
      await lead.get(path);
      await lead.get(`${path}?intent=invite&email=get@koan.test&role=lead&status=deactivated`);
    }
    expect(await snapshot()).toEqual(before);
    expect((await lead.get("/settings")).status).toBe(200);
  });
});

describe("responses", () => {
  it("carry security headers", async () => {
    const response = await fetch(`${server.url}/login`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1] ?? "";
    const html = await response.text();
    for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("keep signed-in pages and their .data answers out of caches; HSTS only over HTTPS", async () => {
    const b = new Browser(server.url);
    await b.login("lead@koan.test", DEMO_PASSWORD);
    for (const path of ["/team", "/team.data", "/kb?q=%EA%B2%B0%EC%A0%9C", "/settings"]) {
      const response = await b.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
    }
    expect(
      (await fetch(`${server.url}/login`)).headers.get("strict-transport-security"),
    ).toBeNull();
    const proxied = await startServer({ TRUST_PROXY: "true" });
    try {
      // `true` still works, with a warning that names the safer settings.
      await waitFor(() => proxied.output().includes("TRUST_PROXY=true believes every"));
      const overHttps = await fetch(`${proxied.url}/login`, {
        headers: { "X-Forwarded-Proto": "https" },
      });
      expect(overHttps.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
      const plain = await fetch(`${proxied.url}/login`);
      expect(plain.headers.get("strict-transport-security")).toBeNull();
    } finally {
      await proxied.stop();
    }
  });

  it("keep invite links out of the request log", async () => {
    const secret = "koan-invite-secret-4f9a1c";
    expect((await fetch(`${server.url}/invite/${secret}`)).status).toBe(404);
    await waitFor(() => server.output().includes('"path":"/invite/[redacted]"'));
    expect(server.output()).not.toContain(secret);
  });

  it("keep password-reset links out of the request log", async () => {
    const secret = "koan-reset-secret-77b2e0";
    expect((await fetch(`${server.url}/reset/${secret}`)).status).toBe(404);
    await waitFor(() => server.output().includes('"path":"/reset/[redacted]"'));
    expect(server.output()).not.toContain(secret);
  });

  it("answer a ?_data= request with 400, logged at info level without a stack trace", async () => {
    const marker = "routes/login-probe-4412";
    const response = await fetch(`${server.url}/login?_data=${marker}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("?_data requests are not supported");
    await waitFor(() =>
      /"level":"info"[^\n]*"path":"\/login"[^\n]*"status":400/.test(server.output()),
    );
    expect(server.output()).not.toMatch(/"level":"error"[^\n]*_data/);
    expect(server.output()).not.toContain("Single fetch-enabled apps");
  });

  it("take a form whose Origin matches though a proxy forwarded another X-Forwarded-Host (no 500)", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: {
        Origin: server.url,
        "X-Forwarded-Host": "internal.example:8080",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ email: "lead@koan.test", password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(302);
  });

  it("render an unknown URL as a 404 page", async () => {
    const response = await fetch(`${server.url}/tickets/../../etc/passwd`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });

  it("render a path that isn't UTF-8 (half a syllable, /%ED%95) as the reader's 404 page, without a stack in the log", async () => {
    for (const path of ["/%ED%95", "/100%", "/assets/%ED%95.js"]) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { "Accept-Language": "ko" },
      });
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(html, path).toContain('<html lang="ko"');
      expect(html, path).toContain("페이지를 찾을 수 없어요");
    }
    await waitFor(() => server.output().includes('"path":"/assets/%EF%BF%BD.js"'));
    expect(server.output()).not.toContain("URIError");
  });

  it("answer a malformed form body with 400, not 500", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
      body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nbroken',
    });
    expect(response.status).toBe(400);
  });

  it("refuse an oversized body with 413", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=${"a".repeat(13 * 1024 * 1024)}`,
    });
    expect(response.status).toBe(413);
  });
});

describe("health and failures", () => {
  it("/healthz answers ok after a real query, 503 when the database cannot answer", async () => {
    const own = await startServer();
    try {
      const ok = await fetch(`${own.url}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: "ok" });
      // Break the database under the running server.
      await sql`pragma foreign_keys = off`.execute(own.db);
      await sql`drop table users`.execute(own.db);
      const down = await fetch(`${own.url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "error" });
    } finally {
      await own.stop();
    }
  });

  it("render an unexpected error as a 500 page with the request id and no stack; log the same id", async () => {
    const own = await startServer();
    try {
      const lead = new Browser(own.url);
      await lead.login("lead@koan.test", DEMO_PASSWORD);
      await sql`drop table mentor_components`.execute(own.db);
      const response = await lead.get("/team");
      expect(response.status).toBe(500);
      const id = response.headers.get("x-request-id") ?? "";
      const html = await response.text();
      expect(html).toContain("Something went wrong on our side");
      expect(html).toContain(id);
      expect(html).not.toMatch(/no such table|at .*\.js:\d+/);
      const logged = await waitFor(
        () => {
          const lines = own
            .output()
            .split("\n")
            .filter((line) => line.includes(id) && line.includes("unexpected error"));
          return lines.length ? lines : null;
        },
        { what: "the error's log line" },
      );
      expect(logged.length).toBe(1);
      expect(logged[0]).toContain("no such table");
    } finally {
      await own.stop();
    }
  });

  it("refuse to start with an invalid setting, naming it", async () => {
    await expect(startServer({ SESSION_MAX_DAYS: "forever" })).rejects.toThrow(/SESSION_MAX_DAYS/);
  });
});

describe("APP_ORIGIN behind a proxy that does not forward the public host", () => {
  it("accept forms from APP_ORIGIN, refuse other schemes, hosts and ports with 403, never 500", async () => {
    const own = await startServer({ APP_ORIGIN: "https://koan.example.com" });
    const post = (origin: string) =>
      fetch(`${own.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "lead@koan.test", password: DEMO_PASSWORD }),
      });
    try {
      const ok = await post("https://koan.example.com");
      expect(ok.status).toBe(302);
      for (const origin of [
        "http://koan.example.com",
        "https://koan.example.com:8443",
        "https://evil.example",
        own.url,
      ]) {
        const refused = await post(origin);
        expect(refused.status, origin).toBe(403);
        expect(await refused.text()).toContain("Cross-site request refused");
      }
      expect(own.output()).not.toContain('"status":500');
    } finally {
      await own.stop();
    }
  });
});
