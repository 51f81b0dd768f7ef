import { type DB, writeTransaction } from "#db/client";
import type { Role } from "#db/schema";
import { recordAudit } from "~/lib/audit.server";
import { clip } from "~/lib/clip";
import { hashToken, newToken } from "./tokens.server";

// Personal API tokens: `koan_<43 base64url characters>`, shown once at creation. Only the sha256
// of the whole token is stored, so a copied database cannot be used to call the API.

export const API_TOKEN_PREFIX = "koan_";
const TOKEN_PATTERN = /^koan_[A-Za-z0-9_-]{43}$/;
/** Don't write last_used_at on every call: a minute's precision is plenty. */
const TOUCH_AFTER_MS = 60_000;
/** Active tokens a user may hold at once. */
export const MAX_API_TOKENS = 20;

export interface ApiTokenUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  tokenId: number;
}

export interface ApiTokenSummary {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** The token in an `Authorization: Bearer koan_…` header, or null when it is missing or malformed. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header || header.length > 200) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  const token = match?.[1];
  return token && TOKEN_PATTERN.test(token) ? token : null;
}

export type CreateTokenResult =
  | { ok: true; id: number; token: string }
  | { ok: false; reason: "too_many" };

/** Creates a token for `userId`; the returned `token` is the only time it can be seen. */
export async function createApiToken(
  db: DB,
  input: { userId: number; name: string },
  now: Date = new Date(),
): Promise<CreateTokenResult> {
  const token = `${API_TOKEN_PREFIX}${newToken()}`;
  return writeTransaction(db, async (trx) => {
    const active = await trx
      .selectFrom("api_tokens")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", input.userId)
      .where("revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    if (Number(active.n) >= MAX_API_TOKENS)
      return { ok: false as const, reason: "too_many" as const };
    const { id } = await trx
      .insertInto("api_tokens")
      .values({
        user_id: input.userId,
        name: clip(input.name.trim(), 60),
        token_hash: hashToken(token),
        created_at: now.toISOString(),
        last_used_at: null,
        revoked_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actorId: input.userId,
        action: "api_token.created",
        subjectType: "api_token",
        subjectId: id,
        data: { name: clip(input.name.trim(), 60) },
      },
      now,
    );
    return { ok: true as const, id, token };
  });
}

/** A user's tokens that still work, newest first. */
export async function listApiTokens(db: DB, userId: number): Promise<ApiTokenSummary[]> {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "created_at", "last_used_at"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

/** Revokes one of the user's own tokens. False when it is unknown, someone else's or already revoked. */
export async function revokeApiToken(
  db: DB,
  input: { userId: number; tokenId: number },
  now: Date = new Date(),
): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const result = await trx
      .updateTable("api_tokens")
      .set({ revoked_at: now.toISOString() })
      .where("id", "=", input.tokenId)
      .where("user_id", "=", input.userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordAudit(
      trx,
      {
        actorId: input.userId,
        action: "api_token.revoked",
        subjectType: "api_token",
        subjectId: input.tokenId,
      },
      now,
    );
    return true;
  });
}

/**
 * The active user behind an `Authorization: Bearer …` header, or null when the header is missing
 * or malformed, or the token is unknown, revoked, or its user deactivated. Records when the token
 * was last used, at most once a minute.
 */
export async function authenticateApiToken(
  db: DB,
  authorizationHeader: string | null | undefined,
  now: Date = new Date(),
): Promise<ApiTokenUser | null> {
  const token = bearerToken(authorizationHeader);
  if (!token) return null;
  const row = await db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["t.id as tokenId", "t.last_used_at", "u.id", "u.name", "u.email", "u.role"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.revoked_at", "is", null)
    .where("u.status", "=", "active")
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= TOUCH_AFTER_MS) {
    // One conditional UPDATE: concurrent calls in the same minute write once.
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: now.toISOString() })
      .where("id", "=", row.tokenId)
      .where((eb) =>
        eb.or([
          eb("last_used_at", "is", null),
          eb("last_used_at", "<=", new Date(now.getTime() - TOUCH_AFTER_MS).toISOString()),
        ]),
      )
      .execute();
  }
  return { id: row.id, name: row.name, email: row.email, role: row.role, tokenId: row.tokenId };
}
