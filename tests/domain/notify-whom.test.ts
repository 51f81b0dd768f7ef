import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "#db/schema";
import { translate } from "~/lib/i18n/catalogs.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { addComment, reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { changeMentor, reassignTicket, releaseClaim } from "~/mentoring/claims.server";
import { handOverMentee, releaseMentee } from "~/mentoring/mentor-actions.server";
import { listNotifications, markRead } from "~/mentoring/notifications.server";
import { inboxCounts, needsYouCount } from "~/mentoring/notify.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

// Who is told what: the people an event concerns, never the person who caused it, and nobody
// whose part in it has ended.

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 5 });
  newcomer = await buildTestUser(t.db, "newcomer");
});
afterEach(async () => {
  await t.close();
});

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 10, d, h));
const evidence = { notes: "Seen on staging", links: [], minutes: 10 };

/** The user's notifications of `kind`, oldest first. */
async function received(userId: number, kind: string) {
  return t.db
    .selectFrom("notifications")
    .select(["id", "title", "link", "assignment_id as assignmentId", "read_at", "resolved_at"])
    .where("user_id", "=", userId)
    .where("kind", "=", kind as never)
    .orderBy("id")
    .execute();
}

/** The newcomer's evidence for one step. */
const sendEvidence = (stepId: number, at: Date) =>
  submitEvidence(
    t.db,
    { assignmentCheckpointId: stepId, actor: { id: newcomer, role: "newcomer" }, evidence },
    at,
  );

/** Every step submitted by the newcomer and signed off by `reviewer`, the last at `at`. */
async function finish(assignmentId: number, reviewer: { id: number; role: Role }, at: Date) {
  const assignment = await getAssignment(t.db, assignmentId);
  for (const cp of assignment?.checkpoints ?? []) {
    const sent = await sendEvidence(cp.id, at);
    expect(sent.ok).toBe(true);
    if (sent.ok && sent.state === "submitted") {
      const reviewed = await reviewCheckpoint(
        t.db,
        { assignmentCheckpointId: cp.id, actor: reviewer, decision: "approve", comment: "" },
        at,
      );
      expect(reviewed.ok).toBe(true);
    }
  }
  const after = await getAssignment(t.db, assignmentId);
  expect(after?.status).toBe("resolved");
}

describe("a finished assignment", () => {
  it("is news for the newcomer, not for the mentor whose sign-off finished it", async () => {
    const { assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    await finish(assignmentId, { id: mentor, role: "mentor" }, day(3));
    expect(await received(newcomer, "assignment_resolved")).toHaveLength(1);
    expect(await received(mentor, "assignment_resolved")).toEqual([]);
  });

  it("signed off by a lead, both the newcomer and the mentor are told", async () => {
    const { assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    await finish(assignmentId, { id: lead, role: "lead" }, day(3));
    expect(await received(newcomer, "assignment_resolved")).toHaveLength(1);
    expect(await received(mentor, "assignment_resolved")).toHaveLength(1);
    expect(await received(lead, "assignment_resolved")).toEqual([]);
  });
});

describe("a lead changes a ticket's mentor", () => {
  it("as a hand-over: the old mentor's open items are done, the new mentor and the newcomer are told", async () => {
    const other = await buildTestUser(t.db, "mentor", { capacity: 5, name: "Priya Raman" });
    const { ticketId, assignmentId, step } = await claimStarter(
      t.db,
      { lead, newcomer, mentor },
      day(2),
    );
    await sendEvidence(step.reproduce as number, day(3));
    await addComment(
      t.db,
      {
        assignmentCheckpointId: step.locate as number,
        actor: { id: newcomer, role: "newcomer" },
        body: "Where is the invoice total computed?",
        kind: "stuck",
      },
      day(3, 10),
    );
    expect(await needsYouCount(t.db, mentor)).toBe(2);

    expect(await changeMentor(t.db, { ticketId, leadId: lead, mentorId: other }, day(4))).toBe(
      "changed",
    );
    // The old mentor may no longer open the assignment: nothing there waits for them.
    expect(await needsYouCount(t.db, mentor)).toBe(0);
    expect((await received(mentor, "review_requested"))[0]?.resolved_at).not.toBeNull();
    expect(await received(other, "new_mentee")).toHaveLength(1);
    expect(await received(newcomer, "new_mentor")).toMatchObject([
      { link: `/assignments/${assignmentId}` },
    ]);
    expect((await received(newcomer, "new_mentor"))[0]?.title).toContain("Priya Raman");
    // What waited for the old mentor now waits for the new one: the review and the help request.
    expect(await needsYouCount(t.db, other)).toBe(2);
    expect(await received(other, "review_requested")).toMatchObject([
      { assignmentId, read_at: null, resolved_at: null },
    ]);
    expect(await received(other, "help_requested")).toHaveLength(1);
    // Their review ends their item, as it ended the first mentor's (and, as progress, the help
    // request).
    const reviewed = await reviewCheckpoint(
      t.db,
      {
        assignmentCheckpointId: step.reproduce as number,
        actor: { id: other, role: "mentor" },
        decision: "approve",
        comment: "",
      },
      day(4, 11),
    );
    expect(reviewed.ok).toBe(true);
    expect((await received(other, "review_requested"))[0]?.resolved_at).not.toBeNull();
    expect(await needsYouCount(t.db, other)).toBe(0);

    // Back to the first mentor: told again, as a new mentee of theirs.
    expect(await changeMentor(t.db, { ticketId, leadId: lead, mentorId: mentor }, day(5))).toBe(
      "changed",
    );
    expect(await received(mentor, "new_mentee")).toHaveLength(2);
    expect(await received(newcomer, "new_mentor")).toHaveLength(2);
    // The mentor it has already: nothing to tell anyone.
    expect(await changeMentor(t.db, { ticketId, leadId: lead, mentorId: mentor }, day(6))).toBe(
      "changed",
    );
    expect(await received(mentor, "new_mentee")).toHaveLength(2);
    expect(await received(newcomer, "new_mentor")).toHaveLength(2);
  });

  it("a mentor's hand-over tells the newcomer under 'New mentor', not 'New mentee'", async () => {
    const other = await buildTestUser(t.db, "mentor", { capacity: 5 });
    const { assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    expect(
      await handOverMentee(
        t.db,
        { assignmentId, actor: { id: mentor, role: "mentor" }, toMentorId: other },
        day(3),
      ),
    ).toEqual({ ok: true });
    expect(await received(newcomer, "new_mentee")).toEqual([]);
    expect(await received(newcomer, "new_mentor")).toHaveLength(1);
  });

  it("the mentor who had the mentee is told when a lead moves them, not when they did it themselves", async () => {
    const other = await buildTestUser(t.db, "mentor", { capacity: 5, name: "Priya Raman" });
    const third = await buildTestUser(t.db, "mentor", { capacity: 5, name: "최유나" });
    const { ticketId, assignmentId } = await claimStarter(
      t.db,
      { lead, newcomer, mentor, title: "Invoice total rounds down" },
      day(2),
    );
    // A lead hands the mentee to Priya from the assignment's page.
    await handOverMentee(
      t.db,
      { assignmentId, actor: { id: lead, role: "lead" }, toMentorId: other },
      day(3),
    );
    const told = await received(mentor, "new_mentor");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ link: "/mentoring", read_at: null, resolved_at: null });
    expect(translate("en").msg(told[0]?.title ?? "")).toMatch(
      /^Priya Raman mentors Test newcomer \d+ on Invoice total rounds down now$/,
    );
    expect(translate("ko").msg(told[0]?.title ?? "")).toContain("이제 Priya Raman 님이");
    // News, not work: the Inbox link's number stays at zero.
    expect(await needsYouCount(t.db, mentor)).toBe(0);
    // Priya hands over herself: she knows, and is not told.
    await handOverMentee(
      t.db,
      { assignmentId, actor: { id: other, role: "mentor" }, toMentorId: third },
      day(4),
    );
    expect(await received(other, "new_mentor")).toEqual([]);
    // A lead changes the mentor from the ticket page: 최유나 is told.
    expect(await changeMentor(t.db, { ticketId, leadId: lead, mentorId: mentor }, day(5))).toBe(
      "changed",
    );
    expect(await received(third, "new_mentor")).toHaveLength(1);
    expect(await received(lead, "new_mentor")).toEqual([]);
  });

  it("a claim a lead releases is news for its mentor too; one the mentor releases is not", async () => {
    const byLead = await claimStarter(
      t.db,
      { lead, newcomer, mentor, title: "By the lead" },
      day(2),
    );
    await releaseMentee(
      t.db,
      { assignmentId: byLead.assignmentId, actor: { id: lead, role: "lead" }, reason: "" },
      day(3),
    );
    const [mentorItem] = await received(mentor, "claim_released");
    expect(translate("en").msg(mentorItem?.title ?? "")).toMatch(
      /^Test newcomer \d+'s claim on By the lead was released$/,
    );
    const [newcomerItem] = await received(newcomer, "claim_released");
    expect(newcomerItem).toBeTruthy();
    const body = await t.db
      .selectFrom("notifications")
      .select("body")
      .where("id", "=", newcomerItem?.id ?? 0)
      .executeTakeFirstOrThrow();
    expect(translate("en").msg(body.body)).toContain("A lead put this ticket back");
    const byMentor = await claimStarter(
      t.db,
      { lead, newcomer, mentor, title: "By the mentor" },
      day(4),
    );
    await releaseMentee(
      t.db,
      { assignmentId: byMentor.assignmentId, actor: { id: mentor, role: "mentor" }, reason: "" },
      day(5),
    );
    expect(await received(mentor, "claim_released")).toHaveLength(1);
    expect(await received(lead, "claim_released")).toEqual([]);
  });

  it("a mentor's hand-over passes on the review waiting for them", async () => {
    const other = await buildTestUser(t.db, "mentor", { capacity: 5 });
    const { assignmentId, step } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    await sendEvidence(step.reproduce as number, day(3));
    expect(await needsYouCount(t.db, mentor)).toBe(1);
    await handOverMentee(
      t.db,
      { assignmentId, actor: { id: mentor, role: "mentor" }, toMentorId: other },
      day(3, 12),
    );
    expect(await needsYouCount(t.db, mentor)).toBe(0);
    expect(await needsYouCount(t.db, other)).toBe(1);
    expect((await received(other, "review_requested"))[0]?.link).toBe(
      (await received(mentor, "review_requested"))[0]?.link,
    );
  });
});

describe("a claim that ends", () => {
  it("given to another newcomer by a lead: the one who had it and the one who has it are told", async () => {
    const next = await buildTestUser(t.db, "newcomer");
    const { ticketId, assignmentId } = await claimStarter(
      t.db,
      { lead, newcomer, mentor, title: "Invoice total rounds down" },
      day(2),
    );
    expect(
      await reassignTicket(t.db, { ticketId, leadId: lead, newcomerId: next }, day(3)),
    ).toEqual({ ok: true });
    expect(await received(newcomer, "claim_released")).toMatchObject([
      { assignmentId, link: "/onboarding" },
    ]);
    expect((await received(newcomer, "claim_released"))[0]?.title).toContain(
      "Invoice total rounds down",
    );
    const given = await received(next, "ticket_assigned");
    expect(given).toHaveLength(1);
    expect(given[0]?.assignmentId).not.toBe(assignmentId);
    expect(given[0]?.link).toBe(`/assignments/${given[0]?.assignmentId}`);
    expect(await received(lead, "claim_released")).toEqual([]);
    expect(await received(lead, "ticket_assigned")).toEqual([]);
  });

  it("given back by the newcomer: their mentor is told, the newcomer is not", async () => {
    const { ticketId, assignmentId } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    expect(await releaseClaim(t.db, { ticketId, newcomerId: newcomer }, day(3))).toBe(true);
    expect(await received(mentor, "claim_released")).toMatchObject([
      { assignmentId, link: "/mentoring" },
    ]);
    expect(await received(newcomer, "claim_released")).toEqual([]);
    // Given back twice (a double submit): told once.
    expect(await releaseClaim(t.db, { ticketId, newcomerId: newcomer }, day(3))).toBe(false);
    expect(await received(mentor, "claim_released")).toHaveLength(1);
  });

  it("its news is new in the inbox until read, though the assignment has ended", async () => {
    const next = await buildTestUser(t.db, "newcomer");
    const first = await claimStarter(t.db, { lead, newcomer, mentor, title: "첫 번째" }, day(2));
    // The mentor releases one newcomer's claim; a lead gives another's ticket to someone else;
    // the first newcomer claims another and gives it back.
    expect(
      await releaseMentee(
        t.db,
        { assignmentId: first.assignmentId, actor: { id: mentor, role: "mentor" }, reason: "" },
        day(3),
      ),
    ).toEqual({ ok: true });
    const second = await claimStarter(
      t.db,
      { lead, newcomer: next, mentor, title: "Second ticket" },
      day(3),
    );
    const third = await buildTestUser(t.db, "newcomer");
    expect(
      await reassignTicket(
        t.db,
        { ticketId: second.ticketId, leadId: lead, newcomerId: third },
        day(4),
      ),
    ).toEqual({ ok: true });
    const given = await claimStarter(
      t.db,
      { lead, newcomer, mentor, title: "Third ticket" },
      day(4),
    );
    expect(
      await releaseClaim(t.db, { ticketId: given.ticketId, newcomerId: newcomer }, day(5)),
    ).toBe(true);
    for (const userId of [newcomer, next, mentor]) {
      const item = (await listNotifications(t.db, userId)).groups
        .flatMap((g) => g.items)
        .find((i) => i.kind === "claim_released");
      expect(item, `user ${userId}`).toMatchObject({
        unread: true,
        resolved: false,
        needsYou: false,
      });
      expect((await inboxCounts(t.db, userId)).open, `user ${userId}`).toBeGreaterThan(0);
      await markRead(t.db, { userId, notificationId: item?.id ?? 0 });
    }
    expect((await inboxCounts(t.db, next)).open).toBe(0);
  });
});

describe("a note on a checkpoint", () => {
  const note = (stepId: number, actor: { id: number; role: Role }, body: string, at: Date) =>
    addComment(t.db, { assignmentCheckpointId: stepId, actor, body }, at);

  it("answering 'I'm stuck' reaches the newcomer; each note goes to the others, never its author", async () => {
    const { step } = await claimStarter(t.db, { lead, newcomer, mentor }, day(2));
    const locate = step.locate as number;
    await addComment(
      t.db,
      {
        assignmentCheckpointId: locate,
        actor: { id: newcomer, role: "newcomer" },
        body: "Where is the invoice total computed?",
        kind: "stuck",
      },
      day(3),
    );
    expect(await needsYouCount(t.db, mentor)).toBe(1);
    // The mentor answers on the step: their help item is done, and the newcomer is told.
    await note(locate, { id: mentor, role: "mentor" }, "Look at billing/totals.ts", day(3, 10));
    expect(await needsYouCount(t.db, mentor)).toBe(0);
    const told = await received(newcomer, "comment");
    expect(told).toMatchObject([{ link: expect.stringContaining(`#checkpoint-${locate}`) }]);
    expect(await needsYouCount(t.db, newcomer)).toBe(1);
    expect(await received(mentor, "comment")).toEqual([]);
    const tr = translate("ko");
    expect(tr.msg(told[0]?.title ?? "")).toMatch(/님이 .+에 글을 남겼어요$/);
    // The newcomer replies: what was said to them is answered, and the mentor is told.
    await note(locate, { id: newcomer, role: "newcomer" }, "Found it, thanks!", day(3, 11));
    expect(await needsYouCount(t.db, newcomer)).toBe(0);
    expect(await received(mentor, "comment")).toHaveLength(1);
    // A lead's note reaches both; the lead is not told of their own.
    await note(locate, { id: lead, role: "lead" }, "Nice pairing here.", day(3, 12));
    expect(await received(newcomer, "comment")).toHaveLength(2);
    expect(await received(mentor, "comment")).toHaveLength(2);
    expect(await received(lead, "comment")).toEqual([]);
  });
});
