import { TICKET_STATUSES, type TicketStatus } from "#db/schema";
import type { BadgeTone } from "~/lib/tone";

// The words for statuses, close reasons and difficulty are in the catalogs:
// core.ticketStatus.*, core.closeReason.*, core.difficulty.{1,2,3}.

export { TICKET_STATUSES };

export const STATUS_TONES: Record<TicketStatus, BadgeTone> = {
  open: "accent",
  claimed: "neutral",
  in_progress: "neutral",
  in_review: "warn",
  resolved: "good",
  closed: "neutral",
};

export const DIFFICULTY_LEVELS = [1, 2, 3] as const;
export type DifficultyLevel = (typeof DIFFICULTY_LEVELS)[number];

/** A stored difficulty as one of the three levels the catalogs name (out-of-range values clamp). */
export function difficultyLevel(level: number): DifficultyLevel {
  return level <= 1 ? 1 : level >= 3 ? 3 : 2;
}
