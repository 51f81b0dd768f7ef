import { z } from "zod";
import { type DB, writeTransaction } from "#db/client";
import type { Role } from "#db/schema";
import { recordAudit } from "~/lib/audit.server";
import { clip } from "~/lib/clip";
import type { Locale } from "~/lib/i18n/locales";
import { showsSomething } from "~/lib/invisible";
import { parseJson } from "~/lib/json";
import { NAME_MAX } from "~/lib/names";
import { insertUser } from "./users.server";

// Invites accepted through single sign-on: the account gets no password (the provider vouches
// for the e-mail), otherwise exactly what accepting with a password gives.

export interface OpenInvite {
  id: number;
  tokenHash: string;
  email: string;
  name: string | null;
  role: Role;
}

/**
 * The name an account made through single sign-on gets: the first of `names` (the invite's, then
 * the provider's) that shows something, composed (NFC) and at most NAME_MAX characters, as the
 * name fields take them; else the e-mail's part before the @. A provider's profile field is
 * whatever its user typed there: ten thousand characters, only a zero-width space, or Korean one
 * letter (jamo) at a time.
 */
export function nameForSso(names: (string | null | undefined)[], email: string): string {
  for (const name of names) {
    const composed = name?.normalize("NFC").trim() ?? "";
    if (showsSomething(composed)) return clip(composed, NAME_MAX).trim();
  }
  return clip(email.split("@")[0] || email, NAME_MAX);
}

/** The open invite for this e-mail (compared without case), if any. */
export async function findOpenInviteByEmail(
  db: DB,
  email: string,
  now: Date,
): Promise<OpenInvite | null> {
  const row = await db
    .selectFrom("invites")
    .select(["id", "token_hash", "email", "name", "role"])
    .where("email", "=", email) // COLLATE NOCASE
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return row
    ? { id: row.id, tokenHash: row.token_hash, email: row.email, name: row.name, role: row.role }
    : null;
}

/**
 * Spends the invite (one conditional update) and creates its account without a password.
 * Null when the invite stopped being open meanwhile, or its e-mail got an account.
 */
export async function acceptInviteBySso(
  db: DB,
  input: {
    invite: OpenInvite;
    fallbackName: string | null;
    locale: Locale | null;
    defaultTimeZone?: string;
  },
  now: Date,
): Promise<{ userId: number; role: Role } | null> {
  const iso = now.toISOString();
  return writeTransaction(db, async (trx) => {
    const spent = await trx
      .updateTable("invites")
      .set({ accepted_at: iso })
      .where("id", "=", input.invite.id)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", iso)
      .returning(["id", "email", "name", "role", "start_date", "capacity", "components"])
      .executeTakeFirst();
    if (!spent) return null;
    const taken = await trx
      .selectFrom("users")
      .select("id")
      .where("email", "=", spent.email)
      .executeTakeFirst();
    if (taken) {
      await trx
        .updateTable("invites")
        .set({ accepted_at: null })
        .where("id", "=", spent.id)
        .execute();
      return null;
    }
    const name = nameForSso([spent.name, input.fallbackName], spent.email);
    const userId = await insertUser(
      trx,
      {
        email: spent.email,
        name,
        role: spent.role,
        passwordHash: null,
        startDate: spent.start_date,
        capacity: spent.capacity,
        components: parseJson(z.array(z.string()), spent.components, []),
        locale: input.locale,
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
      {
        actorId: userId,
        action: "invite.accepted",
        subjectType: "invite",
        subjectId: spent.id,
        data: { via: "sso" },
      },
      now,
    );
    return { userId, role: spent.role };
  });
}
