import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeSharedDatabase } from "#db/client";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { callRoute } from "../support/route";

// The ticket queue's address may ask for any page: one past the end shows the last page, as the
// mentoring board's and the team list's do (pageWithin), however far past it is.

describe("the ticket queue's page from the address", () => {
  let shared: TestDatabase;
  let tickets: typeof import("~/routes/tickets._index");
  let cookie = "";
  const saved = { DATABASE_PATH: process.env.DATABASE_PATH };

  beforeAll(async () => {
    shared = await createTestDatabase();
    process.env.DATABASE_PATH = shared.file;
    tickets = await import("~/routes/tickets._index");
    const { createSession } = await import("~/auth/sessions.server");
    const { sessionCookie } = await import("~/auth/current-user.server");
    const { createTicket } = await import("~/tickets/tickets.server");
    const lead = await buildTestUser(shared.db, "lead");
    // 120 tickets: three pages of 50, the last holding 20.
    for (let i = 1; i <= 120; i++)
      await createTicket(shared.db, {
        actorId: lead,
        ticket: {
          title: `Ticket number ${i}`,
          body: "",
          component: "billing",
          labels: [],
          difficulty: 2,
          starter: false,
        },
      });
    const session = await createSession(shared.db, { userId: lead }, { idleDays: 7, maxDays: 30 });
    cookie = (await sessionCookie().serialize(session.token)).split(";")[0] ?? "";
  });
  afterAll(async () => {
    closeSharedDatabase();
    await shared.close();
    if (saved.DATABASE_PATH === undefined) delete process.env.DATABASE_PATH;
    else process.env.DATABASE_PATH = saved.DATABASE_PATH;
  });

  const queue = async (page: string) => {
    const answer = await callRoute<{ rows: unknown[]; page: number; pageCount: number }>(
      tickets.loader,
      new Request(`http://koan.test/tickets?page=${page}`, { headers: { Cookie: cookie } }),
    );
    expect(answer.status).toBe(200);
    const { rows, page: shown, pageCount } = answer.body;
    return { rows: rows.length, page: shown, pageCount };
  };

  it("shows the last page for a page past the end, however far", async () => {
    const last = { rows: 20, page: 3, pageCount: 3 };
    expect(await queue("4")).toEqual(last);
    expect(await queue("999999")).toEqual(last);
    expect(await queue("99999999999999999999")).toEqual(last);
  });

  it("shows the first page for a page that isn't one", async () => {
    const first = { rows: 50, page: 1, pageCount: 3 };
    for (const bad of ["0", "-4", "abc", "1e3", "0x10", ""])
      expect(await queue(bad), bad).toEqual(first);
    expect(await queue("2")).toEqual({ rows: 50, page: 2, pageCount: 3 });
  });
});
