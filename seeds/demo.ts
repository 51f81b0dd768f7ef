import { type DB, writeTransaction } from "#db/client";
import { addDays } from "~/lib/time";
import { reviewCheckpoint, submitEvidence } from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { suggestMentorsFor } from "~/mentoring/mentors.server";
import { applyTicketStatus } from "~/mentoring/ticket-status.server";
import { setWorksAsDesigned } from "~/mentoring/works-as-designed.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildUser, type UserSpec } from "./builders";
import { SEED_TICKETS } from "./tickets";
import { seedWriteups } from "./writeups";

/**
 * The demo organisation: Hanbit Pay, a small payments team. Written for Koan; deterministic
 * (same people, tickets and pairings in the same order on an empty database; times are relative
 * to when it is seeded, so ages and "stale" read the same on every first start).
 */
export const COMPONENTS = [
  "billing",
  "auth",
  "search",
  "notifications",
  "imports",
  "web-ui",
] as const;

export const DEMO_USERS: readonly UserSpec[] = [
  { email: "lead@koan.test", name: "Seo-yeon Park", role: "lead" },
  {
    email: "mentor@koan.test",
    name: "Tomás Rivera",
    role: "mentor",
    capacity: 3,
    components: ["billing", "imports"],
  },
  {
    email: "priya@koan.test",
    name: "Priya Raman",
    role: "mentor",
    capacity: 2,
    components: ["search", "web-ui"],
  },
  {
    email: "daniel@koan.test",
    name: "Daniel Osei",
    role: "mentor",
    capacity: 2,
    components: ["auth", "notifications"],
  },
  {
    email: "yuna@koan.test",
    name: "최유나",
    role: "mentor",
    locale: "ko",
    timeZone: "Asia/Seoul",
    capacity: 3,
    components: ["billing", "search", "auth"],
  },
  // September cohort
  { email: "newcomer@koan.test", name: "Minjun Kim", role: "newcomer", startDate: "2026-09-07" },
  { email: "ana@koan.test", name: "Ana Sousa", role: "newcomer", startDate: "2026-09-07" },
  { email: "leo@koan.test", name: "Leo Fischer", role: "newcomer", startDate: "2026-09-14" },
  {
    email: "jiwoo@koan.test",
    name: "한지우",
    role: "newcomer",
    startDate: "2026-09-21",
    locale: "ko",
    timeZone: "Asia/Seoul",
  },
  // October cohort
  { email: "sam@koan.test", name: "Sam Whitfield", role: "newcomer", startDate: "2026-10-05" },
  {
    email: "fatima@koan.test",
    name: "Fatima Zahra Benali",
    role: "newcomer",
    startDate: "2026-10-05",
  },
  { email: "noah@koan.test", name: "Noah Schmidt", role: "newcomer", startDate: "2026-10-12" },
  { email: "aiko@koan.test", name: "Aiko Tanaka", role: "newcomer", startDate: "2026-10-19" },
  // Starts fresh, in Korean: no ticket yet.
  {
    email: "seojun@koan.test",
    name: "박서준",
    role: "newcomer",
    startDate: "2026-10-26",
    locale: "ko",
    timeZone: "Asia/Seoul",
  },
];

/** Who finished which starter tickets before (September first), and who holds one now. */
const FINISHERS = [
  "newcomer",
  "ana",
  "leo",
  "jiwoo",
  "newcomer",
  "ana",
  "leo",
  "jiwoo",
  "sam",
  "fatima",
];
const HOLDERS = ["ana", "leo", "jiwoo", "sam", "fatima", "noah", "aiko"];

export type Step = [key: string, action: "submit" | "approve" | "changes" | "wad", at: number];

/** A finished fix: root cause is where the demo's newcomers wait longest. Times in units. */
export const FULL_PLAN: Step[] = [
  ["reproduce", "submit", 1],
  ["reproduce", "approve", 1.5],
  ["locate", "submit", 2],
  ["root_cause", "submit", 4.5],
  ["root_cause", "approve", 5],
  ["failing_test", "submit", 6],
  ["failing_test", "approve", 6.5],
  ["fix", "submit", 7.5],
  ["fix", "approve", 8],
  ["ship", "submit", 9],
  ["writeup", "submit", 9.5],
  ["writeup", "approve", 10],
];
export const WAD_PLAN: Step[] = [
  ["reproduce", "submit", 1],
  ["reproduce", "approve", 1.5],
  ["root_cause", "submit", 3.5],
  ["root_cause", "wad", 3.6],
  ["root_cause", "approve", 4],
  ["writeup", "submit", 5],
  ["writeup", "approve", 5.5],
];
/** The seven held claims, one per stage: untouched (stuck), waiting for review, changes requested… */
const HELD_PLANS: Step[][] = [
  [],
  [
    ["reproduce", "submit", 1],
    ["reproduce", "approve", 2],
    ["locate", "submit", 3],
    ["root_cause", "submit", 4],
  ],
  [["reproduce", "submit", 2]],
  [
    ["reproduce", "submit", 1],
    ["reproduce", "approve", 1.5],
    ["locate", "submit", 2],
    ["root_cause", "submit", 3],
    ["root_cause", "approve", 4],
    ["failing_test", "submit", 5],
    ["failing_test", "approve", 6],
    ["fix", "submit", 7],
  ],
  [
    ["reproduce", "submit", 1],
    ["reproduce", "changes", 3],
  ],
  [
    ["reproduce", "submit", 1],
    ["reproduce", "approve", 1.5],
    ["locate", "submit", 2],
    ["root_cause", "submit", 3],
    ["root_cause", "approve", 3.5],
    ["failing_test", "submit", 4],
    ["failing_test", "approve", 4.5],
    ["fix", "submit", 5],
    ["fix", "approve", 6],
    ["ship", "submit", 7],
    ["writeup", "submit", 8],
  ],
  [],
];

const NOTES: Record<string, string> = {
  reproduce:
    "Reproduced on staging with a test org. Steps:\n\n1. Open the page\n2. Trigger the action twice\n\nSaw the wrong result both times.",
  locate:
    "The behaviour comes from the service layer; found it by searching for the error text and following the call in the debugger.",
  root_cause: "The value is computed before the user's settings are loaded, so the default wins.",
  failing_test:
    "Added a test that loads the settings first and asserts the result; it fails on main.",
  fix: "Load settings before computing; the test passes. Review asked for a clearer name, done.",
  ship: "Released in this week's deploy; checked the customer's account afterwards.",
  writeup: "Symptom, cause, fix and how I found it, ready for the knowledge base.",
};

/**
 * Walks an assignment along `plan` as its newcomer and mentor would, `at` units of
 * `hoursPerUnit` after `start`; a refused step is a bug in the plan, so it throws. Shared by the
 * demo and the benchmark dataset.
 */
export async function walkTrack(
  w: { db: DB; assignmentId: number; newcomerId: number; mentorId: number; start: Date },
  plan: readonly Step[],
  hoursPerUnit: number,
) {
  const steps = await w.db
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .select(["ac.id", "tc.key"])
    .where("ac.assignment_id", "=", w.assignmentId)
    .execute();
  const idOf = (key: string) => steps.find((s) => s.key === key)?.id ?? 0;
  const newcomer = { id: w.newcomerId, role: "newcomer" as const };
  const mentor = { id: w.mentorId, role: "mentor" as const };
  for (const [key, action, at] of plan) {
    const when = new Date(w.start.getTime() + at * hoursPerUnit * 3_600_000);
    const links =
      key === "fix"
        ? [{ label: "PR", url: `https://github.com/hanbit-pay/app/pull/${4000 + w.assignmentId}` }]
        : [];
    const result =
      action === "submit"
        ? await submitEvidence(
            w.db,
            {
              assignmentCheckpointId: idOf(key),
              actor: newcomer,
              evidence: {
                notes: NOTES[key] ?? "Done.",
                links,
                minutes: 30 + ((w.assignmentId * 17) % 90),
              },
            },
            when,
          )
        : action === "wad"
          ? await setWorksAsDesigned(w.db, { assignmentId: w.assignmentId, actor: newcomer }, when)
          : await reviewCheckpoint(
              w.db,
              {
                assignmentCheckpointId: idOf(key),
                actor: mentor,
                decision: action === "approve" ? "approve" : "request_changes",
                comment:
                  action === "approve"
                    ? "Clear and convincing, thanks."
                    : "Which browser and account did you use? Add the exact steps so I can follow them.",
              },
              when,
            );
    if (!result.ok) throw new Error(`${key} ${action} refused: ${result.reason}`);
  }
}

export async function seedDemo(db: DB, now: Date = new Date()) {
  const ids: Record<string, number> = {};
  for (const spec of DEMO_USERS)
    ids[spec.email.split("@")[0] ?? spec.email] = await buildUser(db, spec, now);
  const lead = ids.lead as number;
  const mentorReporter = ids.mentor as number;

  let finished = 0;
  let held = 0;
  for (const [index, seed] of SEED_TICKETS.entries()) {
    const createdAt = addDays(now, -seed.age);
    const ticketId = await createTicket(
      db,
      {
        actorId: index % 3 === 0 ? mentorReporter : lead,
        ticket: { ...seed, labels: [...seed.labels] },
      },
      createdAt,
    );
    const state = seed.state;
    if (!state || state === "open") continue;

    const finishing = state === "resolved" || state === "works_as_designed";
    const holding = state === "claimed" || state === "in_progress" || state === "in_review";
    const who = seed.starter
      ? finishing
        ? FINISHERS[finished++ % FINISHERS.length]
        : holding
          ? HOLDERS[held++]
          : undefined
      : undefined;

    if (who) {
      const newcomerId = ids[who] as number;
      // The first held claim is left without progress for 10 days: the demo's stale claim.
      const claimedAt = holding
        ? addDays(now, held === 1 ? -10 : -(held % 2) - 1)
        : addDays(createdAt, 1);
      const [best] = await suggestMentorsFor(db, { newcomerId, component: seed.component });
      if (best) {
        // Seeding plays the lead: history is written in one pass, so the one-claim limit is raised.
        const claim = await claimTicket(
          db,
          { ticketId, newcomerId, mentorId: best.mentorId, defaultLimit: 5 },
          claimedAt,
        );
        if (claim.ok) {
          const walk = {
            db,
            assignmentId: claim.assignmentId,
            newcomerId,
            mentorId: best.mentorId,
            start: claimedAt,
          };
          if (finishing) {
            await walkTrack(walk, state === "works_as_designed" ? WAD_PLAN : FULL_PLAN, 24);
            continue;
          }
          await walkTrack(walk, HELD_PLANS[held - 1] ?? [], 2);
        }
      }
    }
    if (state === "claimed" && who) continue;
    const status =
      state === "works_as_designed" || state === "duplicate" || state === "wont_fix"
        ? "closed"
        : state;
    await writeTransaction(db, (trx) =>
      applyTicketStatus(
        trx,
        {
          ticketId,
          status,
          closeReason:
            status === "closed" ? (state as "works_as_designed" | "duplicate" | "wont_fix") : null,
          actorId: lead,
        },
        addDays(now, -1),
      ),
    );
  }
  await seedWriteups(db, { userIds: ids, now });
  // History is history: notifications about finished work start out read, so inboxes stay calm.
  await db
    .updateTable("notifications")
    .set((eb) => ({ read_at: eb.ref("created_at") }))
    .where("assignment_id", "in", (eb) =>
      eb.selectFrom("assignments").select("id").where("status", "!=", "active"),
    )
    .execute();
  return { userIds: ids };
}
