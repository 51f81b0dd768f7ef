import type SQLite from "better-sqlite3";
import { Kysely, type KyselyPlugin, SqliteDialect } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "#db/schema";
import { OLDER_COUNTED } from "~/lib/newest";
import { getAssignmentPage, getStepHistoryWindow } from "~/mentoring/assignment-page.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { reviewCheckpoint } from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { listAssignmentNotes } from "~/mentoring/mentor-actions.server";
import { listTicketEvents } from "~/tickets/ticket-events.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

// A step's card shows its newest evidence and comments; "Show older" asks for one list's window
// further back. That window is read alone (not the whole assignment page), by whoever may see
// the assignment, and costs what fifty items cost however long the step's history is.

const COMMENTS = 1202;

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
let otherNewcomer: number;
let assignmentId: number;
let stepId: number;
let otherStepId: number;
let commentIds: number[];

beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 3 });
  newcomer = await buildTestUser(t.db, "newcomer");
  otherNewcomer = await buildTestUser(t.db, "newcomer");
  const claim = async (title: string, who: number) => {
    const ticketId = await createTicket(t.db, {
      actorId: lead,
      ticket: { title, body: "", component: "billing", labels: [], difficulty: 1, starter: true },
    });
    const result = await claimTicket(t.db, {
      ticketId,
      newcomerId: who,
      mentorId: mentor,
      defaultLimit: 5,
    });
    if (!result.ok) throw new Error("claim failed");
    const a = await getAssignment(t.db, result.assignmentId);
    return { id: result.assignmentId, steps: a?.checkpoints.map((c) => c.id) ?? [] };
  };
  const mine = await claim("Total shows $", newcomer);
  const theirs = await claim("Refund rounds down", otherNewcomer);
  assignmentId = mine.id;
  stepId = mine.steps[0] ?? 0;
  otherStepId = theirs.steps[0] ?? 0;
  // Through the database (the setup, not what is tested): 1,202 comments of back and forth.
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  for (let from = 0; from < COMMENTS; from += 200) {
    await t.db
      .insertInto("checkpoint_comments")
      .values(
        Array.from({ length: Math.min(200, COMMENTS - from) }, (_, j) => ({
          assignment_checkpoint_id: stepId,
          author_id: (from + j) % 2 ? mentor : newcomer,
          kind: "comment" as const,
          body: `Comment ${from + j}`,
          created_at: at(from + j),
        })),
      )
      .execute();
  }
  commentIds = (
    await t.db
      .selectFrom("checkpoint_comments")
      .select("id")
      .where("assignment_checkpoint_id", "=", stepId)
      .orderBy("id")
      .execute()
  ).map((r) => r.id);
});
afterEach(async () => {
  await t.close();
});

/** Every row any query returns, counted on its way out of the database. */
function countingRows() {
  const counted = { rows: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      counted.rows += args.result.rows.length;
      return args.result;
    },
  };
  return { db: t.db.withPlugin(plugin), counted };
}

describe("a step's older window, read alone", () => {
  it("is the fifty comments before the cursor, oldest first, reading about as many rows", async () => {
    const { db, counted } = countingRows();
    const before = commentIds.at(-50) ?? 0;
    const got = await getStepHistoryWindow(db, {
      assignmentId,
      stepId,
      list: "comments",
      before,
      viewer: { id: newcomer, role: "newcomer" },
    });
    if (!got.ok || got.window.list !== "comments") throw new Error("refused");
    expect(got.window.items.map((c) => c.id)).toEqual(commentIds.slice(-100, -50));
    expect(got.window.items.filter((c) => c.byViewer).length).toBe(25);
    expect(got.window.older).toBeGreaterThan(0);
    // The assignment and its seven steps, the fifty comments and a count: no other list.
    expect(counted.rows).toBeLessThan(70);
  });

  it("is refused to a newcomer on another assignment, and a step elsewhere is not found", async () => {
    const asOther = { id: otherNewcomer, role: "newcomer" as const };
    expect(
      await getStepHistoryWindow(t.db, {
        assignmentId,
        stepId,
        list: "comments",
        before: null,
        viewer: asOther,
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await getStepHistoryWindow(t.db, {
        assignmentId,
        stepId: otherStepId,
        list: "evidence",
        before: null,
        viewer: { id: mentor, role: "mentor" },
      }),
    ).toEqual({ ok: false, reason: "not_found" });
    expect(
      await getStepHistoryWindow(t.db, {
        assignmentId: 999_999,
        stepId,
        list: "comments",
        before: null,
        viewer: { id: lead, role: "lead" },
      }),
    ).toEqual({ ok: false, reason: "not_found" });
  });
});

/**
 * The same database, with every read of the comments table counting the comment rows SQLite
 * visits to answer it (not only those it returns): `count(*)` over a step's comments returns one
 * row and visits every one of them. Each `from "checkpoint_comments"` reads through a subquery
 * SQLite flattens into the query, its index use unchanged, calling `visit` once per row visited.
 */
function visitingComments(sqlite: SQLite.Database) {
  const seen = { rows: 0 };
  sqlite.function("koan_test_visit", { deterministic: true }, (_id: unknown) => {
    seen.rows++;
    return 1;
  });
  const through = (query: string) =>
    query.replace(
      /from "checkpoint_comments"(?: as "(\w+)")?/g,
      (_all, alias: string | undefined) =>
        `from (select * from "checkpoint_comments" where koan_test_visit("id")) as "${alias ?? "checkpoint_comments"}"`,
    );
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({
      database: { close: () => undefined, prepare: (query) => sqlite.prepare(through(query)) },
    }),
  });
  return { db, seen };
}

describe("a step with 1,202 comments", () => {
  it("the measure itself: reading them all visits every one", async () => {
    const { db, seen } = visitingComments(t.sqlite);
    await db
      .selectFrom("checkpoint_comments")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("assignment_checkpoint_id", "=", stepId)
      .execute();
    expect(seen.rows).toBe(COMMENTS);
  });

  it("says how many are older by counting a few hundred at most, on the page and in a window", async () => {
    const { db, seen } = visitingComments(t.sqlite);
    const page = await getAssignmentPage(db, {
      assignmentId,
      viewer: { id: mentor, role: "mentor" },
    });
    if (!page.ok) throw new Error("refused");
    const step = page.page.assignment.checkpoints.find((c) => c.id === stepId);
    expect(step?.comments).toHaveLength(50);
    // More than can be counted cheaply: said as "more than 200".
    expect(step?.olderComments).toBe(OLDER_COUNTED + 1);
    // The fifty shown and at most 201 counted: it visited all 1,152 older ones to count them.
    expect(seen.rows).toBeLessThanOrEqual(50 + OLDER_COUNTED + 1);

    seen.rows = 0;
    const window = await getStepHistoryWindow(db, {
      assignmentId,
      stepId,
      list: "comments",
      before: commentIds.at(-50) ?? null,
      viewer: { id: mentor, role: "mentor" },
    });
    expect(window.ok && window.window.older).toBe(OLDER_COUNTED + 1);
    expect(seen.rows).toBeLessThanOrEqual(50 + OLDER_COUNTED + 1);

    // Near the oldest, the count is exact again.
    const near = await getStepHistoryWindow(t.db, {
      assignmentId,
      stepId,
      list: "comments",
      before: commentIds[120] ?? null,
      viewer: { id: mentor, role: "mentor" },
    });
    expect(near.ok && near.window.older).toBe(70);
  });

  it("a review reads a handful of its comments, not all of them", async () => {
    await t.db
      .updateTable("assignment_checkpoints")
      .set({ state: "submitted" })
      .where("id", "=", stepId)
      .execute();
    const { db, seen } = visitingComments(t.sqlite);
    const result = await reviewCheckpoint(db, {
      assignmentCheckpointId: stepId,
      actor: { id: mentor, role: "mentor" },
      decision: "request_changes",
      comment: "Add the invoice id, please.",
    });
    expect(result).toMatchObject({ ok: true, state: "changes_requested" });
    // It counted all 1,202 comments to number the review (for its notification and mail).
    expect(seen.rows).toBeLessThan(20);
    // One notification and one review, however many comments came before.
    const said = await t.db
      .selectFrom("notifications")
      .select("event_key")
      .where("kind", "=", "changes_requested")
      .execute();
    expect(said).toHaveLength(1);
  });
});

describe("a ticket's timeline and an assignment's log, each 1,000 long", () => {
  const LONG = 1000;
  const newest = { before: null, size: 50 };

  beforeEach(async () => {
    const ticketId = (await getAssignment(t.db, assignmentId))?.ticketId ?? 0;
    const at = (i: number) => new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString();
    for (let from = 0; from < LONG; from += 200) {
      const rows = Array.from({ length: 200 }, (_, j) => from + j);
      await t.db
        .insertInto("ticket_events")
        .values(
          rows.map((i) => ({
            ticket_id: ticketId,
            actor_id: newcomer,
            kind: "updated",
            data: "{}",
            created_at: at(i),
          })),
        )
        .execute();
      await t.db
        .insertInto("assignment_notes")
        .values(
          rows.map((i) => ({
            assignment_id: assignmentId,
            author_id: mentor,
            kind: "pairing" as const,
            body: `Pairing ${i}`,
            created_at: at(i),
          })),
        )
        .execute();
    }
  });

  it("counts the older events and log entries up to 200 only, and exactly below that", async () => {
    const ticketId = (await getAssignment(t.db, assignmentId))?.ticketId ?? 0;
    // Each counted every older row (953 events): past 200, "more than 200" is all the page says.
    const events = await listTicketEvents(t.db, ticketId, newest);
    expect(events.items).toHaveLength(50);
    expect(events.older).toBe(OLDER_COUNTED + 1);
    const page = await getAssignmentPage(t.db, {
      assignmentId,
      viewer: { id: mentor, role: "mentor" },
    });
    expect(page.ok && page.page.notes.older).toBe(OLDER_COUNTED + 1);
    expect((await listAssignmentNotes(t.db, assignmentId, newest)).older).toBe(OLDER_COUNTED + 1);

    // Near the oldest, exact: the window before the 171st has 120 older.
    const ids = async (table: "ticket_events" | "assignment_notes") =>
      (table === "ticket_events"
        ? await t.db
            .selectFrom(table)
            .select("id")
            .where("ticket_id", "=", ticketId)
            .orderBy("id")
            .execute()
        : await t.db
            .selectFrom(table)
            .select("id")
            .where("assignment_id", "=", assignmentId)
            .orderBy("id")
            .execute()
      ).map((r) => r.id);
    const eventIds = await ids("ticket_events");
    expect(eventIds.length).toBeGreaterThan(LONG);
    expect(
      (await listTicketEvents(t.db, ticketId, { before: eventIds[170] ?? 0, size: 50 })).older,
    ).toBe(120);
    const noteIds = await ids("assignment_notes");
    expect(
      (await listAssignmentNotes(t.db, assignmentId, { before: noteIds[170] ?? 0, size: 50 }))
        .older,
    ).toBe(120);
  });
});
