import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { compiledOnce } from "~/lib/compiled-once.server";
import { addDays } from "~/lib/time";
import { hashToken, newToken } from "./tokens.server";

export interface SessionPolicy {
  idleDays: number;
  maxDays: number;
}

export interface SessionUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  sessionId: string;
  /** Their language setting; null follows the browser. */
  locale: string | null;
  /** Their time zone (IANA); null or absent follows the organisation's. */
  timeZone?: string | null;
}

/** Don't write last_seen_at on every request: a minute's precision is plenty for idle expiry. */
const TOUCH_AFTER_MS = 60_000;

export async function createSession(
  db: DB,
  input: { userId: number; userAgent?: string | null; ip?: string | null },
  policy: SessionPolicy,
  now: Date = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = addDays(now, policy.maxDays);
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: input.userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      ip: input.ip ?? null,
    })
    .execute();
  return { token, expiresAt };
}

/** A session and its user, by the session's id (every signed-in page asks: compiled once). */
const sessionRow = compiledOnce((db: DB, id: string) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "sessions.last_seen_at",
      "sessions.expires_at",
      "users.id",
      "users.name",
      "users.email",
      "users.role",
      "users.status",
      "users.locale",
      "users.time_zone",
    ])
    .where("sessions.id", "=", id),
);

/**
 * The active user behind a session token, or null when the session is unknown, idle for too
 * long, past its absolute expiry, or its user is deactivated.
 */
export async function findSessionUser(
  db: DB,
  token: string,
  policy: SessionPolicy,
  now: Date = new Date(),
): Promise<SessionUser | null> {
  const id = hashToken(token);
  const [row] = await sessionRow(db, id);
  if (!row) return null;
  const idleLimit = addDays(new Date(row.last_seen_at), policy.idleDays);
  if (row.status !== "active" || new Date(row.expires_at) <= now || idleLimit <= now) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_AFTER_MS) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: now.toISOString() })
      .where("id", "=", id)
      .execute();
  }
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    sessionId: row.sessionId,
    locale: row.locale,
    timeZone: row.time_zone,
  };
}

export async function endSession(db: DB, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", hashToken(token)).execute();
}

/** "Log out of every device", and what deactivation does. Returns how many sessions ended. */
export async function endAllSessions(db: DB, userId: number): Promise<number> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSessions(db: DB, userId: number) {
  return db
    .selectFrom("sessions")
    .select(["id", "created_at", "last_seen_at", "expires_at", "user_agent"])
    .where("user_id", "=", userId)
    .orderBy("last_seen_at", "desc")
    .execute();
}
