import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { listTeam } from "~/auth/users.server";
import type { Locale } from "~/lib/i18n/locales";
import { pageOf } from "~/lib/paging";
import { currentCheckpoints, openHelpRequests, reviewQueue } from "./assignments.server";
import { findStuck } from "./checkpoints.server";
import { listActiveAssignments } from "./claims.server";
import { componentsOf, listMentorLoads } from "./mentors.server";
import { localStepTitle } from "./step-text.server";

/** Rows per page of the pairings table and of the review queue (a lead sees the whole team's). */
export const BOARD_PAGE_SIZE = 50;

/** How many stuck pairings the call-out names; the table has the rest, the longest stuck first. */
export const STUCK_NAMED = 10;

/**
 * The mentoring board: checkpoints waiting for review, active pairings with their current step
 * and who is stuck (by the rule that also tells their mentor), and every mentor's load. A lead
 * sees every pairing; a mentor sees their own mentees (and the whole team's load, to know who has
 * room). The pairings (stalest first) and the review queue (longest waiting first) come a page at
 * a time: a lead of a big team has thousands, and one page holding them all took a third of a
 * second to build and 1.4 MB.
 */
export async function getMentoringBoard(
  db: DB,
  input: {
    viewer: Actor;
    stuckWorkingDays: number;
    locale?: Locale;
    /** The page of pairings, and of the review queue, from 1. */
    page?: number;
    reviewsPage?: number;
  },
  now: Date = new Date(),
) {
  const { viewer, stuckWorkingDays } = input;
  const locale = input.locale ?? "en";
  const allPairings = can(viewer, "viewAllPairings");
  const mine = allPairings ? {} : { mentorId: viewer.id };
  const team = await listTeam(db);
  const [loads, active, queue, stuck] = await Promise.all([
    listMentorLoads(db, team, "team"),
    listActiveAssignments(db, mine),
    reviewQueue(db, mine),
    findStuck(db, { workingDays: stuckWorkingDays, ...mine }, now),
  ]);
  const pairings = pageOf(active, input.page ?? 1, BOARD_PAGE_SIZE);
  const reviews = pageOf(queue, input.reviewsPage ?? 1, BOARD_PAGE_SIZE);
  const shown = pairings.rows.map((a) => a.id);
  const [steps, helpAsked] = await Promise.all([
    currentCheckpoints(db, shown),
    openHelpRequests(db, shown),
  ]);
  const stuckDays = new Map(stuck.map((s) => [s.assignmentId, s.workingDays]));
  const names = new Map(team.map((u) => [u.id, u.name]));
  // The longest stuck first, as the pairings table (stalest first) lists them.
  const stuckFirst = [...stuck].sort(
    (a, b) => b.workingDays - a.workingDays || a.lastProgressAt.localeCompare(b.lastProgressAt),
  );
  const components = componentsOf(team);
  const mentors = loads.map((m) => ({ ...m, components: components.get(m.id) ?? [] }));
  return {
    /** A lead's view: every pairing, with a mentor column. */
    allPairings,
    /** The viewer's own row when they mentor. */
    myLoad: mentors.find((m) => m.id === viewer.id) ?? null,
    mentors,
    assignments: pairings.rows.map((a) => ({
      ...a,
      step: (() => {
        const step = steps.get(a.id);
        if (!step) return null;
        const { key } = step;
        // No current step: every step is done (null, the page says so in its language).
        return { ...step, title: key ? localStepTitle({ key, title: step.title }, locale) : null };
      })(),
      /** Working days without activity when the pairing is stuck; null when it is not. */
      stuckDays: stuckDays.get(a.id) ?? null,
      /** The newcomer said "I'm stuck" and has made no progress since. */
      helpAsked: helpAsked.has(a.id),
    })),
    pairings: { page: pairings.page, pageCount: pairings.pageCount, total: pairings.total },
    stuckCount: stuck.length,
    /** The longest stuck few, named in the call-out whatever the page. */
    stuckNamed: stuckFirst.slice(0, STUCK_NAMED).map((s) => ({
      assignmentId: s.assignmentId,
      newcomerName: s.newcomerName,
      ticketTitle: s.ticketTitle,
      mentorName: s.mentorId === null ? null : (names.get(s.mentorId) ?? null),
      workingDays: s.workingDays,
    })),
    queue: reviews.rows.map((r) => ({ ...r, title: localStepTitle(r, locale) })),
    reviews: { page: reviews.page, pageCount: reviews.pageCount, total: reviews.total },
    stuckWorkingDays,
  };
}
