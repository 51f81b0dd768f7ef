import { setTimeout as sleep } from "node:timers/promises";
import type { DB } from "#db/client";
import { addMinutes } from "~/lib/time";

// Counting attempts by key (`email:…`, `ip:…`, `pair:…`, `invite:…`, `reset:…`) in the
// login_failures table: one row per counted attempt, read back over a sliding window.

export interface Limit {
  key: string;
  /** Attempts allowed in the window; the next one is refused until the oldest leaves it. */
  max: number;
}

/** Failures of a key within the window, at most `cap` of them counted. */
export async function recentCount(
  db: DB,
  key: string,
  windowMinutes: number,
  now: Date,
  cap: number,
): Promise<number> {
  const rows = await db
    .selectFrom("login_failures")
    .select("id")
    .where("key", "=", key)
    .where("created_at", ">", addMinutes(now, -windowMinutes).toISOString())
    .limit(cap)
    .execute();
  return rows.length;
}

/**
 * When any key has had `max` attempts within the window, the seconds until the oldest of its
 * latest `max` leaves the window (the longest wait over all keys); otherwise null.
 */
export async function secondsUntilAllowed(
  db: DB,
  limits: Limit[],
  windowMinutes: number,
  now: Date,
): Promise<number | null> {
  const windowStart = addMinutes(now, -windowMinutes).toISOString();
  let wait: number | null = null;
  for (const { key, max } of limits) {
    const recent = await db
      .selectFrom("login_failures")
      .select("created_at")
      .where("key", "=", key)
      .where("created_at", ">", windowStart)
      .orderBy("created_at", "desc")
      .limit(max)
      .execute();
    const oldest = recent.at(-1);
    if (recent.length >= max && oldest) {
      const freeAt = addMinutes(new Date(oldest.created_at), windowMinutes);
      const seconds = Math.max(1, Math.ceil((freeAt.getTime() - now.getTime()) / 1000));
      wait = Math.max(wait ?? 0, seconds);
    }
  }
  return wait;
}

/** Counts one attempt against each key, and forgets whatever is older than a day. */
export async function recordAttempt(db: DB, keys: string[], now: Date): Promise<void> {
  const created_at = now.toISOString();
  await db
    .insertInto("login_failures")
    .values(keys.map((key) => ({ key, created_at })))
    .execute();
  await db
    .deleteFrom("login_failures")
    .where("created_at", "<", addMinutes(now, -1440).toISOString())
    .execute();
}

export async function forgetAttempts(db: DB, keys: string[]): Promise<void> {
  if (keys.length) await db.deleteFrom("login_failures").where("key", "in", keys).execute();
}

/** Generous limit for one-time links (invites, password resets): per client address. */
export const LINK_ATTEMPTS = { max: 20, windowMinutes: 10 };

export type AttemptResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one attempt of `key` (such as `invite:<address>`) when it has had fewer than `max` in the
 * window; refused attempts are not counted, so a person who waits as told gets in.
 */
export async function takeAttempt(
  db: DB,
  key: string,
  policy: { max: number; windowMinutes: number } = LINK_ATTEMPTS,
  now: Date = new Date(),
): Promise<AttemptResult> {
  const retryAfterSeconds = await secondsUntilAllowed(
    db,
    [{ key, max: policy.max }],
    policy.windowMinutes,
    now,
  );
  if (retryAfterSeconds !== null) return { ok: false, retryAfterSeconds };
  await recordAttempt(db, [key], now);
  return { ok: true };
}

/** Waits without holding the event loop (a timer, never a busy loop). */
export const wait: (ms: number) => Promise<unknown> = (ms) =>
  ms > 0 ? sleep(ms) : Promise.resolve();
