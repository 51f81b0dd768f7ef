import { z } from "zod";
import { type DB, writeTransaction } from "#db/client";
import type { Role } from "#db/schema";
import { recordAudit } from "~/lib/audit.server";
import { LOCALE_PARAM, type Locale } from "~/lib/i18n/locales";
import { parseJson } from "~/lib/json";
import { inviteMail, mailLocale } from "~/lib/message-templates";
import { appLink, queueMail } from "~/lib/outbox.server";
import { addDays } from "~/lib/time";
import { DEFAULT_TIME_ZONE, zoneOr } from "~/lib/time-zone";
import { hashPassword } from "./password.server";
import { hashToken, newToken } from "./tokens.server";
import { emailTaken, insertUser } from "./users.server";

export interface InviteInput {
  email: string;
  name: string | null;
  role: Role;
  startDate: string | null;
  capacity: number | null;
  components: string[];
  /** The invite's language: its e-mail's, and its page's for a browser that chose none. */
  locale?: Locale | null;
}

export type CreateInviteResult =
  | {
      ok: true;
      token: string;
      /** The link's path: `/invite/<token>`, with `?lang=` when the invite has a language. */
      path: string;
      inviteId: number;
      expiresAt: string;
      mailed: boolean;
    }
  | { ok: false; reason: "email_taken" };

/** The invite page's path; a language chosen for the invite opens it in that language. */
export function invitePath(token: string, locale: Locale | null): string {
  return `/invite/${token}${locale ? `?${LOCALE_PARAM}=${locale}` : ""}`;
}

/**
 * A one-time invite link, valid for `validDays`. Only the token's hash is stored: the link is
 * shown to the lead once; a lost link is replaced by inviting again, which revokes the old one.
 */
export async function createInvite(
  db: DB,
  input: {
    invitedBy: number;
    invite: InviteInput;
    validDays: number;
    /** The team's time zone (DIGEST_TIME_ZONE), for a lead who chose none. */
    defaultTimeZone?: string;
  },
  now: Date = new Date(),
): Promise<CreateInviteResult> {
  const token = newToken();
  const { invite } = input;
  const email = invite.email.trim();
  const expiresAt = addDays(now, input.validDays).toISOString();
  return writeTransaction(db, async (trx) => {
    if (await emailTaken(trx, email)) return { ok: false, reason: "email_taken" } as const;
    await trx
      .updateTable("invites")
      .set({ revoked_at: now.toISOString() })
      .where("email", "=", email)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    const { id } = await trx
      .insertInto("invites")
      .values({
        token_hash: hashToken(token),
        email,
        name: invite.name?.trim() || null,
        role: invite.role,
        start_date: invite.role === "newcomer" ? invite.startDate : null,
        capacity: invite.role === "mentor" ? invite.capacity : null,
        components: JSON.stringify(invite.role === "mentor" ? invite.components : []),
        invited_by: input.invitedBy,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        locale: invite.locale ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actorId: input.invitedBy,
        action: "invite.created",
        subjectType: "invite",
        subjectId: id,
        data: { email, role: invite.role },
      },
      now,
    );
    // The link goes by e-mail too (when configured), with the invite: both or neither.
    const inviter = await trx
      .selectFrom("users")
      .select(["name", "locale", "time_zone"])
      .where("id", "=", input.invitedBy)
      .executeTakeFirst();
    const path = invitePath(token, invite.locale ?? null);
    const mailed = await queueMail(
      trx,
      {
        kind: "invite",
        to: email,
        content: inviteMail({
          // A new address has no language of its own yet: the one the lead chose for the
          // invite, else the lead's own.
          locale: invite.locale ?? mailLocale(inviter?.locale),
          name: invite.name?.trim() || null,
          role: invite.role,
          inviterName: inviter?.name ?? null,
          link: appLink(path),
          expiresAt,
          // The reader's own zone is not known yet: the lead's, who is likely on the same team.
          timeZone: zoneOr(inviter?.time_zone, input.defaultTimeZone ?? DEFAULT_TIME_ZONE),
        }),
      },
      now,
    );
    return { ok: true, token, path, inviteId: id, expiresAt, mailed } as const;
  });
}

export type InviteState = "open" | "expired" | "used" | "revoked";

export interface InviteView {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  expiresAt: string;
  state: InviteState;
}

export async function findInvite(
  db: DB,
  token: string,
  now: Date = new Date(),
): Promise<InviteView | null> {
  const row = await db
    .selectFrom("invites")
    .select(["id", "email", "name", "role", "expires_at", "accepted_at", "revoked_at"])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  const state: InviteState = row.accepted_at
    ? "used"
    : row.revoked_at
      ? "revoked"
      : row.expires_at <= now.toISOString()
        ? "expired"
        : "open";
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    expiresAt: row.expires_at,
    state,
  };
}

export type AcceptInviteResult =
  | { ok: true; userId: number; role: Role }
  | { ok: false; reason: "not_found" | "expired" | "used" | "revoked" | "email_taken" };

/**
 * Turns an open invite into an account. The invite is spent by one conditional update. `locale`
 * is the language the invite page was read in: the account keeps it, so the mail Koan sends them
 * later (reviews, the digest) is in the language they joined in, until they change it in Settings.
 * A token that names no open invite is refused before the password is hashed: hashing is the
 * costly part (argon2), and guessing at tokens must not make everyone's log-in wait.
 */
export async function acceptInvite(
  db: DB,
  input: {
    token: string;
    name: string;
    password: string;
    /** The language the invite page was read in: the new account's. */
    locale?: Locale | null;
    /** The organisation's time zone: a newcomer invited without a start date starts today there. */
    defaultTimeZone?: string;
  },
  now: Date = new Date(),
): Promise<AcceptInviteResult> {
  const invite = await findInvite(db, input.token, now);
  if (!invite) return { ok: false, reason: "not_found" };
  if (invite.state !== "open") return { ok: false, reason: invite.state };
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(input.token);
  const iso = now.toISOString();
  return writeTransaction(db, async (trx) => {
    const spent = await trx
      .updateTable("invites")
      .set({ accepted_at: iso })
      .where("token_hash", "=", tokenHash)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", iso)
      .returning(["id", "email", "role", "start_date", "capacity", "components"])
      .executeTakeFirst();
    if (!spent) {
      const view = await findInvite(trx, input.token, now);
      return {
        ok: false,
        reason: view ? (view.state as "expired" | "used" | "revoked") : "not_found",
      } as const;
    }
    if (await emailTaken(trx, spent.email)) {
      // The transaction rolls back: the invite stays open for whoever owns this e-mail to sort out.
      throw new EmailTakenError();
    }
    const userId = await insertUser(
      trx,
      {
        email: spent.email,
        name: input.name,
        role: spent.role,
        passwordHash,
        startDate: spent.start_date,
        capacity: spent.capacity,
        components: parseJson(z.array(z.string()), spent.components, []),
        locale: input.locale ?? null,
        defaultTimeZone: input.defaultTimeZone,
      },
      now,
    );
    await trx
      .updateTable("invites")
      .set({ accepted_user_id: userId })
      .where("id", "=", spent.id)
      .execute();
    await recordAudit(
      trx,
      { actorId: userId, action: "invite.accepted", subjectType: "invite", subjectId: spent.id },
      now,
    );
    return { ok: true, userId, role: spent.role } as const;
  }).catch((error: unknown) => {
    if (error instanceof EmailTakenError) return { ok: false, reason: "email_taken" } as const;
    throw error;
  });
}

class EmailTakenError extends Error {}

export async function listOpenInvites(db: DB, now: Date = new Date()) {
  return db
    .selectFrom("invites")
    .innerJoin("users as inviter", "inviter.id", "invites.invited_by")
    .select([
      "invites.id",
      "invites.email",
      "invites.name",
      "invites.role",
      "invites.created_at",
      "invites.expires_at",
      "invites.locale",
      "inviter.name as invitedBy",
    ])
    .where("invites.accepted_at", "is", null)
    .where("invites.revoked_at", "is", null)
    .where("invites.expires_at", ">", now.toISOString())
    .orderBy("invites.created_at", "desc")
    .execute();
}

export async function revokeInvite(
  db: DB,
  input: { actorId: number; inviteId: number },
  now: Date = new Date(),
): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const result = await trx
      .updateTable("invites")
      .set({ revoked_at: now.toISOString() })
      .where("id", "=", input.inviteId)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    const revoked = Number(result.numUpdatedRows) === 1;
    if (revoked) {
      await recordAudit(
        trx,
        {
          actorId: input.actorId,
          action: "invite.revoked",
          subjectType: "invite",
          subjectId: input.inviteId,
        },
        now,
      );
    }
    return revoked;
  });
}
