import type { CloseReason, TicketStatus } from "#db/schema";
import {
  CLOSE_REASON_LABELS,
  DIFFICULTY_LABELS,
  STATUS_LABELS,
  STATUS_TONES,
} from "~/tickets/labels";
import { Badge } from "./badge";

export function StatusBadge({
  status,
  closeReason,
}: {
  status: TicketStatus;
  closeReason?: CloseReason | null;
}) {
  return (
    <Badge tone={STATUS_TONES[status]}>
      {STATUS_LABELS[status]}
      {status === "closed" && closeReason ? `: ${CLOSE_REASON_LABELS[closeReason]}` : ""}
    </Badge>
  );
}

/** Difficulty as dots and a word, so it never relies on colour or shape alone. */
export function Difficulty({ level }: { level: number }) {
  return (
    <span className="difficulty" title={`Difficulty ${level} of 3`}>
      <span aria-hidden="true">
        {"●".repeat(level)}
        {"○".repeat(3 - level)}
      </span>{" "}
      <span>{DIFFICULTY_LABELS[level] ?? level}</span>
    </span>
  );
}
