import type { Translator } from "~/lib/i18n/translator";

/** "1 h 30 min" (1시간 30분) reads faster than "90 minutes" once chores add up. */
export function formatMinutes(t: Translator["t"], total: number): string {
  if (total < 60) return t("knowledge.toil.minutes", { minutes: total });
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return minutes
    ? t("knowledge.toil.hoursMinutes", { hours, minutes })
    : t("knowledge.toil.hours", { hours });
}
