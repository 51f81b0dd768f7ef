import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectInOrder, primaryButtons } from "../support/http";
import { Jar, signInAtProvider } from "../support/oidc-jar";
import { startOidcProvider, type TestProvider } from "../support/oidc-provider";
import { freePort } from "../support/ports";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";

// The first lead of an empty Koan that has both ways in: passwords (the default) and the
// company's provider, a real OpenID provider on loopback. The setup page offers both, the
// provider's button first. (It used to offer only the password form whenever passwords were on,
// so a team whose people all sign in through the provider began with a password nobody else had.)

let provider: TestProvider;
let server: TestServer;
let origin: string;

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ redirectUri: `${origin}/auth/oidc/callback` });
  provider.accounts.set("seo-yeon", {
    email: "seoyeon@team.test",
    email_verified: true,
    name: "박서연",
  });
  server = await startServer({
    SEED_ON_EMPTY: "false",
    PORT: String(port),
    APP_ORIGIN: origin,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_NAME: "Koan Test ID",
  });
  await waitFor(() => server.output().includes("firstLeadSetup"), {
    timeout: 10_000,
    what: "the setup link in the log",
  });
});
afterAll(async () => {
  await server?.stop();
  await provider?.stop();
});

function setupPath(): string {
  const match = server.output().match(/"firstLeadSetup":"http:\/\/[^/"]+(\/setup\/[\w-]+)"/);
  if (!match?.[1]) throw new Error(`no setup link in the log:\n${server.output()}`);
  return match[1];
}

describe("the first lead when passwords and single sign-on are both on", () => {
  it("offers the provider's button and the password form, in English and in Korean", async () => {
    const token = setupPath().split("/").pop() ?? "";
    const en = await (await fetch(`${origin}${setupPath()}`)).text();
    expectInOrder(en, [
      "Continue with Koan Test ID: your lead account takes the name",
      `name="setup" value="${token}"`,
      "Sign in with Koan Test ID",
      "Or make your account with a password",
      'name="email"',
      'name="password"',
      'name="confirm"',
      "Become the first lead",
    ]);
    const ko = await (
      await fetch(`${origin}${setupPath()}`, { headers: { "Accept-Language": "ko-KR,ko;q=0.9" } })
    ).text();
    expect(ko).toContain('lang="ko"');
    expectInOrder(ko, [
      "Koan Test ID(으)로 계속하세요",
      `name="setup" value="${token}"`,
      "Koan Test ID(으)로 로그인",
      "또는 비밀번호로 계정 만들기",
      'name="email"',
      'name="password"',
      "첫 리드 되기",
    ]);
    // One primary action: the provider's button; the password form's button is secondary.
    expect(primaryButtons(en)).toEqual(["Sign in with Koan Test ID"]);
    expect(en).toMatch(/class="button button-secondary"[^>]*>Become the first lead<\/button>/);
    expect(primaryButtons(ko)).toEqual(["Koan Test ID(으)로 로그인"]);
    expect(ko).toMatch(/class="button button-secondary"[^>]*>첫 리드 되기<\/button>/);
  });

  it("makes the lead from the provider's verified address when the button is pressed", async () => {
    const jar = new Jar();
    const token = setupPath().split("/").pop() ?? "";
    const callback = await signInAtProvider(jar, { origin, issuer: provider.issuer }, "seo-yeon", {
      setup: token,
    });
    const landing = await jar.fetch(callback);
    expect(landing.headers.get("location")).toBe("/team");
    const lead = await server.db
      .selectFrom("users")
      .select(["role", "email", "name", "password_hash"])
      .executeTakeFirstOrThrow();
    expect(lead).toEqual({
      role: "lead",
      email: "seoyeon@team.test",
      name: "박서연",
      password_hash: null,
    });
    const again = await fetch(`${origin}${setupPath()}`);
    expect(again.status).toBe(410);
  });
});
