import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "#db/client";
import { translate } from "~/lib/i18n/catalogs.server";
import { addDays } from "~/lib/time";
import {
  changeMentor,
  claimTicket,
  listActiveAssignments,
  reassignTicket,
  releaseClaim,
} from "~/mentoring/claims.server";
import { releaseStaleClaims } from "~/mentoring/idle-claims.server";
import { suggestMentorsFor } from "~/mentoring/mentors.server";
import { getTicket, updateTicket } from "~/mentoring/ticket-status.server";
import { listTicketEvents } from "~/tickets/ticket-events.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

/** Every event of a test's ticket (a handful). */
const ALL_EVENTS = { before: null, size: 1000 };

let t: TestDatabase;
let lead: number;
let mentor: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 5, components: ["billing"] });
});
afterEach(async () => {
  await t.close();
});

export async function starter(
  db: DB,
  actorId: number,
  over: { starter?: boolean; component?: string } = {},
) {
  return createTicket(db, {
    actorId,
    ticket: {
      title: "Rounding error",
      body: "",
      component: over.component ?? "billing",
      labels: ["starter"],
      difficulty: 1,
      starter: over.starter ?? true,
    },
  });
}

describe("mentors suggested for someone else's ticket", () => {
  it("name the newcomer, and the pairing being changed is no 'before'", async () => {
    const ana = await buildTestUser(t.db, "newcomer", { name: "Ana" });
    const ticketId = await starter(t.db, lead);
    const claimed = await claimTicket(t.db, {
      ticketId,
      newcomerId: ana,
      mentorId: mentor,
      defaultLimit: 2,
    });
    if (!claimed.ok) throw new Error("claim failed");
    const reasons = async (input: { newcomerName?: string; assignmentId?: number }) => {
      const suggestions = await suggestMentorsFor(t.db, {
        newcomerId: ana,
        component: "billing",
        includeFull: true,
        ...input,
      });
      return suggestions.find((s) => s.mentorId === mentor)?.reasons.map(translate("en").msg) ?? [];
    };
    // A lead changing this assignment's mentor: the current mentor has not mentored Ana "before".
    expect(
      await reasons({ newcomerName: "Ana", assignmentId: claimed.assignmentId }),
    ).not.toContain("mentored Ana before");
    // For her next ticket, the lead reads her name; Ana herself reads "you".
    expect(await reasons({ newcomerName: "Ana" })).toContain("mentored Ana before");
    expect(await reasons({})).toContain("mentored you before");
    expect((await reasons({ newcomerName: "Ana" })).join(" ")).not.toContain("you");
  });
});

describe("claiming", () => {
  it("a newcomer claims an open starter ticket with a mentor; the ticket shows who has it", async () => {
    const ana = await buildTestUser(t.db, "newcomer", { name: "Ana" });
    const ticketId = await starter(t.db, lead);
    const result = await claimTicket(t.db, {
      ticketId,
      newcomerId: ana,
      mentorId: mentor,
      defaultLimit: 1,
    });
    expect(result.ok).toBe(true);
    const ticket = await getTicket(t.db, ticketId);
    expect(ticket).toMatchObject({
      status: "claimed",
      assignment: { newcomerId: ana, mentorId: mentor, newcomerName: "Ana" },
    });
    expect((await listTicketEvents(t.db, ticketId, ALL_EVENTS)).items.map((e) => e.kind)).toEqual([
      "created",
      "claimed",
      "mentor_chosen",
    ]);
  });

  it("the same claim sent twice (a double click) is taken once, and the second is told it is theirs", async () => {
    const ana = await buildTestUser(t.db, "newcomer", { name: "Ana" });
    const ticketId = await starter(t.db, lead);
    const claim = () =>
      claimTicket(t.db, { ticketId, newcomerId: ana, mentorId: mentor, defaultLimit: 1 });
    const [first, second] = await Promise.all([claim(), claim()]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    // Not "Ana just claimed this ticket", said to Ana; and nothing happened twice.
    expect((await listTicketEvents(t.db, ticketId, ALL_EVENTS)).items.map((e) => e.kind)).toEqual([
      "created",
      "claimed",
      "mentor_chosen",
    ]);
    expect(await listActiveAssignments(t.db, { newcomerId: ana })).toHaveLength(1);
  });

  it("exactly one of many simultaneous claims wins; the others are told who has it", async () => {
    const roomy = await buildTestUser(t.db, "mentor", { capacity: 50 });
    const newcomers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => buildTestUser(t.db, "newcomer", { name: `N${i}` })),
    );
    for (let round = 0; round < 10; round++) {
      const ticketId = await starter(t.db, lead);
      const results = await Promise.all(
        newcomers.map((newcomerId) =>
          claimTicket(t.db, { ticketId, newcomerId, mentorId: roomy, defaultLimit: 100 }),
        ),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const holder = (await getTicket(t.db, ticketId))?.assignment?.newcomerName;
      for (const r of results.filter((x) => !x.ok))
        expect(r).toEqual({ ok: false, reason: "taken", holder, recent: true });
    }
  });

  it("a claim made days ago is told as held, not as just claimed", async () => {
    const ana = await buildTestUser(t.db, "newcomer", { name: "Ana" });
    const ben = await buildTestUser(t.db, "newcomer", { name: "Ben" });
    const ticketId = await starter(t.db, lead);
    const claimedAt = new Date("2026-11-02T09:00:00Z");
    const claim = (newcomerId: number, now: Date) =>
      claimTicket(t.db, { ticketId, newcomerId, mentorId: mentor, defaultLimit: 1 }, now);
    expect((await claim(ana, claimedAt)).ok).toBe(true);
    // Within a few minutes it was just claimed; three days later Ana is simply working on it.
    expect(await claim(ben, new Date("2026-11-02T09:02:00Z"))).toEqual({
      ok: false,
      reason: "taken",
      holder: "Ana",
      recent: true,
    });
    expect(await claim(ben, addDays(claimedAt, 3))).toEqual({
      ok: false,
      reason: "taken",
      holder: "Ana",
      recent: false,
    });
  });

  it("a lead can't set a ticket nobody holds to Claimed, In progress or In review", async () => {
    const ticketId = await starter(t.db, lead);
    const edit = (status: "claimed" | "in_progress" | "in_review" | "open") =>
      updateTicket(t.db, {
        actorId: lead,
        ticketId,
        ticket: {
          title: "Edited",
          body: "",
          component: "billing",
          labels: [],
          difficulty: 1,
          starter: true,
        },
        status,
      });
    for (const status of ["claimed", "in_progress", "in_review"] as const)
      expect(await edit(status), status).toBe("needs_claim");
    const ticket = await t.db
      .selectFrom("tickets")
      .select(["status", "title"])
      .where("id", "=", ticketId)
      .executeTakeFirstOrThrow();
    expect(ticket).toEqual({ status: "open", title: expect.not.stringMatching(/^Edited$/) });
    expect(await edit("open")).toBe("updated");
    // Once a newcomer holds it, the lead may move it along.
    const ana = await buildTestUser(t.db, "newcomer");
    expect(
      (await claimTicket(t.db, { ticketId, newcomerId: ana, mentorId: mentor, defaultLimit: 3 }))
        .ok,
    ).toBe(true);
    expect(await edit("in_review")).toBe("updated");
  });

  it("never offers closed, resolved or non-starter tickets", async () => {
    const ana = await buildTestUser(t.db, "newcomer");
    const closed = await starter(t.db, lead);
    await updateTicket(t.db, {
      actorId: lead,
      ticketId: closed,
      ticket: {
        title: "x",
        body: "",
        component: "billing",
        labels: [],
        difficulty: 1,
        starter: true,
      },
      status: "closed",
      closeReason: "duplicate",
    });
    const resolved = await starter(t.db, lead);
    await updateTicket(t.db, {
      actorId: lead,
      ticketId: resolved,
      ticket: {
        title: "x",
        body: "",
        component: "billing",
        labels: [],
        difficulty: 1,
        starter: true,
      },
      status: "resolved",
    });
    const regular = await starter(t.db, lead, { starter: false });
    expect(
      await claimTicket(t.db, {
        ticketId: closed,
        newcomerId: ana,
        mentorId: mentor,
        defaultLimit: 1,
      }),
    ).toEqual({ ok: false, reason: "closed" });
    expect(
      await claimTicket(t.db, {
        ticketId: resolved,
        newcomerId: ana,
        mentorId: mentor,
        defaultLimit: 1,
      }),
    ).toEqual({ ok: false, reason: "closed" });
    expect(
      await claimTicket(t.db, {
        ticketId: regular,
        newcomerId: ana,
        mentorId: mentor,
        defaultLimit: 1,
      }),
    ).toEqual({ ok: false, reason: "not_starter" });
    expect(
      await claimTicket(t.db, {
        ticketId: 9999,
        newcomerId: ana,
        mentorId: mentor,
        defaultLimit: 1,
      }),
    ).toEqual({ ok: false, reason: "not_found" });
  });

  it("hold a newcomer to the active-assignment limit, unless a lead raised theirs", async () => {
    const ana = await buildTestUser(t.db, "newcomer");
    const [a, b, c] = [
      await starter(t.db, lead),
      await starter(t.db, lead),
      await starter(t.db, lead),
    ];
    expect(
      (await claimTicket(t.db, { ticketId: a, newcomerId: ana, mentorId: mentor, defaultLimit: 1 }))
        .ok,
    ).toBe(true);
    expect(
      await claimTicket(t.db, { ticketId: b, newcomerId: ana, mentorId: mentor, defaultLimit: 1 }),
    ).toEqual({ ok: false, reason: "limit", limit: 1 });
    expect((await getTicket(t.db, b))?.status).toBe("open");
    await t.db.updateTable("users").set({ max_assignments: 2 }).where("id", "=", ana).execute();
    expect(
      (await claimTicket(t.db, { ticketId: b, newcomerId: ana, mentorId: mentor, defaultLimit: 1 }))
        .ok,
    ).toBe(true);
    expect(
      await claimTicket(t.db, { ticketId: c, newcomerId: ana, mentorId: mentor, defaultLimit: 1 }),
    ).toEqual({ ok: false, reason: "limit", limit: 2 });
  });

  it("refuse a mentor at capacity, or someone who isn't a mentor", async () => {
    const small = await buildTestUser(t.db, "mentor", { capacity: 1 });
    const [ana, ben] = [
      await buildTestUser(t.db, "newcomer"),
      await buildTestUser(t.db, "newcomer"),
    ];
    const [a, b] = [await starter(t.db, lead), await starter(t.db, lead)];
    expect(
      (await claimTicket(t.db, { ticketId: a, newcomerId: ana, mentorId: small, defaultLimit: 1 }))
        .ok,
    ).toBe(true);
    expect(
      await claimTicket(t.db, { ticketId: b, newcomerId: ben, mentorId: small, defaultLimit: 1 }),
    ).toEqual({ ok: false, reason: "mentor_unavailable" });
    expect(
      await claimTicket(t.db, { ticketId: b, newcomerId: ben, mentorId: lead, defaultLimit: 1 }),
    ).toEqual({ ok: false, reason: "mentor_unavailable" });
    expect((await getTicket(t.db, b))?.status).toBe("open");
  });
});

describe("claims without progress", () => {
  it("are released after RELEASE_AFTER_DAYS: back in the queue, the newcomer and the mentor told why", async () => {
    const ana = await buildTestUser(t.db, "newcomer", { name: "Ana" });
    const ben = await buildTestUser(t.db, "newcomer", { name: "Ben", locale: "ko" });
    const claimedAt = new Date("2026-11-01T09:00:00Z");
    const idleTicket = await starter(t.db, lead);
    const busyTicket = await starter(t.db, lead);
    const idle = await claimTicket(
      t.db,
      { ticketId: idleTicket, newcomerId: ana, mentorId: mentor, defaultLimit: 2 },
      claimedAt,
    );
    const busy = await claimTicket(
      t.db,
      { ticketId: busyTicket, newcomerId: ben, mentorId: mentor, defaultLimit: 2 },
      claimedAt,
    );
    if (!idle.ok || !busy.ok) throw new Error("claims failed");
    // Ben's checkpoint moved four days ago; Ana's claim has had none for 15 days.
    await t.db
      .updateTable("assignments")
      .set({ last_progress_at: "2026-11-12T09:00:00Z" })
      .where("id", "=", busy.assignmentId)
      .execute();
    const now = new Date("2026-11-16T09:00:00Z");
    expect(await releaseStaleClaims(t.db, { days: 16 }, now)).toBe(0);
    expect(await releaseStaleClaims(t.db, { days: 14 }, now)).toBe(1);
    expect(await getTicket(t.db, idleTicket)).toMatchObject({ status: "open", assignment: null });
    expect((await getTicket(t.db, busyTicket))?.assignment?.newcomerName).toBe("Ben");
    // Said on the ticket's timeline, by Koan (no person), with the days.
    const events = (await listTicketEvents(t.db, idleTicket, ALL_EVENTS)).items;
    expect(events.at(-1)).toMatchObject({ kind: "released", data: { idleDays: 14 } });
    // Both are told, in their own words; a second pass finds nothing more to do.
    const told = await t.db
      .selectFrom("notifications")
      .select(["user_id", "kind", "title", "link"])
      .where("kind", "=", "claim_released")
      .execute();
    const en = translate("en");
    expect(told.map((n) => [n.user_id, en.msg(n.title), n.link]).sort()).toEqual(
      [
        [
          ana,
          "Your claim on Rounding error was released after 14 days without progress",
          `/tickets/${idleTicket}`,
        ],
        [
          mentor,
          "Ana's claim on Rounding error was released after 14 days without progress",
          "/mentoring",
        ],
      ].sort(),
    );
    expect(await releaseStaleClaims(t.db, { days: 14 }, now)).toBe(0);
    // And the ticket can be claimed again.
    expect(
      (
        await claimTicket(
          t.db,
          { ticketId: idleTicket, newcomerId: ana, mentorId: mentor, defaultLimit: 2 },
          now,
        )
      ).ok,
    ).toBe(true);
  });
});

describe("release, reassign, change mentor", () => {
  it("the holder releases; the ticket is open again; nobody else can release it", async () => {
    const [ana, ben] = [
      await buildTestUser(t.db, "newcomer"),
      await buildTestUser(t.db, "newcomer"),
    ];
    const ticketId = await starter(t.db, lead);
    await claimTicket(t.db, { ticketId, newcomerId: ana, mentorId: mentor, defaultLimit: 1 });
    expect(await releaseClaim(t.db, { ticketId, newcomerId: ben })).toBe(false);
    expect(await releaseClaim(t.db, { ticketId, newcomerId: ana })).toBe(true);
    expect(await getTicket(t.db, ticketId)).toMatchObject({ status: "open", assignment: null });
    expect(
      (await claimTicket(t.db, { ticketId, newcomerId: ben, mentorId: mentor, defaultLimit: 1 }))
        .ok,
    ).toBe(true);
  });

  it("a lead reassigns to another newcomer, keeping the mentor, and changes the mentor", async () => {
    const [ana, ben] = [
      await buildTestUser(t.db, "newcomer"),
      await buildTestUser(t.db, "newcomer", { name: "Ben" }),
    ];
    const other = await buildTestUser(t.db, "mentor", { capacity: 0 });
    const ticketId = await starter(t.db, lead);
    expect(await reassignTicket(t.db, { ticketId, leadId: lead, newcomerId: ben })).toEqual({
      ok: false,
      reason: "no_claim",
    });
    await claimTicket(t.db, { ticketId, newcomerId: ana, mentorId: mentor, defaultLimit: 1 });
    expect(await reassignTicket(t.db, { ticketId, leadId: lead, newcomerId: mentor })).toEqual({
      ok: false,
      reason: "not_newcomer",
    });
    expect(await reassignTicket(t.db, { ticketId, leadId: lead, newcomerId: ben })).toEqual({
      ok: true,
    });
    expect((await getTicket(t.db, ticketId))?.assignment).toMatchObject({
      newcomerName: "Ben",
      mentorId: mentor,
    });
    // A lead may place a mentee with a mentor at capacity: that is the override.
    expect(await changeMentor(t.db, { ticketId, leadId: lead, mentorId: other })).toBe("changed");
    expect((await getTicket(t.db, ticketId))?.assignment?.mentorId).toBe(other);
    expect(await changeMentor(t.db, { ticketId, leadId: lead, mentorId: ana })).toBe("not_mentor");
    expect((await listTicketEvents(t.db, ticketId, ALL_EVENTS)).items.map((e) => e.kind)).toEqual([
      "created",
      "claimed",
      "mentor_chosen",
      "reassigned",
      "mentor_changed",
    ]);
  });

  it("closing a claimed ticket ends its assignment", async () => {
    const ana = await buildTestUser(t.db, "newcomer");
    const ticketId = await starter(t.db, lead);
    await claimTicket(t.db, { ticketId, newcomerId: ana, mentorId: mentor, defaultLimit: 1 });
    await updateTicket(t.db, {
      actorId: lead,
      ticketId,
      ticket: {
        title: "x",
        body: "",
        component: "billing",
        labels: [],
        difficulty: 1,
        starter: true,
      },
      status: "closed",
      closeReason: "works_as_designed",
    });
    expect(await listActiveAssignments(t.db, {})).toEqual([]);
  });
});
