import type { DB } from "#db/client";
import type { Actor } from "~/auth/policies";
import { getMember } from "~/auth/users.server";
import { countPublishedBy } from "~/knowledge/writeups.server";
import { suggestTickets } from "~/tickets/suggest";
import { listOpenStarters } from "~/tickets/tickets.server";
import { currentCheckpoints } from "./assignments.server";
import { assignmentHistory, listActiveAssignments } from "./claims.server";
import { listJourneySteps } from "./journey.server";

/**
 * Everything My onboarding shows a newcomer: what they are working on and its next checkpoint,
 * what they have finished, tickets that fit them next, and how each fix goes on their track.
 * Null when the viewer is not on the team any more.
 */
export async function getMyOnboarding(db: DB, input: { viewer: Actor; staleDays: number }) {
  const newcomerId = input.viewer.id;
  const member = await getMember(db, newcomerId);
  if (!member) return null;
  const [active, history, open, writeups, journey] = await Promise.all([
    listActiveAssignments(db, { newcomerId, staleDays: input.staleDays }),
    assignmentHistory(db, newcomerId),
    listOpenStarters(db),
    countPublishedBy(db, newcomerId),
    listJourneySteps(db, newcomerId),
  ]);
  const steps = await currentCheckpoints(
    db,
    active.map((a) => a.id),
  );
  const suggestions = suggestTickets(
    open,
    history.map((h) => ({
      component: h.component,
      difficulty: h.difficulty,
      completed: h.status === "resolved",
    })),
  );
  const resolved = history.filter((h) => h.status === "resolved");
  return {
    name: member.name,
    cohort: member.cohort,
    startDate: member.startDate,
    active: active.map((a) => ({
      id: a.id,
      ticketId: a.ticketId,
      title: a.ticketTitle,
      mentorName: a.mentorName,
      component: a.component,
      step: steps.get(a.id) ?? null,
    })),
    finished: resolved.length,
    writeups,
    components: [...new Set(resolved.map((h) => h.component))].sort(),
    suggestions: suggestions.map((s) => ({
      id: s.ticket.id,
      title: s.ticket.title,
      component: s.ticket.component,
      difficulty: s.ticket.difficulty,
      reasons: s.reasons,
    })),
    journey,
  };
}
