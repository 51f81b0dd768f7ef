import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setMemberStatus } from "~/auth/users.server";
import { recordSearchMiss, turnGapIntoTicket } from "~/knowledge/gaps.server";
import { confirmStillCorrect, flagOutOfDate, resolveFlag } from "~/knowledge/health.server";
import { createWriteup } from "~/knowledge/writeups.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { addComment, submitEvidence } from "~/mentoring/checkpoints.server";
import { changeMentor, claimTicket, reassignTicket } from "~/mentoring/claims.server";
import { closeAsDuplicate } from "~/mentoring/ticket-status.server";
import { getTrackForEditing, saveTrackVersion } from "~/mentoring/tracks.server";
import { setWorksAsDesigned } from "~/mentoring/works-as-designed.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

// The domain refuses what the policies refuse, whoever calls it: a forged form, a route that
// forgot to look, or a script. (The route × role table in tests/http/permissions covers the pages.)

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

const now = new Date("2026-11-02T09:00:00Z");

async function starter(title = "결제 금액이 두 번 표시됨 (total shown twice)") {
  return createTicket(t.db, {
    actorId: lead,
    ticket: { title, body: "", component: "billing", labels: [], difficulty: 1, starter: true },
  });
}

async function claimed() {
  const ticketId = await starter();
  const result = await claimTicket(
    t.db,
    { ticketId, newcomerId: newcomer, mentorId: mentor, defaultLimit: 5 },
    now,
  );
  if (!result.ok) throw new Error(`claim failed: ${result.reason}`);
  const assignment = await getAssignment(t.db, result.assignmentId);
  if (!assignment) throw new Error("no assignment");
  const first = assignment.checkpoints[0];
  if (!first) throw new Error("no checkpoints");
  return { ticketId, assignmentId: result.assignmentId, firstStep: first.id };
}

async function publishedWriteup() {
  return createWriteup(
    t.db,
    {
      authorId: newcomer,
      status: "published",
      writeup: {
        title: "결제 금액 중복 표시",
        symptom: "The invoice total appears twice",
        component: "billing",
        rootCause: "Rendered in the header and the footer",
        fix: "Render it once",
        debugging: "Compared the templates",
        resolution: "fixed",
        tags: [],
        links: [],
        toil: [],
      },
    },
    now,
  );
}

describe("claims", () => {
  it("only an active newcomer claims a ticket", async () => {
    const ticketId = await starter();
    expect(
      await claimTicket(t.db, {
        ticketId,
        newcomerId: mentor,
        mentorId: otherMentor,
        defaultLimit: 5,
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await claimTicket(t.db, { ticketId, newcomerId: lead, mentorId: mentor, defaultLimit: 5 }),
    ).toEqual({ ok: false, reason: "forbidden" });
    await setMemberStatus(t.db, { actorId: lead, userId: otherNewcomer, status: "deactivated" });
    expect(
      await claimTicket(t.db, {
        ticketId,
        newcomerId: otherNewcomer,
        mentorId: mentor,
        defaultLimit: 5,
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    // Nothing was taken by the refused attempts: the newcomer still gets it.
    expect(
      await claimTicket(t.db, {
        ticketId,
        newcomerId: newcomer,
        mentorId: mentor,
        defaultLimit: 5,
      }),
    ).toMatchObject({ ok: true });
  });

  it("only a lead reassigns a ticket or changes its mentor", async () => {
    const { ticketId } = await claimed();
    expect(
      await reassignTicket(t.db, { ticketId, leadId: mentor, newcomerId: otherNewcomer }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(await changeMentor(t.db, { ticketId, leadId: mentor, mentorId: otherMentor })).toBe(
      "forbidden",
    );
    expect(await changeMentor(t.db, { ticketId, leadId: newcomer, mentorId: otherMentor })).toBe(
      "forbidden",
    );
    expect(await changeMentor(t.db, { ticketId, leadId: lead, mentorId: otherMentor })).toBe(
      "changed",
    );
    expect(
      await reassignTicket(t.db, { ticketId, leadId: lead, newcomerId: otherNewcomer }),
    ).toEqual({ ok: true });
  });
});

describe("checkpoints", () => {
  it("only the newcomer says “I'm stuck”; their mentor and leads comment", async () => {
    const { firstStep } = await claimed();
    const stuck = (id: number, role: "newcomer" | "mentor" | "lead") =>
      addComment(t.db, {
        assignmentCheckpointId: firstStep,
        actor: { id, role },
        body: "재현이 안 돼요 — can't reproduce it",
        kind: "stuck",
      });
    expect(await stuck(mentor, "mentor")).toEqual({ ok: false, reason: "forbidden" });
    expect(await stuck(lead, "lead")).toEqual({ ok: false, reason: "forbidden" });
    expect(await stuck(otherNewcomer, "newcomer")).toEqual({ ok: false, reason: "forbidden" });
    expect(await stuck(newcomer, "newcomer")).toMatchObject({ ok: true, told: { to: "mentor" } });
    for (const [id, role] of [
      [mentor, "mentor"],
      [lead, "lead"],
      [newcomer, "newcomer"],
    ] as const) {
      expect(
        await addComment(t.db, {
          assignmentCheckpointId: firstStep,
          actor: { id, role },
          body: "Try the staging log",
        }),
      ).toEqual({ ok: true });
    }
    expect(
      await addComment(t.db, {
        assignmentCheckpointId: firstStep,
        actor: { id: otherMentor, role: "mentor" },
        body: "Drive-by",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
  });

  it("only the newcomer submits evidence or decides “works as designed”", async () => {
    const { assignmentId, firstStep } = await claimed();
    const evidence = { notes: "Seen on staging", links: [], minutes: 5 };
    expect(
      await submitEvidence(t.db, {
        assignmentCheckpointId: firstStep,
        actor: { id: mentor, role: "mentor" },
        evidence,
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await setWorksAsDesigned(t.db, { assignmentId, actor: { id: mentor, role: "mentor" } }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await setWorksAsDesigned(t.db, { assignmentId, actor: { id: lead, role: "lead" } }),
    ).toEqual({ ok: false, reason: "forbidden" });
  });
});

describe("tickets and the knowledge base", () => {
  it("newcomers never close a ticket as a duplicate", async () => {
    const ticketId = await starter();
    const writeupId = await publishedWriteup();
    expect(
      await closeAsDuplicate(
        t.db,
        { ticketId, writeupId, actor: { id: newcomer, role: "newcomer" } },
        now,
      ),
    ).toEqual({ ok: false, reason: "forbidden" });
  });

  it("only mentors and leads resolve flags or confirm a write-up still holds", async () => {
    const writeupId = await publishedWriteup();
    const flag = await flagOutOfDate(t.db, { writeupId, userId: newcomer, note: "오래됨" }, now);
    if (!flag.ok) throw new Error("flag failed");
    expect(await resolveFlag(t.db, { flagId: flag.flagId, userId: newcomer })).toBe("forbidden");
    expect(await confirmStillCorrect(t.db, { writeupId, userId: newcomer })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(await resolveFlag(t.db, { flagId: flag.flagId, userId: mentor })).toBe("resolved");
    expect(await confirmStillCorrect(t.db, { writeupId, userId: lead })).toEqual({ ok: true });
  });

  it("only leads turn a knowledge gap into a ticket", async () => {
    await recordSearchMiss(t.db, "결제 웹훅 재시도", now, newcomer);
    for (const actorId of [newcomer, mentor]) {
      expect(await turnGapIntoTicket(t.db, { query: "결제 웹훅 재시도", actorId }, now)).toEqual({
        ok: false,
        reason: "forbidden",
      });
    }
    expect(
      await turnGapIntoTicket(t.db, { query: "결제 웹훅 재시도", actorId: lead }, now),
    ).toMatchObject({ ok: true });
  });

  it("only leads save a new version of the checkpoint track", async () => {
    const track = await getTrackForEditing(t.db);
    if (!track) throw new Error("no track");
    const checkpoints = track.checkpoints.map((c) => ({
      key: c.key,
      title: `${c.title} (v2)`,
      guide: c.guide,
      needsSignoff: c.needsSignoff,
    }));
    expect(await saveTrackVersion(t.db, { actorId: mentor, checkpoints })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(await saveTrackVersion(t.db, { actorId: lead, checkpoints })).toMatchObject({
      ok: true,
    });
  });
});
