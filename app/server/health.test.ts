import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/lib/env.server";
import { healthAnswer } from "~/lib/health.server";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db";
import { createServerApp } from "./app";

// The server answers GET and HEAD /healthz itself, before Remix: shown with a Remix build that
// has no routes and no entry (anything that reaches Remix fails), on a real database.

const emptyBuild = {
  entry: { module: {} },
  routes: {},
  assets: { routes: {}, entry: { module: "", imports: [] }, url: "", version: "0" },
  future: {},
  publicPath: "/",
  assetsBuildDirectory: "",
  mode: "production",
  isSpaMode: false,
} as unknown as ServerBuild;

let database: TestDatabase;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = parseEnv({ NODE_ENV: "production", DATABASE_PATH: database.file });
  const app = createServerApp(emptyBuild, env, database.file, () => healthAnswer(database.db));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
});

afterAll(async () => {
  await close?.();
  await database?.close();
});

describe("/healthz before Remix", () => {
  it("answers GET and HEAD after a real query, with the server's headers, without Remix", async () => {
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/json");
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers.get("x-frame-options")).toBe("DENY");
    expect(await ok.json()).toEqual({ status: "ok" });
    const head = await fetch(`${base}/healthz`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    // Anything else goes to Remix, which cannot serve it from this build.
    expect((await fetch(`${base}/elsewhere`)).status).toBeGreaterThanOrEqual(500);
    expect((await fetch(`${base}/healthz`, { method: "POST" })).status).not.toBe(200);
  });

  it("answers 503 when the database cannot answer", async () => {
    await sql`pragma foreign_keys = off`.execute(database.db);
    await sql`drop table users`.execute(database.db);
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "error" });
  });
});
