import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { addMinutes } from "~/lib/time";
import { verifyAgainstDummy, verifyPassword } from "./password.server";

export interface RateLimitPolicy {
  maxFailures: number;
  windowMinutes: number;
}

export type LoginResult =
  | { ok: true; user: { id: number; role: Role } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

function failureKeys(email: string, ip: string | null): string[] {
  const keys = [`email:${email.trim().toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/**
 * When the account or the client address has had `maxFailures` failed logins within the window,
 * the number of seconds until the oldest of them leaves the window; otherwise null.
 */
async function secondsUntilAllowed(
  db: DB,
  keys: string[],
  policy: RateLimitPolicy,
  now: Date,
): Promise<number | null> {
  const windowStart = addMinutes(now, -policy.windowMinutes).toISOString();
  let wait: number | null = null;
  for (const key of keys) {
    const recent = await db
      .selectFrom("login_failures")
      .select("created_at")
      .where("key", "=", key)
      .where("created_at", ">", windowStart)
      .orderBy("created_at", "desc")
      .limit(policy.maxFailures)
      .execute();
    const oldest = recent.at(-1);
    if (recent.length >= policy.maxFailures && oldest) {
      const freeAt = addMinutes(new Date(oldest.created_at), policy.windowMinutes);
      const seconds = Math.max(1, Math.ceil((freeAt.getTime() - now.getTime()) / 1000));
      wait = Math.max(wait ?? 0, seconds);
    }
  }
  return wait;
}

/**
 * Checks an e-mail and password. Unknown e-mails, wrong passwords and deactivated accounts give
 * the same answer, after the same work; failures count against the account and the address.
 */
export async function attemptLogin(
  db: DB,
  input: { email: string; password: string; ip: string | null },
  policy: RateLimitPolicy,
  now: Date = new Date(),
): Promise<LoginResult> {
  const keys = failureKeys(input.email, input.ip);
  const retryAfterSeconds = await secondsUntilAllowed(db, keys, policy, now);
  if (retryAfterSeconds !== null) return { ok: false, reason: "rate_limited", retryAfterSeconds };

  const user = await db
    .selectFrom("users")
    .select(["id", "role", "status", "password_hash"])
    .where("email", "=", input.email.trim())
    .executeTakeFirst();
  const valid =
    user?.password_hash && user.status === "active"
      ? await verifyPassword(user.password_hash, input.password)
      : await verifyAgainstDummy(input.password);

  if (!valid || !user) {
    const created_at = now.toISOString();
    await db
      .insertInto("login_failures")
      .values(keys.map((key) => ({ key, created_at })))
      .execute();
    // Keep the table small: failures older than a day no longer matter to any window.
    await db
      .deleteFrom("login_failures")
      .where(
        "created_at",
        "<",
        addMinutes(now, -Math.max(1440, policy.windowMinutes)).toISOString(),
      )
      .execute();
    return { ok: false, reason: "invalid" };
  }
  await db
    .deleteFrom("login_failures")
    .where("key", "=", keys[0] ?? "")
    .execute();
  return { ok: true, user: { id: user.id, role: user.role } };
}
