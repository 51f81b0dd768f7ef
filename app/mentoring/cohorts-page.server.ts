import type { DB } from "#db/client";
import { toilBoard } from "~/knowledge/toil.server";
import type { Locale } from "~/lib/i18n/locales";
import { type CheckpointMedian, getCohortDashboard } from "./analytics.server";
import { localStepTitle, stepTitleAsWritten } from "./step-text.server";

/** How many recurring chores the Cohorts page shows (the toil board has them all). */
export const TOP_TOIL = 5;

/**
 * The Cohorts page: the cohort dashboard with its long lists cut to their `top` rows unless all
 * are asked for. Who is stuck comes longest-stuck first, each with their mentor's name; mentors
 * fullest first.
 */
export async function getCohortsPage(
  db: DB,
  input: {
    cohort?: string | null;
    workingDays: number;
    weeks: number;
    top: number;
    allStuck: boolean;
    allMentors: boolean;
    /** The viewer's language, for the default track's step names (a lead's own stay as written). */
    locale?: Locale;
  },
  now: Date,
) {
  const { top, workingDays } = input;
  const locale = input.locale ?? "en";
  const named = (c: CheckpointMedian) => ({
    ...c,
    title: localStepTitle(c, locale),
    /** A lead's own step name, as written (it may be in the other language than the page's). */
    titleAsWritten: stepTitleAsWritten(c),
  });
  const [dashboard, toil] = await Promise.all([
    getCohortDashboard(db, { cohort: input.cohort, workingDays, weeks: input.weeks }, now),
    toilBoard(db, { limit: TOP_TOIL }),
  ]);
  const mentorNames = new Map(dashboard.mentors.map((m) => [m.id, m.name]));
  const stuck = [...dashboard.stuck].sort((a, b) => b.workingDays - a.workingDays);
  return {
    ...dashboard,
    checkpoints: dashboard.checkpoints.map(named),
    bottleneck: dashboard.bottleneck && named(dashboard.bottleneck),
    stuck: (input.allStuck ? stuck : stuck.slice(0, top)).map((s) => ({
      ...s,
      mentorName: s.mentorId === null ? null : (mentorNames.get(s.mentorId) ?? null),
    })),
    stuckTotal: stuck.length,
    mentors: input.allMentors ? dashboard.mentors : dashboard.mentors.slice(0, top),
    mentorsTotal: dashboard.mentors.length,
    fullMentors: dashboard.mentors.filter((m) => m.full).length,
    workingDays,
    /** The top recurring toil across the team, most minutes first (journey 6). */
    toil: toil.map((g) => ({
      key: `${g.component}:${g.key}`,
      component: g.component,
      description: g.description,
      count: g.count,
      totalMinutes: g.totalMinutes,
    })),
  };
}
