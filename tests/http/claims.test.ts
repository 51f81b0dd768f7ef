import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicket } from "~/tickets/tickets.server";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser, unescapeHtml } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Two server processes on one database file, newcomers split between them: claims race through
// real HTTP and across processes.
let a: TestServer;
let b: TestServer;
const NEWCOMERS = ["newcomer", "ana", "leo", "jiwoo", "sam", "fatima", "noah", "aiko"];

beforeAll(async () => {
  a = await startServer();
  b = await startServer({}, { dbFile: a.dbFile });
  // Room for every race: no limit on claims, no full mentors.
  await a.db
    .updateTable("users")
    .set({ max_assignments: 1000 })
    .where("role", "=", "newcomer")
    .execute();
  await a.db.updateTable("users").set({ capacity: 1000 }).where("role", "=", "mentor").execute();
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe("claiming over HTTP", () => {
  it("exactly one of eight simultaneous claims wins, every time, across two server processes", async () => {
    const browsers = await Promise.all(
      NEWCOMERS.map(async (name, i) => {
        const browser = new Browser((i % 2 === 0 ? a : b).url);
        await browser.login(`${name}@koan.test`, DEMO_PASSWORD);
        return browser;
      }),
    );
    const lead = await a.db
      .selectFrom("users")
      .select("id")
      .where("role", "=", "lead")
      .executeTakeFirstOrThrow();
    const mentor = await a.db
      .selectFrom("users")
      .select("id")
      .where("role", "=", "mentor")
      .executeTakeFirstOrThrow();
    for (let round = 0; round < 15; round++) {
      const ticketId = await createTicket(a.db, {
        actorId: lead.id,
        ticket: {
          title: `Race ${round}`,
          body: "",
          component: "billing",
          labels: [],
          difficulty: 1,
          starter: true,
        },
      });
      const responses = await Promise.all(
        browsers.map((browser) =>
          browser.post(`/tickets/${ticketId}`, { intent: "claim", mentorId: String(mentor.id) }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
      const active = await a.db
        .selectFrom("assignments")
        .innerJoin("users", "users.id", "assignments.newcomer_id")
        .select("users.name")
        .where("ticket_id", "=", ticketId)
        .where("assignments.status", "=", "active")
        .execute();
      expect(active).toHaveLength(1);
      const loser = await responses.find((r) => r.status === 409)?.text();
      expect(loser).toContain(`${active[0]?.name} claimed this ticket a moment ago`);
    }
  });

  it("a newcomer over the limit is told so; release and reassign work through the page", async () => {
    await a.db
      .updateTable("users")
      .set({ max_assignments: null })
      .where("email", "=", "aiko@koan.test")
      .execute();
    const aiko = new Browser(a.url);
    await aiko.login("aiko@koan.test", DEMO_PASSWORD);
    const open = await a.db
      .selectFrom("tickets")
      .select("id")
      .where("status", "=", "open")
      .where("starter", "=", 1)
      .executeTakeFirstOrThrow();
    const mentor = await a.db
      .selectFrom("users")
      .select("id")
      .where("role", "=", "mentor")
      .executeTakeFirstOrThrow();
    const limited = await aiko.post(`/tickets/${open.id}`, {
      intent: "claim",
      mentorId: String(mentor.id),
    });
    expect(limited.status).toBe(409);
    expect(await limited.text()).toContain("You already have");

    const held = await a.db
      .selectFrom("assignments")
      .innerJoin("users", "users.id", "assignments.newcomer_id")
      .select("assignments.ticket_id")
      .where("users.email", "=", "aiko@koan.test")
      .where("assignments.status", "=", "active")
      .executeTakeFirstOrThrow();
    const intruder = new Browser(a.url);
    await intruder.login("sam@koan.test", DEMO_PASSWORD);
    expect((await intruder.post(`/tickets/${held.ticket_id}`, { intent: "release" })).status).toBe(
      403,
    );
    expect(
      (await intruder.post(`/tickets/${held.ticket_id}`, { intent: "reassign", newcomerId: "6" }))
        .status,
    ).toBe(403);
    expect((await aiko.post(`/tickets/${held.ticket_id}`, { intent: "release" })).status).toBe(200);

    const lead = new Browser(a.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const claimed = await a.db
      .selectFrom("assignments")
      .select("ticket_id")
      .where("status", "=", "active")
      .executeTakeFirstOrThrow();
    const sam = await a.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "sam@koan.test")
      .executeTakeFirstOrThrow();
    expect(
      (
        await lead.post(`/tickets/${claimed.ticket_id}`, {
          intent: "reassign",
          newcomerId: String(sam.id),
        })
      ).status,
    ).toBe(200);
    const now = await a.db
      .selectFrom("assignments")
      .select("newcomer_id")
      .where("ticket_id", "=", claimed.ticket_id)
      .where("status", "=", "active")
      .executeTakeFirstOrThrow();
    expect(now.newcomer_id).toBe(sam.id);
  });

  it("a mentor closes a ticket as a duplicate of a write-up named by its link; a wrong one is refused at the field", async () => {
    const ticket = await a.db
      .selectFrom("tickets")
      .select("id")
      .where("status", "=", "open")
      .executeTakeFirstOrThrow();
    const writeup = await a.db
      .selectFrom("writeups")
      .select(["id", "title"])
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const newcomer = new Browser(a.url);
    await newcomer.login("newcomer@koan.test", DEMO_PASSWORD);
    const link = `${a.url}/kb/${writeup.id}#fix`;
    expect(
      (await newcomer.post(`/tickets/${ticket.id}`, { intent: "close_duplicate", writeup: link }))
        .status,
    ).toBe(403);
    const mentor = new Browser(a.url);
    await mentor.login("mentor@koan.test", DEMO_PASSWORD);
    // Not a write-up's number or link: the field says so and keeps what was typed.
    const typo = await mentor.post(`/tickets/${ticket.id}`, {
      intent: "close_duplicate",
      writeup: "/tickets/12",
    });
    expect(typo.status).toBe(400);
    const typoPage = await typo.text();
    expect(typoPage).toContain("Enter a number like 42, or a write-up&#x27;s link like /kb/42.");
    expect(typoPage).toContain('value="/tickets/12"');
    // A number no published write-up has.
    const missing = await mentor.post(`/tickets/${ticket.id}`, {
      intent: "close_duplicate",
      writeup: "999999",
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("No published write-up has that number.");
    expect(
      (
        await a.db
          .selectFrom("tickets")
          .select("status")
          .where("id", "=", ticket.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("open");
    const closed = await mentor.post(`/tickets/${ticket.id}`, {
      intent: "close_duplicate",
      writeup: link,
    });
    expect(closed.status).toBe(200);
    expect(
      await a.db
        .selectFrom("tickets")
        .select(["status", "close_reason"])
        .where("id", "=", ticket.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: "closed", close_reason: "duplicate" });
    expect(await (await mentor.get(`/tickets/${ticket.id}`)).text()).toContain(writeup.title);
  });

  it("a forged claim of a ticket taken days ago says who is working on it, not that they just claimed it", async () => {
    const held = await a.db
      .selectFrom("assignments")
      .innerJoin("users", "users.id", "assignments.newcomer_id")
      .innerJoin("tickets", "tickets.id", "assignments.ticket_id")
      .select(["assignments.id", "assignments.ticket_id", "assignments.mentor_id", "users.name"])
      .where("assignments.status", "=", "active")
      .where("tickets.starter", "=", 1)
      .where("users.email", "!=", "sam@koan.test")
      .orderBy("assignments.id")
      .executeTakeFirstOrThrow();
    const daysAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
    await a.db
      .updateTable("assignments")
      .set({ claimed_at: daysAgo })
      .where("id", "=", held.id)
      .execute();
    const sam = new Browser(a.url);
    await sam.login("sam@koan.test", DEMO_PASSWORD);
    const claim = { intent: "claim", mentorId: String(held.mentor_id) };
    const english = await sam.post(`/tickets/${held.ticket_id}`, claim);
    expect(english.status).toBe(409);
    const page = await english.text();
    expect(page).toContain(`${held.name} is already working on this ticket.`);
    expect(page).not.toContain(`${held.name} claimed this ticket a moment ago`);
    const korean = await sam.request(`/tickets/${held.ticket_id}`, {
      form: claim,
      headers: { "Accept-Language": "ko" },
    });
    expect(korean.status).toBe(409);
    const koPage = await korean.text();
    expect(koPage).toContain(`${held.name} 님이 이미 이 티켓을 맡고 있어요.`);
    expect(koPage).not.toContain(`방금 ${held.name}`);
  });

  it("closing a ticket someone works on as a duplicate asks first, naming them, and ends only that assignment", async () => {
    const held = await a.db
      .selectFrom("assignments")
      .innerJoin("users", "users.id", "assignments.newcomer_id")
      .select(["assignments.id", "assignments.ticket_id", "users.name"])
      .where("assignments.status", "=", "active")
      .orderBy("assignments.id", "desc")
      .executeTakeFirstOrThrow();
    const writeup = await a.db
      .selectFrom("writeups")
      .select("id")
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const lead = new Browser(a.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const path = `/tickets/${held.ticket_id}`;
    const stillActive = async () =>
      (
        await a.db
          .selectFrom("assignments")
          .select("status")
          .where("id", "=", held.id)
          .executeTakeFirstOrThrow()
      ).status === "active";
    // One click on a suggested match ended days of a newcomer's work.
    const asked = await lead.post(path, {
      intent: "close_duplicate",
      writeupId: String(writeup.id),
    });
    expect(asked.status).toBe(409);
    const page = unescapeHtml(await asked.text());
    expect(page).toContain(`${held.name} is working on this ticket.`);
    expect(page).toContain(`Close it and end ${held.name}'s assignment`);
    expect(page).toContain(`name="endsAssignment" value="${held.id}"`);
    expect(await stillActive()).toBe(true);
    // Agreeing to end some other assignment is no agreement.
    const other = await lead.post(path, {
      intent: "close_duplicate",
      writeupId: String(writeup.id),
      endsAssignment: String(held.id + 1000),
    });
    expect(other.status).toBe(409);
    expect(await stillActive()).toBe(true);
    const closed = await lead.post(path, {
      intent: "close_duplicate",
      writeupId: String(writeup.id),
      endsAssignment: String(held.id),
    });
    expect(closed.status).toBe(200);
    expect(await stillActive()).toBe(false);
    // Its page says it has ended, and shows no next step to take.
    const ended = unescapeHtml(await (await lead.get(`/assignments/${held.id}`)).text());
    expect(ended).toContain("This assignment has ended: the ticket was closed.");
    expect(ended).not.toContain("Next step");
  });
});
