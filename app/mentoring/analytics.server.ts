import type { DB } from "#db/client";
import type { AssignmentStatus, CheckpointState } from "#db/schema";
import { listTeam, type TeamMember } from "~/auth/users.server";
import { cachedByVersions, dataVersion } from "~/lib/data-versions.server";
import { timeSlicer } from "~/lib/time-slice";
import { DONE_STATES } from "./checkpoint-states";
import { findStuck, type StuckAssignment } from "./checkpoints.server";
import { listMentorLoads, type MentorLoad } from "./mentors.server";
import { currentTrackVersionId, listTrackCheckpoints } from "./tracks.server";

// The lead's cohort view: how long newcomers take to a first fix, where they wait longest, how
// much gets resolved each week, how full mentors are, and who is stuck. Every figure is computed
// "as of `now`" so tests (and a future "as of" view) control the clock.

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** The exact median: the middle value, or the mean of the middle two; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/** Days with one decimal, rounded once at the end (never before taking a median). */
export function roundDays(days: number): number {
  return Math.round(days * 10) / 10;
}

/** The ISO-8601 week (Monday to Sunday, UTC) of `date`: "2026-W38" and its Monday. */
export function isoWeek(date: Date): { week: string; start: Date } {
  const day = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const start = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - day * DAY_MS,
  );
  const thursday = new Date(start.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const number = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return { week: `${year}-W${String(number).padStart(2, "0")}`, start };
}

function startOfDay(date: string): number {
  return Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
}

// ---------------------------------------------------------------------------------------------
// What a cohort is made of

interface ScopeNewcomer {
  id: number;
  startDate: string;
  cohort: string;
}

interface ScopeAssignment {
  id: number;
  newcomerId: number;
  status: AssignmentStatus;
  claimedAt: string;
  endedAt: string | null;
}

interface ScopeStep {
  assignmentId: number;
  key: string;
  title: string;
  position: number;
  trackVersionId: number;
  state: CheckpointState;
  doneAt: string | null;
}

interface Scope {
  /** null: every cohort. */
  cohort: string | null;
  newcomers: ScopeNewcomer[];
  assignments: ScopeAssignment[];
  steps: ScopeStep[];
}

/** Assignments whose checkpoints are read per query. */
const STEPS_BATCH = 500;

/**
 * The newcomers of one cohort (or of all), their assignments and their checkpoints. Deactivated
 * newcomers stay in their cohort: they started that month, and their times are real.
 */
async function loadScope(
  db: DB,
  cohort: string | null,
  team?: readonly TeamMember[],
): Promise<Scope> {
  team ??= await listTeam(db);
  const newcomers = team.flatMap((m) =>
    m.role === "newcomer" && m.cohort && m.startDate && (cohort === null || m.cohort === cohort)
      ? [{ id: m.id, startDate: m.startDate, cohort: m.cohort }]
      : [],
  );
  if (newcomers.length === 0) return { cohort, newcomers, assignments: [], steps: [] };
  const ids = newcomers.map((n) => n.id);
  const assignments = await db
    .selectFrom("assignments")
    .select([
      "id",
      "newcomer_id as newcomerId",
      "status",
      "claimed_at as claimedAt",
      "ended_at as endedAt",
    ])
    .where("newcomer_id", "in", ids)
    .orderBy("id")
    .execute();
  // Seven checkpoints an assignment: 70,000 rows at 10,000 assignments, 0.4 s in one query. Read
  // them a bounded batch of assignments at a time, letting the event loop turn between slices.
  const steps: ScopeStep[] = [];
  const slice = timeSlicer();
  for (let from = 0; from < assignments.length; from += STEPS_BATCH) {
    await slice();
    const batch = assignments.slice(from, from + STEPS_BATCH).map((a) => a.id);
    const rows = await db
      .selectFrom("assignment_checkpoints as ac")
      .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
      .select([
        "ac.assignment_id as assignmentId",
        "tc.key",
        "tc.title",
        "tc.position",
        "tc.track_version_id as trackVersionId",
        "ac.state",
        "ac.done_at as doneAt",
      ])
      .where("ac.assignment_id", "in", batch)
      .orderBy("ac.assignment_id")
      .orderBy("tc.position")
      .execute();
    for (const row of rows) steps.push(row);
  }
  return { cohort, newcomers, assignments, steps };
}

/** Cohorts (start months, `YYYY-MM`) with their newcomer counts, newest first. */
export async function listCohorts(
  db: DB,
  team?: readonly TeamMember[],
): Promise<{ cohort: string; newcomers: number }[]> {
  const counts = new Map<string, number>();
  for (const m of team ?? (await listTeam(db))) {
    if (m.role === "newcomer" && m.cohort) counts.set(m.cohort, (counts.get(m.cohort) ?? 0) + 1);
  }
  return [...counts]
    .map(([cohort, newcomers]) => ({ cohort, newcomers }))
    .sort((a, b) => b.cohort.localeCompare(a.cohort));
}

// ---------------------------------------------------------------------------------------------
// Time to first fix

export interface FirstFix {
  newcomers: number;
  /** Newcomers with at least one resolved assignment by `now`. */
  finished: number;
  /** Median days from start date to the first resolved assignment's end; null when none. */
  medianDays: number | null;
}

function computeFirstFix(scope: Scope, now: Date): FirstFix {
  const cutoff = now.getTime();
  const firstEnd = new Map<number, number>();
  for (const a of scope.assignments) {
    if (a.status !== "resolved" || !a.endedAt) continue;
    const ended = Date.parse(a.endedAt);
    if (ended > cutoff) continue;
    const seen = firstEnd.get(a.newcomerId);
    if (seen === undefined || ended < seen) firstEnd.set(a.newcomerId, ended);
  }
  const days = scope.newcomers.flatMap((n) => {
    const ended = firstEnd.get(n.id);
    return ended === undefined ? [] : [(ended - startOfDay(n.startDate)) / DAY_MS];
  });
  const mid = median(days);
  return {
    newcomers: scope.newcomers.length,
    finished: days.length,
    medianDays: mid === null ? null : roundDays(mid),
  };
}

/** Median days from a newcomer's start date to the end of their first resolved assignment. */
export async function timeToFirstFix(
  db: DB,
  filter: { cohort: string | null },
  now: Date,
): Promise<FirstFix> {
  return computeFirstFix(await loadScope(db, filter.cohort), now);
}

// ---------------------------------------------------------------------------------------------
// Days per checkpoint

export interface CheckpointMedian {
  key: string;
  title: string;
  /** Checkpoints approved or completed by `now` (skipped ones never count). */
  completions: number;
  /** Median days each took, one decimal; null when none is done yet. */
  medianDays: number | null;
  /** False for a step only older versions of the track had (its history, kept apart). */
  inTrack: boolean;
}

export interface CheckpointTimes {
  /** In track order: the current track's checkpoints, then keys only older versions had. */
  checkpoints: CheckpointMedian[];
  /**
   * The current track's checkpoint with the largest median (the earlier one on a tie); null
   * without data. A retired step is never it: nobody can act on a step no longer walked.
   */
  bottleneck: CheckpointMedian | null;
}

/**
 * How long each done checkpoint took: from when the step could start (the latest earlier
 * checkpoint's done_at, or the claim for the first) to its own done_at. A step finished ahead of
 * an earlier one counts 0 days: the wait belongs to the step that held things up.
 */
function computeCheckpointTimes(
  scope: Scope,
  track: readonly { key: string; title: string; position: number }[],
  now: Date,
): CheckpointTimes {
  const cutoff = now.getTime();
  const claims = new Map(scope.assignments.map((a) => [a.id, Date.parse(a.claimedAt)]));
  const durations = new Map<string, number[]>();
  // Titles and order for keys the current track no longer has: the newest version's wins.
  const seen = new Map<string, { title: string; position: number; version: number }>();
  const byAssignment = new Map<number, ScopeStep[]>();
  for (const step of scope.steps) {
    byAssignment.set(step.assignmentId, [...(byAssignment.get(step.assignmentId) ?? []), step]);
    const known = seen.get(step.key);
    if (!known || step.trackVersionId > known.version) {
      seen.set(step.key, {
        title: step.title,
        position: step.position,
        version: step.trackVersionId,
      });
    }
  }
  for (const [assignmentId, steps] of byAssignment) {
    const claimed = claims.get(assignmentId);
    if (claimed === undefined || claimed > cutoff) continue;
    let ready = claimed;
    for (const step of [...steps].sort((a, b) => a.position - b.position)) {
      if (!DONE_STATES.includes(step.state) || !step.doneAt) continue;
      const done = Date.parse(step.doneAt);
      if (done > cutoff) continue;
      if (step.state !== "skipped") {
        const list = durations.get(step.key) ?? [];
        list.push(Math.max(0, done - ready) / DAY_MS);
        durations.set(step.key, list);
      }
      ready = Math.max(ready, done);
    }
  }
  const order = [
    ...track.map((c) => ({ key: c.key, title: c.title, rank: 0, position: c.position })),
    ...[...seen]
      .filter(([key]) => !track.some((c) => c.key === key) && durations.has(key))
      .map(([key, s]) => ({ key, title: s.title, rank: 1, position: s.position })),
  ].sort((a, b) => a.rank - b.rank || a.position - b.position);
  const checkpoints: CheckpointMedian[] = [];
  let bottleneck: CheckpointMedian | null = null;
  let longest = Number.NEGATIVE_INFINITY;
  for (const { key, title, rank } of order) {
    const values = durations.get(key) ?? [];
    const exact = median(values);
    const row = {
      key,
      title,
      completions: values.length,
      medianDays: exact === null ? null : roundDays(exact),
      inTrack: rank === 0,
    };
    checkpoints.push(row);
    if (row.inTrack && exact !== null && exact > longest) {
      longest = exact;
      bottleneck = row;
    }
  }
  return { checkpoints, bottleneck };
}

async function currentTrack(db: DB) {
  return listTrackCheckpoints(db, await currentTrackVersionId(db));
}

/** Median days per checkpoint, in track order, and the bottleneck. */
export async function checkpointTimes(
  db: DB,
  filter: { cohort: string | null },
  now: Date,
): Promise<CheckpointTimes> {
  const [scope, track] = await Promise.all([loadScope(db, filter.cohort), currentTrack(db)]);
  return computeCheckpointTimes(scope, track, now);
}

// ---------------------------------------------------------------------------------------------
// Resolved per week

export interface WeekCount {
  /** ISO week, "2026-W38". */
  week: string;
  /** Its Monday, "2026-09-14". */
  start: string;
  count: number;
}

/** Assignments resolved in each of the last `weeks` ISO weeks, the last one holding `now`. */
function computeResolvedPerWeek(scope: Scope, now: Date, weeks: number): WeekCount[] {
  const first = isoWeek(now).start.getTime() - (weeks - 1) * WEEK_MS;
  const buckets = Array.from({ length: weeks }, (_, i) => {
    const start = new Date(first + i * WEEK_MS);
    return { week: isoWeek(start).week, start: start.toISOString().slice(0, 10), count: 0 };
  });
  for (const a of scope.assignments) {
    if (a.status !== "resolved" || !a.endedAt) continue;
    const ended = Date.parse(a.endedAt);
    if (ended < first || ended > now.getTime()) continue;
    const bucket = buckets[Math.floor((ended - first) / WEEK_MS)];
    if (bucket) bucket.count += 1;
  }
  return buckets;
}

export async function resolvedPerWeek(
  db: DB,
  filter: { cohort: string | null; weeks?: number },
  now: Date,
): Promise<WeekCount[]> {
  return computeResolvedPerWeek(await loadScope(db, filter.cohort), now, filter.weeks ?? 8);
}

// ---------------------------------------------------------------------------------------------
// Mentors' load and stuck assignments

/** Active assignments with no activity for `workingDays` working days, in the cohort (read-only). */
async function stuckIn(
  db: DB,
  scope: Pick<Scope, "cohort" | "assignments">,
  workingDays: number,
  now: Date,
): Promise<StuckAssignment[]> {
  const stuck = await findStuck(db, { workingDays }, now);
  if (scope.cohort === null) return stuck;
  const mine = new Set(scope.assignments.map((a) => a.id));
  return stuck.filter((s) => mine.has(s.assignmentId));
}

export async function stuckAssignments(
  db: DB,
  filter: { cohort: string | null; workingDays: number },
  now: Date,
): Promise<StuckAssignment[]> {
  return stuckIn(db, await loadScope(db, filter.cohort), filter.workingDays, now);
}

// ---------------------------------------------------------------------------------------------
// The whole dashboard

export interface CohortDashboard {
  cohorts: { cohort: string; newcomers: number }[];
  /** The cohort shown; null for all cohorts (also when the one asked for does not exist). */
  cohort: string | null;
  newcomers: number;
  firstFix: FirstFix;
  checkpoints: CheckpointMedian[];
  bottleneck: CheckpointMedian | null;
  resolvedPerWeek: WeekCount[];
  mentors: MentorLoad[];
  stuck: StuckAssignment[];
  /** When the figures (first fix, checkpoints, resolved per week) were computed. */
  figuresAsOf: string;
}

type Figures = Omit<CohortDashboard, "stuck" | "mentors" | "figuresAsOf"> & {
  scope: Pick<Scope, "cohort" | "assignments">;
};

async function computeFigures(
  db: DB,
  input: { cohort?: string | null; weeks?: number },
  team: readonly TeamMember[],
  trackVersionId: number,
  now: Date,
): Promise<Figures> {
  const cohorts = await listCohorts(db, team);
  const cohort = cohorts.some((c) => c.cohort === input.cohort) ? (input.cohort as string) : null;
  const [scope, track] = await Promise.all([
    loadScope(db, cohort, team),
    listTrackCheckpoints(db, trackVersionId),
  ]);
  const times = computeCheckpointTimes(scope, track, now);
  return {
    cohorts,
    cohort,
    newcomers: scope.newcomers.length,
    firstFix: computeFirstFix(scope, now),
    checkpoints: times.checkpoints,
    bottleneck: times.bottleneck,
    resolvedPerWeek: computeResolvedPerWeek(scope, now, input.weeks ?? 8),
    scope: { cohort: scope.cohort, assignments: scope.assignments },
  };
}

/** How old the cohort figures may be while mentoring data keeps changing. */
export const FIGURES_MAX_AGE_MS = 60_000;

interface CachedFigures {
  version: number;
  computedAt: number;
  figures: Promise<Figures>;
}

/**
 * The cohort figures (medians over every assignment and checkpoint of a cohort, the costliest
 * thing Koan computes) are kept per process and cohort. They are computed again when the
 * "mentoring" data version has moved and they are at least FIGURES_MAX_AGE_MS old, or when the
 * clock has moved that far: a lead sees figures at most a minute old even while newcomers and
 * mentors keep writing, and never pays for them twice in a quiet minute; a new version of the
 * track is new figures at once. Concurrent requests
 * share one computation. Mentors' load and who is stuck are always read afresh.
 */
const figuresCache = new WeakMap<DB, Map<string, CachedFigures>>();

async function cachedFigures(
  db: DB,
  input: { cohort?: string | null; weeks?: number },
  team: readonly TeamMember[],
  now: Date,
): Promise<{ figures: Figures; computedAt: number }> {
  const [version, trackVersion] = await Promise.all([
    dataVersion(db, "mentoring"),
    currentTrackVersionId(db),
  ]);
  let entries = figuresCache.get(db);
  if (!entries) {
    entries = new Map();
    figuresCache.set(db, entries);
  }
  // A lead's edit of the track shows at once: the chart follows the track's steps.
  const key = `${input.cohort ?? ""}|${input.weeks ?? 8}|${trackVersion}`;
  const hit = entries.get(key);
  const age = hit ? now.getTime() - hit.computedAt : Number.POSITIVE_INFINITY;
  // Unchanged data: good until the clock moves a minute on. Changed data: the figures stay for
  // that minute too, except when asked about the very instant they were computed (a fixed clock).
  const recent = age >= 0 && age < FIGURES_MAX_AGE_MS;
  if (hit && recent && (hit.version === version || age > 0)) {
    return { figures: await hit.figures, computedAt: hit.computedAt };
  }
  const fresh: CachedFigures = {
    version,
    computedAt: now.getTime(),
    figures: computeFigures(db, input, team, trackVersion, now),
  };
  if (entries.size >= 50) entries.clear();
  entries.set(key, fresh);
  const map = entries;
  fresh.figures.catch(() => {
    if (map.get(key) === fresh) map.delete(key);
  });
  return { figures: await fresh.figures, computedAt: fresh.computedAt };
}

/** Mentors' load, exact: kept only until mentoring data changes. */
const liveMentorsLoad = cachedByVersions(
  ["mentoring"],
  (db: DB, team: readonly TeamMember[]) => listMentorLoads(db, team),
  { key: () => "all" },
);

/**
 * Who is stuck, for the dashboard: kept until mentoring data changes or the minute turns (being
 * stuck is counted in working days, so a minute's delay changes nothing anyone can see).
 */
const liveStuck = cachedByVersions(
  ["mentoring"],
  (db: DB, workingDays: number, _minute: number, now: Date) => findStuck(db, { workingDays }, now),
  { key: (workingDays, minute) => `${workingDays}|${minute}` },
);

/** Everything the cohort view shows, for one cohort or all; an unknown cohort shows all. */
export async function getCohortDashboard(
  db: DB,
  input: { cohort?: string | null; workingDays: number; weeks?: number },
  now: Date,
): Promise<CohortDashboard> {
  const team = await listTeam(db);
  const [{ figures, computedAt }, mentors, everyoneStuck] = await Promise.all([
    cachedFigures(db, input, team, now),
    liveMentorsLoad(db, team),
    liveStuck(db, input.workingDays, Math.floor(now.getTime() / 60_000), now),
  ]);
  const { scope, ...rest } = figures;
  const mine = scope.cohort === null ? null : new Set(scope.assignments.map((a) => a.id));
  const stuck = mine ? everyoneStuck.filter((s) => mine.has(s.assignmentId)) : everyoneStuck;
  return { ...rest, mentors, stuck, figuresAsOf: new Date(computedAt).toISOString() };
}
