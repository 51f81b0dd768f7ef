import { type DB, isEmpty, writeTransaction } from "#db/client";
import { recordAudit } from "~/lib/audit.server";
import type { Locale } from "~/lib/i18n/locales";
import { hashPassword } from "./password.server";
import { hashToken, newToken } from "./tokens.server";
import { insertUser } from "./users.server";

/**
 * The first lead of an instance started without the demo. Invites need an inviting lead, so the
 * very first account comes from a one-time setup link that the server logs at start while the
 * database has no users: only whoever can read the server's log can use it, it works once, and
 * it stops working as soon as anyone has an account (made by it or otherwise).
 */

/**
 * At start: a new setup link's token while nobody has an account (replacing any earlier one, so
 * only the latest log line's link works), else null, forgetting any left-over link.
 */
export async function openFirstLeadSetup(db: DB, now: Date = new Date()): Promise<string | null> {
  return writeTransaction(db, async (trx) => {
    await trx.deleteFrom("first_lead_setup").execute();
    if (!(await isEmpty(trx))) return null;
    const token = newToken();
    await trx
      .insertInto("first_lead_setup")
      .values({ id: 1, token_hash: hashToken(token), created_at: now.toISOString() })
      .execute();
    return token;
  });
}

/** The setup link's path. */
export function firstLeadSetupPath(token: string): string {
  return `/setup/${token}`;
}

export type FirstLeadSetupState = "open" | "done" | "invalid";

/** Whether a setup link may still make the first lead: `done` once anyone has an account. */
export function findFirstLeadSetup(db: DB, token: string): Promise<FirstLeadSetupState> {
  return findSetupByHash(db, hashToken(token));
}

async function findSetupByHash(db: DB, tokenHash: string): Promise<FirstLeadSetupState> {
  if (!(await isEmpty(db))) return "done";
  const row = await db
    .selectFrom("first_lead_setup")
    .select("id")
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row ? "open" : "invalid";
}

/** Whether this instance has nobody yet (the log-in page then says how to begin). */
export function hasNoAccounts(db: DB): Promise<boolean> {
  return isEmpty(db);
}

export type CreateFirstLeadResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "done" | "invalid" };

/**
 * Makes the first lead and spends the link, in one transaction that checks again that nobody
 * exists: two people pressing the button at once make one lead. The password is hashed first
 * (the costly part) only for a link that is open.
 */
export async function createFirstLead(
  db: DB,
  input: {
    token: string;
    name: string;
    email: string;
    password: string;
    locale: Locale | null;
  },
  now: Date = new Date(),
): Promise<CreateFirstLeadResult> {
  const tokenHash = hashToken(input.token);
  const before = await findSetupByHash(db, tokenHash);
  if (before !== "open") return { ok: false, reason: before };
  const passwordHash = await hashPassword(input.password);
  return spendSetup(db, { ...input, tokenHash, passwordHash, via: "password" }, now);
}

/**
 * With password log-in off: makes the first lead at the end of a single sign-on started on the
 * setup page, from the address the provider has verified (never one typed on the page, which
 * could leave an instance nobody can sign in to), and spends the link. The token is known only
 * by its hash, kept with the sign-in.
 */
export function createFirstLeadBySso(
  db: DB,
  input: { tokenHash: string; name: string; email: string; locale: Locale | null },
  now: Date = new Date(),
): Promise<CreateFirstLeadResult> {
  return spendSetup(db, { ...input, passwordHash: null, via: "sso" }, now);
}

function spendSetup(
  db: DB,
  input: {
    tokenHash: string;
    name: string;
    email: string;
    passwordHash: string | null;
    locale: Locale | null;
    via: "password" | "sso";
  },
  now: Date,
): Promise<CreateFirstLeadResult> {
  return writeTransaction(db, async (trx) => {
    if (!(await isEmpty(trx))) return { ok: false, reason: "done" } as const;
    const spent = await trx
      .deleteFrom("first_lead_setup")
      .where("token_hash", "=", input.tokenHash)
      .executeTakeFirst();
    if (Number(spent.numDeletedRows) !== 1) return { ok: false, reason: "invalid" } as const;
    const userId = await insertUser(
      trx,
      {
        email: input.email,
        name: input.name,
        role: "lead",
        passwordHash: input.passwordHash,
        locale: input.locale,
      },
      now,
    );
    await recordAudit(
      trx,
      {
        actorId: userId,
        action: "setup.first_lead",
        subjectType: "user",
        subjectId: userId,
        data: { via: input.via },
      },
      now,
    );
    return { ok: true, userId } as const;
  });
}
