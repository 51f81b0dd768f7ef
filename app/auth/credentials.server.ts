import { type DB, writeTransaction } from "#db/client";
import { recordAudit } from "~/lib/audit.server";
import { mailLocale, passwordResetMail } from "~/lib/message-templates";
import { appLink, queueMail } from "~/lib/outbox.server";
import { addMinutes } from "~/lib/time";
import { DEFAULT_TIME_ZONE, zoneOr } from "~/lib/time-zone";
import { hashPassword, verifyPassword } from "./password.server";
import { cancelReservation, reserveAttempt } from "./throttle.server";
import { hashToken, newToken } from "./tokens.server";
import { userMay } from "./users.server";

// Changing one's password, and the one-time reset links a lead hands to a member.

/** Wrong current passwords one user may type on the settings page per window. */
const CHANGE_ATTEMPTS = { max: 10, windowMinutes: 15 };

export type ChangePasswordResult =
  | { ok: true; endedSessions: number }
  | { ok: false; reason: "wrong_password" | "rate_limited" | "not_found" | "no_password" };

/** Whether the account has a Koan password (one made through single sign-on has none). */
export async function hasPassword(db: DB, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  return Boolean(row?.password_hash);
}

/**
 * A signed-in user sets a new password, proving the current one. Every other session of theirs
 * ends; the one they are using (`keepSessionId`, the stored session id) stays. An account without
 * a password (made through single sign-on) has none to prove: `no_password`, not counted as a
 * wrong one; a lead's reset link gives it one.
 */
export async function changePassword(
  db: DB,
  input: { userId: number; keepSessionId: string; currentPassword: string; newPassword: string },
  now: Date = new Date(),
): Promise<ChangePasswordResult> {
  const key = `password:${input.userId}`;
  // Counted before the current password is checked, in the same write as the check against the
  // limit, so parallel attempts cannot overshoot it; a right password forgets the count below.
  const reserved = await reserveAttempt(
    db,
    {
      limits: [{ key, max: CHANGE_ATTEMPTS.max }],
      keys: [key],
      windowMinutes: CHANGE_ATTEMPTS.windowMinutes,
    },
    now,
  );
  if (!reserved.ok) return { ok: false, reason: "rate_limited" };
  const user = await db
    .selectFrom("users")
    .select(["password_hash"])
    .where("id", "=", input.userId)
    .where("status", "=", "active")
    .executeTakeFirst();
  if (!user?.password_hash) {
    await cancelReservation(db, reserved.reservation);
    return { ok: false, reason: user ? "no_password" : "not_found" };
  }
  if (!(await verifyPassword(user.password_hash, input.currentPassword)))
    return { ok: false, reason: "wrong_password" };
  const passwordHash = await hashPassword(input.newPassword);
  return writeTransaction(db, async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, updated_at: now.toISOString() })
      .where("id", "=", input.userId)
      .execute();
    const ended = await trx
      .deleteFrom("sessions")
      .where("user_id", "=", input.userId)
      .where("id", "!=", input.keepSessionId)
      .executeTakeFirst();
    await trx.deleteFrom("login_failures").where("key", "=", key).execute();
    await recordAudit(
      trx,
      {
        actorId: input.userId,
        action: "user.password_changed",
        subjectType: "user",
        subjectId: input.userId,
      },
      now,
    );
    return { ok: true as const, endedSessions: Number(ended.numDeletedRows) };
  });
}

export type CreateResetResult =
  | { ok: true; token: string; expiresAt: string; mailed: boolean }
  | { ok: false; reason: "forbidden" | "not_found" | "deactivated" };

/**
 * A lead makes a one-time link for a member to set a new password, valid for `validHours`. Only
 * its hash is stored; an earlier open link for the same member stops working.
 */
export async function createPasswordReset(
  db: DB,
  input: {
    actorId: number;
    userId: number;
    validHours: number;
    /** The team's time zone (DIGEST_TIME_ZONE), for a member who chose none. */
    defaultTimeZone?: string;
  },
  now: Date = new Date(),
): Promise<CreateResetResult> {
  if (!(await userMay(db, input.actorId, "manageTeam"))) return { ok: false, reason: "forbidden" };
  const token = newToken();
  const iso = now.toISOString();
  const expiresAt = addMinutes(now, input.validHours * 60).toISOString();
  return writeTransaction(db, async (trx) => {
    const member = await trx
      .selectFrom("users")
      .select(["id", "status", "name", "email", "locale", "time_zone"])
      .where("id", "=", input.userId)
      .executeTakeFirst();
    if (!member) return { ok: false as const, reason: "not_found" as const };
    if (member.status !== "active") return { ok: false as const, reason: "deactivated" as const };
    await trx
      .updateTable("password_resets")
      .set({ revoked_at: iso })
      .where("user_id", "=", member.id)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    const { id } = await trx
      .insertInto("password_resets")
      .values({
        token_hash: hashToken(token),
        user_id: member.id,
        created_by: input.actorId,
        created_at: iso,
        expires_at: expiresAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actorId: input.actorId,
        action: "password_reset.created",
        subjectType: "user",
        subjectId: member.id,
        data: { resetId: id },
      },
      now,
    );
    // The link goes by e-mail too (when configured), with the reset row: both or neither.
    const mailed = await queueMail(
      trx,
      {
        kind: "password_reset",
        to: member.email,
        content: passwordResetMail({
          locale: mailLocale(member.locale),
          name: member.name,
          link: appLink(`/reset/${token}`),
          expiresAt,
          timeZone: zoneOr(member.time_zone, input.defaultTimeZone ?? DEFAULT_TIME_ZONE),
        }),
      },
      now,
    );
    return { ok: true as const, token, expiresAt, mailed };
  });
}

export type ResetState = "open" | "expired" | "used" | "revoked";

export interface ResetView {
  name: string;
  email: string;
  expiresAt: string;
  state: ResetState;
}

/** What a reset link is for; a link whose member was deactivated since counts as withdrawn. */
export async function findPasswordReset(
  db: DB,
  token: string,
  now: Date = new Date(),
): Promise<ResetView | null> {
  const row = await db
    .selectFrom("password_resets as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["u.name", "u.email", "u.status", "r.expires_at", "r.used_at", "r.revoked_at"])
    .where("r.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  const state: ResetState = row.used_at
    ? "used"
    : row.revoked_at || row.status !== "active"
      ? "revoked"
      : row.expires_at <= now.toISOString()
        ? "expired"
        : "open";
  return { name: row.name, email: row.email, expiresAt: row.expires_at, state };
}

export type UseResetResult =
  | { ok: true; userId: number; endedSessions: number }
  | { ok: false; reason: "not_found" | Exclude<ResetState, "open"> };

/**
 * Sets a new password through a reset link, which is spent by one conditional update. Every
 * session of that member ends. A token naming no open link is refused before any hashing.
 */
export async function resetPassword(
  db: DB,
  input: { token: string; password: string },
  now: Date = new Date(),
): Promise<UseResetResult> {
  const view = await findPasswordReset(db, input.token, now);
  if (!view) return { ok: false, reason: "not_found" };
  if (view.state !== "open") return { ok: false, reason: view.state };
  const passwordHash = await hashPassword(input.password);
  const iso = now.toISOString();
  const result = await writeTransaction(db, async (trx) => {
    const spent = await trx
      .updateTable("password_resets")
      .set({ used_at: iso })
      .where("token_hash", "=", hashToken(input.token))
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", iso)
      .returning(["id", "user_id"])
      .executeTakeFirst();
    if (!spent) return null;
    const updated = await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, updated_at: iso })
      .where("id", "=", spent.user_id)
      .where("status", "=", "active")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new NotActiveError();
    const ended = await trx
      .deleteFrom("sessions")
      .where("user_id", "=", spent.user_id)
      .executeTakeFirst();
    await recordAudit(
      trx,
      {
        actorId: spent.user_id,
        action: "password_reset.used",
        subjectType: "user",
        subjectId: spent.user_id,
        data: { resetId: spent.id },
      },
      now,
    );
    return {
      ok: true as const,
      userId: spent.user_id,
      endedSessions: Number(ended.numDeletedRows),
    };
  }).catch((error: unknown) => {
    if (error instanceof NotActiveError) return { ok: false as const, reason: "revoked" as const };
    throw error;
  });
  if (result) return result;
  const again = await findPasswordReset(db, input.token, now);
  return { ok: false, reason: again && again.state !== "open" ? again.state : "used" };
}

class NotActiveError extends Error {}
