import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMemberStatus } from "~/auth/users.server";
import {
  checkpointTimes,
  getCohortDashboard,
  isoWeek,
  listCohorts,
  median,
  resolvedPerWeek,
  stuckAssignments,
  timeToFirstFix,
} from "~/mentoring/analytics.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { claimTicket, releaseClaim } from "~/mentoring/claims.server";
import { listMentorLoads } from "~/mentoring/mentors.server";
import {
  currentTrackVersionId,
  listTrackCheckpoints,
  saveTrackVersion,
} from "~/mentoring/tracks.server";
import { setWorksAsDesigned } from "~/mentoring/works-as-designed.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { turnsDuring } from "../support/wait";

const at = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

// "Now" is Friday 6 November 2026, noon UTC: the last 8 ISO weeks are W38 (from Monday 14
// September) to W45 (from Monday 2 November).
const NOW = at("2026-11-06T12:00:00Z");

let t: TestDatabase;
let lead: number;
const mentors = { m1: 0, m2: 0 };
const people: Record<string, number> = {};
const assignments: Record<string, number> = {};

async function claim(newcomer: string, mentorId: number, when: string) {
  const ticketId = await createTicket(
    t.db,
    {
      actorId: lead,
      ticket: {
        title: `Bug for ${newcomer}`,
        body: "",
        component: "billing",
        labels: ["starter"],
        difficulty: 1,
        starter: true,
      },
    },
    at(when),
  );
  const result = await claimTicket(
    t.db,
    { ticketId, newcomerId: people[newcomer] as number, mentorId, defaultLimit: 1 },
    at(when),
  );
  if (!result.ok) throw new Error(`claim failed: ${result.reason}`);
  return { ticketId, assignmentId: result.assignmentId };
}

/** Finishes checkpoint `key` at `when`: evidence from the newcomer, then the mentor's approval. */
async function finish(assignmentId: number, key: string, when: string) {
  const view = await getAssignment(t.db, assignmentId);
  const cp = view?.checkpoints.find((c) => c.key === key);
  if (!view || !cp) throw new Error(`no checkpoint ${key}`);
  const submitted = await submitEvidence(
    t.db,
    {
      assignmentCheckpointId: cp.id,
      actor: { id: view.newcomerId, role: "newcomer" },
      evidence: { notes: `Done: ${key}`, links: [], minutes: null },
    },
    at(when),
  );
  expect(submitted.ok).toBe(true);
  if (cp.needsSignoff) {
    const reviewed = await reviewCheckpoint(
      t.db,
      {
        assignmentCheckpointId: cp.id,
        actor: { id: view.mentorId as number, role: "mentor" },
        decision: "approve",
        comment: "Good.",
      },
      at(when),
    );
    expect(reviewed.ok).toBe(true);
  }
}

/** Claims at `claimed`, then finishes each step that many days after the previous one. */
async function work(
  name: string,
  newcomer: string,
  mentorId: number,
  claimed: string,
  steps: [key: string, days: number][],
) {
  const { assignmentId } = await claim(newcomer, mentorId, claimed);
  assignments[name] = assignmentId;
  let clock = at(claimed).getTime();
  for (const [key, days] of steps) {
    clock += days * 24 * 60 * 60 * 1000;
    await finish(assignmentId, key, new Date(clock).toISOString());
  }
  return assignmentId;
}

beforeAll(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentors.m1 = await buildTestUser(t.db, "mentor", { name: "Mentor One", capacity: 1 });
  mentors.m2 = await buildTestUser(t.db, "mentor", { name: "Mentor Two", capacity: 3 });
  const gone = await buildTestUser(t.db, "mentor", { name: "Gone Mentor", capacity: 2 });
  await setMemberStatus(t.db, { actorId: lead, userId: gone, status: "deactivated" });
  // September 2026 cohort: A, B, C, D (D has not claimed anything). October: E and F.
  for (const [name, startDate] of [
    ["A", "2026-09-01"],
    ["B", "2026-09-07"],
    ["C", "2026-09-14"],
    ["D", "2026-09-21"],
    ["E", "2026-10-01"],
    ["F", "2026-10-05"],
  ] as const) {
    people[name] = await buildTestUser(t.db, "newcomer", { name, startDate });
  }
  const full: [string, number][] = [
    ["reproduce", 1],
    ["locate", 0.5],
    ["root_cause", 3],
    ["failing_test", 1],
    ["fix", 2],
    ["ship", 0.5],
    ["writeup", 1],
  ];
  // A1: resolved 2026-09-11, 10 days after A started (before the 8-week window).
  await work("A1", "A", mentors.m1, "2026-09-02", full);
  // B0: claimed and released the same day: never a fix.
  const b0 = await claim("B", mentors.m2, "2026-09-07T12:00:00Z");
  await releaseClaim(
    t.db,
    { ticketId: b0.ticketId, newcomerId: people.B as number },
    at("2026-09-07T18:00:00Z"),
  );
  // B1: resolved 2026-09-20 (a Sunday, week W38), 13 days after B started.
  await work("B1", "B", mentors.m2, "2026-09-08", [
    ["reproduce", 2],
    ["locate", 1],
    ["root_cause", 4],
    ["failing_test", 1],
    ["fix", 1],
    ["ship", 1],
    ["writeup", 2],
  ]);
  // C1: works as designed after root cause; resolved 2026-09-25 (W39), 11 days after C started.
  const c1 = await work("C1", "C", mentors.m1, "2026-09-15", [
    ["reproduce", 1],
    ["locate", 1],
    ["root_cause", 5],
  ]);
  const wad = await setWorksAsDesigned(
    t.db,
    { assignmentId: c1, actor: { id: people.C as number, role: "newcomer" } },
    at("2026-09-22"),
  );
  expect(wad.ok).toBe(true);
  await finish(c1, "writeup", "2026-09-25");
  // E1: resolved 2026-10-10 (a Saturday, W41), 9 days after E started.
  await work("E1", "E", mentors.m1, "2026-10-02", [
    ["reproduce", 1],
    ["locate", 1],
    ["root_cause", 2],
    ["failing_test", 1],
    ["fix", 1],
    ["ship", 1],
    ["writeup", 1],
  ]);
  // A2: active, nothing since 2026-10-21: stuck. F1: active, last step 2026-11-05: not stuck.
  await work("A2", "A", mentors.m1, "2026-10-20", [["reproduce", 1]]);
  await work("F1", "F", mentors.m2, "2026-10-27", [
    ["reproduce", 3],
    ["locate", 1],
    ["root_cause", 5],
  ]);
});
afterAll(async () => {
  await t.close();
});

describe("median", () => {
  it("takes the middle value, or the mean of the middle two, of unsorted numbers", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([13, 9, 11, 10])).toBe(10.5);
    expect(median([0.5, 1])).toBe(0.75);
  });
});

describe("isoWeek", () => {
  it("numbers weeks from Monday, with the year of their Thursday", () => {
    expect(isoWeek(at("2026-11-06T12:00:00Z"))).toEqual({
      week: "2026-W45",
      start: at("2026-11-02"),
    });
    expect(isoWeek(at("2026-09-20T23:59:59Z")).week).toBe("2026-W38");
    expect(isoWeek(at("2027-01-01")).week).toBe("2026-W53");
    expect(isoWeek(at("2025-12-29")).week).toBe("2026-W01");
  });
});

describe("cohort dashboard", () => {
  it("lists cohorts newest first with their newcomers", async () => {
    expect(await listCohorts(t.db)).toEqual([
      { cohort: "2026-10", newcomers: 2 },
      { cohort: "2026-09", newcomers: 4 },
    ]);
  });

  it("time to first fix: the median over newcomers who have one, as of now", async () => {
    // September: A 10, B 13, C 11 days; D has none.
    expect(await timeToFirstFix(t.db, { cohort: "2026-09" }, NOW)).toEqual({
      newcomers: 4,
      finished: 3,
      medianDays: 11,
    });
    expect(await timeToFirstFix(t.db, { cohort: "2026-10" }, NOW)).toEqual({
      newcomers: 2,
      finished: 1,
      medianDays: 9,
    });
    // All: 9, 10, 11, 13 → the mean of the middle two.
    expect(await timeToFirstFix(t.db, { cohort: null }, NOW)).toEqual({
      newcomers: 6,
      finished: 4,
      medianDays: 10.5,
    });
    // On 21 September only A (10) and B (13) had finished.
    expect(await timeToFirstFix(t.db, { cohort: "2026-09" }, at("2026-09-21"))).toEqual({
      newcomers: 4,
      finished: 2,
      medianDays: 11.5,
    });
  });

  it("days per checkpoint in track order, skipped steps left out, and the bottleneck", async () => {
    const september = await checkpointTimes(t.db, { cohort: "2026-09" }, NOW);
    expect(september.checkpoints).toEqual([
      {
        key: "reproduce",
        title: "Reproduce the bug",
        completions: 4,
        medianDays: 1,
        inTrack: true,
      },
      { key: "locate", title: "Find the code", completions: 3, medianDays: 1, inTrack: true },
      { key: "root_cause", title: "Root cause", completions: 3, medianDays: 4, inTrack: true },
      { key: "failing_test", title: "Failing test", completions: 2, medianDays: 1, inTrack: true },
      { key: "fix", title: "Fix and review", completions: 2, medianDays: 1.5, inTrack: true },
      // 0.5 and 1 → 0.75, shown with one decimal.
      { key: "ship", title: "Ship and verify", completions: 2, medianDays: 0.8, inTrack: true },
      // C's write-up counts from when the steps in between were skipped: 3 days.
      { key: "writeup", title: "Write-up", completions: 3, medianDays: 2, inTrack: true },
    ]);
    expect(september.bottleneck).toMatchObject({ key: "root_cause", medianDays: 4 });

    const october = await checkpointTimes(t.db, { cohort: "2026-10" }, NOW);
    expect(october.checkpoints.map((c) => [c.key, c.completions, c.medianDays])).toEqual([
      ["reproduce", 2, 2],
      ["locate", 2, 1],
      ["root_cause", 2, 3.5],
      ["failing_test", 1, 1],
      ["fix", 1, 1],
      ["ship", 1, 1],
      ["writeup", 1, 1],
    ]);
    expect(october.bottleneck).toMatchObject({ key: "root_cause", medianDays: 3.5 });

    const all = await checkpointTimes(t.db, { cohort: null }, NOW);
    expect(all.checkpoints.map((c) => c.medianDays)).toEqual([1, 1, 4, 1, 1, 1, 1.5]);
    expect(all.bottleneck?.key).toBe("root_cause");
  });

  it("before anything is done there are no medians and no bottleneck", async () => {
    const early = await checkpointTimes(t.db, { cohort: "2026-10" }, at("2026-10-01"));
    expect(early.checkpoints.every((c) => c.completions === 0 && c.medianDays === null)).toBe(true);
    expect(early.bottleneck).toBeNull();
  });

  it("assignments resolved per ISO week: the last 8 weeks up to now, zero-filled", async () => {
    const all = await resolvedPerWeek(t.db, { cohort: null }, NOW);
    expect(all).toEqual([
      { week: "2026-W38", start: "2026-09-14", count: 1 },
      { week: "2026-W39", start: "2026-09-21", count: 1 },
      { week: "2026-W40", start: "2026-09-28", count: 0 },
      { week: "2026-W41", start: "2026-10-05", count: 1 },
      { week: "2026-W42", start: "2026-10-12", count: 0 },
      { week: "2026-W43", start: "2026-10-19", count: 0 },
      { week: "2026-W44", start: "2026-10-26", count: 0 },
      { week: "2026-W45", start: "2026-11-02", count: 0 },
    ]);
    const september = await resolvedPerWeek(t.db, { cohort: "2026-09" }, NOW);
    expect(september.map((w) => w.count)).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    const october = await resolvedPerWeek(t.db, { cohort: "2026-10" }, NOW);
    expect(october.map((w) => w.count)).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it("mentors' load against capacity, active mentors only, fullest first", async () => {
    expect(await listMentorLoads(t.db)).toEqual([
      { id: mentors.m1, name: "Mentor One", active: 1, capacity: 1, full: true },
      { id: mentors.m2, name: "Mentor Two", active: 1, capacity: 3, full: false },
    ]);
  });

  it("stuck assignments in the cohort", async () => {
    const september = await stuckAssignments(t.db, { cohort: "2026-09", workingDays: 3 }, NOW);
    expect(september).toMatchObject([
      { assignmentId: assignments.A2, newcomerName: "A", mentorId: mentors.m1, workingDays: 12 },
    ]);
    expect(await stuckAssignments(t.db, { cohort: "2026-10", workingDays: 3 }, NOW)).toEqual([]);
  });

  it("the dashboard puts it together; an unknown cohort shows all cohorts", async () => {
    const september = await getCohortDashboard(t.db, { cohort: "2026-09", workingDays: 3 }, NOW);
    expect(september).toMatchObject({
      cohort: "2026-09",
      newcomers: 4,
      firstFix: { newcomers: 4, finished: 3, medianDays: 11 },
      bottleneck: { key: "root_cause", title: "Root cause", medianDays: 4 },
    });
    expect(september.stuck.map((s) => s.assignmentId)).toEqual([assignments.A2]);
    expect(september.resolvedPerWeek.map((w) => w.count)).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(september.mentors.map((m) => [m.name, m.active, m.capacity])).toEqual([
      ["Mentor One", 1, 1],
      ["Mentor Two", 1, 3],
    ]);

    const unknown = await getCohortDashboard(t.db, { cohort: "2031-01", workingDays: 3 }, NOW);
    expect(unknown).toMatchObject({
      cohort: null,
      newcomers: 6,
      firstFix: { finished: 4, medianDays: 10.5 },
    });
    expect(unknown.cohorts.map((c) => c.cohort)).toEqual(["2026-10", "2026-09"]);
  });

  // Last in this block: it changes the track.
  it("a step the lead retired keeps its history apart, after the track's steps, and is never the bottleneck", async () => {
    // G, of an August cohort, spent ten days on Failing test before the lead retired that step.
    people.G = await buildTestUser(t.db, "newcomer", { name: "G", startDate: "2026-08-01" });
    await work("G1", "G", mentors.m2, "2026-08-03", [
      ["reproduce", 1],
      ["locate", 1],
      ["root_cause", 1],
      ["failing_test", 10],
    ]);
    const before = await listTrackCheckpoints(t.db, await currentTrackVersionId(t.db));
    const saved = await saveTrackVersion(
      t.db,
      {
        actorId: lead,
        checkpoints: before
          .filter((c) => c.key !== "failing_test")
          .map((c) => ({
            key: c.key,
            title: c.key === "locate" ? "Find the code path" : c.title,
            guide: c.guide,
            needsSignoff: c.needs_signoff === 1,
          })),
      },
      NOW,
    );
    expect(saved).toMatchObject({ ok: true });

    const september = await checkpointTimes(t.db, { cohort: "2026-09" }, NOW);
    expect(september.checkpoints.map((c) => [c.key, c.title, c.medianDays, c.inTrack])).toEqual([
      ["reproduce", "Reproduce the bug", 1, true],
      // A renamed step is the same step: its history goes with its new name.
      ["locate", "Find the code path", 1, true],
      ["root_cause", "Root cause", 4, true],
      ["fix", "Fix and review", 1.5, true],
      ["ship", "Ship and verify", 0.8, true],
      ["writeup", "Write-up", 2, true],
      ["failing_test", "Failing test", 1, false],
    ]);
    expect(september.bottleneck?.key).toBe("root_cause");

    // In August's cohort the retired step took longest; the longest step still walked is named.
    const august = await checkpointTimes(t.db, { cohort: "2026-08" }, NOW);
    expect(august.checkpoints.find((c) => c.key === "failing_test")).toMatchObject({
      medianDays: 10,
      inTrack: false,
    });
    expect(august.bottleneck).toMatchObject({ key: "reproduce", medianDays: 1 });
  });
});

describe("cohort figures over thousands of assignments", () => {
  let big: TestDatabase;
  afterAll(async () => {
    await big?.close();
  });

  it("are read in batches that let the event loop turn, and come out the same", async () => {
    big = await createTestDatabase();
    const lead = await buildTestUser(big.db, "lead");
    const mentor = await buildTestUser(big.db, "mentor", { name: "멘토 한나", capacity: 3 });
    const newcomers: number[] = [];
    for (let i = 0; i < 12; i++)
      newcomers.push(
        await buildTestUser(big.db, "newcomer", { name: `신입 ${i}`, startDate: "2026-09-01" }),
      );
    const ticketId = await createTicket(
      big.db,
      {
        actorId: lead,
        ticket: {
          title: "결제 버튼이 두 번 눌림",
          body: "",
          component: "billing",
          labels: [],
          difficulty: 1,
          starter: true,
        },
      },
      at("2026-09-01"),
    );
    // 4,800 resolved assignments walked through the default track: step n done n days after
    // the claim, so each step took one day (33,600 checkpoint rows).
    const steps = big.sqlite
      .prepare("select id, position from track_checkpoints where track_version_id = 1")
      .all() as { id: number; position: number }[];
    const assignment = big.sqlite.prepare(
      `insert into assignments (ticket_id, newcomer_id, mentor_id, status, claimed_at, last_progress_at, ended_at, track_version_id)
       values (?, ?, ?, 'resolved', ?, ?, ?, 1)`,
    );
    const checkpoint = big.sqlite.prepare(
      `insert into assignment_checkpoints (assignment_id, track_checkpoint_id, state, state_since, done_at)
       values (?, ?, 'completed', ?, ?)`,
    );
    const DAY = 24 * 60 * 60 * 1000;
    big.sqlite.transaction(() => {
      for (let n = 0; n < 4_800; n++) {
        const claimed = at("2026-09-02").getTime() + (n % 30) * DAY;
        const ended = new Date(claimed + steps.length * DAY).toISOString();
        const id = Number(
          assignment.run(
            ticketId,
            newcomers[n % newcomers.length],
            mentor,
            new Date(claimed).toISOString(),
            ended,
            ended,
          ).lastInsertRowid,
        );
        for (const step of steps) {
          const done = new Date(claimed + step.position * DAY).toISOString();
          checkpoint.run(id, step.id, done, done);
        }
      }
    })();

    let times: Awaited<ReturnType<typeof checkpointTimes>> | undefined;
    const turns = await turnsDuring(async () => {
      times = await checkpointTimes(big.db, { cohort: "2026-09" }, at("2026-12-01"));
    });
    // Positions count from 1: the first step too took a day from the claim.
    expect(times?.checkpoints.map((c) => [c.completions, c.medianDays])).toEqual(
      steps.map(() => [4_800, 1]),
    );
    expect(times?.bottleneck?.key).toBe("reproduce");
    expect(turns).toBeGreaterThan(1);
  });
});
