import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createWriteupByHand,
  getWriteup,
  updateWriteup,
  type WriteupInput,
} from "~/knowledge/writeups.server";
import { nudgeMentee, recordPairingSession } from "~/mentoring/mentor-actions.server";
import { getTicket, updateTicket } from "~/mentoring/ticket-status.server";
import { assignmentMentorOf } from "~/mentoring/writeup-access.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

// The same form sent twice (a double click, a browser resending it) makes one thing, not two.

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.close();
});

const T0 = new Date("2026-11-02T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

const content: WriteupInput = {
  title: "Invoice PDF shows the wrong currency",
  symptom: "Totals in KRW show a $ sign.",
  component: "billing",
  rootCause: "The template ignored the locale.",
  fix: "Format with the invoice's currency.",
  debugging: "",
  resolution: "fixed",
  tags: ["pdf"],
  links: [],
  toil: [],
};

describe("a new write-up's form sent twice", () => {
  it("makes one write-up; a different one, another author's, or the same a while later are new", async () => {
    const author = await buildTestUser(t.db, "mentor");
    const other = await buildTestUser(t.db, "mentor");
    const send = (ms: number, over: Partial<WriteupInput> = {}, authorId = author) =>
      createWriteupByHand(
        t.db,
        { authorId, writeup: { ...content, ...over }, status: "published" },
        at(ms),
      );
    const [first, second] = await Promise.all([send(0), send(300)]);
    expect(second).toBe(first);
    const changed = await send(400, { fix: "Format with Intl.NumberFormat." });
    const someoneElse = await send(500, {}, other);
    const later = await send(5 * 60_000);
    expect(new Set([first, changed, someoneElse, later]).size).toBe(4);
    const rows = await t.db
      .selectFrom("writeups")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(4);
    // Published once: one announcement, not two.
    const audit = await t.db
      .selectFrom("audit_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("subject_id", "=", first)
      .where("action", "=", "writeup.created")
      .executeTakeFirstOrThrow();
    expect(Number(audit.n)).toBe(1);
  });
});

describe("an edited write-up's form sent twice", () => {
  it("the second save of the same changes is done, not refused as someone else's save", async () => {
    const author = await buildTestUser(t.db, "mentor");
    const id = await createWriteupByHand(
      t.db,
      {
        authorId: author,
        writeup: { ...content, links: [{ label: "PR", url: "https://example.test/pr/1" }] },
        status: "published",
      },
      T0,
    );
    const opened = (await getWriteup(t.db, id))?.updated_at;
    const save = (over: Partial<WriteupInput>, ms: number) =>
      updateWriteup(
        t.db,
        {
          viewer: { id: author, role: "mentor" },
          writeupId: id,
          expectedUpdatedAt: opened,
          writeup: {
            ...content,
            links: [{ label: "PR", url: "https://example.test/pr/1" }],
            toil: [{ description: "Re-run the export by hand", minutes: 15 }],
            ...over,
          },
        },
        at(ms),
        assignmentMentorOf,
      );
    const edit = { fix: "Format with the invoice's currency, via Intl." };
    expect(await save(edit, 60_000)).toEqual({ ok: true });
    expect(await save(edit, 60_300)).toEqual({ ok: true });
    // A save from the same page that changes anything else is still refused as stale.
    expect(await save({ ...edit, toil: [] }, 60_400)).toMatchObject({ ok: false, reason: "stale" });
    expect(await save({ ...edit, links: [] }, 60_500)).toMatchObject({
      ok: false,
      reason: "stale",
    });
    expect(await save({ title: "Another title" }, 60_600)).toMatchObject({
      ok: false,
      reason: "stale",
    });
    expect((await getWriteup(t.db, id))?.fix).toBe(edit.fix);
  });
});

describe("an edited ticket's form sent twice", () => {
  it("the second save of the same changes is done, not refused as changed since it was opened", async () => {
    const lead = await buildTestUser(t.db, "lead");
    const ticket = {
      title: "Export button does nothing",
      body: "Clicking Export on the invoices page does nothing.",
      component: "billing",
      labels: ["starter", "ui"],
      difficulty: 1 as const,
      starter: true,
    };
    const ticketId = await createTicket(t.db, { actorId: lead, ticket }, T0);
    const opened = (await getTicket(t.db, ticketId))?.updated_at;
    const save = (over: Partial<typeof ticket>, ms: number, status?: "closed") =>
      updateTicket(
        t.db,
        {
          actorId: lead,
          ticketId,
          ticket: { ...ticket, ...over },
          status,
          closeReason: status ? "wont_fix" : null,
          expectedUpdatedAt: opened,
        },
        at(ms),
      );
    const edit = { title: "Export button on invoices does nothing", labels: ["UI", "starter"] };
    expect(await save(edit, 1000)).toBe("updated");
    expect(await save(edit, 1300)).toBe("updated");
    // Anything else from the page opened before the first save is still refused.
    expect(await save({ ...edit, labels: ["ui"] }, 1400)).toMatchObject({
      stale: expect.any(String),
    });
    expect(await save(edit, 1500, "closed")).toMatchObject({ stale: expect.any(String) });
    expect(await save({ ...edit, difficulty: 2 as never }, 1600)).toMatchObject({
      stale: expect.any(String),
    });
    expect((await getTicket(t.db, ticketId))?.title).toBe(edit.title);
  });
});

describe("a new ticket's form sent twice", () => {
  it("makes one ticket; other labels, another person's, or the same a while later are new", async () => {
    const lead = await buildTestUser(t.db, "lead");
    const mentor = await buildTestUser(t.db, "mentor");
    const ticket = {
      title: "Search box loses focus",
      body: "Typing fast drops letters.",
      component: "web-ui",
      labels: ["starter"],
      difficulty: 1 as const,
      starter: true,
    };
    const send = (ms: number, over: Partial<typeof ticket> = {}, actorId = lead) =>
      createTicket(t.db, { actorId, ticket: { ...ticket, ...over }, byHand: true }, at(ms));
    const [first, second] = await Promise.all([send(0), send(300)]);
    expect(second).toBe(first);
    const others = [
      await send(400, { labels: ["starter", "ui"] }),
      await send(500, {}, mentor),
      await send(5 * 60_000),
      // An import or a script (not by hand) makes what it is told to.
      await createTicket(t.db, { actorId: lead, ticket }, at(600)),
    ];
    expect(new Set([first, ...others]).size).toBe(5);
    const events = await t.db
      .selectFrom("ticket_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("ticket_id", "=", first)
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(1);
  });
});

describe("a mentor's nudge sent twice", () => {
  it("tells the newcomer once and logs it once; another message, or the same later, is a new nudge", async () => {
    const lead = await buildTestUser(t.db, "lead");
    const mentor = await buildTestUser(t.db, "mentor", { capacity: 3 });
    const newcomer = await buildTestUser(t.db, "newcomer");
    const { assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor }, T0);
    const nudge = (ms: number, message = "어디까지 했어요? 같이 볼까요?") =>
      nudgeMentee(t.db, { assignmentId, actor: { id: mentor, role: "mentor" }, message }, at(ms));
    expect(await nudge(1000)).toEqual({ ok: true });
    expect(await nudge(1500)).toEqual({ ok: true });
    const nudges = async () =>
      t.db
        .selectFrom("notifications")
        .select("body")
        .where("user_id", "=", newcomer)
        .where("kind", "=", "nudge")
        .execute();
    const logged = async () =>
      t.db
        .selectFrom("assignment_notes")
        .select("body")
        .where("assignment_id", "=", assignmentId)
        .where("kind", "=", "nudge")
        .execute();
    expect(await nudges()).toHaveLength(1);
    expect(await logged()).toHaveLength(1);
    await nudge(2000, "Shall we pair at 3?");
    await nudge(10 * 60_000);
    expect(await nudges()).toHaveLength(3);
    expect(await logged()).toHaveLength(3);
  });

  it("a pairing session's note sent twice is logged once", async () => {
    const lead = await buildTestUser(t.db, "lead");
    const mentor = await buildTestUser(t.db, "mentor", { capacity: 3 });
    const newcomer = await buildTestUser(t.db, "newcomer");
    const { assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor }, T0);
    const pair = (ms: number) =>
      recordPairingSession(
        t.db,
        { assignmentId, actor: { id: mentor, role: "mentor" }, notes: "Walked the invoice code" },
        at(ms),
      );
    await pair(1000);
    await pair(1400);
    const rows = await t.db
      .selectFrom("assignment_notes")
      .select("id")
      .where("assignment_id", "=", assignmentId)
      .where("kind", "=", "pairing")
      .execute();
    expect(rows).toHaveLength(1);
  });
});
