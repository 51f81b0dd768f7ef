import { createCookie } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/sessions.server";
import { expectInOrder, primaryButtons } from "../support/http";
import { Jar, signInAtProvider as providerSignIn } from "../support/oidc-jar";
import type { TestProvider } from "../support/oidc-provider";
import { freePort } from "../support/ports";
import { startServer, type TestServer } from "../support/server";
import { oidcEnv, type SsoKoan, startSsoKoan } from "../support/sso";

// Single sign-on against a real OpenID provider on loopback: the built server, a cookie jar per
// "browser", and the provider's own sign-in pages driven over HTTP.

let sso: SsoKoan;
let provider: TestProvider;
let server: TestServer;
let origin: string;

beforeAll(async () => {
  sso = await startSsoKoan({
    env: { OIDC_ALLOWED_DOMAINS: "newcomers.example" },
    accounts: {
      "seo-yeon": { email: "lead@koan.test", email_verified: true },
      yuna: { email: "YUNA@koan.test", email_verified: true },
      unverified: { email: "mentor@koan.test", email_verified: false },
      stranger: { email: "who@elsewhere.example", email_verified: true },
      newbie: { email: "jisoo@newcomers.example", email_verified: true, name: "이지수" },
    },
  });
  ({ provider, server, origin } = sso);
});
afterAll(async () => {
  await sso?.stop();
});
beforeEach(() => {
  provider.tamper = null;
  provider.signWithStrangerKey = false;
});

/** Starts a sign-in at this file's Koan and signs in at its provider as `login`. */
function signInAtProvider(jar: Jar, login: string, form: Record<string, string> = {}) {
  return providerSignIn(jar, { origin, issuer: provider.issuer }, login, form);
}

async function refusal(response: Response, jar: Jar): Promise<string> {
  expect(response.status).toBe(302);
  const location = response.headers.get("location") ?? "";
  expect(location).toMatch(/^\/login\?sso=/);
  const page = await jar.fetch(`${origin}${location}`);
  expect(page.status).toBe(200);
  return page.text();
}

describe("single sign-on with a real OpenID provider", () => {
  it("shows the button on the log-in page", async () => {
    const html = await (await fetch(`${origin}/login`)).text();
    expect(html).toContain("Sign in with Koan Test ID");
    expect(html).toContain('name="password"');
  });

  it("makes the provider's button the one primary action of the log-in and invite pages, in English and Korean", async () => {
    const { createInvite } = await import("../../app/auth/invites.server");
    const { id: leadId } = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "lead@koan.test")
      .executeTakeFirstOrThrow();
    const invite = await createInvite(server.db, {
      invitedBy: leadId,
      validDays: 7,
      invite: {
        email: "primary.action@partner.example",
        name: "Ha-eun Cho",
        role: "newcomer",
        startDate: null,
        capacity: null,
        components: [],
      },
    });
    if (!invite.ok) throw new Error("invite failed");
    for (const [language, provider, login, join, orLogIn, orJoin] of [
      [
        "en",
        "Sign in with Koan Test ID",
        "Log in",
        "Join Koan",
        "Or log in with your password",
        "Or join with a password",
      ],
      [
        "ko",
        "Koan Test ID(으)로 로그인",
        "로그인",
        "Koan 가입하기",
        "또는 비밀번호로 로그인",
        "또는 비밀번호로 가입하기",
      ],
    ] as const) {
      const headers = { "Accept-Language": language };
      const loginPage = await (await fetch(`${origin}/login`, { headers })).text();
      expect(loginPage).toContain(`>${login}</button>`);
      expect(primaryButtons(loginPage)).toEqual([provider]);
      // As on the setup page: the provider's button, a heading naming the password form, the form.
      expectInOrder(loginPage, [
        `>${provider}</button>`,
        `<h2 class="auth-or">${orLogIn}</h2>`,
        'name="password"',
      ]);
      const invitePage = await (
        await fetch(`${origin}/invite/${invite.token}`, { headers })
      ).text();
      expect(invitePage).toContain(`>${join}</button>`);
      expect(primaryButtons(invitePage)).toEqual([provider]);
      expectInOrder(invitePage, [
        `>${provider}</button>`,
        `<h2 class="auth-or">${orJoin}</h2>`,
        'name="password"',
      ]);
    }
  });

  it("signs an active account in by its verified e-mail, without regard to case", async () => {
    const jar = new Jar();
    const callback = await signInAtProvider(jar, "yuna", { redirectTo: "/kb" });
    const landing = await jar.fetch(callback);
    expect(landing.status).toBe(302);
    expect(landing.headers.get("location")).toBe("/kb");
    const settings = await jar.fetch(`${origin}/settings`);
    expect(settings.status).toBe(200);
    expect(await settings.text()).toContain("최유나");
  });

  it("refuses a replayed state, with a message", async () => {
    const jar = new Jar();
    const callback = await signInAtProvider(jar, "seo-yeon");
    const stateCookie = jar.cookies.get("__Host-koan_oidc");
    expect(stateCookie).toBeTruthy();
    expect((await jar.fetch(callback)).headers.get("location")).toBe("/team");
    // The same answer again, with the state cookie put back, as an attacker holding both would.
    const replay = new Jar();
    replay.cookies.set("__Host-koan_oidc", stateCookie ?? "");
    const html = await refusal(await replay.fetch(callback), replay);
    expect(html).toContain("already used, has expired, or was started in another browser");
    expect((await replay.fetch(`${origin}/settings`)).status).toBe(302);
  });

  it("explains a sign-in the provider answers with an error (Cancel pressed there), and lets the next one through", async () => {
    const jar = new Jar();
    const start = await jar.fetch(`${origin}/auth/oidc`, {
      method: "POST",
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({}),
    });
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const cancelled = await jar.fetch(
      `${origin}/auth/oidc/callback?error=access_denied&error_description=End-User+aborted&state=${state}`,
      { headers: { "Accept-Language": "ko" } },
    );
    expect(cancelled.headers.get("location")).toBe("/login?sso=cancelled");
    const page = await jar.fetch(`${origin}/login?sso=cancelled`, {
      headers: { "Accept-Language": "ko" },
    });
    expect(await page.text()).toContain("Koan Test ID 로그인이 취소되거나 거부됐어요.");
    // The started sign-in is spent: the same state again is refused as used.
    const again = await jar.fetch(
      `${origin}/auth/oidc/callback?error=access_denied&state=${state}`,
    );
    expect(again.headers.get("location")).toBe("/login?sso=state");
    expect((await jar.fetch(await signInAtProvider(jar, "seo-yeon"))).headers.get("location")).toBe(
      "/team",
    );
  });

  it("refuses a callback from another browser (no state cookie)", async () => {
    const callback = await signInAtProvider(new Jar(), "seo-yeon");
    const other = new Jar();
    const html = await refusal(await other.fetch(callback), other);
    expect(html).toContain("started in another browser");
  });

  it("refuses an unverified e-mail", async () => {
    const jar = new Jar();
    const html = await refusal(await jar.fetch(await signInAtProvider(jar, "unverified")), jar);
    expect(html).toContain("has not verified your e-mail address");
  });

  it("refuses a deactivated account", async () => {
    await server.db
      .updateTable("users")
      .set({ status: "deactivated" })
      .where("email", "=", "daniel@koan.test")
      .execute();
    provider.accounts.set("daniel", { email: "daniel@koan.test", email_verified: true });
    const jar = new Jar();
    const html = await refusal(await jar.fetch(await signInAtProvider(jar, "daniel")), jar);
    expect(html).toContain("Your Koan account is deactivated");
  });

  it("refuses an e-mail with no account, invite or allowed domain", async () => {
    const jar = new Jar();
    const html = await refusal(await jar.fetch(await signInAtProvider(jar, "stranger")), jar);
    expect(html).toContain("No Koan account or open invite matches");
  });

  it("lets an allowed domain in as a newcomer", async () => {
    const jar = new Jar();
    const landing = await jar.fetch(await signInAtProvider(jar, "newbie"));
    expect(landing.headers.get("location")).toBe("/onboarding");
    const user = await server.db
      .selectFrom("users")
      .select(["name", "role", "password_hash"])
      .where("email", "=", "jisoo@newcomers.example")
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ name: "이지수", role: "newcomer", password_hash: null });
  });

  it("a joiner keeps the language of the page they came from", async () => {
    provider.accounts.set("ko-joiner", {
      email: "haneul@newcomers.example",
      email_verified: true,
      name: "윤하늘",
    });
    const jar = new Jar();
    const callback = await signInAtProvider(jar, "ko-joiner");
    const landing = await jar.fetch(callback, { headers: { "Accept-Language": "ko" } });
    expect(landing.headers.get("location")).toBe("/onboarding");
    const user = await server.db
      .selectFrom("users")
      .select("locale")
      .where("email", "=", "haneul@newcomers.example")
      .executeTakeFirstOrThrow();
    expect(user.locale).toBe("ko");
  });

  it("an account made through single sign-on has no password to change: Settings says how to get one", async () => {
    const postForm = (jar: Jar, form: Record<string, string>, language = "en") =>
      jar.fetch(`${origin}/settings`, {
        method: "POST",
        headers: {
          Origin: origin,
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept-Language": language,
        },
        body: new URLSearchParams(form),
      });
    const change = {
      intent: "change-password",
      currentPassword: "anything at all",
      newPassword: "a-new-password-2026",
      confirmPassword: "a-new-password-2026",
    };
    // 윤하늘 joined on a Korean page just before: no password, and Korean pages.
    const jar = new Jar();
    await jar.fetch(await signInAtProvider(jar, "ko-joiner"));
    const html = await (await jar.fetch(`${origin}/settings`)).text();
    expect(html).toContain('<html lang="ko"');
    expect(html).toContain("계정에 Koan 비밀번호가 없어요.");
    expect(html).not.toContain('name="currentPassword"');
    // A change sent anyway is refused as such, not as a wrong password counted against them.
    const refused = await postForm(jar, change, "ko");
    expect(refused.status).toBe(409);
    expect(await refused.text()).not.toContain("현재 비밀번호가 아니에요");
    const counted = await server.db
      .selectFrom("login_failures")
      .select("key")
      .where("key", "like", "password:%")
      .execute();
    expect(counted).toEqual([]);

    // Someone with a password who also signs in through the provider keeps the form.
    const lead = new Jar();
    await lead.fetch(await signInAtProvider(lead, "seo-yeon"));
    const leadHtml = await (await lead.fetch(`${origin}/settings`)).text();
    expect(leadHtml).toContain('name="currentPassword"');
    expect(leadHtml).not.toContain("has no Koan password");
  });

  it("names a joiner from the provider's profile as the name fields would: composed, cut to 120, never invisible", async () => {
    const nameOf = async (login: string, email: string, name: string) => {
      provider.accounts.set(login, { email, email_verified: true, name });
      const jar = new Jar();
      const landing = await jar.fetch(await signInAtProvider(jar, login));
      expect(landing.headers.get("location")).toBe("/onboarding");
      const user = await server.db
        .selectFrom("users")
        .select("name")
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      return user.name;
    };
    // Korean typed one letter (jamo) at a time, as a Mac may send it.
    expect(await nameOf("jamo", "minseo@newcomers.example", "한민서".normalize("NFD"))).toBe(
      "한민서",
    );
    // Only a zero-width space and a Hangul filler: nothing to show, so the e-mail's name.
    expect(await nameOf("blank", "blank@newcomers.example", "\u200b\u3164")).toBe("blank");
    const long = await nameOf("long", "long@newcomers.example", `${"가".repeat(4999)}😀`);
    expect(long).toBe("가".repeat(120));
  });

  it("accepts a token re-signed unchanged by the provider's key (the control for the next three)", async () => {
    provider.tamper = (claims) => claims;
    const jar = new Jar();
    const landing = await jar.fetch(await signInAtProvider(jar, "seo-yeon"));
    expect(landing.headers.get("location")).toBe("/team");
  });

  it("refuses an ID token for another audience", async () => {
    provider.tamper = (claims) => ({ ...claims, aud: "someone-else" });
    const jar = new Jar();
    const html = await refusal(await jar.fetch(await signInAtProvider(jar, "seo-yeon")), jar);
    expect(html).toContain("could not verify the answer from Koan Test ID");
  });

  it("refuses an expired ID token", async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    provider.tamper = (claims) => ({ ...claims, iat: hourAgo - 600, exp: hourAgo });
    const jar = new Jar();
    const html = await refusal(await jar.fetch(await signInAtProvider(jar, "seo-yeon")), jar);
    expect(html).toContain("could not verify the answer");
  });

  it("refuses an ID token not signed by the provider's keys", async () => {
    provider.signWithStrangerKey = true;
    const jar = new Jar();
    const html = await refusal(await jar.fetch(await signInAtProvider(jar, "seo-yeon")), jar);
    expect(html).toContain("could not verify the answer");
  });

  it("accepts an invite through the provider, with no password set", async () => {
    const lead = new Jar();
    await lead.fetch(await signInAtProvider(lead, "seo-yeon"));
    // The invite is made through the database: the invite form belongs to another test.
    const { createInvite } = await import("../../app/auth/invites.server");
    const { id: leadId } = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "lead@koan.test")
      .executeTakeFirstOrThrow();
    const invite = await createInvite(server.db, {
      invitedBy: leadId,
      validDays: 7,
      invite: {
        email: "minseo@partner.example",
        name: "박민서",
        role: "mentor",
        startDate: null,
        capacity: 2,
        components: ["search"],
      },
    });
    if (!invite.ok) throw new Error("invite failed");
    const page = await (await fetch(`${origin}/invite/${invite.token}`)).text();
    expect(page).toContain("Sign in with Koan Test ID");

    provider.accounts.set("minseo", { email: "minseo@partner.example", email_verified: true });
    provider.accounts.set("wrong", { email: "lead@koan.test", email_verified: true });
    // Signing in as someone else from this invite page is refused, and the invite stays open.
    const wrong = new Jar();
    const refused = await wrong.fetch(
      await signInAtProvider(wrong, "stranger", { invite: invite.token }),
    );
    expect(refused.headers.get("location")).toBe("/login?sso=invite");

    const jar = new Jar();
    const landing = await jar.fetch(
      await signInAtProvider(jar, "minseo", { invite: invite.token }),
    );
    expect(landing.headers.get("location")).toBe("/mentoring");
    const user = await server.db
      .selectFrom("users")
      .select(["name", "role", "password_hash"])
      .where("email", "=", "minseo@partner.example")
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ name: "박민서", role: "mentor", password_hash: null });
    const spent = await fetch(`${origin}/invite/${invite.token}`);
    expect(spent.status).toBe(410);
  });
});

describe("PASSWORD_LOGIN=false", () => {
  /** A server of its own with single sign-on and no password log-in. */
  async function startSsoOnly() {
    const port = await freePort();
    const own = `http://127.0.0.1:${port}`;
    const ssoOnly = await startServer({
      PORT: String(port),
      APP_ORIGIN: own,
      ...oidcEnv(provider),
      PASSWORD_LOGIN: "false",
    });
    return { own, ssoOnly };
  }

  it("refuses to start without single sign-on", async () => {
    await expect(startServer({ PASSWORD_LOGIN: "false" })).rejects.toThrow(
      /PASSWORD_LOGIN: false would leave no way in/,
    );
  });

  it("hides and refuses password log-in when single sign-on is set", async () => {
    const { own, ssoOnly } = await startSsoOnly();
    try {
      const html = await (await fetch(`${own}/login`)).text();
      expect(html).toContain("Sign in with single sign-on");
      expect(html).not.toContain('name="password"');
      // No password form, so no heading for one.
      expect(html).not.toContain('class="auth-or"');
      const post = await fetch(`${own}/login`, {
        method: "POST",
        headers: { Origin: own, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "lead@koan.test", password: "koan-demo-2026" }),
        redirect: "manual",
      });
      expect(post.status).toBe(403);
      expect(await post.text()).toContain("Password log-in is turned off");
    } finally {
      await ssoOnly.stop();
    }
  });

  it("offers no password to change or reset: Settings, the member page and a reset link say so", async () => {
    const { own, ssoOnly } = await startSsoOnly();
    try {
      const id = async (email: string) =>
        (
          await ssoOnly.db
            .selectFrom("users")
            .select("id")
            .where("email", "=", email)
            .executeTakeFirstOrThrow()
        ).id;
      const leadId = await id("lead@koan.test");
      const mentorId = await id("mentor@koan.test");
      // Signed in as single sign-on would: a session of the lead's, made in the database.
      const { token } = await createSession(
        ssoOnly.db,
        { userId: leadId },
        { idleDays: 7, maxDays: 30 },
      );
      const cookie = (await createCookie("__Host-koan_session").serialize(token)).split(";")[0];
      const send = (path: string, form?: Record<string, string>) =>
        fetch(`${own}${path}`, {
          method: form ? "POST" : "GET",
          headers: {
            Cookie: cookie ?? "",
            Origin: own,
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: form ? new URLSearchParams(form) : undefined,
          redirect: "manual",
        });
      const settings = await (await send("/settings")).text();
      expect(settings).toContain("Password log-in is turned off here: you sign in with single");
      expect(settings).not.toContain('name="currentPassword"');
      const change = await send("/settings", {
        intent: "change-password",
        currentPassword: "koan-demo-2026",
        newPassword: "a-new-password-2026",
        confirmPassword: "a-new-password-2026",
      });
      expect(change.status).toBe(403);

      const member = await (await send(`/team/${mentorId}`)).text();
      expect(member).toContain("Deactivate");
      expect(member).not.toContain('value="reset-link"');
      expect((await send(`/team/${mentorId}`, { intent: "reset-link" })).status).toBe(403);

      // A link made before password log-in was turned off sets nothing.
      const { createPasswordReset } = await import("../../app/auth/credentials.server");
      const made = await createPasswordReset(ssoOnly.db, {
        actorId: leadId,
        userId: mentorId,
        validHours: 24,
      });
      if (!made.ok) throw new Error("no reset link");
      const link = await send(`/reset/${made.token}`);
      expect(link.status).toBe(403);
      expect(await link.text()).toContain("so this link can&#x27;t set a password");
      const used = await send(`/reset/${made.token}`, {
        password: "mentor-new-password",
        confirm: "mentor-new-password",
      });
      expect(used.status).toBe(403);
      const row = await ssoOnly.db
        .selectFrom("password_resets")
        .select("used_at")
        .executeTakeFirstOrThrow();
      expect(row.used_at).toBeNull();
    } finally {
      await ssoOnly.stop();
    }
  });
});
