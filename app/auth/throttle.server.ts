import { setTimeout as sleep } from "node:timers/promises";
import { type DB, writeTransaction } from "#db/client";
import { addMinutes } from "~/lib/time";

// Counting attempts by key (`email:…`, `ip:…`, `pair:…`, `invite:…`, `reset:…`, `password:…`) in
// the login_failures table: one row per counted attempt, read back over a sliding window.
//
// An attempt is reserved before its work is done (`reserveAttempt`): the check against the limits
// and the row that counts the attempt are one write transaction, so of many parallel attempts at
// most the limit get through. Checking first and counting after the password was verified let
// every parallel attempt pass the check before any was counted (200 of 200 checked, limit 10).
// An attempt that turns out not to be a failure gives its reservation back
// (`cancelReservation`).

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

/** The rows that count one attempt, until it is known whether it failed. */
export interface Reservation {
  ids: number[];
}

/**
 * Counts one attempt against each key (returning its rows), and forgets whatever is older than
 * a day. Call inside the transaction that checked the limits.
 */
async function recordAttempt(trx: DB, keys: string[], now: Date): Promise<Reservation> {
  const created_at = now.toISOString();
  const rows = keys.length
    ? await trx
        .insertInto("login_failures")
        .values(keys.map((key) => ({ key, created_at })))
        .returning("id")
        .execute()
    : [];
  await trx
    .deleteFrom("login_failures")
    .where("created_at", "<", addMinutes(now, -1440).toISOString())
    .execute();
  return { ids: rows.map((r) => r.id) };
}

export type Reserved =
  | { ok: true; reservation: Reservation }
  | { ok: false; retryAfterSeconds: number };

/**
 * Takes one attempt: when none of `limits` has been reached within the window, counts it against
 * each of `keys` at once, in the same write transaction as the check, and answers the reservation;
 * otherwise the seconds to wait, counting nothing (a person who waits as told gets in). Reserve
 * before the work the limit protects (a password check), so parallel attempts cannot overshoot.
 */
export async function reserveAttempt(
  db: DB,
  input: { limits: Limit[]; keys: string[]; windowMinutes: number },
  now: Date,
): Promise<Reserved> {
  return writeTransaction(db, async (trx): Promise<Reserved> => {
    const retryAfterSeconds = await secondsUntilAllowed(
      trx,
      input.limits,
      input.windowMinutes,
      now,
    );
    if (retryAfterSeconds !== null) return { ok: false, retryAfterSeconds };
    return { ok: true, reservation: await recordAttempt(trx, input.keys, now) };
  });
}

/** Gives back a reserved attempt that did not fail (a right password): it counts no more. */
export async function cancelReservation(db: DB, reservation: Reservation): Promise<void> {
  if (reservation.ids.length)
    await db.deleteFrom("login_failures").where("id", "in", reservation.ids).execute();
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
  const reserved = await reserveAttempt(
    db,
    { limits: [{ key, max: policy.max }], keys: [key], windowMinutes: policy.windowMinutes },
    now,
  );
  return reserved.ok ? { ok: true } : reserved;
}

/** Waits without holding the event loop (a timer, never a busy loop). */
export const wait: (ms: number) => Promise<unknown> = (ms) =>
  ms > 0 ? sleep(ms) : Promise.resolve();
