import type { DB } from "#db/client";
import { listTeam } from "~/auth/users.server";
import { componentWriteupCounts } from "~/knowledge/health.server";
import { activeMenteeCounts, assignmentHistory } from "./claims.server";
import { type MentorCandidate, type MentorSuggestion, suggestMentors } from "./pairing";

/**
 * Every active mentor as a pairing candidate for this newcomer. With a `component`, each also
 * carries how many published write-ups on it they wrote or verified.
 */
export async function mentorCandidates(
  db: DB,
  newcomerId: number,
  component?: string,
): Promise<MentorCandidate[]> {
  const [team, counts, history, writeups] = await Promise.all([
    listTeam(db),
    activeMenteeCounts(db),
    assignmentHistory(db, newcomerId),
    component ? componentWriteupCounts(db, component) : Promise.resolve(new Map<number, number>()),
  ]);
  return team
    .filter((m) => m.role === "mentor" && m.status === "active")
    .map((m) => ({
      id: m.id,
      name: m.name,
      capacity: m.capacity ?? 0,
      activeMentees: counts.get(m.id) ?? 0,
      components: m.components,
      pastPairings: history.filter((h) => h.mentorId === m.id).length,
      componentWriteups: writeups.get(m.id) ?? 0,
    }));
}

export async function suggestMentorsFor(
  db: DB,
  input: { newcomerId: number; component: string; includeFull?: boolean },
): Promise<MentorSuggestion[]> {
  const candidates = await mentorCandidates(db, input.newcomerId, input.component);
  return suggestMentors(
    candidates,
    { component: input.component },
    { includeFull: input.includeFull },
  );
}
