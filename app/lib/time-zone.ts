// Time zones: IANA names ("Asia/Seoul", "Europe/Berlin"), checked with the runtime's own zone data
// (Intl), never with offsets, so daylight saving time is the runtime's business, not ours.

/** The organisation's zone when nobody set one (DIGEST_TIME_ZONE overrides it). */
export const DEFAULT_TIME_ZONE = "UTC";

/** The hour of the person's own day at which their daily digest is due. */
export const DIGEST_LOCAL_HOUR = 7;

const IANA_NAME = /^(UTC|[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){1,2})$/;

/**
 * The zone's name as the runtime spells it ("asia/seoul" → "Asia/Seoul"), or null when it is not
 * an IANA zone the runtime knows (offsets such as "+09:00" and abbreviations such as "KST" are
 * not zones: they don't follow daylight saving time).
 */
export function canonicalTimeZone(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length > 64 || !IANA_NAME.test(trimmed)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
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
      hourCycle: "h23",
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `now`: its date ("2026-11-03") and hour (0–23). */
export function localDayAndHour(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24 };
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
