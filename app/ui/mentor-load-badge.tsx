import { Badge } from "~/ui/badge";
import { useT } from "~/ui/i18n";

/**
 * How full a mentor is, in one word: over capacity (a lead lowered it below the mentees they
 * have), full, or (when `free` is asked for) the places left. The mentoring board and the cohort
 * view say it the same way.
 */
export function MentorLoadBadge({
  active,
  capacity,
  free = false,
}: {
  active: number;
  capacity: number;
  free?: boolean;
}) {
  const { t } = useT();
  if (active > capacity)
    return (
      <Badge tone="bad">{t("core.mentorLoad.overCapacity", { count: active - capacity })}</Badge>
    );
  if (active === capacity) return <Badge tone="warn">{t("core.mentorLoad.full")}</Badge>;
  return free ? (
    <Badge tone="good">{t("core.mentorLoad.placesFree", { count: capacity - active })}</Badge>
  ) : null;
}
