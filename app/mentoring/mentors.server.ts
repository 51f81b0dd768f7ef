import type { DB } from "#db/client";
import { listTeam } from "~/auth/users.server";
import { activeMenteeCounts, assignmentHistory } from "~/tickets/claims.server";
import { type MentorCandidate, type MentorSuggestion, suggestMentors } from "./pairing";

/** Every active mentor as a pairing candidate for this newcomer. */
export async function mentorCandidates(db: DB, newcomerId: number): Promise<MentorCandidate[]> {
  const [team, counts, history] = await Promise.all([
    listTeam(db),
    activeMenteeCounts(db),
    assignmentHistory(db, newcomerId),
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
    }));
}

export async function suggestMentorsFor(
  db: DB,
  input: { newcomerId: number; component: string; includeFull?: boolean },
): Promise<MentorSuggestion[]> {
  const candidates = await mentorCandidates(db, input.newcomerId);
  return suggestMentors(
    candidates,
    { component: input.component },
    { includeFull: input.includeFull },
  );
}
