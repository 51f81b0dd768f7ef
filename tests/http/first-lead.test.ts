import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, primaryButtons } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";

// A team adopting Koan starts it without the demo (SEED_ON_EMPTY=false): its first lead comes
// from the one-time setup link the server logs at start, since invites need an inviting lead.

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ SEED_ON_EMPTY: "false" });
  // The setup link's line follows the "ready" line the server is waited for, a moment later.
  await waitFor(() => server.output().includes("firstLeadSetup"), {
    timeout: 10_000,
    what: "the setup link in the log",
  });
});
afterAll(async () => {
  await server?.stop();
});

const PASSWORD = "correct horse battery";

/** The setup link's path, from the server's log line. */
function setupPath(): string {
  const match = server.output().match(/"firstLeadSetup":"http:\/\/[^/"]+(\/setup\/[\w-]+)"/);
  if (!match?.[1]) throw new Error(`no setup link in the log:\n${server.output()}`);
  return match[1];
}

describe("the first lead of an empty instance", () => {
  it("is told on the log-in page how to begin, in English and in Korean", async () => {
    const en = await (await fetch(`${server.url}/login`)).text();
    expect(en).toContain("Nobody has an account on this Koan yet");
    const ko = await (
      await fetch(`${server.url}/login`, { headers: { "Accept-Language": "ko-KR" } })
    ).text();
    expect(ko).toContain("이 Koan에는 아직 계정이 없어요");
  });

  it("keeps the password form's button the primary action with passwords only (no provider)", async () => {
    const login = await (await fetch(`${server.url}/login`)).text();
    expect(primaryButtons(login)).toEqual(["Log in"]);
    const setup = await (
      await fetch(`${server.url}${setupPath()}`, { headers: { "Accept-Language": "ko-KR" } })
    ).text();
    expect(primaryButtons(setup)).toEqual(["첫 리드 되기"]);
  });

  it("refuses a made-up setup link, and never logs the real one's token in request lines", async () => {
    const response = await fetch(`${server.url}/setup/not-the-token`);
    expect(response.status).toBe(404);
    const refused = await response.text();
    expect(refused).toContain("This setup link isn");
    // Its title says so too, as its heading does (it was "Set up Koan").
    expect(refused).toContain("<title>This setup link can&#x27;t be used · Koan</title>");
    await fetch(`${server.url}${setupPath()}`);
    const token = setupPath().split("/").pop() ?? "";
    const requestLines = server
      .output()
      .split("\n")
      .filter((line) => line.includes('"path"'));
    expect(requestLines.join("\n")).not.toContain(token);
  });

  it("answers bad fields at the field, keeping what was typed (Korean too)", async () => {
    const b = new Browser(server.url);
    const response = await b.post(setupPath(), {
      name: "서연",
      email: "not-an-address",
      password: "short",
      confirm: "short",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('value="서연"');
    expect(html).toContain('value="not-an-address"');
    expect(html).toMatch(/id="field-email-error"/);
    expect(html).toMatch(/id="field-password-error"/);
    const ko = await b.request(setupPath(), {
      headers: { "Accept-Language": "ko-KR" },
      form: { name: "", email: "lead@team.test", password: PASSWORD, confirm: "different one!" },
    });
    expect(ko.status).toBe(400);
    const koHtml = await ko.text();
    expect(koHtml).toContain("팀의 Koan 시작하기");
    expect(koHtml).toMatch(/id="field-name-error"/);
    expect(koHtml).toMatch(/id="field-confirm-error"/);
  });

  it("switches to Korean keeping the name and e-mail typed, never the password", async () => {
    const path = setupPath();
    const switched = await fetch(`${server.url}/language`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url },
      body: new URLSearchParams({
        name: "박서연",
        email: "seoyeon@team.test",
        password: "typed-secret-password",
        returnTo: path,
        locale: "ko",
      }),
    });
    expect(switched.status).toBe(302);
    expect(switched.headers.get("location")).toBe(path);
    const cookie = switched.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const html = await (
      await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } })
    ).text();
    expect(html).toContain("팀의 Koan 시작하기");
    expect(html).toContain('value="박서연"');
    expect(html).toContain('value="seoyeon@team.test"');
    expect(html).not.toContain("typed-secret-password");
  });

  it("makes one lead, signs them in, then works for nobody else", async () => {
    const path = setupPath();
    const lead = new Browser(server.url);
    const made = await lead.post(path, {
      name: "Seo-yeon Park",
      email: "lead@team.test",
      password: PASSWORD,
      confirm: PASSWORD,
    });
    expect(made.status).toBe(302);
    const team = await lead.get("/team");
    expect(team.status).toBe(200);
    // Landing on Team, the new lead sees what to do first, each step with its link.
    const teamHtml = await team.text();
    expect(teamHtml).toContain("First steps for a new team");
    expect(teamHtml).toContain('href="/tickets/import"');
    expect(teamHtml).toContain('href="/tracks"');
    const row = await server.db
      .selectFrom("users")
      .select(["role", "email"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: "lead", email: "lead@team.test" });

    // The same link again, by a stranger: refused, and nobody else is made.
    const stranger = new Browser(server.url);
    const again = await stranger.post(path, {
      name: "Mallory",
      email: "mallory@evil.test",
      password: PASSWORD,
      confirm: PASSWORD,
    });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("already has its first lead");
    expect((await stranger.get(path)).status).toBe(410);
    const users = await server.db.selectFrom("users").select("id").execute();
    expect(users).toHaveLength(1);

    // The log-in page no longer speaks of an empty Koan.
    expect(await (await fetch(`${server.url}/login`)).text()).not.toContain(
      "Nobody has an account",
    );
  });

  it("shows a lead's empty cohorts page without figures nobody has made", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@team.test", PASSWORD);
    const html = await (await lead.get("/cohorts")).text();
    expect(html).toContain("No newcomers yet");
    expect(html).toContain('href="/team"');
    expect(html).not.toContain("0 of 0");
    // Nor a headline or chart about checkpoints nobody could have done.
    expect(html).not.toContain("No checkpoint has been completed");
  });

  it("tells a newcomer with no ticket, then no mentor with room, whom to ask (in Korean)", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@team.test", PASSWORD);
    const invited = await lead.post("/team?index", {
      intent: "invite",
      email: "minjun@team.test",
      name: "김민준",
      role: "newcomer",
      locale: "ko",
    });
    expect(invited.status).toBe(200);
    const link = (await invited.text()).match(/\/invite\/[\w-]+/)?.[0];
    expect(link).toBeTruthy();
    const newcomer = new Browser(server.url);
    const joined = await newcomer.request(`${link}?lang=ko`, {
      headers: { "Accept-Language": "ko-KR" },
      form: { name: "김민준", password: PASSWORD, confirm: PASSWORD },
    });
    expect(joined.status).toBe(302);

    // No starter ticket yet: it says so, and names the lead to ask.
    const empty = await (await newcomer.get("/onboarding")).text();
    expect(empty).toContain("지금 열린 입문 티켓이 없어요");
    expect(empty).toContain("온보딩 리드에게 물어보세요");
    expect(empty).toContain('href="mailto:lead@team.test"');

    // A starter ticket, but no mentor on the team: claiming must wait, and it says who can help.
    const made = await lead.post("/tickets/new", {
      title: "Invoice total shows NaN",
      body: "Steps: open an invoice.",
      component: "billing",
      difficulty: "1",
      labels: "",
      starter: "on",
    });
    expect(made.status).toBe(302);
    const waiting = await (await newcomer.get("/onboarding")).text();
    expect(waiting).toContain("Invoice total shows NaN");
    expect(waiting).toContain("여유가 있는 멘토가 없어서");
    expect(waiting).toContain('href="mailto:lead@team.test"');
    // The ticket itself says there is no mentor at all yet (not "every mentor is full").
    const ticketPath = made.headers.get("location") ?? "";
    expect(ticketPath).toMatch(/^\/tickets\/\d+/);
    const ticket = await (await newcomer.get(ticketPath)).text();
    expect(ticket).toContain("아직 팀에 멘토가 없어서");
    expect(ticket).not.toContain("모든 멘토의 자리가 차서");
    expect(ticket).toContain('href="mailto:lead@team.test"');
  });

  it("drops the first steps from Team once a mentor, a newcomer and a starter ticket are there", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@team.test", PASSWORD);
    expect(await (await lead.get("/team")).text()).toContain("First steps for a new team");
    const invited = await lead.post("/team?index", {
      intent: "invite",
      email: "tomas@team.test",
      name: "Tomás",
      role: "mentor",
      components: "billing",
      locale: "",
    });
    expect(invited.status).toBe(200);
    expect(await (await lead.get("/team")).text()).not.toContain("First steps for a new team");
  });
});
