import type { DB } from "#db/client";
import type { Actor } from "~/auth/policies";
import { getMember, listLeadContacts } from "~/auth/users.server";
import { countPublishedBy } from "~/knowledge/writeup-facets.server";
import type { Locale } from "~/lib/i18n/locales";
import { suggestTickets } from "~/tickets/suggest";
import { listOpenStarters } from "~/tickets/tickets.server";
import { currentCheckpoints, listLoopSteps } from "./assignments.server";
import { assignmentHistory, listActiveAssignments } from "./claims.server";
import { listJourneySteps } from "./journey.server";
import { finishedLine, whatHappened } from "./loop-words";
import { suggestMentorsFor } from "./mentors.server";
import { localStepTitle } from "./step-text.server";

/**
 * Everything My onboarding shows a newcomer: what they are working on and its next checkpoint,
 * what they have finished, tickets that fit them next, and how each fix goes on their track.
 * Null when the viewer is not on the team any more.
 */
export async function getMyOnboarding(
  db: DB,
  input: { viewer: Actor; defaultLimit: number; locale?: Locale },
) {
  const newcomerId = input.viewer.id;
  const locale = input.locale ?? "en";
  const member = await getMember(db, newcomerId);
  if (!member) return null;
  const [active, history, open, writeups, journey, leads] = await Promise.all([
    listActiveAssignments(db, { newcomerId }),
    assignmentHistory(db, newcomerId),
    listOpenStarters(db),
    countPublishedBy(db, newcomerId),
    listJourneySteps(db, newcomerId, locale),
    listLeadContacts(db),
  ]);
  const activeIds = active.map((a) => a.id);
  // "What happened last" needs each step's state and its newest review only, not every comment
  // and piece of evidence: a ticket discussed for months loads what one discussed for a day does.
  const [steps, loops, limitRow] = await Promise.all([
    currentCheckpoints(db, activeIds),
    listLoopSteps(db, activeIds),
    db
      .selectFrom("users")
      .select("max_assignments")
      .where("id", "=", newcomerId)
      .executeTakeFirst(),
  ]);
  const limit = limitRow?.max_assignments ?? input.defaultLimit;
  const suggestions = suggestTickets(
    open,
    history.map((h) => ({
      component: h.component,
      difficulty: h.difficulty,
      completed: h.status === "resolved",
    })),
  );
  const resolved = history.filter((h) => h.status === "resolved");
  const atLimit = active.length >= limit;
  const top = suggestions[0];
  // The mentor who fits the first suggested ticket best, with why (journey 1 of the brief).
  const mentor =
    top && !atLimit
      ? ((await suggestMentorsFor(db, { newcomerId, component: top.ticket.component }))[0] ?? null)
      : null;
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
      step: (() => {
        const step = steps.get(a.id);
        if (!step) return null;
        const { key } = step;
        return { ...step, title: key ? localStepTitle({ key, title: step.title }, locale) : null };
      })(),
      /** What happened last, as a message (k()); step titles in the newcomer's language. */
      happened: (() => {
        const loop = loops.get(a.id);
        if (!loop) return null;
        const local = loop.map((c) => ({ ...c, title: localStepTitle(c, locale) }));
        return whatHappened(local, a.mentorName);
      })(),
    })),
    /** "1 fix done — pick your second ticket" (when nothing is active). */
    finishedLine: finishedLine(resolved.length),
    /** The newcomer's limit of active tickets: at it, no ticket is offered for claiming. */
    limit: { active: active.length, max: limit, reached: atLimit },
    suggestedMentor: mentor
      ? { name: mentor.name, reasons: mentor.reasons, forComponent: top?.ticket.component ?? "" }
      : null,
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
    /**
     * Who to ask when there is no ticket or no mentor with room: the active leads (a few), so a
     * newcomer on a new team is never left wondering whom to turn to.
     */
    leads,
    /** Tickets are offered but no mentor has room for a new mentee: claiming must wait. */
    noMentorRoom: Boolean(top && !atLimit && !mentor),
  };
}
