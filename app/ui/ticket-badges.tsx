import type { CloseReason, TicketStatus } from "#db/schema";
import { difficultyLevel, STATUS_TONES } from "~/tickets/labels";
import { Badge } from "./badge";
import { useT } from "./i18n";

export function StatusBadge({
  status,
  closeReason,
}: {
  status: TicketStatus;
  closeReason?: CloseReason | null;
}) {
  const { t } = useT();
  return (
    <Badge tone={STATUS_TONES[status]}>
      {status === "closed" && closeReason
        ? t("tickets.status.closedBecause", { reason: t(`core.closeReason.${closeReason}`) })
        : t(`core.ticketStatus.${status}`)}
    </Badge>
  );
}

/** Difficulty as dots and a word, so it never relies on colour or shape alone. */
export function Difficulty({ level }: { level: number }) {
  const { t } = useT();
  return (
    <span className="difficulty" title={t("tickets.difficulty.title", { level })}>
      <span aria-hidden="true">
        {"●".repeat(level)}
        {"○".repeat(3 - level)}
      </span>{" "}
      <span>{t(`core.difficulty.${difficultyLevel(level)}`)}</span>
    </span>
  );
}
