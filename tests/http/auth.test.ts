import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "~/auth/tokens.server";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser, readableHtml } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("logging in over HTTP", () => {
  it("set a __Host- cookie that is httpOnly, Secure and SameSite=Lax, and redirect home", async () => {
    const b = new Browser(server.url);
    const response = await b.post("/login", { email: "lead@koan.test", password: DEMO_PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/team");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-koan_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect((await b.get("/team")).status).toBe(200);
  });

  it("give each login a new session id, ending the old one", async () => {
    const b = new Browser(server.url);
    await b.login("mentor@koan.test", DEMO_PASSWORD);
    const first = b.cookie;
    await b.login("mentor@koan.test", DEMO_PASSWORD);
    expect(b.cookie).not.toBe(first);
    const stale = new Browser(server.url);
    stale.cookie = first;
    expect((await stale.get("/settings")).status).toBe(302);
  });

  it("go back where the visitor was headed, but never off-site", async () => {
    const b = new Browser(server.url);
    const ok = await b.post("/login", {
      email: "lead@koan.test",
      password: DEMO_PASSWORD,
      redirectTo: "/settings",
    });
    expect(ok.headers.get("location")).toBe("/settings");
    const c = new Browser(server.url);
    const evil = await c.post("/login", {
      email: "lead@koan.test",
      password: DEMO_PASSWORD,
      redirectTo: "//evil.example/x",
    });
    expect(evil.headers.get("location")).toBe("/team");
    // Browsers drop tabs and newlines from a URL, so these would become //evil.example; a CR or
    // LF must not break the Location header (it answered 500 and left a session behind).
    for (const redirectTo of ["/\t/evil.example/phish", "/\t\\evil", "/settings\r\nX-Evil: 1"]) {
      const d = new Browser(server.url);
      const sneaky = await d.post("/login", {
        email: "lead@koan.test",
        password: DEMO_PASSWORD,
        redirectTo,
      });
      expect(sneaky.status).toBe(302);
      expect(sneaky.headers.get("location")).toBe("/team");
      const again = await d.get(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
      expect(again.status).toBe(302);
      expect(again.headers.get("location")).toBe("/team");
    }
  });

  it("answer a wrong password and an unknown e-mail with the same message, keeping the e-mail typed", async () => {
    const b = new Browser(server.url);
    const wrong = await b.post("/login", { email: "ana@koan.test", password: "nope" });
    const unknown = await b.post("/login", { email: "nobody@koan.test", password: "nope" });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const [a, c] = [await wrong.text(), await unknown.text()];
    const message = "That e-mail and password don&#x27;t match an active account.";
    expect(a).toContain(message);
    expect(c).toContain(message);
    expect(a).toContain('value="ana@koan.test"');
    expect(a).not.toContain('value="nope"');
    // Someone who has forgotten their password learns where a new one comes from.
    expect(a).toContain("Forgot your password? Ask your onboarding lead for a reset link");
    const korean = await fetch(`${server.url}/login`, { headers: { "Accept-Language": "ko" } });
    expect(await korean.text()).toContain(
      "비밀번호를 잊었나요? 온보딩 리드에게 비밀번호 재설정 링크를 요청하세요.",
    );
  });

  it("show field errors for a malformed e-mail and a missing password with 400", async () => {
    const b = new Browser(server.url);
    const response = await b.post("/login", { email: "not-an-email", password: "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter an e-mail address like name@example.com.");
    expect(html).toContain("Enter your password.");
    expect(html).toContain('value="not-an-email"');
  });

  it("log out this device with a POST", async () => {
    const b = new Browser(server.url);
    await b.login("priya@koan.test", DEMO_PASSWORD);
    const out = await b.post("/logout", {});
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/login?loggedOut=1");
    expect((await b.get("/settings")).status).toBe(302);
  });

  it("log out of every device", async () => {
    const phone = new Browser(server.url);
    const laptop = new Browser(server.url);
    await phone.login("daniel@koan.test", DEMO_PASSWORD);
    await laptop.login("daniel@koan.test", DEMO_PASSWORD);
    expect(await laptop.get("/settings").then((r) => r.text())).toContain("this device");
    // A form the page doesn't have (no intent, or another) logs no one out.
    expect((await laptop.post("/settings", {})).status).toBe(400);
    expect((await laptop.post("/settings", { intent: "bogus" })).status).toBe(400);
    expect((await phone.get("/settings")).status).toBe(200);
    const out = await laptop.post("/settings", { intent: "log-out-everywhere" });
    expect(out.headers.get("location")).toBe("/login?loggedOut=everywhere");
    expect((await phone.get("/settings")).status).toBe(302);
    expect((await laptop.get("/settings")).status).toBe(302);
  });

  it("a lead's team forms refuse a date that doesn't exist and name the field a number is wrong for", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const sam = await server.db
      .selectFrom("users")
      .select(["id", "start_date"])
      .where("email", "=", "sam@koan.test")
      .executeTakeFirstOrThrow();
    const update = (fields: Record<string, string>) =>
      lead.post(`/team/${sam.id}`, {
        intent: "update",
        role: "newcomer",
        startDate: "2026-10-01",
        capacity: "",
        components: "",
        maxAssignments: "1",
        ...fields,
      });
    const impossible = await update({ startDate: "2026-02-31" });
    expect(impossible.status).toBe(400);
    expect(await impossible.text()).toContain("That date does not exist.");
    const tooMany = await update({ maxAssignments: "25" });
    expect(tooMany.status).toBe(400);
    const page = await tooMany.text();
    expect(page).toContain("Active tickets at once can be at most 20.");
    expect(page).not.toContain("Capacity can be at most");
    const after = await server.db
      .selectFrom("users")
      .select("start_date")
      .where("id", "=", sam.id)
      .executeTakeFirstOrThrow();
    expect(after.start_date).toBe(sam.start_date);
  });

  it("put a deactivated user out at once, on their next request", async () => {
    const lead = new Browser(server.url);
    const seojun = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    // 박서준 holds no ticket yet (a newcomer holding one is not deactivated until it is released).
    await seojun.login("seojun@koan.test", DEMO_PASSWORD);
    expect((await seojun.get("/onboarding")).status).toBe(200);
    const seojunId = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "seojun@koan.test")
      .executeTakeFirstOrThrow();
    expect(
      (await lead.post(`/team/${seojunId.id}`, { intent: "status", status: "deactivated" })).status,
    ).toBe(200);
    expect((await seojun.get("/onboarding")).status).toBe(302);
    expect(
      (
        await new Browser(server.url).post("/login", {
          email: "seojun@koan.test",
          password: DEMO_PASSWORD,
        })
      ).status,
    ).toBe(400);
  });

  it("refuse to remove the last lead, with a message", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const me = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "lead@koan.test")
      .executeTakeFirstOrThrow();
    const response = await lead.post(`/team/${me.id}`, { intent: "update", role: "mentor" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Koan needs at least one active lead.");
  });
});

describe("rate limiting", () => {
  // Behind one proxy (TRUST_PROXY=1): the client address is the hop that proxy appended.
  let own: TestServer;
  beforeAll(async () => {
    own = await startServer({ LOGIN_MAX_FAILURES: "3", TRUST_PROXY: "1" });
  });
  afterAll(async () => {
    await own?.stop();
  });
  const from = (b: Browser, forwardedFor: string, form: Record<string, string>, path = "/login") =>
    b.request(path, { form, headers: { "X-Forwarded-For": forwardedFor } });

  it("limit one address on one account, whatever extra X-Forwarded-For hop the client adds; the account still opens from elsewhere", async () => {
    const b = new Browser(own.url);
    for (let i = 0; i < 3; i++) {
      const failed = await from(b, `6.6.6.${i}, 203.0.113.9`, {
        email: "leo@koan.test",
        password: "wrong",
      });
      expect(failed.status).toBe(400);
    }
    const limited = await from(b, "7.7.7.7, 203.0.113.9", {
      email: "leo@koan.test",
      password: DEMO_PASSWORD,
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain(
      "Too many failed attempts from this network. Try again in 15 minutes.",
    );
    const keys = (await own.db.selectFrom("login_failures").select("key").execute()).map(
      (r) => r.key,
    );
    expect(keys).toContain("ip:203.0.113.9");
    expect(keys.some((k) => k.includes("6.6.6."))).toBe(false);
    // Someone else's failures lock nobody out: Leo, from his own address, gets in.
    const elsewhere = await from(new Browser(own.url), "198.51.100.7", {
      email: "leo@koan.test",
      password: DEMO_PASSWORD,
    });
    expect(elsewhere.status).toBe(302);
  });

  it("slow a much-failed account without stalling other pages: delayed log-ins wait outside the line", async () => {
    const failAt = (i: number) =>
      from(new Browser(own.url), `198.18.0.${i}`, { email: "priya@koan.test", password: "wrong" });
    for (let i = 0; i < 8; i++) expect((await failAt(i)).status).toBe(400);
    // Ten more, at once, each now waits 2 s before its password is checked: more than the eight
    // requests the server works on at once.
    const order: string[] = [];
    const delayed = Array.from({ length: 10 }, (_, i) =>
      failAt(100 + i).then((r) => {
        order.push(`login ${r.status}`);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    const page = await fetch(`${own.url}/login`);
    order.push(`page ${page.status}`);
    await Promise.all(delayed);
    expect(order[0]).toBe("page 200");
    expect(order.filter((o) => o === "login 400")).toHaveLength(10);
  });

  it("limit invite attempts per address: 20 in 10 minutes, then 429 with Retry-After", async () => {
    const guest = new Browser(own.url);
    const form = { name: "Mallory", password: "a-long-password", confirm: "a-long-password" };
    for (let i = 0; i < 20; i++) {
      const response = await from(guest, "192.0.2.50", form, `/invite/made-up-${i}`);
      expect(response.status).toBe(404);
    }
    const limited = await from(guest, "192.0.2.50", form, "/invite/made-up-20");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(500);
    expect(await limited.text()).toContain("Too many attempts from this network.");
    const other = await from(guest, "192.0.2.51", form, "/invite/made-up-21");
    expect(other.status).toBe(404);
  });
});

describe("rate limiting under parallel attempts", () => {
  // The default limits (10 failures per address and account), behind one proxy so the test picks
  // the address; a server of its own, so no other test's failures count.
  let own: TestServer;
  beforeAll(async () => {
    own = await startServer({ TRUST_PROXY: "1" });
  });
  afterAll(async () => {
    await own?.stop();
  });

  it("check at most the limit's passwords when 200 wrong ones arrive at once; the rest get 429", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 200 }, () =>
        new Browser(own.url)
          .request("/login", {
            form: { email: "noah@koan.test", password: "wrong" },
            headers: { "X-Forwarded-For": "203.0.113.77" },
          })
          .then((r) => r.status),
      ),
    );
    const checked = attempts.filter((status) => status === 400).length;
    expect(checked).toBe(10);
    expect(attempts.filter((status) => status === 429)).toHaveLength(190);
    const counted = await own.db
      .selectFrom("login_failures")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("key", "=", "pair:203.0.113.77|noah@koan.test")
      .executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(10);
    // The right password from elsewhere still opens the account, and forgets its failures.
    const elsewhere = await new Browser(own.url).request("/login", {
      form: { email: "noah@koan.test", password: DEMO_PASSWORD },
      headers: { "X-Forwarded-For": "198.51.100.77" },
    });
    expect(elsewhere.status).toBe(302);
  });

  it("a successful log-in is not counted against its address", async () => {
    const from = (password: string) =>
      new Browser(own.url).request("/login", {
        form: { email: "aiko@koan.test", password },
        headers: { "X-Forwarded-For": "203.0.113.78" },
      });
    // More than the limit, one after another: each gives its reserved count back.
    for (let i = 0; i < 12; i++) expect((await from(DEMO_PASSWORD)).status).toBe(302);
    const left = await own.db
      .selectFrom("login_failures")
      .select("key")
      .where("key", "like", "%203.0.113.78%")
      .execute();
    expect(left).toEqual([]);
  });
});

describe("passwords over HTTP", () => {
  it("change one's password in Settings with the current one; other sessions end, this one stays", async () => {
    const here = new Browser(server.url);
    const laptop = new Browser(server.url);
    await here.login("aiko@koan.test", DEMO_PASSWORD);
    await laptop.login("aiko@koan.test", DEMO_PASSWORD);
    const wrong = await here.post("/settings", {
      intent: "change-password",
      currentPassword: "not my password",
      newPassword: "아이코의-새로운-비밀번호-2026",
      confirmPassword: "아이코의-새로운-비밀번호-2026",
    });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("That is not your current password.");
    expect(wrongHtml).not.toContain("not my password");
    const changed = await here.post("/settings", {
      intent: "change-password",
      currentPassword: DEMO_PASSWORD,
      newPassword: "아이코의-새로운-비밀번호-2026",
      confirmPassword: "아이코의-새로운-비밀번호-2026",
    });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("Your password is changed.");
    expect((await here.get("/settings")).status).toBe(200);
    expect((await laptop.get("/settings")).status).toBe(302);
    await new Browser(server.url).login("aiko@koan.test", "아이코의-새로운-비밀번호-2026");
  });

  it("a lead makes a one-time reset link; it sets a new password and ends every session", async () => {
    const member = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "noah@koan.test")
      .executeTakeFirstOrThrow();
    const noah = new Browser(server.url);
    await noah.login("noah@koan.test", DEMO_PASSWORD);
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const made = await lead.post(`/team/${member.id}`, { intent: "reset-link" });
    expect(made.status).toBe(200);
    const link = (await made.text()).match(/value="(http:\/\/[^"]+\/reset\/[^"]+)"/)?.[1];
    expect(link).toBeDefined();
    const path = new URL(link ?? "").pathname;
    const token = path.slice("/reset/".length);
    const stored = (
      await server.db.selectFrom("password_resets").select("token_hash").execute()
    ).map((r) => r.token_hash);
    expect(stored).toContain(hashToken(token));
    expect(stored).not.toContain(token);

    const guest = new Browser(server.url);
    const open = await guest.get(path);
    expect(open.status).toBe(200);
    expect(await open.text()).toContain("<title>Choose a new password · Koan</title>");
    const used = await guest.post(path, {
      password: "noah-new-password",
      confirm: "noah-new-password",
    });
    expect(used.status).toBe(302);
    expect(used.headers.get("location")).toBe("/login?passwordReset=1");
    expect((await noah.get("/settings")).status).toBe(302);
    await new Browser(server.url).login("noah@koan.test", "noah-new-password");
    const again = await guest.get(path);
    expect(again.status).toBe(410);
    const spent = await again.text();
    // Someone who did not use it learns what to do: it may be in other hands.
    expect(spent).toContain("if it wasn&#x27;t, tell your lead");
    // The tab says so too, not "Choose a new password".
    expect(spent).toContain("<title>This link can&#x27;t be used · Koan</title>");
  });
});

describe("a link opened where someone else is signed in", () => {
  it("a reset link used in a browser signed in as another person signs that browser out, so its owner can log in there", async () => {
    const member = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "aiko@koan.test")
      .executeTakeFirstOrThrow();
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const made = await lead.post(`/team/${member.id}`, { intent: "reset-link" });
    const link = (await made.text()).match(/value="(http:\/\/[^"]+\/reset\/[^"]+)"/)?.[1];
    const path = new URL(link ?? "").pathname;
    const leadSession = lead.cookie;

    // Aiko opens it on the shared computer the lead is still signed in on.
    const page = await lead.request(path, { headers: { "Accept-Language": "ko" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("이 브라우저에는 Seo-yeon Park 님이 로그인되어 있어요.");
    const used = await lead.post(path, {
      password: "aiko-new-password",
      confirm: "aiko-new-password",
    });
    expect(used.status).toBe(302);
    expect(used.headers.get("location")).toBe("/login?passwordReset=1");
    // The browser is signed out: the log-in page says the password is set, not the lead's home.
    expect(lead.cookie).toBe("");
    const login = await lead.get("/login?passwordReset=1");
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("Your new password is set");
    const old = new Browser(server.url);
    old.cookie = leadSession;
    expect((await old.get("/team")).status).toBe(302);
    await new Browser(server.url).login("aiko@koan.test", "aiko-new-password");
  });

  it("an invite opened where someone is signed in says who, and joining signs that person out there", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const created = await lead.post("/team", {
      intent: "invite",
      email: "hana@koan.test",
      role: "newcomer",
      startDate: "2026-11-02",
    });
    const link = (await created.text()).match(/value="(http:\/\/[^"]+\/invite\/[^"]+)"/)?.[1];
    const path = new URL(link ?? "").pathname;
    const leadSession = lead.cookie;

    // Nobody signed in: no notice.
    expect(await (await new Browser(server.url).get(path)).text()).not.toContain(
      "is signed in on this browser",
    );
    // The new member opens it on the computer the lead is still signed in on, in Korean too.
    const page = await lead.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(
      "Seo-yeon Park is signed in on this browser. Joining signs them out here",
    );
    const korean = await lead.request(path, { headers: { "Accept-Language": "ko" } });
    expect(await korean.text()).toContain("이 브라우저에는 Seo-yeon Park 님이 로그인되어 있어요.");
    const joined = await lead.post(path, {
      name: "하나",
      password: "a-long-password",
      confirm: "a-long-password",
    });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("location")).toBe("/onboarding");
    expect(await lead.get("/onboarding").then((r) => r.text())).toContain("하나");
    const old = new Browser(server.url);
    old.cookie = leadSession;
    expect((await old.get("/team")).status).toBe(302);
  });
});

describe("invites over HTTP", () => {
  /** The demo lead invites `email` as a newcomer: the answer's status and the link it shows. */
  async function invite(email: string, more: Record<string, string> = {}) {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const created = await lead.post("/team", {
      intent: "invite",
      email,
      role: "newcomer",
      startDate: "2026-11-02",
      ...more,
    });
    const link = (await created.text()).match(/value="(http:\/\/[^"]+\/invite\/[^"]+)"/)?.[1];
    return { status: created.status, link };
  }

  it("a lead invites, the link works once and signs the newcomer in on My onboarding", async () => {
    const { status, link } = await invite("hyun@koan.test");
    expect(status).toBe(200);
    expect(link).toBeDefined();
    const path = new URL(link ?? "").pathname;

    const guest = new Browser(server.url);
    const open = await guest.get(path);
    expect(open.status).toBe(200);
    expect(await open.text()).toContain("<title>Join Koan · Koan</title>");
    const short = await guest.post(path, { name: "Hyun", password: "short", confirm: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("Use at least 12 characters.");
    const joined = await guest.post(path, {
      name: "현 Hyun",
      password: "a-long-password",
      confirm: "a-long-password",
    });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("location")).toBe("/onboarding");
    expect(await guest.get("/onboarding").then((r) => r.text())).toContain("현 Hyun");

    const reuse = await new Browser(server.url).get(path);
    expect(reuse.status).toBe(410);
    const spent = await reuse.text();
    expect(spent).toContain("already been used");
    expect(spent).toContain("<title>This invite can&#x27;t be used · Koan</title>");
    expect(spent).toContain('href="/login"');

    // The one who joined, opening the link again: signed in already, sent home, not to log in.
    const again = await guest.get(path);
    expect(again.status).toBe(410);
    const theirs = readableHtml(await again.text());
    expect(theirs).toContain("you're signed in as 현 Hyun: there is nothing more to do here");
    expect(theirs).toMatch(/<a [^>]*href="\/onboarding"[^>]*>Go to your home page</);
    expect(theirs).not.toContain("log in instead");
  });

  it("an invite accepted on a Korean page makes a Korean account: its mail comes in Korean", async () => {
    const { link } = await invite("seoa@koan.test");
    const path = new URL(link ?? "").pathname;
    const guest = new Browser(server.url);
    const korean = { "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5" };
    const page = await guest.request(path, { headers: korean });
    expect(await page.text()).toContain('<html lang="ko"');
    const joined = await guest.request(path, {
      headers: korean,
      form: { name: "이서아", password: "a-long-password", confirm: "a-long-password" },
    });
    expect(joined.status).toBe(302);
    const user = await server.db
      .selectFrom("users")
      .select("locale")
      .where("email", "=", "seoa@koan.test")
      .executeTakeFirstOrThrow();
    // Mail follows users.locale (none is English): the reviews and the digest she gets are Korean.
    expect(user.locale).toBe("ko");
  });

  it("an invite the (English) lead made in Korean opens in Korean on an English browser, and the account is Korean", async () => {
    const { status, link } = await invite("invited.ko@koan.test", { locale: "ko" });
    expect(status).toBe(200);
    const url = new URL(link ?? "");
    expect(url.search).toBe("?lang=ko");
    const english = { "Accept-Language": "en-US,en;q=0.9" };
    const guest = new Browser(server.url);
    const page = await guest.request(`${url.pathname}${url.search}`, { headers: english });
    const html = await page.text();
    expect(html).toContain('<html lang="ko"');
    // The page offers the switch, and remembers the invite's language for the sign-in that follows.
    expect(html).toContain('name="locale"');
    expect(page.headers.get("set-cookie")).toContain("koan_lang=ko");
    const joined = await guest.request(`${url.pathname}${url.search}`, {
      headers: english,
      form: { name: "한지우", password: "a-long-password", confirm: "a-long-password" },
    });
    expect(joined.status).toBe(302);
    const user = await server.db
      .selectFrom("users")
      .select("locale")
      .where("email", "=", "invited.ko@koan.test")
      .executeTakeFirstOrThrow();
    expect(user.locale).toBe("ko");

    // Left at "their browser's language", the link names none: the reader's browser decides.
    const plain = await invite("invited.plain@koan.test", { locale: "" });
    expect(plain.status).toBe(200);
    expect(new URL(plain.link ?? "").search).toBe("");

    // A browser that chose English keeps it: the link's language does not override a choice.
    const other = await invite("invited.en@koan.test", { locale: "ko" });
    const chose = new URL(other.link ?? "");
    const chosen = await fetch(`${server.url}${chose.pathname}${chose.search}`, {
      headers: { Cookie: "koan_lang=en" },
    });
    expect(await chosen.text()).toContain('<html lang="en"');
    expect(chosen.headers.get("set-cookie")).toBeNull();
  });

  it("behind a proxy that ends HTTPS, the invite link and the API example are under APP_ORIGIN, not plain http", async () => {
    const origin = "https://koan.example.com";
    const own = await startServer({ APP_ORIGIN: origin });
    try {
      const lead = new Browser(own.url, origin);
      await lead.login("lead@koan.test", DEMO_PASSWORD);
      const invited = await lead.post("/team", {
        intent: "invite",
        email: "proxied@koan.test",
        role: "lead",
      });
      expect(invited.status).toBe(200);
      const link = (await invited.text()).match(/value="([^"]+\/invite\/[^"]+)"/)?.[1] ?? "";
      // The one-time token must not travel in the clear, nor to a host the lead never uses.
      expect(link.startsWith(`${origin}/invite/`)).toBe(true);
      const tokens = await lead.get("/settings/tokens");
      expect(await tokens.text()).toContain(`&quot;${origin}/api/search?q=`);
      // In Korean, the particle after "limit(…10)" follows its final sound: 과, not 와.
      const korean = await lead.request("/settings/tokens", {
        headers: { "Accept-Language": "ko" },
      });
      expect(await korean.text()).toContain(
        "<code>limit</code>(1–50, 기본값 10)과 <code>component</code>는 선택 사항이에요.",
      );
    } finally {
      await own.stop();
    }
  });

  it("a link that is also e-mailed is not shown beside “Koan sends no e-mail”", async () => {
    const origin = "https://koan.example.com";
    // Mail is on (nothing listens at port 9: the messages wait in the outbox, as queued mail does).
    const own = await startServer({
      APP_ORIGIN: origin,
      SMTP_URL: "smtp://127.0.0.1:9",
      MAIL_FROM: "Koan <koan@example.com>",
    });
    try {
      const lead = new Browser(own.url, origin);
      await lead.login("lead@koan.test", DEMO_PASSWORD);
      const member = await own.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "leo@koan.test")
        .executeTakeFirstOrThrow();
      for (const path of ["/team", `/team/${member.id}`]) {
        for (const [language, mailed, noMail] of [
          ["en", "They get it by e-mail too", "Koan sends no e-mail"],
          ["ko", "이메일로도 받게 돼요", "Koan은 이메일을 보내지 않아요"],
        ] as const) {
          const made = await lead.request(path, {
            headers: { "Accept-Language": language },
            form:
              path === "/team"
                ? { intent: "invite", email: `${language}.mailed@koan.test`, role: "newcomer" }
                : { intent: "reset-link" },
          });
          expect(made.status, path).toBe(200);
          const html = await made.text();
          expect(html, path).toContain(mailed);
          expect(html, path).not.toContain(noMail);
        }
      }
      // The invite form says the e-mail goes out in the language chosen.
      const form = await (
        await lead.request("/team", { headers: { "Accept-Language": "ko" } })
      ).text();
      expect(form).toContain("받는 사람의 브라우저 언어 (메일은 한국어)");
      expect(form).toContain("언어를 고르면 초대 메일이 그 언어로 가고");
    } finally {
      await own.stop();
    }
    // Without mail the lead is still told to pass the link on, and no e-mail is promised.
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const made = await lead.post("/team", {
      intent: "invite",
      email: "nomail@koan.test",
      role: "newcomer",
    });
    const html = await made.text();
    expect(html).toContain("Send it to them yourself: Koan sends no e-mail.");
    expect(html).toContain("Chosen, the link opens Koan in it.");
    expect(html).not.toMatch(/e-mail in English|the e-mail is written in it/);
    const korean = await (
      await lead.request("/team", { headers: { "Accept-Language": "ko" } })
    ).text();
    expect(korean).toContain("받는 사람의 브라우저 언어");
    expect(korean).not.toMatch(/메일은 한국어|초대 메일이 그 언어로/);
  });

  it("refuse an invite to an e-mail already in use, or in a language Koan doesn't speak, at the field, keeping the input", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const cases: { form: Record<string, string>; message: string; kept: string[] }[] = [
      {
        form: { email: "ANA@koan.test", role: "mentor", components: "billing" },
        message: "Someone on the team already uses this e-mail.",
        kept: ['value="ANA@koan.test"', 'value="billing"'],
      },
      {
        form: { email: "keep.me@koan.test", role: "newcomer", locale: "fr" },
        message: "Choose English or 한국어.",
        kept: [
          'value="keep.me@koan.test"',
          'aria-describedby="field-locale-help field-locale-error"',
        ],
      },
    ];
    for (const { form, message, kept } of cases) {
      const response = await lead.post("/team", { intent: "invite", ...form });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain(message);
      for (const value of kept) expect(html).toContain(value);
    }
  });
});
