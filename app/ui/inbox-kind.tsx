import type { NotificationKind } from "#db/schema";
import type { BadgeTone } from "~/lib/tone";
import { Badge } from "./badge";
import { useT } from "./i18n";

// An inbox item's kind, as a badge: its word in the reader's language, in a tone that says
// whether it asks for something.

const KIND_TONES: Record<NotificationKind, BadgeTone> = {
  review_requested: "accent",
  changes_requested: "warn",
  approved: "good",
  stuck: "warn",
  new_mentee: "accent",
  assignment_resolved: "good",
  help_requested: "bad",
  works_as_designed: "accent",
  nudge: "accent",
  claim_released: "neutral",
  digest: "neutral",
  new_mentor: "accent",
  ticket_assigned: "accent",
  comment: "accent",
};

const KIND_KEYS = {
  review_requested: "team.inbox.kind.review_requested",
  changes_requested: "team.inbox.kind.changes_requested",
  approved: "team.inbox.kind.approved",
  stuck: "team.inbox.kind.stuck",
  new_mentee: "team.inbox.kind.new_mentee",
  assignment_resolved: "team.inbox.kind.assignment_resolved",
  help_requested: "team.inbox.kind.help_requested",
  works_as_designed: "team.inbox.kind.works_as_designed",
  nudge: "team.inbox.kind.nudge",
  claim_released: "team.inbox.kind.claim_released",
  digest: "team.inbox.kind.digest",
  new_mentor: "team.inbox.kind.new_mentor",
  ticket_assigned: "team.inbox.kind.ticket_assigned",
  comment: "team.inbox.kind.comment",
} as const satisfies Record<NotificationKind, string>;

function kindLabel(t: ReturnType<typeof useT>["t"], kind: NotificationKind) {
  const key = (KIND_KEYS as Partial<Record<string, (typeof KIND_KEYS)[NotificationKind]>>)[kind];
  return key ? t(key) : t("team.inbox.kind.other");
}

/** The kind's badge: "Review requested", "New mentor"… */
export function KindBadge({ kind }: { kind: NotificationKind }) {
  const { t } = useT();
  return <Badge tone={KIND_TONES[kind] ?? "neutral"}>{kindLabel(t, kind)}</Badge>;
}
