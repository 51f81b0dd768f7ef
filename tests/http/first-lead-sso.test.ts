import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Jar, signInAtProvider } from "../support/oidc-jar";
import type { TestProvider } from "../support/oidc-provider";
import type { TestServer } from "../support/server";
import { type SsoKoan, startSsoKoan } from "../support/sso";
import { waitFor } from "../support/wait";

// The first lead of an empty Koan that signs people in only through the company's provider
// (PASSWORD_LOGIN=false), at a real OpenID provider on loopback: the setup page's button signs in
// there, and the lead's account takes the address the provider vouches for. (It used to take an
// address typed on the page and spend the link: one typo, and nobody could ever sign in.)

let sso: SsoKoan;
let provider: TestProvider;
let server: TestServer;
let origin: string;

beforeAll(async () => {
  sso = await startSsoKoan({
    accounts: {
      "seo-yeon": { email: "Seoyeon.Park@Team.test", email_verified: true, name: "박서연" },
      mallory: { email: "mallory@team.test", email_verified: true },
    },
    env: { SEED_ON_EMPTY: "false", PASSWORD_LOGIN: "false" },
  });
  ({ provider, server, origin } = sso);
  // The setup link's line follows the "ready" line the server is waited for, a moment later.
  await waitFor(() => server.output().includes("firstLeadSetup"), {
    timeout: 10_000,
    what: "the setup link in the log",
  });
});
afterAll(async () => {
  await sso?.stop();
});

/** The setup link's path, from the server's log line (on APP_ORIGIN). */
function setupPath(): string {
  const match = server.output().match(/"firstLeadSetup":"http:\/\/[^/"]+(\/setup\/[\w-]+)"/);
  if (!match?.[1]) throw new Error(`no setup link in the log:\n${server.output()}`);
  return match[1];
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields),
});

describe("the first lead when only single sign-on lets people in", () => {
  it("offers the provider's button, no e-mail or password to type, in the browser's language", async () => {
    expect(setupPath()).toMatch(/^\/setup\//);
    const en = await (await fetch(`${origin}${setupPath()}`)).text();
    expect(en).toContain("Set up your team&#x27;s Koan");
    expect(en).toContain("Continue with Koan Test ID: your lead account takes the name");
    expect(en).toContain("Sign in with Koan Test ID");
    for (const field of ["email", "password", "confirm"]) {
      expect(en).not.toContain(`name="${field}"`);
    }
    const ko = await (
      await fetch(`${origin}${setupPath()}`, { headers: { "Accept-Language": "ko-KR,ko;q=0.9" } })
    ).text();
    expect(ko).toContain('lang="ko"');
    expect(ko).toContain("팀의 Koan 시작하기");
    expect(ko).toContain("Koan Test ID(으)로 계속하세요");
    expect(ko).toContain("Koan Test ID(으)로 로그인");
    expect(ko).not.toContain('name="email"');
    // The log-in page offers the provider alone, and says how an empty Koan begins.
    const login = await (await fetch(`${origin}/login`)).text();
    expect(login).toContain("Sign in with Koan Test ID");
    expect(login).toContain("Nobody has an account on this Koan yet");
    expect(login).not.toContain('name="password"');
  });

  it("refuses a form posted to the setup page by hand: nobody is made from a typed address", async () => {
    const response = await fetch(
      `${origin}${setupPath()}`,
      form({ name: "Mallory", email: "mallory@team.test", password: "x", confirm: "x" }),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Password log-in is turned off here");
    expect(await server.db.selectFrom("users").select("id").execute()).toHaveLength(0);
  });

  it("refuses a made-up setup link at the end of the sign-in, and makes nobody", async () => {
    const jar = new Jar();
    const callback = await signInAtProvider(jar, { origin, issuer: provider.issuer }, "seo-yeon", {
      setup: "not-the-token",
    });
    const refused = await jar.fetch(callback);
    expect(refused.headers.get("location")).toBe("/login?sso=setup");
    const page = await jar.fetch(`${origin}/login?sso=setup`, {
      headers: { "Accept-Language": "ko-KR" },
    });
    expect(await page.text()).toContain("시작한 설정 링크는 더 이상 쓸 수 없어요");
    expect(await server.db.selectFrom("users").select("id").execute()).toHaveLength(0);
  });

  it("keeps the link open when the provider has not verified the address", async () => {
    provider.accounts.set("unverified", { email: "lead@team.test", email_verified: false });
    const jar = new Jar();
    const callback = await signInAtProvider(
      jar,
      { origin, issuer: provider.issuer },
      "unverified",
      {
        setup: setupPath().split("/").pop() ?? "",
      },
    );
    expect((await jar.fetch(callback)).headers.get("location")).toBe("/login?sso=unverified");
    expect(await server.db.selectFrom("users").select("id").execute()).toHaveLength(0);
    expect((await fetch(`${origin}${setupPath()}`)).status).toBe(200);
  });

  it("makes the lead from the provider's verified address and name, signed in, in Korean", async () => {
    const jar = new Jar();
    const path = setupPath();
    const token = path.split("/").pop() ?? "";
    // The page's button, read in Korean: the sign-in carries the link's token.
    const callback = await signInAtProvider(jar, { origin, issuer: provider.issuer }, "seo-yeon", {
      setup: token,
    });
    const landing = await jar.fetch(callback, { headers: { "Accept-Language": "ko-KR" } });
    expect(landing.status).toBe(302);
    expect(landing.headers.get("location")).toBe("/team");
    const lead = await server.db
      .selectFrom("users")
      .select(["role", "email", "name", "password_hash", "locale"])
      .executeTakeFirstOrThrow();
    expect(lead).toEqual({
      role: "lead",
      email: "Seoyeon.Park@Team.test",
      name: "박서연",
      password_hash: null,
      locale: "ko",
    });
    const team = await jar.fetch(`${origin}/team`);
    expect(team.status).toBe(200);
    const teamHtml = await team.text();
    expect(teamHtml).toContain('lang="ko"');
    expect(teamHtml).toContain("새 팀의 첫 단계");
    expect(teamHtml).toContain('href="/tickets/import"');

    // The link is spent: it answers that the Koan has its lead.
    const again = await fetch(`${origin}${path}`);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("already has its first lead");

    // Pressing the setup button again (a second tab) signs the same lead in, no second account.
    const twice = new Jar();
    const second = await signInAtProvider(twice, { origin, issuer: provider.issuer }, "seo-yeon", {
      setup: token,
    });
    expect((await twice.fetch(second)).headers.get("location")).toBe("/team");
    expect(await server.db.selectFrom("users").select("id").execute()).toHaveLength(1);
  });

  it("lets nobody else in through the spent link or the provider, nor by password", async () => {
    const jar = new Jar();
    const callback = await signInAtProvider(jar, { origin, issuer: provider.issuer }, "mallory", {
      setup: setupPath().split("/").pop() ?? "",
    });
    const refused = await jar.fetch(callback);
    expect(refused.headers.get("location")).toBe("/login?sso=no_account");
    const byPassword = await fetch(
      `${origin}/login`,
      form({ email: "seoyeon.park@team.test", password: "correct horse battery" }),
    );
    expect(byPassword.status).toBe(403);
    expect(await server.db.selectFrom("users").select("id").execute()).toHaveLength(1);
  });
});
