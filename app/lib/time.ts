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
