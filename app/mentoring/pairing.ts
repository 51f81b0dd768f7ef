import { k, type Msg } from "~/lib/i18n/messages";

/**
 * Mentor suggestions for a newcomer about to work a ticket: each signal adds to a score and
 * says why in words. Add a signal by adding one entry to SIGNALS.
 */
export interface MentorCandidate {
  id: number;
  name: string;
  capacity: number;
  activeMentees: number;
  components: readonly string[];
  /** How many assignments this mentor has had with this newcomer before. */
  pastPairings: number;
  /** Write-ups this mentor wrote or verified on the ticket's component (knowledge base). */
  componentWriteups?: number;
}

export interface PairingContext {
  component: string;
  /** Whose mentor is chosen, when someone else chooses (a lead, a handing-over mentor): the reasons name them. */
  newcomerName?: string;
}

export interface MentorSuggestion {
  mentorId: number;
  name: string;
  score: number;
  /** Why, as messages (k()) the page shows in the reader's language. */
  reasons: Msg[];
  atCapacity: boolean;
  freePlaces: number;
}

interface Signal {
  score(c: MentorCandidate, ctx: PairingContext): number;
  reason(c: MentorCandidate, ctx: PairingContext): Msg | null;
}

const SIGNALS: Signal[] = [
  {
    score: (c, ctx) => (c.components.includes(ctx.component) ? 3 : 0),
    reason: (c, ctx) =>
      c.components.includes(ctx.component)
        ? k("mentoring.pairing.knows", { component: ctx.component })
        : null,
  },
  {
    score: (c) =>
      c.capacity > 0 ? (2 * Math.max(0, c.capacity - c.activeMentees)) / c.capacity : 0,
    reason: (c) => {
      const free = Math.max(0, c.capacity - c.activeMentees);
      if (free === 0) return k("mentoring.pairing.atCapacity");
      return k("mentoring.pairing.free", { free, capacity: c.capacity });
    },
  },
  {
    score: (c) => (c.pastPairings > 0 ? 1.5 : 0),
    reason: (c, ctx) =>
      c.pastPairings === 0
        ? null
        : ctx.newcomerName === undefined
          ? k("mentoring.pairing.before")
          : k("mentoring.pairing.beforeNamed", { name: ctx.newcomerName }),
  },
  {
    score: (c) => Math.min(2, (c.componentWriteups ?? 0) * 0.5),
    reason: (c, ctx) => {
      const n = c.componentWriteups ?? 0;
      return n > 0 ? k("mentoring.pairing.writeups", { count: n, component: ctx.component }) : null;
    },
  },
];

/**
 * Ranks mentors, best first. Mentors at capacity are left out unless `includeFull` (a lead's
 * override); ties go to the mentor with more free places, then by name.
 */
export function suggestMentors(
  candidates: readonly MentorCandidate[],
  ctx: PairingContext,
  options: { includeFull?: boolean } = {},
): MentorSuggestion[] {
  return candidates
    .map((c) => {
      const freePlaces = Math.max(0, c.capacity - c.activeMentees);
      return {
        mentorId: c.id,
        name: c.name,
        score: Math.round(SIGNALS.reduce((sum, s) => sum + s.score(c, ctx), 0) * 100) / 100,
        reasons: SIGNALS.map((s) => s.reason(c, ctx)).filter((r): r is Msg => r !== null),
        atCapacity: freePlaces === 0,
        freePlaces,
      };
    })
    .filter((s) => options.includeFull || !s.atCapacity)
    .sort(
      (a, b) => b.score - a.score || b.freePlaces - a.freePlaces || a.name.localeCompare(b.name),
    );
}
