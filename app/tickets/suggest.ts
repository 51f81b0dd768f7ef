import { k, type Msg } from "~/lib/i18n/messages";

/**
 * "Next tickets for me": components the newcomer has not worked in come first, difficulty steps
 * up by one after each completed assignment, and older tickets come first among equals.
 */
export interface OpenStarter {
  id: number;
  title: string;
  component: string;
  difficulty: number;
  createdAt: string;
}

export interface PastAssignment {
  component: string;
  difficulty: number;
  completed: boolean;
}

export interface TicketSuggestion {
  ticket: OpenStarter;
  /** Why, as messages (k()) the page shows in the reader's language. */
  reasons: Msg[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function targetDifficulty(history: readonly PastAssignment[]): number {
  const completed = history.filter((h) => h.completed).length;
  return Math.min(3, 1 + completed);
}

export function suggestTickets(
  open: readonly OpenStarter[],
  history: readonly PastAssignment[],
  options: { limit?: number; now?: Date } = {},
): TicketSuggestion[] {
  const now = options.now ?? new Date();
  const worked = new Set(history.map((h) => h.component));
  const target = targetDifficulty(history);
  const ranked = [...open].sort((a, b) => {
    const newA = worked.has(a.component) ? 1 : 0;
    const newB = worked.has(b.component) ? 1 : 0;
    if (newA !== newB) return newA - newB;
    const gapA = Math.abs(a.difficulty - target);
    const gapB = Math.abs(b.difficulty - target);
    if (gapA !== gapB) return gapA - gapB;
    return a.createdAt.localeCompare(b.createdAt) || a.id - b.id;
  });
  return ranked.slice(0, options.limit ?? 3).map((ticket) => {
    const reasons: Msg[] = [];
    const { component } = ticket;
    reasons.push(
      worked.has(component)
        ? k("tickets.suggest.morePractice", { component })
        : k("tickets.suggest.newArea", { component }),
    );
    if (ticket.difficulty === target) {
      reasons.push(
        target === 1
          ? k("tickets.suggest.gentleStart")
          : k("tickets.suggest.stepUp", { level: target }),
      );
    } else {
      reasons.push(k("tickets.suggest.difficulty", { level: ticket.difficulty }));
    }
    const days = Math.floor((now.getTime() - new Date(ticket.createdAt).getTime()) / DAY_MS);
    if (days >= 7) reasons.push(k("tickets.suggest.waiting", { days }));
    return { ticket, reasons };
  });
}
