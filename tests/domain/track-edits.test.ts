import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMinutes } from "~/lib/time";
import { checkpointTimes } from "~/mentoring/analytics.server";
import { getAssignmentPage } from "~/mentoring/assignment-page.server";
import { getAssignment } from "~/mentoring/assignments.server";
import { reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import {
  type CheckpointDraft,
  currentTrackVersionId,
  listTrackCheckpoints,
  saveTrackVersion,
} from "~/mentoring/tracks.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

// A lead edits the track while newcomers are part-way along it: steps renamed, retired, added and
// moved. An assignment in progress keeps the steps it was claimed with, its evidence and reviews,
// and goes on to the end; the pages and the cohort figures read both versions without failing.

const now = new Date("2026-11-20T09:00:00Z");
let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;

beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 5, components: ["billing"] });
  newcomer = await buildTestUser(t.db, "newcomer", { name: "김민준" });
});
afterEach(async () => {
  await t.close();
});

const asNewcomer = () => ({ id: newcomer, role: "newcomer" as const });
const asMentor = () => ({ id: mentor, role: "mentor" as const });

async function send(step: number, notes: string, at: Date) {
  const sent = await submitEvidence(
    t.db,
    {
      assignmentCheckpointId: step,
      actor: asNewcomer(),
      evidence: { notes, links: [], minutes: 20 },
    },
    at,
  );
  expect(sent.ok).toBe(true);
  return sent;
}

async function approve(step: number, comment: string, at: Date) {
  const given = await reviewCheckpoint(
    t.db,
    { assignmentCheckpointId: step, actor: asMentor(), decision: "approve", comment },
    at,
  );
  expect(given.ok).toBe(true);
  return given;
}

describe("a track edited while an assignment is on it", () => {
  it("keeps the assignment's steps, evidence and reviews, and lets it finish", async () => {
    const { assignmentId, step } = await claimStarter(t.db, { lead, newcomer, mentor }, now);
    const at = (minutes: number) => addMinutes(now, minutes);
    const stepId = (key: string) => {
      const id = step[key];
      if (id === undefined) throw new Error(`no step ${key}`);
      return id;
    };
    await send(stepId("reproduce"), "Reproduced with a 1,000.005 invoice.", at(10));
    await approve(stepId("reproduce"), "Clear steps, thanks.", at(20));
    await send(stepId("locate"), "billing/rounding.ts, sumLines().", at(30));
    // Root cause waits for the mentor's review when the track changes.
    await send(stepId("root_cause"), "Each line is rounded before the sum.", at(35));

    // The lead renames Find the code, retires Ship, moves Fix before Failing test, and adds a step.
    const v1 = await listTrackCheckpoints(t.db, await currentTrackVersionId(t.db));
    const draft = (key: string): CheckpointDraft => {
      const c = v1.find((row) => row.key === key);
      if (!c) throw new Error(`no checkpoint ${key}`);
      return { key, title: c.title, guide: c.guide, needsSignoff: c.needs_signoff === 1 };
    };
    const saved = await saveTrackVersion(
      t.db,
      {
        actorId: lead,
        checkpoints: [
          draft("reproduce"),
          { ...draft("locate"), title: "Find the code path" },
          draft("root_cause"),
          draft("fix"),
          draft("failing_test"),
          draft("writeup"),
          { title: "Tell the reporter", guide: "Reply on the ticket.", needsSignoff: false },
        ],
      },
      at(40),
    );
    expect(saved).toMatchObject({ ok: true, version: 2 });

    // The assignment still reads as it was claimed: its titles, its order, its work.
    const after = await getAssignment(t.db, assignmentId);
    expect(after?.checkpoints.map((c) => c.key)).toEqual([
      "reproduce",
      "locate",
      "root_cause",
      "failing_test",
      "fix",
      "ship",
      "writeup",
    ]);
    expect(after?.checkpoints.find((c) => c.key === "locate")?.title).toBe("Find the code");
    const reproduce = after?.checkpoints.find((c) => c.key === "reproduce");
    expect(reproduce?.state).toBe("approved");
    expect(reproduce?.evidence.map((e) => e.notes)).toEqual([
      "Reproduced with a 1,000.005 invoice.",
    ]);
    expect(JSON.stringify(reproduce)).toContain("Clear steps, thanks.");
    const locate = after?.checkpoints.find((c) => c.key === "locate");
    expect(locate?.evidence.map((e) => e.notes)).toEqual(["billing/rounding.ts, sumLines()."]);
    const rootCause = after?.checkpoints.find((c) => c.key === "root_cause");
    expect(rootCause?.state).toBe("submitted");
    expect(rootCause?.evidence.map((e) => e.notes)).toEqual([
      "Each line is rounded before the sum.",
    ]);

    // Its page draws for the newcomer and the mentor, in English and Korean.
    for (const viewer of [asNewcomer(), asMentor()]) {
      for (const locale of ["en", "ko"] as const) {
        const page = await getAssignmentPage(t.db, { assignmentId, viewer, locale }, at(45));
        expect(page.ok).toBe(true);
      }
    }

    // The review waiting since before the edit is given, and the rest of the old steps are walked,
    // the retired Ship among them, to the end.
    await approve(stepId("root_cause"), "Yes, that is it.", at(50));
    let minute = 60;
    for (const key of ["failing_test", "fix", "ship", "writeup"]) {
      const sent = await send(stepId(key), `Done: ${key}.`, at(minute));
      const cp = after?.checkpoints.find((c) => c.key === key);
      if (cp?.needsSignoff && sent.ok && sent.state !== "completed")
        await approve(stepId(key), "", at(minute + 5));
      minute += 10;
    }
    const finished = await getAssignment(t.db, assignmentId);
    expect(finished?.status).toBe("resolved");
    expect(
      finished?.checkpoints.every((c) => c.state === "approved" || c.state === "completed"),
    ).toBe(true);

    // The cohort figures read both versions: the current track's steps in order, then Ship.
    const times = await checkpointTimes(t.db, { cohort: null }, at(200));
    const keys = times.checkpoints.map((c) => c.key);
    expect(keys.slice(0, 7)).toEqual([
      "reproduce",
      "locate",
      "root_cause",
      "fix",
      "failing_test",
      "writeup",
      "tell_the_reporter",
    ]);
    expect(keys).toContain("ship");
    expect(times.checkpoints.find((c) => c.key === "locate")?.title).toBe("Find the code path");
  });
});
