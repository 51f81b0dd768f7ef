import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWriteup } from "~/knowledge/writeups.server";
import { translate } from "~/lib/i18n/catalogs.server";
import { getAssignmentPage } from "~/mentoring/assignment-page.server";
import { currentCheckpoints, getAssignment, reviewQueue } from "~/mentoring/assignments.server";
import { addComment, reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { getCohortsPage } from "~/mentoring/cohorts-page.server";
import {
  handOverMentee,
  nudgeMentee,
  recordPairingSession,
  releaseMentee,
} from "~/mentoring/mentor-actions.server";
import { notificationText } from "~/mentoring/notifications.server";
import { getMyOnboarding } from "~/mentoring/onboarding-page.server";
import { getTicketPage } from "~/mentoring/ticket-page.server";
import { getTicket } from "~/mentoring/ticket-status.server";
import { reopenWorksAsDesigned, setWorksAsDesigned } from "~/mentoring/works-as-designed.server";
import { publishWriteup } from "~/mentoring/writeup-access.server";
import { getAssignmentWriteup } from "~/mentoring/writeup-drafts.server";
import { getWriteupPage } from "~/mentoring/writeup-page.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let lead: number;
let mentor: number;
let otherMentor: number;
let fullMentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 3, name: "Tomás Rivera" });
  otherMentor = await buildTestUser(t.db, "mentor", { capacity: 3, name: "최유나" });
  fullMentor = await buildTestUser(t.db, "mentor", { capacity: 0, name: "Priya Raman" });
  newcomer = await buildTestUser(t.db, "newcomer", { name: "Aiko Tanaka" });
});
afterEach(async () => {
  await t.close();
});

const asNewcomer = () => ({ id: newcomer, role: "newcomer" as const });
const asMentor = () => ({ id: mentor, role: "mentor" as const });
const evidence = {
  notes: "Seen on staging",
  links: [{ label: "log", url: "https://l.example/1" }],
  minutes: 20,
};

async function newTicket(title = "Total shows $") {
  return createTicket(t.db, {
    actorId: lead,
    ticket: { title, body: "", component: "billing", labels: [], difficulty: 1, starter: true },
  });
}

async function claimed(now = new Date("2026-11-02T09:00:00Z")) {
  const ticketId = await newTicket();
  const result = await claimTicket(
    t.db,
    { ticketId, newcomerId: newcomer, mentorId: mentor, defaultLimit: 5 },
    now,
  );
  if (!result.ok) throw new Error("claim failed");
  const a = await getAssignment(t.db, result.assignmentId);
  const step = Object.fromEntries((a?.checkpoints ?? []).map((c) => [c.key, c.id])) as Record<
    string,
    number
  >;
  return { ticketId, assignmentId: result.assignmentId, step };
}

async function notificationsOf(userId: number) {
  const rows = await t.db
    .selectFrom("notifications")
    .selectAll()
    .where("user_id", "=", userId)
    .execute();
  // As an English reader sees them: stored as messages, worded when shown.
  const en = translate("en");
  return rows.map((n) => ({
    ...n,
    title: notificationText(en, n.title),
    body: notificationText(en, n.body),
  }));
}

describe("works as designed", () => {
  it("tells the mentor, counts skipped steps as skipped, keeps each step's state through an undo", async () => {
    const { step, ticketId, assignmentId } = await claimed();
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.root_cause as number,
      actor: asNewcomer(),
      evidence,
    });
    // Failing test waits for review when the newcomer changes their mind.
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.failing_test as number,
      actor: asNewcomer(),
      evidence,
    });
    expect(await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer() })).toEqual({
      ok: true,
    });

    const a = await getAssignment(t.db, assignmentId);
    expect(a).toMatchObject({ done: 0, skipped: 3, total: 4 });
    const board = (await currentCheckpoints(t.db, [assignmentId])).get(assignmentId);
    expect(board).toMatchObject({ done: 0, skipped: 3, total: 4 });
    const page = await getAssignmentPage(t.db, { assignmentId, viewer: asMentor() });
    expect(page.ok && page.page.notes.items.map((n) => n.kind)).toEqual(["works_as_designed"]);
    // The mentor is told in the inbox, and the ticket's history says so.
    expect((await notificationsOf(mentor)).map((n) => [n.kind, n.title])).toContainEqual([
      "works_as_designed",
      "Aiko Tanaka says it works as designed",
    ]);
    const ticketPage = await getTicketPage(t.db, { ticketId, viewer: asMentor() });
    expect(ticketPage?.events.items.map((e) => translate("en").msg(e.detail))).toContain(
      "Declared it works as designed; on to the write-up",
    );
    // Skipped: Failing test is no longer in the review queue (Root cause still is).
    expect(await reviewQueue(t.db, { mentorId: mentor })).toHaveLength(1);

    await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer(), undo: true });
    const back = await getAssignment(t.db, assignmentId);
    expect(back?.checkpoints.map((c) => [c.key, c.state])).toEqual([
      ["reproduce", "todo"],
      ["locate", "todo"],
      ["root_cause", "submitted"],
      ["failing_test", "submitted"],
      ["fix", "todo"],
      ["ship", "todo"],
      ["writeup", "todo"],
    ]);
    expect((await reviewQueue(t.db, { mentorId: mentor })).length).toBe(2);
  });

  it("once closed, the mentor reopens it: active again, steps back, ticket in progress, newcomer told", async () => {
    const { step, ticketId, assignmentId } = await claimed();
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.root_cause as number,
      actor: asNewcomer(),
      evidence,
    });
    await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer() });
    for (const key of ["reproduce", "locate", "writeup"]) {
      await submitEvidence(t.db, {
        assignmentCheckpointId: step[key] as number,
        actor: asNewcomer(),
        evidence,
      });
    }
    for (const key of ["reproduce", "locate", "root_cause", "writeup"]) {
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: step[key] as number,
        actor: asMentor(),
        decision: "approve",
        comment: "",
      });
    }
    expect(await getTicket(t.db, ticketId)).toMatchObject({ status: "closed" });
    expect(
      await reopenWorksAsDesigned(t.db, {
        assignmentId,
        actor: { id: otherMentor, role: "mentor" },
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(await reopenWorksAsDesigned(t.db, { assignmentId, actor: asMentor() })).toEqual({
      ok: true,
    });
    const a = await getAssignment(t.db, assignmentId);
    expect(a).toMatchObject({ status: "active", resolution: null, skipped: 0 });
    expect(a?.checkpoints.find((c) => c.key === "writeup")?.state).toBe("todo");
    expect(await getTicket(t.db, ticketId)).toMatchObject({ status: "in_progress" });
    expect((await notificationsOf(newcomer)).map((n) => n.title)).toContain(
      "Reopened: back to fixing it",
    );
  });
});

describe("reopening works as designed after the team changed", () => {
  /** An assignment closed as works as designed, every sign-off by the mentor. */
  async function closedAsDesigned() {
    const { step, ticketId, assignmentId } = await claimed();
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.root_cause as number,
      actor: asNewcomer(),
      evidence,
    });
    await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer() });
    for (const key of ["reproduce", "locate", "writeup"])
      await submitEvidence(t.db, {
        assignmentCheckpointId: step[key] as number,
        actor: asNewcomer(),
        evidence,
      });
    for (const key of ["reproduce", "locate", "root_cause", "writeup"])
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: step[key] as number,
        actor: asMentor(),
        decision: "approve",
        comment: "",
      });
    expect(await getTicket(t.db, ticketId)).toMatchObject({ status: "closed" });
    return { ticketId, assignmentId };
  }
  const notified = async (userId: number) =>
    (await notificationsOf(userId)).filter((n) => n.title === "Reopened: back to fixing it");

  it("is refused when its newcomer has left: nothing waits on them, nobody notifies them", async () => {
    const { ticketId, assignmentId } = await closedAsDesigned();
    await t.db
      .updateTable("users")
      .set({ status: "deactivated" })
      .where("id", "=", newcomer)
      .execute();
    const asLead = { id: lead, role: "lead" as const };
    expect(await reopenWorksAsDesigned(t.db, { assignmentId, actor: asLead })).toEqual({
      ok: false,
      reason: "newcomer_gone",
    });
    expect(await getAssignment(t.db, assignmentId)).toMatchObject({ status: "resolved" });
    expect(await getTicket(t.db, ticketId)).toMatchObject({ status: "closed" });
    expect(await notified(newcomer)).toEqual([]);
  });

  it("is refused when its mentor has left or is no longer a mentor", async () => {
    const { assignmentId } = await closedAsDesigned();
    const asLead = { id: lead, role: "lead" as const };
    await t.db
      .updateTable("users")
      .set({ status: "deactivated" })
      .where("id", "=", mentor)
      .execute();
    expect(await reopenWorksAsDesigned(t.db, { assignmentId, actor: asLead })).toEqual({
      ok: false,
      reason: "mentor_gone",
    });
    await t.db
      .updateTable("users")
      .set({ status: "active", role: "newcomer" })
      .where("id", "=", mentor)
      .execute();
    expect(await reopenWorksAsDesigned(t.db, { assignmentId, actor: asLead })).toEqual({
      ok: false,
      reason: "mentor_gone",
    });
    // Back as a mentor: it reopens, and the newcomer is told.
    await t.db.updateTable("users").set({ role: "mentor" }).where("id", "=", mentor).execute();
    expect(await reopenWorksAsDesigned(t.db, { assignmentId, actor: asLead })).toEqual({
      ok: true,
    });
    expect(await notified(newcomer)).toHaveLength(1);
  });
});

describe("the write-up step", () => {
  /** A claimed assignment whose root cause is approved: its write-up is drafted, ready to publish. */
  async function drafted() {
    const { step, assignmentId } = await claimed();
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.root_cause as number,
      actor: asNewcomer(),
      evidence,
    });
    await reviewCheckpoint(t.db, {
      assignmentCheckpointId: step.root_cause as number,
      actor: asMentor(),
      decision: "approve",
      comment: "",
    });
    const draft = await getAssignmentWriteup(t.db, assignmentId);
    // What the evidence left for the newcomer to write before publishing (missingToPublish).
    await t.db
      .updateTable("writeups")
      .set({ symptom: "The total shows $ twice.", fix: "Format it once." })
      .where("id", "=", draft?.id as number)
      .execute();
    return { assignmentId, draft };
  }

  it("publishing a draft that lacks parts a reader needs is refused, naming them", async () => {
    const { assignmentId, draft } = await drafted();
    await t.db
      .updateTable("writeups")
      .set({ symptom: " ", fix: "" })
      .where("id", "=", draft?.id as number)
      .execute();
    expect(
      await publishWriteup(t.db, { viewer: asNewcomer(), writeupId: draft?.id as number }),
    ).toEqual({
      ok: false,
      reason: "incomplete",
      errors: {
        symptom: expect.stringMatching(/^knowledge\.field\.symptom\.requiredToPublish/),
        fix: expect.stringMatching(/^knowledge\.field\.fix\.requiredToPublish/),
      },
    });
    expect((await getAssignmentWriteup(t.db, assignmentId))?.status).toBe("draft");
  });

  it("publishing the drafted write-up submits the step for the mentor's sign-off in one action", async () => {
    const { assignmentId, draft } = await drafted();
    expect(draft?.status).toBe("draft");
    expect(
      await publishWriteup(t.db, { viewer: asNewcomer(), writeupId: draft?.id as number }),
    ).toEqual({ ok: true });
    const a = await getAssignment(t.db, assignmentId);
    expect(a?.checkpoints.find((c) => c.key === "writeup")?.state).toBe("submitted");
    expect((await reviewQueue(t.db, { mentorId: mentor })).map((r) => r.title)).toContain(
      "Write-up",
    );
    const page = await getWriteupPage(t.db, {
      writeupId: draft?.id as number,
      viewer: asNewcomer(),
    });
    expect(page?.waitingForSignoff).toBe("Tomás");
    // The step's evidence says what was published, linked, in the newcomer's words (English here).
    expect(a?.checkpoints.find((c) => c.key === "writeup")?.evidence.at(-1)?.notes).toBe(
      `Published the write-up [Total shows $](/kb/${draft?.id}).`,
    );
  });

  it("a Korean newcomer's publish writes the step's evidence note in Korean", async () => {
    const { assignmentId, draft } = await drafted();
    expect(
      await publishWriteup(t.db, {
        viewer: asNewcomer(),
        writeupId: draft?.id as number,
        locale: "ko",
      }),
    ).toEqual({ ok: true });
    const a = await getAssignment(t.db, assignmentId);
    const writeupStep = a?.checkpoints.find((c) => c.key === "writeup");
    expect(writeupStep?.state).toBe("submitted");
    expect(writeupStep?.evidence.at(-1)?.notes).toBe(
      `해결 기록을 게시했어요: [Total shows $](/kb/${draft?.id})`,
    );
  });
});

describe("stuck", () => {
  /** The newcomer's "I'm stuck" on a checkpoint, at `at`. */
  const askForHelp = (checkpointId: number, body: string, at: Date) =>
    addComment(
      t.db,
      { assignmentCheckpointId: checkpointId, actor: asNewcomer(), body, kind: "stuck" },
      at,
    );

  it("the assignment page shows the stuck spell and the newcomer's request for help", async () => {
    const { step, assignmentId } = await claimed(new Date("2026-11-02T09:00:00Z"));
    await askForHelp(
      step.reproduce as number,
      "Staging login fails",
      new Date("2026-11-03T09:00:00Z"),
    );
    const result = await getAssignmentPage(
      t.db,
      { assignmentId, viewer: asMentor(), stuckWorkingDays: 3 },
      new Date("2026-11-09T10:00:00Z"),
    );
    if (!result.ok) throw new Error("no page");
    expect(result.page.stuck).toMatchObject({ workingDays: 5 });
    expect(result.page.helpRequests).toMatchObject([
      { body: "Staging login fails", checkpointTitle: "Reproduce the bug" },
    ]);
    expect(result.page.may.mentorActions).toBe(true);
    // On the step's card the request is the newcomer's own for them ("You"), not for the mentor.
    const comment = (page: Awaited<ReturnType<typeof getAssignmentPage>>) =>
      page.ok ? page.page.assignment.checkpoints.flatMap((c) => c.comments) : [];
    expect(comment(result).map((c) => [c.kind, c.byViewer])).toEqual([["stuck", false]]);
    const own = await getAssignmentPage(t.db, { assignmentId, viewer: asNewcomer() });
    expect(comment(own).map((c) => [c.kind, c.byViewer])).toEqual([["stuck", true]]);
    const help = (await notificationsOf(mentor)).find((n) => n.kind === "help_requested");
    expect(help?.title).toBe("Asked for help: Reproduce the bug");
  });

  it("a request for help is answered by progress: the page stops showing it once the step moves", async () => {
    const { step, assignmentId } = await claimed(new Date("2026-11-02T09:00:00Z"));
    await askForHelp(
      step.reproduce as number,
      "스테이징 로그인이 안 돼요",
      new Date("2026-11-03T09:00:00Z"),
    );
    const page = async (viewer: { id: number; role: "newcomer" | "mentor" }) => {
      const result = await getAssignmentPage(
        t.db,
        { assignmentId, viewer },
        new Date("2026-11-04T10:00:00Z"),
      );
      if (!result.ok) throw new Error("no page");
      return result.page;
    };
    expect((await page(asMentor())).helpRequests).toHaveLength(1);
    await submitEvidence(
      t.db,
      { assignmentCheckpointId: step.reproduce as number, actor: asNewcomer(), evidence },
      new Date("2026-11-04T09:00:00Z"),
    );
    // The mentor's "asked for help" item is done; the page agrees.
    expect((await page(asMentor())).helpRequests).toEqual([]);
    expect((await page(asNewcomer())).helpRequests).toEqual([]);
    const help = (await notificationsOf(mentor)).find((n) => n.kind === "help_requested");
    expect(help?.resolved_at).not.toBeNull();
  });

  it("a page left open on a released assignment asks nobody for help and adds no comment", async () => {
    const { step, assignmentId } = await claimed();
    expect(
      await releaseMentee(t.db, { assignmentId, actor: asMentor(), reason: "더 작은 티켓부터" }),
    ).toEqual({ ok: true });
    for (const kind of ["stuck", "comment"] as const) {
      expect(
        await addComment(t.db, {
          assignmentCheckpointId: step.reproduce as number,
          actor: asNewcomer(),
          body: "아직 막혀 있어요",
          kind,
        }),
      ).toEqual({ ok: false, reason: "not_active" });
    }
    expect((await notificationsOf(mentor)).filter((n) => n.kind === "help_requested")).toEqual([]);
    const a = await getAssignment(t.db, assignmentId);
    expect(a?.checkpoints.flatMap((c) => c.comments)).toEqual([]);
  });

  it("a mentor nudges, notes a pairing session, hands over (free place needed; a lead overrides) and releases", async () => {
    const { ticketId, assignmentId } = await claimed();
    expect(
      await nudgeMentee(t.db, {
        assignmentId,
        actor: { id: otherMentor, role: "mentor" },
        message: "hi",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await nudgeMentee(t.db, { assignmentId, actor: asMentor(), message: "How's it going?" }),
    ).toEqual({ ok: true });
    expect((await notificationsOf(newcomer)).map((n) => [n.kind, n.body])).toContainEqual([
      "nudge",
      "How's it going?",
    ]);

    const later = new Date("2026-11-20T09:00:00Z");
    expect(
      await recordPairingSession(
        t.db,
        { assignmentId, actor: asMentor(), notes: "Traced the 달러 bug" },
        later,
      ),
    ).toEqual({ ok: true });
    expect((await getAssignment(t.db, assignmentId))?.lastProgressAt).toBe(later.toISOString());

    expect(
      await handOverMentee(t.db, { assignmentId, actor: asMentor(), toMentorId: fullMentor }),
    ).toEqual({
      ok: false,
      reason: "mentor_unavailable",
    });
    expect(
      await handOverMentee(t.db, {
        assignmentId,
        actor: { id: lead, role: "lead" },
        toMentorId: fullMentor,
      }),
    ).toEqual({ ok: true });
    expect(
      await handOverMentee(t.db, {
        assignmentId,
        actor: { id: fullMentor, role: "mentor" },
        toMentorId: otherMentor,
      }),
    ).toEqual({ ok: true });
    expect((await getAssignment(t.db, assignmentId))?.mentorId).toBe(otherMentor);
    expect((await notificationsOf(otherMentor)).map((n) => n.kind)).toContain("new_mentee");

    // The old mentor can't act on it any more.
    expect(await releaseMentee(t.db, { assignmentId, actor: asMentor(), reason: "" })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(
      await releaseMentee(t.db, {
        assignmentId,
        actor: { id: otherMentor, role: "mentor" },
        reason: "Let's pick a smaller one",
      }),
    ).toEqual({ ok: true });
    expect(await getTicket(t.db, ticketId)).toMatchObject({ status: "open" });
    const page = await getAssignmentPage(t.db, {
      assignmentId,
      viewer: { id: lead, role: "lead" },
    });
    expect(page.ok && page.page.notes.items.map((n) => n.kind)).toEqual([
      "nudge",
      "pairing",
      "handover",
      "handover",
      "released",
    ]);
  });
});

describe("mentor actions in the reader's language", () => {
  it("a nudge without a message and a hand-over's log line are messages, worded for each reader", async () => {
    const { assignmentId } = await claimed();
    await t.db.updateTable("users").set({ locale: "ko" }).where("id", "=", newcomer).execute();
    expect(await nudgeMentee(t.db, { assignmentId, actor: asMentor(), message: "  " })).toEqual({
      ok: true,
    });
    const nudge = (
      await t.db
        .selectFrom("notifications")
        .select("body")
        .where("user_id", "=", newcomer)
        .where("kind", "=", "nudge")
        .executeTakeFirstOrThrow()
    ).body;
    expect(notificationText(translate("ko"), nudge)).toBe(
      "잘 되어 가요? 어디까지 했는지 알려 주세요. 같이 살펴봐요.",
    );
    expect(notificationText(translate("en"), nudge)).toMatch(/^How is it going\?/);

    await handOverMentee(t.db, {
      assignmentId,
      actor: asMentor(),
      toMentorId: otherMentor,
      note: "billing 전문가",
    });
    const page = await getAssignmentPage(t.db, {
      assignmentId,
      viewer: { id: otherMentor, role: "mentor" },
    });
    const handover = page.ok ? page.page.notes.items.find((n) => n.kind === "handover") : undefined;
    expect(translate("en").msg(handover?.body)).toBe("to 최유나: billing 전문가");
    expect(translate("ko").msg(handover?.body)).toBe("최유나 님에게: billing 전문가");
  });
});

describe("My onboarding and the ticket page", () => {
  it("says what happened and what's next, suggests a mentor with the reason, and shows the limit before any claim", async () => {
    const { step, ticketId } = await claimed();
    await newTicket("Second ticket");
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.reproduce as number,
      actor: asNewcomer(),
      evidence,
    });
    await reviewCheckpoint(t.db, {
      assignmentCheckpointId: step.reproduce as number,
      actor: asMentor(),
      decision: "request_changes",
      comment: "Which browser? Add the exact name.",
    });
    const atLimit = await getMyOnboarding(t.db, {
      viewer: asNewcomer(),
      defaultLimit: 1,
    });
    expect(translate("en").msg(atLimit?.active[0]?.happened)).toBe(
      "Tomás asked for changes on Reproduce the bug: Which browser? Add the exact name.",
    );
    expect(atLimit?.limit).toEqual({ active: 1, max: 1, reached: true });
    expect(atLimit?.suggestedMentor).toBeNull();
    const second = (
      await t.db
        .selectFrom("tickets")
        .select("id")
        .where("title", "=", "Second ticket")
        .executeTakeFirstOrThrow()
    ).id;
    const ticketPage = await getTicketPage(t.db, {
      ticketId: second,
      viewer: asNewcomer(),
      defaultLimit: 1,
    });
    expect(ticketPage?.controls.claim).toBe(false);
    expect(ticketPage?.limitReached).toMatchObject({ active: 1, max: 1 });

    const roomy = await getMyOnboarding(t.db, {
      viewer: asNewcomer(),
      defaultLimit: 2,
    });
    expect(roomy?.limit.reached).toBe(false);
    expect(roomy?.suggestedMentor?.reasons.length).toBeGreaterThan(0);

    // The ticket page shows the track with the next step marked.
    const own = await getTicketPage(t.db, { ticketId, viewer: asNewcomer(), defaultLimit: 2 });
    expect(own?.track?.steps.filter((s) => s.next).map((s) => s.title)).toEqual([
      "Reproduce the bug",
    ]);
  });
});

describe("cohort view", () => {
  it("shows the top 5 recurring toil with minutes spent, most first", async () => {
    for (let i = 1; i <= 7; i++) {
      await createWriteup(
        t.db,
        {
          authorId: newcomer,
          status: "published",
          writeup: {
            title: `Chore ${i}`,
            symptom: "s",
            component: "billing",
            rootCause: "r",
            fix: "f",
            debugging: "d",
            resolution: "fixed",
            tags: [],
            links: [],
            toil: [{ description: `작업 ${i}: restarted worker ${i}`, minutes: i * 10 }],
          },
        },
        new Date("2026-11-10T09:00:00Z"),
      );
    }
    const page = await getCohortsPage(
      t.db,
      { workingDays: 3, weeks: 8, top: 20, allStuck: false, allMentors: false },
      new Date("2026-11-20T09:00:00Z"),
    );
    expect(page.toil.map((g) => [g.description, g.totalMinutes])).toEqual([
      ["작업 7: restarted worker 7", 70],
      ["작업 6: restarted worker 6", 60],
      ["작업 5: restarted worker 5", 50],
      ["작업 4: restarted worker 4", 40],
      ["작업 3: restarted worker 3", 30],
    ]);
  });
});
