import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

type Who = "anonymous" | "newcomer" | "mentor" | "lead";
const LOGINS: Record<Exclude<Who, "anonymous">, string> = {
  newcomer: "newcomer@koan.test",
  mentor: "mentor@koan.test",
  lead: "lead@koan.test",
};

/**
 * Every page × every kind of visitor, with the status each must get: 200, 302 (to /login for
 * anonymous visitors, or on to a home page), 403, 404. New routes join this table.
 */
const TABLE: [path: string, expected: Record<Who, number>][] = [
  ["/", { anonymous: 302, newcomer: 302, mentor: 302, lead: 302 }],
  ["/login", { anonymous: 200, newcomer: 302, mentor: 302, lead: 302 }],
  ["/logout", { anonymous: 302, newcomer: 302, mentor: 302, lead: 302 }],
  ["/onboarding", { anonymous: 302, newcomer: 200, mentor: 403, lead: 403 }],
  ["/mentoring", { anonymous: 302, newcomer: 403, mentor: 200, lead: 200 }],
  ["/team", { anonymous: 302, newcomer: 403, mentor: 403, lead: 200 }],
  ["/team/1", { anonymous: 302, newcomer: 403, mentor: 403, lead: 200 }],
  ["/team/99999", { anonymous: 302, newcomer: 403, mentor: 403, lead: 404 }],
  ["/team/not-a-number", { anonymous: 302, newcomer: 403, mentor: 403, lead: 404 }],
  ["/settings", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/invite/not-a-real-token", { anonymous: 404, newcomer: 404, mentor: 404, lead: 404 }],
  ["/healthz", { anonymous: 200, newcomer: 200, mentor: 200, lead: 200 }],
  // The benchmark's framework floor exists only when BENCH_ROUTES is on.
  ["/bench/floor", { anonymous: 404, newcomer: 404, mentor: 404, lead: 404 }],
  ["/tickets", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  [
    "/tickets?status=bogus&page=-4&difficulty=9&sort=%00",
    { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 },
  ],
  ["/tickets/new", { anonymous: 302, newcomer: 403, mentor: 200, lead: 200 }],
  ["/tickets/1", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/tickets/99999", { anonymous: 302, newcomer: 404, mentor: 404, lead: 404 }],
  ["/tickets/abc", { anonymous: 302, newcomer: 404, mentor: 404, lead: 404 }],
  ["/tickets/1/edit", { anonymous: 302, newcomer: 403, mentor: 200, lead: 200 }],
  ["/tickets/99999/edit", { anonymous: 302, newcomer: 403, mentor: 404, lead: 404 }],
  ["/webhooks/github", { anonymous: 405, newcomer: 405, mentor: 405, lead: 405 }],
  ["/tickets/import", { anonymous: 302, newcomer: 403, mentor: 200, lead: 200 }],
  ["/inbox", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/cohorts", { anonymous: 302, newcomer: 403, mentor: 403, lead: 200 }],
  ["/tracks", { anonymous: 302, newcomer: 403, mentor: 403, lead: 200 }],
  ["/kb", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/kb?q=invoice&component=billing", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/kb/new", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/kb/1", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/kb/99999", { anonymous: 302, newcomer: 404, mentor: 404, lead: 404 }],
  ["/kb/x", { anonymous: 302, newcomer: 404, mentor: 404, lead: 404 }],
  ["/kb/toil", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/kb/related?q=invoice", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  [`/kb/related?q=${"x".repeat(1001)}`, { anonymous: 302, newcomer: 400, mentor: 400, lead: 400 }],
  [
    "/kb/related?q=invoice+export&title=invoice",
    { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 },
  ],
  [
    `/kb/related?q=invoice&title=${"x".repeat(301)}`,
    { anonymous: 302, newcomer: 400, mentor: 400, lead: 400 },
  ],
  ["/kb/review", { anonymous: 302, newcomer: 403, mentor: 200, lead: 200 }],
  ["/kb/gaps", { anonymous: 302, newcomer: 403, mentor: 403, lead: 200 }],
  ["/kb/import", { anonymous: 302, newcomer: 403, mentor: 200, lead: 200 }],
  ["/kb/export?format=json", { anonymous: 302, newcomer: 403, mentor: 200, lead: 200 }],
  ["/kb/export?format=zip", { anonymous: 302, newcomer: 403, mentor: 200, lead: 200 }],
  ["/kb/export?format=exe", { anonymous: 302, newcomer: 403, mentor: 400, lead: 400 }],
  ["/settings/tokens", { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/settings/integrations", { anonymous: 302, newcomer: 403, mentor: 403, lead: 200 }],
  ["/api/search?q=invoice", { anonymous: 401, newcomer: 401, mentor: 401, lead: 401 }],
  ["/cohorts?cohort=bogus", { anonymous: 302, newcomer: 403, mentor: 403, lead: 200 }],
  ["/assignments/99999", { anonymous: 302, newcomer: 404, mentor: 404, lead: 404 }],
  ["/assignments/x", { anonymous: 302, newcomer: 404, mentor: 404, lead: 404 }],
  ["/no/such/page", { anonymous: 404, newcomer: 404, mentor: 404, lead: 404 }],
];

/** Mutations: the same table for POSTs, which must be checked on the server too. */
const POSTS: [path: string, form: Record<string, string>, expected: Record<Who, number>][] = [
  [
    "/team",
    { intent: "invite", email: "x@koan.test", role: "newcomer" },
    { anonymous: 302, newcomer: 403, mentor: 403, lead: 200 },
  ],
  ["/tickets/new", {}, { anonymous: 302, newcomer: 403, mentor: 400, lead: 400 }],
  // E-mail is not configured on this server: the test button says so (409).
  [
    "/settings/integrations",
    { intent: "test", channel: "email" },
    { anonymous: 302, newcomer: 403, mentor: 403, lead: 409 },
  ],
  [
    "/settings/integrations",
    { intent: "test", channel: "fax" },
    { anonymous: 302, newcomer: 403, mentor: 403, lead: 400 },
  ],
  ["/inbox", { intent: "read_all" }, { anonymous: 302, newcomer: 200, mentor: 200, lead: 200 }],
  ["/tracks", {}, { anonymous: 302, newcomer: 403, mentor: 403, lead: 400 }],
  ["/kb/new", { intent: "save" }, { anonymous: 302, newcomer: 400, mentor: 400, lead: 400 }],
  [
    "/kb/1",
    { intent: "vote", helpful: "maybe" },
    { anonymous: 302, newcomer: 400, mentor: 400, lead: 400 },
  ],
  [
    "/kb/1",
    { intent: "flag", note: "" },
    { anonymous: 302, newcomer: 400, mentor: 400, lead: 400 },
  ],
  ["/kb/gaps", {}, { anonymous: 302, newcomer: 403, mentor: 403, lead: 400 }],
  [
    "/inbox",
    { intent: "read", notificationId: "abc" },
    { anonymous: 302, newcomer: 400, mentor: 400, lead: 400 },
  ],
  [
    "/inbox",
    { intent: "read", notificationId: "99999" },
    { anonymous: 302, newcomer: 404, mentor: 404, lead: 404 },
  ],
  [
    "/tickets/import",
    { intent: "apply", batch: "x" },
    { anonymous: 302, newcomer: 403, mentor: 400, lead: 400 },
  ],
  ["/tickets/1/edit", {}, { anonymous: 302, newcomer: 403, mentor: 400, lead: 400 }],
  [
    "/tickets/1",
    { intent: "reassign", newcomerId: "7" },
    { anonymous: 302, newcomer: 403, mentor: 403, lead: 409 },
  ],
  [
    "/tickets/1",
    { intent: "mentor", mentorId: "2" },
    { anonymous: 302, newcomer: 403, mentor: 403, lead: 409 },
  ],
  [
    "/tickets/1",
    { intent: "claim", mentorId: "2" },
    { anonymous: 302, newcomer: 200, mentor: 403, lead: 403 },
  ],
  // Last: the lead may deactivate user 2 (a mentor), but is told to hand over their active
  // mentees first (409), so nobody is left with a mentor who can't review.
  [
    "/team/2",
    { intent: "status", status: "deactivated" },
    { anonymous: 302, newcomer: 403, mentor: 403, lead: 409 },
  ],
  // Very last: "log out of every device" ends each visitor's session.
  [
    "/settings",
    { intent: "log-out-everywhere" },
    { anonymous: 302, newcomer: 302, mentor: 302, lead: 302 },
  ],
];

let server: TestServer;
const browsers = {} as Record<Who, Browser>;

beforeAll(async () => {
  server = await startServer();
  browsers.anonymous = new Browser(server.url);
  for (const [who, email] of Object.entries(LOGINS)) {
    const b = new Browser(server.url);
    await b.login(email, DEMO_PASSWORD);
    browsers[who as Who] = b;
  }
});
afterAll(async () => {
  await server?.stop();
});

describe("permissions: GET", () => {
  for (const [path, expected] of TABLE) {
    for (const who of Object.keys(expected) as Who[]) {
      it(`${who} GET ${path} → ${expected[who]}`, async () => {
        const response = await browsers[who].get(path);
        expect(response.status).toBe(expected[who]);
        if (who === "anonymous" && expected[who] === 302 && path !== "/logout") {
          expect(response.headers.get("location")).toMatch(/^\/login/);
        }
      });
    }
  }

  it("send anonymous visitors to /login with the way back", async () => {
    const response = await browsers.anonymous.get("/team/1?tab=x");
    expect(response.headers.get("location")).toBe(
      `/login?${new URLSearchParams({ redirectTo: "/team/1?tab=x" })}`,
    );
  });

  it("show the Settings link to Integrations only to those who may manage them", async () => {
    for (const who of ["newcomer", "mentor", "lead"] as const) {
      const html = await browsers[who].get("/settings").then((r) => r.text());
      expect({ who, link: html.includes('href="/settings/integrations"') }).toEqual({
        who,
        link: who === "lead",
      });
    }
  });

  it("render a friendly 403 page that says what to do", async () => {
    const response = await browsers.newcomer.get("/team");
    const html = await response.text();
    expect(html).toContain("You don&#x27;t have access to this page");
    expect(html).toContain("This page is for leads");
  });
});

describe("permissions: assignments, by ownership", () => {
  async function assignmentIds() {
    const rows = await server.db
      .selectFrom("assignments as a")
      .innerJoin("users as n", "n.id", "a.newcomer_id")
      .innerJoin("users as m", "m.id", "a.mentor_id")
      .select(["a.id", "n.email as newcomer", "m.email as mentor"])
      .orderBy("a.id")
      .execute();
    const find = (pred: (r: (typeof rows)[number]) => boolean) => rows.find(pred)?.id ?? 0;
    return {
      minjuns: find((r) => r.newcomer === "newcomer@koan.test"),
      tomasMentors: find(
        (r) => r.mentor === "mentor@koan.test" && r.newcomer !== "newcomer@koan.test",
      ),
      neither: find((r) => r.mentor !== "mentor@koan.test" && r.newcomer !== "newcomer@koan.test"),
    };
  }

  it("the newcomer sees their own, the mentor their mentees', leads all; others get 403", async () => {
    const ids = await assignmentIds();
    expect(ids.minjuns && ids.tomasMentors && ids.neither).toBeTruthy();
    expect((await browsers.newcomer.get(`/assignments/${ids.minjuns}`)).status).toBe(200);
    expect((await browsers.newcomer.get(`/assignments/${ids.neither}`)).status).toBe(403);
    expect((await browsers.mentor.get(`/assignments/${ids.tomasMentors}`)).status).toBe(200);
    expect((await browsers.mentor.get(`/assignments/${ids.neither}`)).status).toBe(403);
    expect((await browsers.lead.get(`/assignments/${ids.neither}`)).status).toBe(200);
    expect((await browsers.anonymous.get(`/assignments/${ids.neither}`)).status).toBe(302);
  });

  it("only the newcomer submits evidence; only the mentor or a lead reviews; nothing is stored otherwise", async () => {
    const ids = await assignmentIds();
    const checkpoint = await server.db
      .selectFrom("assignment_checkpoints")
      .select("id")
      .where("assignment_id", "=", ids.neither)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const before = await server.db.selectFrom("evidence").select("id").execute();
    const form = { intent: "submit", checkpointId: String(checkpoint.id), notes: "forged" };
    expect((await browsers.newcomer.post(`/assignments/${ids.neither}`, form)).status).toBe(403);
    expect(
      (await browsers.mentor.post(`/assignments/${ids.neither}`, { ...form, intent: "approve" }))
        .status,
    ).toBe(403);
    expect((await browsers.lead.post(`/assignments/${ids.neither}`, form)).status).toBe(403);
    expect(
      (await browsers.lead.post(`/assignments/${ids.neither}`, { intent: "bogus" })).status,
    ).toBe(400);
    // A checkpoint id from another assignment is not this assignment's, said in the reader's language.
    const elsewhere = { ...form, intent: "approve" };
    const notHere = await browsers.lead.post(`/assignments/${ids.minjuns}`, elsewhere);
    expect(notHere.status).toBe(404);
    expect(await notHere.text()).toContain("That checkpoint isn&#x27;t part of this assignment.");
    const notHereKo = await browsers.lead.request(`/assignments/${ids.minjuns}`, {
      form: elsewhere,
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    expect(notHereKo.status).toBe(404);
    expect(await notHereKo.text()).toContain("그 단계는 이 배정에 없어요.");
    expect(await server.db.selectFrom("evidence").select("id").execute()).toEqual(before);
  });
});

describe("permissions: assignments, each person their own part", () => {
  async function firstCheckpoint(assignmentId: number) {
    const row = await server.db
      .selectFrom("assignment_checkpoints")
      .select("id")
      .where("assignment_id", "=", assignmentId)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    return String(row.id);
  }
  async function assignmentOf(where: { newcomer?: string; mentor?: string; notNewcomer?: string }) {
    let query = server.db
      .selectFrom("assignments as a")
      .innerJoin("users as n", "n.id", "a.newcomer_id")
      .innerJoin("users as m", "m.id", "a.mentor_id")
      .select("a.id")
      .orderBy("a.id");
    if (where.newcomer) query = query.where("n.email", "=", where.newcomer);
    if (where.notNewcomer) query = query.where("n.email", "!=", where.notNewcomer);
    if (where.mentor) query = query.where("m.email", "=", where.mentor);
    return (await query.executeTakeFirstOrThrow()).id;
  }
  const comments = () => server.db.selectFrom("checkpoint_comments").select("id").execute();

  it("a mentor can't say I'm stuck on their mentee's assignment: only the newcomer asks for help", async () => {
    const mentees = await assignmentOf({
      mentor: LOGINS.mentor,
      notNewcomer: LOGINS.newcomer,
    });
    const before = await comments();
    const response = await browsers.mentor.post(`/assignments/${mentees}`, {
      intent: "stuck",
      checkpointId: await firstCheckpoint(mentees),
      body: "forged call for help",
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Only the newcomer can ask for help here.");
    expect(await comments()).toEqual(before);
  });

  it("another newcomer can't see someone else's assignment", async () => {
    const someoneElses = await assignmentOf({ notNewcomer: LOGINS.newcomer });
    const response = await browsers.newcomer.get(`/assignments/${someoneElses}`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(
      "Only the newcomer on this ticket, their mentor and leads can see its checkpoints.",
    );
  });

  it("a newcomer can't approve a step of their own assignment", async () => {
    const own = await assignmentOf({ newcomer: LOGINS.newcomer });
    const before = await comments();
    const response = await browsers.newcomer.post(`/assignments/${own}`, {
      intent: "approve",
      checkpointId: await firstCheckpoint(own),
    });
    expect(response.status).toBe(403);
    expect(await comments()).toEqual(before);
  });
});

describe("permissions: write-ups, by ownership", () => {
  it("the author, the reviewing mentor and leads edit a write-up; others get 403; drafts stay private", async () => {
    const minjun = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "newcomer@koan.test")
      .executeTakeFirstOrThrow();
    const tomas = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "mentor@koan.test")
      .executeTakeFirstOrThrow();
    const others = await server.db
      .selectFrom("writeups as w")
      .leftJoin("assignments as a", "a.id", "w.assignment_id")
      .select(["w.id", "w.status", "w.author_id"])
      .where((eb) =>
        eb.or([eb("w.author_id", "is", null), eb("w.author_id", "not in", [minjun.id, tomas.id])]),
      )
      .where((eb) => eb.or([eb("a.mentor_id", "is", null), eb("a.mentor_id", "!=", tomas.id)]))
      .execute();
    const published = others.find((w) => w.status === "published");
    const draft = others.find((w) => w.status === "draft");
    expect(published && draft).toBeTruthy();
    expect((await browsers.newcomer.get(`/kb/${published?.id}/edit`)).status).toBe(403);
    expect((await browsers.mentor.get(`/kb/${published?.id}/edit`)).status).toBe(403);
    expect((await browsers.lead.get(`/kb/${published?.id}/edit`)).status).toBe(200);
    expect(
      (
        await browsers.newcomer.post(`/kb/${published?.id}/edit`, {
          intent: "save",
          title: "hijack",
          resolution: "fixed",
        })
      ).status,
    ).toBe(403);
    expect((await browsers.newcomer.get(`/kb/${draft?.id}`)).status).toBe(404);
    expect((await browsers.lead.get(`/kb/${draft?.id}`)).status).toBe(200);
    // A draft takes no votes or flags: a forged one is refused, not thanked for and dropped.
    const feedback: Record<string, string>[] = [
      { intent: "vote", helpful: "yes" },
      { intent: "flag", note: "Looks out of date." },
    ];
    for (const form of feedback) {
      const response = await browsers.lead.post(`/kb/${draft?.id}`, form);
      expect(response.status, form.intent).toBe(409);
      expect(await response.text()).toContain(
        "Votes and out-of-date notes open once the write-up is published.",
      );
    }
    for (const table of ["writeup_votes", "writeup_flags"] as const) {
      const rows = await server.db
        .selectFrom(table)
        .select("writeup_id")
        .where("writeup_id", "=", draft?.id ?? 0)
        .execute();
      expect(rows, table).toEqual([]);
    }
    const title = await server.db
      .selectFrom("writeups")
      .select("title")
      .where("id", "=", published?.id ?? 0)
      .executeTakeFirstOrThrow();
    expect(title.title).not.toBe("hijack");
  });
});

describe("permissions: POST", () => {
  // Mentors and newcomers first, so the lead's deactivation of user 2 happens last.
  for (const [path, form, expected] of POSTS) {
    for (const who of ["anonymous", "newcomer", "mentor", "lead"] as Who[]) {
      it(`${who} POST ${path} → ${expected[who]}`, async () => {
        const response = await browsers[who].post(path, form);
        expect(response.status).toBe(expected[who]);
      });
    }
  }
});

describe("filters in the URL", () => {
  it("read numbers as plain decimal digits: difficulty=1e0 or author=0x4 filter nothing", async () => {
    // (Its own log-in: the table above ends with "log out of every device".)
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const selected = async (path: string, name: string) => {
      const html = await (await lead.get(path)).text();
      const select = new RegExp(`name="${name}">(.*?)</select>`).exec(html)?.[1] ?? "";
      return /<option value="([^"]*)" selected="">/.exec(select)?.[1] ?? "";
    };
    expect(await selected("/tickets?difficulty=1", "difficulty")).toBe("1");
    expect(await selected("/tickets?difficulty=1e0", "difficulty")).toBe("");
    expect(await selected("/tickets?difficulty=%201", "difficulty")).toBe("");
    expect(await selected("/kb?author=4", "author")).toBe("4");
    expect(await selected("/kb?author=0x4", "author")).toBe("");
    expect(await selected("/kb?author=4e0", "author")).toBe("");
  });
});
