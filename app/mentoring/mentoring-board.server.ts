import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { listTeam } from "~/auth/users.server";
import type { Locale } from "~/lib/i18n/locales";
import { currentCheckpoints, reviewQueue } from "./assignments.server";
import { findStuck } from "./checkpoints.server";
import { listActiveAssignments } from "./claims.server";
import { componentsOf, listMentorLoads } from "./mentors.server";
import { localStepTitle } from "./step-text.server";

/**
 * The mentoring board: checkpoints waiting for review, active pairings with their current step
 * and who is stale or stuck, and every mentor's load. A lead sees every pairing; a mentor sees
 * their own mentees (and the whole team's load, to know who has room).
 */
export async function getMentoringBoard(
  db: DB,
  input: { viewer: Actor; staleDays: number; stuckWorkingDays: number; locale?: Locale },
  now: Date = new Date(),
) {
  const { viewer, staleDays, stuckWorkingDays } = input;
  const locale = input.locale ?? "en";
  const allPairings = can(viewer, "viewAllPairings");
  const mine = allPairings ? {} : { mentorId: viewer.id };
  const team = await listTeam(db);
  const [loads, active, queue, stuck] = await Promise.all([
    listMentorLoads(db, team, "team"),
    listActiveAssignments(db, { staleDays, ...mine }, now),
    reviewQueue(db, mine),
    findStuck(db, { workingDays: stuckWorkingDays, ...mine }, now),
  ]);
  const steps = await currentCheckpoints(
    db,
    active.map((a) => a.id),
  );
  const stuckIds = new Set(stuck.map((s) => s.assignmentId));
  const components = componentsOf(team);
  const mentors = loads.map((m) => ({ ...m, components: components.get(m.id) ?? [] }));
  return {
    /** A lead's view: every pairing, with a mentor column. */
    allPairings,
    /** The viewer's own row when they mentor. */
    myLoad: mentors.find((m) => m.id === viewer.id) ?? null,
    mentors,
    assignments: active.map((a) => ({
      ...a,
      step: (() => {
        const step = steps.get(a.id);
        if (!step) return null;
        const { key } = step;
        // No current step: every step is done (null, the page says so in its language).
        return { ...step, title: key ? localStepTitle({ key, title: step.title }, locale) : null };
      })(),
      stuck: stuckIds.has(a.id),
    })),
    staleCount: active.filter((a) => a.stale).length,
    staleDays,
    queue: queue.map((r) => ({ ...r, title: localStepTitle(r, locale) })),
    stuckDays: stuckWorkingDays,
  };
}
