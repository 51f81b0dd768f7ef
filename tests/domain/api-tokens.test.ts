import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeSharedDatabase } from "#db/client";
import {
  authenticateApiToken,
  bearerToken,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from "~/auth/api-tokens.server";
import { hashToken } from "~/auth/tokens.server";
import { createWriteup, type WriteupInput } from "~/knowledge/writeups.server";
import { k } from "~/lib/i18n/messages";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { callRoute } from "../support/route";

const now = new Date("2026-11-25T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

async function newToken(db: TestDatabase["db"], userId: number, name = "Chat bot") {
  const created = await createApiToken(db, { userId, name }, now);
  if (!created.ok) throw new Error("token not created");
  return created;
}

describe("API tokens", () => {
  let t: TestDatabase;
  let mentor: number;
  beforeEach(async () => {
    t = await createTestDatabase();
    mentor = await buildTestUser(t.db, "mentor");
  });
  afterEach(async () => {
    await t.close();
  });

  const lastUsed = async (id: number) =>
    (
      await t.db
        .selectFrom("api_tokens")
        .select("last_used_at")
        .where("id", "=", id)
        .executeTakeFirstOrThrow()
    ).last_used_at;

  it("are shown once, stored hashed, listed, and authenticate their user", async () => {
    const { id, token } = await newToken(t.db, mentor);
    expect(token).toMatch(/^koan_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await listApiTokens(t.db, mentor)).toEqual([
      { id, name: "Chat bot", created_at: now.toISOString(), last_used_at: null },
    ]);

    const user = await authenticateApiToken(t.db, `Bearer ${token}`, now);
    expect(user).toMatchObject({ id: mentor, role: "mentor", tokenId: id });
    expect(await authenticateApiToken(t.db, `bearer  ${token} `, now)).not.toBeNull();
  });

  it("record their last use at most once a minute", async () => {
    const { id, token } = await newToken(t.db, mentor);
    await authenticateApiToken(t.db, `Bearer ${token}`, now);
    expect(await lastUsed(id)).toBe(now.toISOString());
    await authenticateApiToken(t.db, `Bearer ${token}`, later(30_000));
    expect(await lastUsed(id)).toBe(now.toISOString());
    await authenticateApiToken(t.db, `Bearer ${token}`, later(61_000));
    expect(await lastUsed(id)).toBe(later(61_000).toISOString());
  });

  it("refuse missing, malformed, unknown and revoked tokens, and a deactivated user's", async () => {
    const { id, token } = await newToken(t.db, mentor);
    const other = await newToken(t.db, await buildTestUser(t.db, "newcomer"));
    for (const header of [
      null,
      undefined,
      "",
      "Bearer",
      "Bearer ",
      token,
      `Basic ${token}`,
      `Bearer ${token} extra`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer koan_${"A".repeat(43)}`,
      `Bearer ${"x".repeat(500)}`,
      "Bearer koan_ü",
    ]) {
      expect(await authenticateApiToken(t.db, header, now)).toBeNull();
    }
    expect(bearerToken(`Bearer ${token}`)).toBe(token);

    // Revoking is for one's own tokens, once.
    expect(await revokeApiToken(t.db, { userId: mentor, tokenId: other.id }, now)).toBe(false);
    expect(await revokeApiToken(t.db, { userId: mentor, tokenId: id }, now)).toBe(true);
    expect(await revokeApiToken(t.db, { userId: mentor, tokenId: id }, now)).toBe(false);
    expect(await authenticateApiToken(t.db, `Bearer ${token}`, now)).toBeNull();
    expect(await listApiTokens(t.db, mentor)).toEqual([]);

    const fresh = await newToken(t.db, mentor);
    await t.db
      .updateTable("users")
      .set({ status: "deactivated" })
      .where("id", "=", mentor)
      .execute();
    expect(await authenticateApiToken(t.db, `Bearer ${fresh.token}`, now)).toBeNull();
    const actions = await t.db
      .selectFrom("audit_events")
      .select("action")
      .where("subject_type", "=", "api_token")
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "api_token.created",
      "api_token.created",
      "api_token.revoked",
      "api_token.created",
    ]);
  });
});

describe("the routes", () => {
  // The routes read the process-wide database, so it is named before they are imported.
  let search: typeof import("~/routes/api.search");
  let tokensPage: typeof import("~/routes/settings_.tokens");
  let shared: TestDatabase;
  const saved = { DATABASE_PATH: process.env.DATABASE_PATH, APP_ORIGIN: process.env.APP_ORIGIN };
  let userId: number;
  let cookie: string;
  let token: string;
  let writeupId: number;

  const writeup: WriteupInput = {
    title: "Invoice totals off by a cent",
    symptom: "The invoice total shows 10.01 instead of 10.00 after rounding.",
    component: "billing",
    rootCause: "Float arithmetic in the rounding helper.",
    fix: "Use integer cents.",
    debugging: "",
    resolution: "fixed",
    tags: ["rounding"],
    links: [],
    toil: [],
  };

  beforeAll(async () => {
    shared = await createTestDatabase();
    process.env.DATABASE_PATH = shared.file;
    delete process.env.APP_ORIGIN;
    search = await import("~/routes/api.search");
    tokensPage = await import("~/routes/settings_.tokens");
    const { createSession } = await import("~/auth/sessions.server");
    const { sessionCookie } = await import("~/auth/current-user.server");
    userId = await buildTestUser(shared.db, "newcomer");
    const session = await createSession(shared.db, { userId }, { idleDays: 7, maxDays: 30 });
    cookie = (await sessionCookie().serialize(session.token)).split(";")[0] ?? "";
    token = (await newToken(shared.db, userId)).token;
    writeupId = await createWriteup(shared.db, { authorId: userId, writeup, status: "published" });
    await createWriteup(shared.db, {
      authorId: userId,
      writeup: { ...writeup, title: "Search rounding of scores", component: "search" },
      status: "published",
    });
  });
  afterAll(async () => {
    closeSharedDatabase();
    await shared.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const args = (request: Request) => ({ request, params: {}, context: {} });
  const call = async (query: string, authorization: string | null = `Bearer ${token}`) => {
    const response = await search.loader(
      args(
        new Request(`http://koan.test/api/search${query}`, {
          headers: authorization === null ? {} : { Authorization: authorization },
        }),
      ),
    );
    return { response, body: (await response.json()) as Record<string, unknown> };
  };

  it("answers a search with absolute links and plain-text snippets", async () => {
    const { response, body } = await call("?q=invoice%20rounding&limit=5");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(body).toMatchObject({ query: "invoice rounding", correctedQuery: null });
    const results = body.results as Record<string, unknown>[];
    expect(results[0]).toMatchObject({
      id: writeupId,
      title: "Invoice totals off by a cent",
      url: `http://koan.test/kb/${writeupId}`,
      resolution: "fixed",
      component: "billing",
    });
    expect(typeof results[0]?.score).toBe("number");
    expect(String(results[0]?.snippet)).toMatch(/\*\*(invoice|rounding)\*\*/i);
    expect(String(results[0]?.snippet)).not.toMatch(/[<>\uE000\uE001]/);

    const filtered = await call("?q=rounding&component=Search");
    expect((filtered.body.results as { component: string }[]).map((r) => r.component)).toEqual([
      "search",
    ]);
    expect((await call("?q=invoise%20rounding")).body.correctedQuery).toBe("invoice rounding");
  });

  it("answers 401 with WWW-Authenticate for a missing, malformed or revoked token, or a deactivated user", async () => {
    const expect401 = async (authorization: string | null) => {
      const { response, body } = await call("?q=invoice", authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm="Koan"/);
      expect(typeof body.error).toBe("string");
    };
    await expect401(null);
    await expect401("Bearer");
    await expect401("Token abc");
    await expect401(`Bearer koan_${"A".repeat(43)}`);

    const revokedUser = await buildTestUser(shared.db, "mentor");
    const revoked = await newToken(shared.db, revokedUser);
    expect((await call("?q=invoice", `Bearer ${revoked.token}`)).response.status).toBe(200);
    await revokeApiToken(shared.db, { userId: revokedUser, tokenId: revoked.id });
    await expect401(`Bearer ${revoked.token}`);

    const leaver = await buildTestUser(shared.db, "mentor");
    const theirs = await newToken(shared.db, leaver);
    await shared.db
      .updateTable("users")
      .set({ status: "deactivated" })
      .where("id", "=", leaver)
      .execute();
    await expect401(`Bearer ${theirs.token}`);
  });

  it("answers 400 with a JSON error for bad parameters, and never 500 for odd queries", async () => {
    for (const query of [
      "",
      "?q=",
      "?q=%20%20",
      "?q=x&limit=0",
      "?q=x&limit=51",
      "?q=x&limit=abc",
      "?q=x&limit=1.5",
      "?q=x&limit=-1",
      "?q=x&limit=1e1",
      `?q=x&component=${"c".repeat(41)}`,
    ]) {
      const { response, body } = await call(query);
      expect(response.status, query).toBe(400);
      expect(typeof body.error).toBe("string");
    }
    expect((await call(`?q=${"a".repeat(1000)}`)).response.status).toBe(200);
    // Longer text is searched by its first 1,000 characters, as the search page does, and says so.
    const long = await call(`?q=${"a".repeat(1001)}`);
    expect(long.response.status).toBe(200);
    expect(long.body.query).toBe("a".repeat(1000));
    expect((await call("?q=x&limit=")).response.status).toBe(200);
    for (const q of ['"unbalanced', "it's", "c++", "-foo", "a:b", "NEAR(", "*", "%00", "결제가"]) {
      const { response } = await call(`?q=${encodeURIComponent(q)}&limit=50`);
      expect(response.status, q).toBe(200);
    }
    const defaults = await call("?q=rounding");
    expect((defaults.body.results as unknown[]).length).toBeLessThanOrEqual(10);
  });

  it("creates a token on the settings page, shows it once, and revokes it", async () => {
    const post = (form: Record<string, string>) =>
      callRoute(
        tokensPage.action,
        new Request("http://koan.test/settings/tokens", {
          method: "POST",
          body: new URLSearchParams(form),
          headers: { Cookie: cookie },
        }),
      );

    expect(await post({ intent: "create", name: " " })).toMatchObject({
      status: 400,
      body: { errors: { name: k("core.field.name.required") } },
    });
    expect(await post({ intent: "create", name: "x".repeat(61) })).toMatchObject({
      status: 400,
      body: { errors: { name: k("core.field.name.tooLong", { max: 60 }) } },
    });
    const created = await post({ intent: "create", name: "Deploy script" });
    expect(created.body).toMatchObject({ intent: "created", name: "Deploy script" });
    const newOne = String(created.body.token);
    expect(newOne).toMatch(/^koan_/);
    expect((await call("?q=invoice", `Bearer ${newOne}`)).response.status).toBe(200);

    const page = await tokensPage.loader(
      args(new Request("http://koan.test/settings/tokens", { headers: { Cookie: cookie } })),
    );
    expect(JSON.stringify(page)).not.toContain(newOne);
    const listed = page.tokens.find((t) => t.name === "Deploy script");
    expect(listed?.last_used_at).not.toBeNull();

    expect((await post({ intent: "revoke", tokenId: String(listed?.id) })).body).toEqual({
      intent: "revoked",
    });
    expect((await post({ intent: "revoke", tokenId: String(listed?.id) })).status).toBe(404);
    expect((await post({ intent: "revoke", tokenId: "nope" })).status).toBe(404);
    expect((await call("?q=invoice", `Bearer ${newOne}`)).response.status).toBe(401);
  });
});
