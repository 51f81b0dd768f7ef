import { type CloseReason, TICKET_STATUSES, type TicketStatus } from "#db/schema";
import type { BadgeTone } from "~/lib/tone";

export { TICKET_STATUSES };

export const STATUS_LABELS: Record<TicketStatus, string> = {
  open: "Open",
  claimed: "Claimed",
  in_progress: "In progress",
  in_review: "In review",
  resolved: "Resolved",
  closed: "Closed",
};

export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
  works_as_designed: "works as designed",
  duplicate: "duplicate",
  wont_fix: "won't fix",
};

export const STATUS_TONES: Record<TicketStatus, BadgeTone> = {
  open: "accent",
  claimed: "neutral",
  in_progress: "neutral",
  in_review: "warn",
  resolved: "good",
  closed: "neutral",
};

export const DIFFICULTY_LABELS: Record<number, string> = {
  1: "Gentle",
  2: "Moderate",
  3: "Stretch",
};
