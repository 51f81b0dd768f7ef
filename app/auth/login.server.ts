import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import {
  cancelReservation,
  forgetAttempts,
  type Limit,
  recentCount,
  reserveAttempt,
  wait,
} from "./throttle.server";

/**
 * How failed logins are slowed down (ASVS V2.2.1: anti-automation without letting strangers
 * lock anyone out):
 * - per account: a growing delay before the password is checked, never a refusal, so the right
 *   password from anywhere still gets in;
 * - per client address and account pair: a hard limit (`maxFailures`), answered with 429;
 * - per client address: a generous hard limit (`addressMaxFailures`), for one address trying
 *   many accounts; people sharing an office proxy are not stopped by someone else's typos.
 */
export interface RateLimitPolicy {
  maxFailures: number;
  windowMinutes: number;
  /** Failures from one address, whatever the account; ten times `maxFailures` unless set. */
  addressMaxFailures?: number;
  /** The longest delay an account's failures add to an attempt; 2 s unless set. */
  maxDelayMs?: number;
}

export type LoginResult =
  | { ok: true; user: { id: number; role: Role } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/** Failures an account takes before its attempts are slowed. */
const FREE_FAILURES = 3;
const FIRST_DELAY_MS = 125;
export const MAX_DELAY_MS = 2_000;

/** The delay before an attempt on an account with `failures` recent failures: doubling, bounded. */
export function accountDelayMs(failures: number, maxDelayMs = MAX_DELAY_MS): number {
  if (failures <= FREE_FAILURES) return 0;
  const steps = Math.min(failures - FREE_FAILURES - 1, 20);
  return Math.min(maxDelayMs, FIRST_DELAY_MS * 2 ** steps);
}

function failureKeys(email: string, ip: string | null) {
  const account = `email:${email.trim().toLowerCase()}`;
  return {
    account,
    address: ip ? `ip:${ip}` : null,
    pair: ip ? `pair:${ip}|${account.slice("email:".length)}` : null,
  };
}

/**
 * Checks an e-mail and password. Unknown e-mails, wrong passwords and deactivated accounts give
 * the same answer, after the same work. `sleep` is how the account's delay is waited out (a
 * timer: the server goes on answering everyone else meanwhile).
 */
export async function attemptLogin(
  db: DB,
  input: { email: string; password: string; ip: string | null },
  policy: RateLimitPolicy,
  now: Date = new Date(),
  sleep: (ms: number) => Promise<unknown> = wait,
): Promise<LoginResult> {
  const keys = failureKeys(input.email, input.ip);
  const limits: Limit[] = [];
  if (keys.pair) limits.push({ key: keys.pair, max: policy.maxFailures });
  if (keys.address)
    limits.push({ key: keys.address, max: policy.addressMaxFailures ?? policy.maxFailures * 10 });
  // The attempt is counted as a failure before the password is checked, in the same write as the
  // check against the limits: of many parallel attempts, at most the limit's are checked. A right
  // password gives the count back.
  const counted = [keys.account, keys.address, keys.pair].filter((k): k is string => k !== null);
  const reserved = await reserveAttempt(
    db,
    { limits, keys: counted, windowMinutes: policy.windowMinutes },
    now,
  );
  if (!reserved.ok)
    return { ok: false, reason: "rate_limited", retryAfterSeconds: reserved.retryAfterSeconds };

  const maxDelayMs = policy.maxDelayMs ?? MAX_DELAY_MS;
  // The account's failures before this attempt: its own reservation aside, those still being
  // checked count too, so parallel attempts on one account wait like consecutive ones.
  const failures = (await recentCount(db, keys.account, policy.windowMinutes, now, 65)) - 1;
  const delay = accountDelayMs(failures, maxDelayMs);
  if (delay > 0) await sleep(delay);

  const user = await db
    .selectFrom("users")
    .select(["id", "role", "status", "password_hash"])
    .where("email", "=", input.email.trim())
    .executeTakeFirst();
  const valid =
    user?.password_hash && user.status === "active"
      ? await verifyPassword(user.password_hash, input.password)
      : await verifyAgainstDummy(input.password);

  // A failure stays counted (it was reserved above).
  if (!valid || !user) return { ok: false, reason: "invalid" };
  await cancelReservation(db, reserved.reservation);
  await forgetAttempts(
    db,
    [keys.account, keys.pair].filter((k): k is string => k !== null),
  );
  return { ok: true, user: { id: user.id, role: user.role } };
}
