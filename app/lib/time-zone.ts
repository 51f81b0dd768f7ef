// Time zones: IANA names ("Asia/Seoul", "Europe/Berlin"), checked with the runtime's own zone data
// (Intl), never with offsets, so daylight saving time is the runtime's business, not ours.

/** The organisation's zone when nobody set one (DIGEST_TIME_ZONE overrides it). */
export const DEFAULT_TIME_ZONE = "UTC";

/** The hour of the person's own day at which their daily digest is due. */
export const DIGEST_LOCAL_HOUR = 7;

/** Zone names the runtime knew, lower-cased, with its own spelling of each. */
const canonicalZones = new Map<string, string>();

const IANA_NAME = /^(UTC|[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){1,2})$/;

/**
 * The zone's name as the runtime spells it ("asia/seoul" → "Asia/Seoul"), or null when it is not
 * an IANA zone the runtime knows (offsets such as "+09:00" and abbreviations such as "KST" are
 * not zones: they don't follow daylight saving time).
 */
export function canonicalTimeZone(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length > 64 || !IANA_NAME.test(trimmed)) return null;
  // Asked on every page of someone who chose a zone (the root loader): a DateTimeFormat costs
  // about 0.1 ms to make. Only names the runtime knows are kept, one entry per zone whatever its
  // letter case.
  const key = trimmed.toLowerCase();
  const known = canonicalZones.get(key);
  if (known) return known;
  try {
    const zone = new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
    canonicalZones.set(key, zone);
    return zone;
  } catch {
    return null;
  }
}

/** A person's zone: the one they chose, when the runtime knows it, else `fallback`. */
export function zoneOr(stored: string | null | undefined, fallback: string): string {
  return (stored && canonicalTimeZone(stored)) || fallback;
}

let zones: string[] | undefined;
/** Every zone the runtime knows, sorted, with UTC first: the choices in Settings. */
export function listTimeZones(): string[] {
  zones ??= [
    "UTC",
    ...Intl.supportedValuesOf("timeZone")
      .filter((z) => z !== "UTC")
      .sort(),
  ];
  return zones;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock's fields in `timeZone` at `at` (year, month, day, hour, minute, second). */
function wallParts(at: Date | number, timeZone: string): Partial<Record<string, string>> {
  return Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
}

/** The wall clock in `timeZone` at `now`: its date ("2026-11-03") and hour (0–23). */
export function localDayAndHour(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = wallParts(now, timeZone);
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24 };
}

/**
 * Today's date on the wall clock in `timeZone` ("2026-10-01"): a newcomer who joins without a
 * start date starts on the organisation's today, not UTC's (08:00 on 1 October in Seoul is
 * still 30 September in UTC, the previous month's cohort).
 */
export function localToday(now: Date, timeZone: string): string {
  return localDayAndHour(now, timeZone).day;
}

/**
 * Whether a person's daily digest is due at `now`: from 07:00 on their own clock until their
 * midnight, so a worker that was down at 07:00 sends on its next run that day. Returns the local
 * date it is for (one digest per person per local date), or null before 07:00.
 */
export function digestDueDay(now: Date, timeZone: string): string | null {
  const { day, hour } = localDayAndHour(now, timeZone);
  return hour >= DIGEST_LOCAL_HOUR ? day : null;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  const p = wallParts(at, timeZone);
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour) % 24,
    Number(p.minute),
    Number(p.second),
  );
  return wall - (at - (at % 1000));
}

/**
 * The instant a calendar day ("2026-12-05") begins in `timeZone`: 2026-12-04T15:00:00.000Z in
 * Asia/Seoul. Where the clocks skip that midnight (a daylight saving jump), the first instant of
 * the day that exists.
 */
export function localDayStart(day: string, timeZone: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, date);
  // The offset at the guess, then at the instant it gives: two reads settle across a change.
  let at = wall - offsetAt(wall, timeZone);
  at = wall - offsetAt(at, timeZone);
  // A skipped midnight lands on the day before: the day begins at the jump, which the offset
  // from before the jump places.
  const inDay = (instant: number) => localDayAndHour(new Date(instant), timeZone).day === day;
  if (!inDay(at)) {
    const HOURS_3 = 3 * 3_600_000;
    const found = [wall - offsetAt(at - HOURS_3, timeZone), wall - offsetAt(at + HOURS_3, timeZone)]
      .filter(inDay)
      .sort((a, b) => a - b)[0];
    if (found !== undefined) at = found;
  }
  return new Date(at);
}

/** The day after a calendar day: "2026-12-31" → "2027-01-01". */
export function nextDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}
