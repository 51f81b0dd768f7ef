import { type DB, writeTransaction } from "#db/client";
import { addDays } from "~/lib/time";
import { suggestMentorsFor } from "~/mentoring/mentors.server";
import { claimTicket } from "~/tickets/claims.server";
import { applyStatus, createTicket } from "~/tickets/tickets.server";
import { buildUser, type UserSpec } from "./builders";
import { SEED_TICKETS } from "./tickets";

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
    capacity: 3,
    components: ["billing", "search", "auth"],
  },
  // September cohort
  { email: "newcomer@koan.test", name: "Minjun Kim", role: "newcomer", startDate: "2026-09-07" },
  { email: "ana@koan.test", name: "Ana Sousa", role: "newcomer", startDate: "2026-09-07" },
  { email: "leo@koan.test", name: "Leo Fischer", role: "newcomer", startDate: "2026-09-14" },
  { email: "jiwoo@koan.test", name: "한지우", role: "newcomer", startDate: "2026-09-21" },
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
        ? addDays(now, held === 1 ? -10 : -(held % 3) - 1)
        : addDays(createdAt, 1);
      const [best] = await suggestMentorsFor(db, { newcomerId, component: seed.component });
      if (best) {
        // Seeding plays the lead: history is written in one pass, so the one-claim limit is raised.
        await claimTicket(
          db,
          { ticketId, newcomerId, mentorId: best.mentorId, defaultLimit: 5 },
          claimedAt,
        );
      }
      if (finishing) {
        const doneAt = addDays(claimedAt, 4);
        await writeTransaction(db, (trx) =>
          applyStatus(
            trx,
            state === "resolved"
              ? { ticketId, status: "resolved", actorId: newcomerId }
              : {
                  ticketId,
                  status: "closed",
                  closeReason: "works_as_designed",
                  actorId: newcomerId,
                },
            doneAt,
          ),
        );
        continue;
      }
    }
    if (state === "claimed" && who) continue;
    const status =
      state === "works_as_designed" || state === "duplicate" || state === "wont_fix"
        ? "closed"
        : state;
    await writeTransaction(db, (trx) =>
      applyStatus(
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
  return { userIds: ids };
}
