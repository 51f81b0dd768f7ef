const DAY_MS = 24 * 60 * 60 * 1000;

/** The one stored time format: ISO-8601 UTC with milliseconds. */
export function toIso(date: Date): string {
  return date.toISOString();
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

/** "2026-09" for a start date of 2026-09-14. */
export function cohortOf(startDate: string | null): string | null {
  return startDate && /^\d{4}-\d{2}/.test(startDate) ? startDate.slice(0, 7) : null;
}

const monthFormat = new Intl.DateTimeFormat("en", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const dayFormat = new Intl.DateTimeFormat("en", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "September 2026" for the cohort "2026-09". */
export function formatCohort(cohort: string): string {
  return monthFormat.format(new Date(`${cohort}-01T00:00:00Z`));
}

export function formatDay(iso: string): string {
  return dayFormat.format(new Date(iso));
}

/** "in 3 days", "2 hours ago": for expiry and age at a glance. */
/** Built once: constructing an Intl formatter costs far more than formatting with it. */
const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function formatRelative(iso: string, now: Date = new Date()): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const abs = Math.abs(diff);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", DAY_MS],
    ["hour", 3_600_000],
    ["minute", 60_000],
  ];
  for (const [unit, ms] of units) {
    if (abs >= ms) return relativeFormat.format(Math.round(diff / ms), unit);
  }
  return "just now";
}
