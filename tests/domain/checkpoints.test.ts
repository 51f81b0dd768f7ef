import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CheckpointState } from "#db/schema";
import { translate } from "~/lib/i18n/catalogs.server";
import { getAssignmentPage } from "~/mentoring/assignment-page.server";
import { getAssignment } from "~/mentoring/assignments.server";
import {
  type CheckpointAction,
  nextState,
  workingDaysBetween,
} from "~/mentoring/checkpoint-states";
import {
  addComment,
  detectStuck,
  reviewCheckpoint,
  submitEvidence,
} from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { notificationText } from "~/mentoring/notifications.server";
import { getTicket } from "~/mentoring/ticket-status.server";
import { setWorksAsDesigned } from "~/mentoring/works-as-designed.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { turnsDuring } from "../support/wait";

const STATES: CheckpointState[] = [
  "todo",
  "submitted",
  "changes_requested",
  "resubmitted",
  "approved",
  "completed",
  "skipped",
];
const ACTIONS: CheckpointAction[] = ["submit", "approve", "request_changes"];

describe("nextState: every allowed and every refused transition", () => {
  const allowed = new Map<string, CheckpointState>([
    ["todo|submit|signoff", "submitted"],
    ["todo|submit|none", "completed"],
    ["changes_requested|submit|signoff", "resubmitted"],
    ["changes_requested|submit|none", "resubmitted"],
    ["completed|submit|none", "completed"],
    ["submitted|approve|signoff", "approved"],
    ["submitted|approve|none", "approved"],
    ["resubmitted|approve|signoff", "approved"],
    ["resubmitted|approve|none", "approved"],
    ["submitted|request_changes|signoff", "changes_requested"],
    ["submitted|request_changes|none", "changes_requested"],
    ["resubmitted|request_changes|signoff", "changes_requested"],
    ["resubmitted|request_changes|none", "changes_requested"],
  ]);
  for (const state of STATES) {
    for (const action of ACTIONS) {
      for (const signoff of [true, false]) {
        const key = `${state}|${action}|${signoff ? "signoff" : "none"}`;
        const expected = allowed.get(key) ?? null;
        it(`${key} → ${expected ?? "refused"}`, () => {
          expect(nextState(state, action, signoff)).toBe(expected);
        });
      }
    }
  }
});

let t: TestDatabase;
let lead: number;
let mentor: number;
let otherMentor: number;
let newcomer: number;
let otherNewcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 3 });
  otherMentor = await buildTestUser(t.db, "mentor", { capacity: 3 });
  newcomer = await buildTestUser(t.db, "newcomer");
  otherNewcomer = await buildTestUser(t.db, "newcomer");
});
afterEach(async () => {
  await t.close();
});

async function claimed(now = new Date("2026-11-02T09:00:00Z")) {
  const ticketId = await createTicket(t.db, {
    actorId: lead,
    ticket: {
      title: "Total shows $",
      body: "",
      component: "billing",
      labels: [],
      difficulty: 1,
      starter: true,
    },
  });
  const result = await claimTicket(
    t.db,
    { ticketId, newcomerId: newcomer, mentorId: mentor, defaultLimit: 5 },
    now,
  );
  if (!result.ok) throw new Error("claim failed");
  const assignment = await getAssignment(t.db, result.assignmentId);
  if (!assignment) throw new Error("no assignment");
  const byKey = Object.fromEntries(assignment.checkpoints.map((c) => [c.key, c.id]));
  return { ticketId, assignmentId: result.assignmentId, step: byKey as Record<string, number> };
}

const asNewcomer = () => ({ id: newcomer, role: "newcomer" as const });
const asMentor = () => ({ id: mentor, role: "mentor" as const });
const evidence = {
  notes: "Seen on staging",
  links: [{ label: "log", url: "https://logs.example/1" }],
  minutes: 20,
};

describe("evidence and reviews", () => {
  it("a claim starts the default track with all seven steps to do, the first one next", async () => {
    const { assignmentId } = await claimed();
    const a = await getAssignment(t.db, assignmentId);
    expect(a?.checkpoints.map((c) => [c.key, c.state])).toEqual([
      ["reproduce", "todo"],
      ["locate", "todo"],
      ["root_cause", "todo"],
      ["failing_test", "todo"],
      ["fix", "todo"],
      ["ship", "todo"],
      ["writeup", "todo"],
    ]);
    expect(a?.nextCheckpointId).toBe(a?.checkpoints[0]?.id);
  });

  it("submit → changes requested → resubmitted → approved, by the right people only", async () => {
    const { step, ticketId } = await claimed();
    const id = step.reproduce as number;
    expect(
      await submitEvidence(t.db, {
        assignmentCheckpointId: id,
        actor: { id: otherNewcomer, role: "newcomer" },
        evidence,
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await submitEvidence(t.db, { assignmentCheckpointId: id, actor: asNewcomer(), evidence }),
    ).toEqual({ ok: true, state: "submitted", resolved: false });
    expect((await getTicket(t.db, ticketId))?.status).toBe("in_progress");
    // Other evidence while this waits for review is refused (the same sent twice is one: below).
    const more = { ...evidence, notes: `${evidence.notes} And more.` };
    expect(
      await submitEvidence(t.db, {
        assignmentCheckpointId: id,
        actor: asNewcomer(),
        evidence: more,
      }),
    ).toEqual({ ok: false, reason: "invalid_transition" });
    // Not their mentee; a newcomer can't review their own work.
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: id,
        actor: { id: otherMentor, role: "mentor" },
        decision: "approve",
        comment: "",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: id,
        actor: asNewcomer(),
        decision: "approve",
        comment: "",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: id,
        actor: asMentor(),
        decision: "request_changes",
        comment: "Which browser?",
      }),
    ).toMatchObject({ ok: true, state: "changes_requested" });
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: id,
        actor: asMentor(),
        decision: "approve",
        comment: "",
      }),
    ).toEqual({ ok: false, reason: "invalid_transition" });
    expect(
      await submitEvidence(t.db, { assignmentCheckpointId: id, actor: asNewcomer(), evidence }),
    ).toMatchObject({ ok: true, state: "resubmitted" });
    // A lead may review any assignment.
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: id,
        actor: { id: lead, role: "lead" },
        decision: "approve",
        comment: "Nice",
      }),
    ).toMatchObject({ ok: true, state: "approved" });
    const kinds = await t.db
      .selectFrom("notifications")
      .select(["user_id", "kind"])
      .orderBy("id")
      .execute();
    expect(kinds).toEqual([
      { user_id: mentor, kind: "new_mentee" },
      { user_id: mentor, kind: "review_requested" },
      { user_id: newcomer, kind: "changes_requested" },
      { user_id: mentor, kind: "review_requested" },
      { user_id: newcomer, kind: "approved" },
    ]);
  });

  it("a checkpoint without sign-off completes on submit; working ahead is allowed", async () => {
    const { step, assignmentId } = await claimed();
    expect(
      await submitEvidence(t.db, {
        assignmentCheckpointId: step.locate as number,
        actor: asNewcomer(),
        evidence,
      }),
    ).toMatchObject({ ok: true, state: "completed" });
    expect(
      await submitEvidence(t.db, {
        assignmentCheckpointId: step.fix as number,
        actor: asNewcomer(),
        evidence,
      }),
    ).toMatchObject({ ok: true, state: "submitted" });
    const a = await getAssignment(t.db, assignmentId);
    expect(a?.done).toBe(1);
    expect(a?.nextCheckpointId).toBe(step.reproduce);
  });

  it("resolve the assignment and the ticket when every sign-off step is approved", async () => {
    const { step, ticketId, assignmentId } = await claimed();
    for (const key of ["reproduce", "root_cause", "failing_test", "fix", "writeup"]) {
      await submitEvidence(t.db, {
        assignmentCheckpointId: step[key] as number,
        actor: asNewcomer(),
        evidence,
      });
    }
    for (const key of ["reproduce", "root_cause", "failing_test", "fix"]) {
      expect(
        await reviewCheckpoint(t.db, {
          assignmentCheckpointId: step[key] as number,
          actor: asMentor(),
          decision: "approve",
          comment: "",
        }),
      ).toMatchObject({ resolved: false });
    }
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: step.writeup as number,
        actor: asMentor(),
        decision: "approve",
        comment: "",
      }),
    ).toEqual({ ok: true, state: "approved", resolved: true });
    expect(await getTicket(t.db, ticketId)).toMatchObject({ status: "resolved", assignment: null });
    expect(await getAssignment(t.db, assignmentId)).toMatchObject({
      status: "resolved",
      resolution: "fixed",
    });
    // Finished work no longer changes.
    expect(
      await submitEvidence(t.db, {
        assignmentCheckpointId: step.ship as number,
        actor: asNewcomer(),
        evidence,
      }),
    ).toEqual({ ok: false, reason: "not_active" });
  });

  it("works as designed: from Root cause straight to Write-up, and the ticket closes with that resolution", async () => {
    const { step, ticketId, assignmentId } = await claimed();
    expect(await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer() })).toEqual({
      ok: false,
      reason: "too_early",
    });
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.reproduce as number,
      actor: asNewcomer(),
      evidence,
    });
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.root_cause as number,
      actor: asNewcomer(),
      evidence: { ...evidence, notes: "The spec says so" },
    });
    expect(await setWorksAsDesigned(t.db, { assignmentId, actor: asMentor() })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer() })).toEqual({
      ok: true,
    });
    const a = await getAssignment(t.db, assignmentId);
    expect(a?.checkpoints.map((c) => c.state)).toEqual([
      "submitted",
      "todo",
      "submitted",
      "skipped",
      "skipped",
      "skipped",
      "todo",
    ]);
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.writeup as number,
      actor: asNewcomer(),
      evidence,
    });
    for (const key of ["reproduce", "root_cause"]) {
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: step[key] as number,
        actor: asMentor(),
        decision: "approve",
        comment: "",
      });
    }
    expect(
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: step.writeup as number,
        actor: asMentor(),
        decision: "approve",
        comment: "",
      }),
    ).toMatchObject({ resolved: true });
    expect(await getTicket(t.db, ticketId)).toMatchObject({
      status: "closed",
      close_reason: "works_as_designed",
    });
    expect(await getAssignment(t.db, assignmentId)).toMatchObject({
      resolution: "works_as_designed",
    });
  });

  it("works as designed is no longer offered, nor taken, once the fix is in", async () => {
    const { step, assignmentId } = await claimed();
    const offered = async () => {
      const page = await getAssignmentPage(t.db, { assignmentId, viewer: asNewcomer() });
      if (!page.ok) throw new Error("no page");
      return page.page.may.markWorksAsDesigned;
    };
    for (const key of ["reproduce", "locate", "root_cause", "failing_test", "fix"]) {
      await submitEvidence(t.db, {
        assignmentCheckpointId: step[key] as number,
        actor: asNewcomer(),
        evidence,
      });
    }
    // Fix and review waits for review: skipping it is still a works-as-designed answer.
    expect(await offered()).toBe(true);
    for (const key of ["root_cause", "failing_test", "fix"]) {
      await reviewCheckpoint(t.db, {
        assignmentCheckpointId: step[key] as number,
        actor: asMentor(),
        decision: "approve",
        comment: "",
      });
    }
    expect(await offered()).toBe(true);
    // Shipped: every step before the Write-up is done, so there is nothing to skip.
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.ship as number,
      actor: asNewcomer(),
      evidence,
    });
    expect(await offered()).toBe(false);
    expect(await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer() })).toEqual({
      ok: false,
      reason: "too_late",
    });
    expect(await getAssignment(t.db, assignmentId)).toMatchObject({ resolution: null });
  });

  it("undo works as designed brings the skipped steps back", async () => {
    const { step, assignmentId } = await claimed();
    await submitEvidence(t.db, {
      assignmentCheckpointId: step.root_cause as number,
      actor: asNewcomer(),
      evidence,
    });
    await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer() });
    await setWorksAsDesigned(t.db, { assignmentId, actor: asNewcomer(), undo: true });
    const a = await getAssignment(t.db, assignmentId);
    expect(a?.resolution).toBeNull();
    expect(a?.checkpoints.filter((c) => c.state === "skipped")).toEqual([]);
  });
});

describe("staying unstuck", () => {
  it("count working days, skipping weekends", () => {
    // 2026-11-06 is a Friday.
    expect(
      workingDaysBetween(new Date("2026-11-06T10:00:00Z"), new Date("2026-11-09T09:00:00Z")),
    ).toBe(0);
    expect(
      workingDaysBetween(new Date("2026-11-06T10:00:00Z"), new Date("2026-11-09T10:00:00Z")),
    ).toBe(1);
    expect(
      workingDaysBetween(new Date("2026-11-06T10:00:00Z"), new Date("2026-11-11T10:00:00Z")),
    ).toBe(3);
    expect(
      workingDaysBetween(new Date("2026-11-11T10:00:00Z"), new Date("2026-11-06T10:00:00Z")),
    ).toBe(0);
  });

  it("flag an assignment stuck after 3 working days without activity, and notify its mentor once", async () => {
    const friday = new Date("2026-11-06T10:00:00Z");
    const { assignmentId, step } = await claimed(friday);
    expect(await detectStuck(t.db, { workingDays: 3 }, new Date("2026-11-10T10:00:00Z"))).toEqual(
      [],
    );
    const wednesday = new Date("2026-11-11T10:00:00Z");
    const stuck = await detectStuck(t.db, { workingDays: 3 }, wednesday);
    expect(stuck.map((s) => [s.assignmentId, s.workingDays])).toEqual([[assignmentId, 3]]);
    // Looked at again the next days: still stuck, but no second notification.
    await detectStuck(t.db, { workingDays: 3 }, new Date("2026-11-12T10:00:00Z"));
    await detectStuck(t.db, { workingDays: 3, mentorId: mentor }, new Date("2026-11-13T10:00:00Z"));
    const stuckNotes = await t.db
      .selectFrom("notifications")
      .select("user_id")
      .where("kind", "=", "stuck")
      .execute();
    expect(stuckNotes).toEqual([{ user_id: mentor }]);
    // Activity ends the spell; a new spell later notifies again.
    await submitEvidence(
      t.db,
      { assignmentCheckpointId: step.locate as number, actor: asNewcomer(), evidence },
      new Date("2026-11-13T11:00:00Z"),
    );
    expect(await detectStuck(t.db, { workingDays: 3 }, new Date("2026-11-16T11:00:00Z"))).toEqual(
      [],
    );
    await detectStuck(t.db, { workingDays: 3 }, new Date("2026-11-18T12:00:00Z"));
    expect(
      await t.db.selectFrom("notifications").select("id").where("kind", "=", "stuck").execute(),
    ).toHaveLength(2);
  });

  it("a long backlog of stuck mentees is written in short transactions, with other work let in between", async () => {
    // 1,500 assignments idle since Monday 2 November: a server started after a long time down.
    const backlog = 1_500;
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${backlog})
      insert into tickets (title, body, component, difficulty, starter, status, source, created_at, updated_at)
      select 'Backlog ticket ' || i, 'Body', 'billing', 1, 1, 'claimed', 'manual',
        '2026-11-02T10:00:00.000Z', '2026-11-02T10:00:00.000Z' from n`.execute(t.db);
    await sql`
      insert into assignments (ticket_id, newcomer_id, mentor_id, status, claimed_at, last_progress_at)
      select id, ${newcomer}, ${mentor}, 'active', created_at, created_at from tickets
      where title like 'Backlog ticket %'`.execute(t.db);

    // Counts the turns of the event loop while the check runs: one transaction for the whole
    // backlog (as before) let none in.
    let stuck: Awaited<ReturnType<typeof detectStuck>> | undefined;
    const turns = await turnsDuring(async () => {
      stuck = await detectStuck(t.db, { workingDays: 3 }, new Date("2026-11-11T10:00:00Z"));
    });
    expect(stuck).toHaveLength(backlog);
    expect(turns).toBeGreaterThan(1);

    const notified = () =>
      t.db
        .selectFrom("notifications")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("kind", "=", "stuck")
        .where("user_id", "=", mentor)
        .executeTakeFirstOrThrow();
    expect((await notified()).n).toBe(backlog);
    // The next run (the timer, 15 minutes later) finds them all written: none twice.
    await detectStuck(t.db, { workingDays: 3 }, new Date("2026-11-11T10:15:00Z"));
    expect((await notified()).n).toBe(backlog);
  });

  it("the newcomer's 'I'm stuck' reaches the mentor at once", async () => {
    const { step } = await claimed();
    expect(
      await addComment(t.db, {
        assignmentCheckpointId: step.reproduce as number,
        actor: { id: otherNewcomer, role: "newcomer" },
        body: "help",
        kind: "stuck",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await addComment(t.db, {
        assignmentCheckpointId: step.reproduce as number,
        actor: asNewcomer(),
        body: "Can't log in to staging",
        kind: "stuck",
      }),
    ).toMatchObject({ ok: true, told: { to: "mentor" } });
    // Labelled as a request for help, not as "no recent progress".
    const note = await t.db
      .selectFrom("notifications")
      .selectAll()
      .where("kind", "=", "help_requested")
      .executeTakeFirstOrThrow();
    expect(note).toMatchObject({ user_id: mentor, body: "Can't log in to staging" });
    expect(notificationText(translate("en"), note.title)).toBe("Asked for help: Reproduce the bug");
    expect(notificationText(translate("ko"), note.title)).toBe("도움 요청: 버그 재현");
  });
});

describe("a note's form sent twice", () => {
  it("a comment or a request for help sent twice at once is kept once; a later repeat is its own", async () => {
    const { step } = await claimed();
    const at = new Date("2026-11-02T10:00:00Z");
    // The second click lands a moment after the first.
    const moment = new Date("2026-11-02T10:00:00.400Z");
    const send = (kind: "comment" | "stuck", body: string, now = at) =>
      addComment(
        t.db,
        { assignmentCheckpointId: step.reproduce as number, actor: asNewcomer(), body, kind },
        now,
      );
    expect(
      await Promise.all([
        send("stuck", "Staging is down"),
        send("stuck", "Staging is down", moment),
      ]),
      // Both answers name who was told, though only the first told them.
    ).toMatchObject([
      { ok: true, told: { to: "mentor" } },
      { ok: true, told: { to: "mentor" } },
    ]);
    expect(
      await Promise.all([
        send("comment", "Found the log"),
        send("comment", "Found the log", moment),
      ]),
    ).toEqual([{ ok: true }, { ok: true }]);
    // The same words a while later, or a different note, are new notes.
    await send("comment", "Found the log", new Date("2026-11-02T10:05:00Z"));
    await send("comment", "Found another log", new Date("2026-11-02T10:05:01Z"));
    const notes = await t.db
      .selectFrom("checkpoint_comments")
      .select(["kind", "body"])
      .where("assignment_checkpoint_id", "=", step.reproduce as number)
      .orderBy("id")
      .execute();
    expect(notes).toEqual([
      { kind: "stuck", body: "Staging is down" },
      { kind: "comment", body: "Found the log" },
      { kind: "comment", body: "Found the log" },
      { kind: "comment", body: "Found another log" },
    ]);
    const asked = await t.db
      .selectFrom("notifications")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("kind", "=", "help_requested")
      .executeTakeFirstOrThrow();
    expect(Number(asked.n)).toBe(1);
  });
});

describe("evidence and reviews sent twice", () => {
  it("evidence sent twice is kept once, on a step that needs sign-off and one that doesn't", async () => {
    const { step } = await claimed();
    const signoff = new Map(
      (
        await t.db
          .selectFrom("assignment_checkpoints as ac")
          .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
          .select(["ac.id", "tc.needs_signoff"])
          .execute()
      ).map((r) => [r.id, r.needs_signoff === 1]),
    );
    const steps = Object.values(step);
    const needsIt = steps.find((id) => signoff.get(id));
    const doesNot = steps.find((id) => signoff.get(id) === false);
    if (needsIt === undefined || doesNot === undefined) throw new Error("the track changed");
    const evidence = {
      notes: "재현했어요: 결제 버튼을 두 번 누르면 두 번 청구돼요.",
      links: [{ label: "github.com", url: "https://github.com/acme/billing/issues/3" }],
      minutes: 25,
    };
    const send = (id: number, now: Date) =>
      submitEvidence(t.db, { assignmentCheckpointId: id, actor: asNewcomer(), evidence }, now);
    for (const id of [needsIt, doesNot]) {
      const first = await send(id, new Date("2026-11-02T10:00:00Z"));
      const second = await send(id, new Date("2026-11-02T10:00:00.400Z"));
      expect(first.ok && second).toEqual({
        ok: true,
        state: first.ok && first.state,
        resolved: false,
      });
      const kept = await t.db
        .selectFrom("evidence")
        .select("id")
        .where("assignment_checkpoint_id", "=", id)
        .execute();
      expect(kept).toHaveLength(1);
    }
    // Sent back for changes a moment later, the same words are an answer, kept as one.
    await reviewCheckpoint(
      t.db,
      {
        assignmentCheckpointId: needsIt,
        actor: asMentor(),
        decision: "request_changes",
        comment: "링크를 하나 더",
      },
      new Date("2026-11-02T10:00:10Z"),
    );
    expect((await send(needsIt, new Date("2026-11-02T10:00:20Z"))).ok).toBe(true);
    const answers = await t.db
      .selectFrom("evidence")
      .select("id")
      .where("assignment_checkpoint_id", "=", needsIt)
      .execute();
    expect(answers).toHaveLength(2);
  });

  it("an approval sent twice is given once, and both answers say it was", async () => {
    const { step } = await claimed();
    const id = step.root_cause as number;
    await submitEvidence(
      t.db,
      {
        assignmentCheckpointId: id,
        actor: asNewcomer(),
        evidence: { notes: "The sum is undefined for an empty cart.", links: [], minutes: null },
      },
      new Date("2026-11-02T10:00:00Z"),
    );
    const approve = (now: Date, comment = "") =>
      reviewCheckpoint(
        t.db,
        { assignmentCheckpointId: id, actor: asMentor(), decision: "approve", comment },
        now,
      );
    const first = await approve(new Date("2026-11-02T11:00:00Z"));
    const second = await approve(new Date("2026-11-02T11:00:00.300Z"));
    expect(first).toMatchObject({ ok: true, state: "approved" });
    expect(second).toMatchObject({ ok: true, state: "approved" });
    // A different review, or the same one much later, is refused: the step has moved on.
    expect(await approve(new Date("2026-11-02T11:00:01Z"), "Nice")).toEqual({
      ok: false,
      reason: "invalid_transition",
    });
    expect(await approve(new Date("2026-11-02T11:10:00Z"))).toEqual({
      ok: false,
      reason: "invalid_transition",
    });
    const reviews = await t.db
      .selectFrom("checkpoint_comments")
      .select("kind")
      .where("assignment_checkpoint_id", "=", id)
      .execute();
    expect(reviews).toEqual([{ kind: "approved" }]);
  });
});
