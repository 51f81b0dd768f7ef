import type { DB } from "#db/client";
import { listTeam, type TeamMember } from "~/auth/users.server";
import { componentWriteupCounts } from "~/knowledge/health.server";
import { activeMenteeCounts, assignmentHistory } from "./claims.server";
import { type MentorCandidate, type MentorSuggestion, suggestMentors } from "./pairing";

/** One collator for every name comparison: localeCompare builds one per call. */
const compareNames = new Intl.Collator("en").compare;

export interface MentorLoad {
  id: number;
  name: string;
  active: number;
  capacity: number;
  full: boolean;
}

/**
 * Every active mentor's active mentees against their capacity: the one place that sums mentors'
 * load for everyone (a claim checks its one mentor inside its own transaction). Fullest first,
 * or in the team's order (`listTeam`) with `order: "team"`.
 */
export async function listMentorLoads(
  db: DB,
  members?: readonly TeamMember[],
  order: "fullest" | "team" = "fullest",
): Promise<MentorLoad[]> {
  const [team, counts] = await Promise.all([members ?? listTeam(db), activeMenteeCounts(db)]);
  const loads = team
    .filter((m) => m.role === "mentor" && m.status === "active")
    .map((m) => {
      const active = counts.get(m.id) ?? 0;
      const capacity = m.capacity ?? 0;
      return { id: m.id, name: m.name, active, capacity, full: active >= capacity };
    });
  if (order === "team") return loads;
  const ratio = (m: MentorLoad) =>
    m.capacity > 0 ? m.active / m.capacity : m.active > 0 ? Number.POSITIVE_INFINITY : 1;
  return loads.sort((a, b) => ratio(b) - ratio(a) || compareNames(a.name, b.name));
}

/**
 * Every active mentor as a pairing candidate for this newcomer. With a `component`, each also
 * carries how many published write-ups on it they wrote or verified.
 */
export async function mentorCandidates(
  db: DB,
  newcomerId: number,
  component?: string,
  current?: number,
): Promise<MentorCandidate[]> {
  const team = await listTeam(db);
  const [loads, history, writeups] = await Promise.all([
    listMentorLoads(db, team, "team"),
    assignmentHistory(db, newcomerId),
    component ? componentWriteupCounts(db, component) : Promise.resolve(new Map<number, number>()),
  ]);
  const components = componentsOf(team);
  return loads.map((m) => ({
    id: m.id,
    name: m.name,
    capacity: m.capacity,
    activeMentees: m.active,
    components: components.get(m.id) ?? [],
    // Before: not the pairing whose mentor is being chosen again (`current`).
    pastPairings: history.filter((h) => h.mentorId === m.id && h.id !== current).length,
    componentWriteups: writeups.get(m.id) ?? 0,
  }));
}

/** Each team member's components, by id. */
export function componentsOf(team: readonly TeamMember[]): Map<number, string[]> {
  return new Map(team.map((m) => [m.id, m.components]));
}

/**
 * Mentors suggested for a newcomer's ticket; `newcomerName` when someone else chooses for them
 * (the reasons then say "mentored Minjun before", not "mentored you before").
 */
export async function suggestMentorsFor(
  db: DB,
  input: {
    newcomerId: number;
    component: string;
    includeFull?: boolean;
    newcomerName?: string;
    /** The assignment whose mentor is chosen anew: its pairing is no "before". */
    assignmentId?: number;
  },
): Promise<MentorSuggestion[]> {
  const candidates = await mentorCandidates(
    db,
    input.newcomerId,
    input.component,
    input.assignmentId,
  );
  return suggestMentors(
    candidates,
    { component: input.component, newcomerName: input.newcomerName },
    { includeFull: input.includeFull },
  );
}
