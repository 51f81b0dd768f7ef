import { type DB, writeTransaction } from "#db/client";
import type { Role, User } from "#db/schema";
import { recordAudit } from "~/lib/audit.server";
import { cachedByVersion } from "~/lib/data-versions.server";
import { isLocale, type Locale } from "~/lib/i18n/locales";
import { k } from "~/lib/i18n/messages";
import { cohortOf } from "~/lib/time";
import { DEFAULT_TIME_ZONE, localToday, zoneOr } from "~/lib/time-zone";
import { type Actor, can, type PageAction } from "./policies";
import { endAllSessions } from "./sessions.server";

/**
 * The active person behind an id, as the policies see them; null for an unknown or deactivated
 * id. Commands that are handed only an id ask this before they let the policies decide.
 */
export async function findActor(db: DB, userId: number): Promise<Actor | null> {
  const row = await db
    .selectFrom("users")
    .select(["id", "role"])
    .where("id", "=", userId)
    .where("status", "=", "active")
    .executeTakeFirst();
  return row ?? null;
}

/** Whether the active person behind `userId` may do `action`, for commands handed only an id. */
export async function userMay(db: DB, userId: number, action: PageAction): Promise<boolean> {
  const actor = await findActor(db, userId);
  return actor !== null && can(actor, action);
}

export class LastLeadError extends Error {
  constructor() {
    // A message key (k()): the team page shows it in the reader's language.
    super(k("core.auth.lastLead"));
  }
}

export interface NewMember {
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  startDate?: string | null;
  capacity?: number | null;
  components?: string[];
  /** Their language; null (the default) follows the browser. */
  locale?: Locale | null;
  /** Their time zone (IANA); null (the default) follows the organisation's. */
  timeZone?: string | null;
  /**
   * The organisation's time zone (DIGEST_TIME_ZONE; UTC unless given): a newcomer without a
   * start date starts on today's date there (or in their own zone, when they have one).
   */
  defaultTimeZone?: string;
}

/** A newcomer's start date when none was given: today, on the organisation's calendar. */
function startDateToday(now: Date, timeZone: string | null | undefined, fallback?: string) {
  return localToday(now, zoneOr(timeZone, fallback ?? DEFAULT_TIME_ZONE));
}

/** Inserts a user (and a mentor's components); call inside a transaction with its caller's writes. */
export async function insertUser(trx: DB, member: NewMember, now: Date = new Date()) {
  const iso = now.toISOString();
  const { id } = await trx
    .insertInto("users")
    .values({
      email: member.email.trim(),
      name: member.name.trim(),
      role: member.role,
      status: "active",
      password_hash: member.passwordHash,
      start_date:
        member.role === "newcomer"
          ? (member.startDate ?? startDateToday(now, member.timeZone, member.defaultTimeZone))
          : null,
      capacity: member.role === "mentor" ? (member.capacity ?? 2) : null,
      locale: member.locale ?? null,
      time_zone: member.timeZone ?? null,
      created_at: iso,
      updated_at: iso,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await setComponents(trx, id, member.role === "mentor" ? (member.components ?? []) : []);
  return id;
}

async function setComponents(trx: DB, userId: number, components: string[]) {
  await trx.deleteFrom("mentor_components").where("user_id", "=", userId).execute();
  const unique = [...new Set(components.map((c) => c.trim().toLowerCase()).filter(Boolean))];
  if (unique.length) {
    await trx
      .insertInto("mentor_components")
      .values(unique.map((component) => ({ user_id: userId, component })))
      .execute();
  }
}

export async function emailTaken(db: DB, email: string): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", email.trim())
    .executeTakeFirst();
  return row !== undefined;
}

export interface TeamMember {
  id: number;
  name: string;
  email: string;
  role: Role;
  status: User["status"];
  cohort: string | null;
  startDate: string | null;
  capacity: number | null;
  components: string[];
  maxAssignments: number | null;
  createdAt: string;
  /**
   * The version a lead's form is opened at: when a lead last changed the person (not their own
   * name, language or password). A save based on an older one is refused.
   */
  version: string;
}

/** The version a lead's member form is checked against (see `member_changed_at`). */
const memberVersion = (row: Pick<User, "member_changed_at" | "created_at">) =>
  row.member_changed_at || row.created_at;

function toMember(row: User, components: string[]): TeamMember {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    cohort: cohortOf(row.start_date),
    startDate: row.start_date,
    capacity: row.capacity,
    components,
    maxAssignments: row.max_assignments,
    createdAt: row.created_at,
    version: memberVersion(row),
  };
}

async function componentsByUser(db: DB, userIds: number[]) {
  const map = new Map<number, string[]>();
  if (!userIds.length) return map;
  const rows = await db
    .selectFrom("mentor_components")
    .select(["user_id", "component"])
    .where("user_id", "in", userIds)
    .orderBy("component")
    .execute();
  for (const row of rows) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.component]);
  return map;
}

/**
 * Everyone, leads first, then mentors, then newcomers by cohort; active before deactivated.
 * Kept per process until people or their components change (the "mentoring" data version).
 */
export const listTeam = cachedByVersion("mentoring", async (db: DB): Promise<TeamMember[]> => {
  const rows = await db
    .selectFrom("users")
    .selectAll()
    .orderBy("status")
    .orderBy((eb) =>
      eb.case().when("role", "=", "lead").then(0).when("role", "=", "mentor").then(1).else(2).end(),
    )
    .orderBy("start_date", "desc")
    .orderBy("name")
    .execute();
  const components = await componentsByUser(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toMember(row, components.get(row.id) ?? []));
});

export async function getMember(db: DB, userId: number): Promise<TeamMember | null> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!row) return null;
  const components = await componentsByUser(db, [row.id]);
  return toMember(row, components.get(row.id) ?? []);
}

async function assertAnotherLead(trx: DB, userId: number) {
  const { count } = await trx
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("role", "=", "lead")
    .where("status", "=", "active")
    .where("id", "!=", userId)
    .executeTakeFirstOrThrow();
  if (Number(count) === 0) throw new LastLeadError();
}

/**
 * A check another domain runs inside a member change's transaction, just before it is written,
 * with the person as they will be; it throws to refuse the change. (Mentoring refuses to leave
 * active mentees with someone who can no longer review them, or a claimed ticket with someone
 * who can no longer work it: `guardMemberChange`.)
 */
export type MemberChangeGuard = (
  trx: DB,
  member: { id: number; role: Role; status: User["status"] },
) => Promise<void>;

export interface MemberChanges {
  role: Role;
  startDate: string | null;
  capacity: number | null;
  components: string[];
  /** Newcomers: a lead's override of the active-assignment limit; null uses the setting. */
  maxAssignments?: number | null;
}

/**
 * A lead changes someone's role and role details. Refuses to demote the last active lead, and a
 * save based on an older version (`expectedUpdatedAt`, the member's `version`: another lead saved
 * first; the answer is `stale` with the version now, nothing written). The person's own changes
 * (name, language, time zone, password) are no other lead's and refuse nothing.
 */
export async function updateMember(
  db: DB,
  input: {
    actorId: number;
    userId: number;
    changes: MemberChanges;
    /** The organisation's time zone: a new newcomer with no start date starts today there. */
    defaultTimeZone?: string;
    guard?: MemberChangeGuard;
    /** Their `version` when the lead's form was opened. */
    expectedUpdatedAt?: string;
  },
  now: Date = new Date(),
): Promise<"updated" | "not_found" | { stale: string }> {
  return writeTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select([
        "id",
        "role",
        "status",
        "start_date",
        "time_zone",
        "created_at",
        "member_changed_at",
      ])
      .where("id", "=", input.userId)
      .executeTakeFirst();
    if (!user) return "not_found";
    const version = memberVersion(user);
    if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== version)
      return { stale: version };
    const { role, startDate, capacity, components } = input.changes;
    if (user.role === "lead" && role !== "lead" && user.status === "active") {
      await assertAnotherLead(trx, user.id);
    }
    await input.guard?.(trx, { id: user.id, role, status: user.status });
    await trx
      .updateTable("users")
      .set({
        role,
        start_date:
          role === "newcomer"
            ? (startDate ??
              user.start_date ??
              startDateToday(now, user.time_zone, input.defaultTimeZone))
            : null,
        capacity: role === "mentor" ? (capacity ?? 2) : null,
        max_assignments: role === "newcomer" ? (input.changes.maxAssignments ?? null) : null,
        updated_at: now.toISOString(),
        member_changed_at: now.toISOString(),
      })
      .where("id", "=", user.id)
      .execute();
    await setComponents(trx, user.id, role === "mentor" ? components : []);
    await recordAudit(
      trx,
      {
        actorId: input.actorId,
        action: user.role === role ? "user.updated" : "user.role_changed",
        subjectType: "user",
        subjectId: user.id,
        data: { from: user.role, to: role },
      },
      now,
    );
    return "updated";
  });
}

/**
 * Deactivation ends every session of the user at once and revokes their API tokens and any
 * unused reset link, so that reactivating them later brings back none of them. Refuses for the last active lead.
 */
export async function setMemberStatus(
  db: DB,
  input: { actorId: number; userId: number; status: User["status"]; guard?: MemberChangeGuard },
  now: Date = new Date(),
): Promise<"updated" | "not_found"> {
  return writeTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "role", "status"])
      .where("id", "=", input.userId)
      .executeTakeFirst();
    if (!user) return "not_found";
    if (input.status === "deactivated" && user.role === "lead") {
      await assertAnotherLead(trx, user.id);
    }
    await input.guard?.(trx, { id: user.id, role: user.role, status: input.status });
    await trx
      .updateTable("users")
      .set({
        status: input.status,
        updated_at: now.toISOString(),
        member_changed_at: now.toISOString(),
      })
      .where("id", "=", user.id)
      .execute();
    if (input.status === "deactivated") {
      await endAllSessions(trx, user.id);
      // Reactivation must not bring back tokens from before: they end with the account.
      await trx
        .updateTable("api_tokens")
        .set({ revoked_at: now.toISOString() })
        .where("user_id", "=", user.id)
        .where("revoked_at", "is", null)
        .execute();
      // Nor a reset link the lead made before: it would be open again once they are back.
      await trx
        .updateTable("password_resets")
        .set({ revoked_at: now.toISOString() })
        .where("user_id", "=", user.id)
        .where("used_at", "is", null)
        .where("revoked_at", "is", null)
        .execute();
    }
    await recordAudit(
      trx,
      {
        actorId: input.actorId,
        action: input.status === "deactivated" ? "user.deactivated" : "user.reactivated",
        subjectType: "user",
        subjectId: user.id,
      },
      now,
    );
    return "updated";
  });
}

/** Display names by id, for timelines that store ids. */
export async function namesOf(db: DB, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["id", "name"])
    .where("id", "in", unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Names and e-mail addresses by id: who wrote or signed off a write-up, in an export. */
export async function contactsOf(
  db: DB,
  ids: readonly number[],
): Promise<Map<number, { name: string; email: string }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("id", "in", unique)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

/**
 * The accounts (active or not) with these e-mail addresses, by the address lowercased: the
 * author an imported write-up names. Addresses compare without regard to case, as at log-in.
 */
export async function idsByEmail(db: DB, emails: readonly string[]): Promise<Map<string, number>> {
  // As written: the column compares ASCII letters without regard to case, not "Ö" and "ö".
  const unique = [...new Set(emails.map((e) => e.trim()).filter(Boolean))];
  const out = new Map<string, number>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom("users")
      .select(["id", "email"])
      .where("email", "in", unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.email.toLowerCase(), r.id);
  }
  return out;
}

/** Active newcomers, for a lead's reassign menu. */
export async function listActiveNewcomers(db: DB) {
  return db
    .selectFrom("users")
    .select(["id", "name"])
    .where("role", "=", "newcomer")
    .where("status", "=", "active")
    .orderBy("name")
    .execute();
}

/** Someone changes their own display name (Settings). Written to the audit log with the old name. */
export async function changeOwnName(
  db: DB,
  input: { userId: number; name: string },
  now: Date = new Date(),
): Promise<"updated" | "not_found"> {
  return writeTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "name"])
      .where("id", "=", input.userId)
      .where("status", "=", "active")
      .executeTakeFirst();
    if (!user) return "not_found";
    if (user.name === input.name) return "updated";
    await trx
      .updateTable("users")
      .set({ name: input.name, updated_at: now.toISOString() })
      .where("id", "=", user.id)
      .execute();
    await recordAudit(
      trx,
      {
        actorId: user.id,
        action: "user.renamed",
        subjectType: "user",
        subjectId: user.id,
        data: { from: user.name, to: input.name },
      },
      now,
    );
    return "updated";
  });
}

/**
 * The language to write to a person in when no request says it (mail, drafts made for them): their
 * own choice, else English.
 */
export async function languageOf(db: DB, userId: number): Promise<Locale> {
  const row = await db
    .selectFrom("users")
    .select("locale")
    .where("id", "=", userId)
    .executeTakeFirst();
  return row?.locale && isLocale(row.locale) ? row.locale : "en";
}

/** A person's own language; null follows the browser. */
export async function setOwnLocale(
  db: DB,
  input: { userId: number; locale: Locale | null },
  now: Date = new Date(),
): Promise<void> {
  await db
    .updateTable("users")
    .set({ locale: input.locale, updated_at: now.toISOString() })
    .where("id", "=", input.userId)
    .execute();
}

/**
 * A person's own time zone (Settings), an IANA name checked by the caller's schema; null follows
 * the organisation's. Their digest comes at 07:00 there and their dates fall on its calendar.
 */
export async function setOwnTimeZone(
  db: DB,
  input: { userId: number; timeZone: string | null },
  now: Date = new Date(),
): Promise<"updated" | "not_found"> {
  const result = await db
    .updateTable("users")
    .set({ time_zone: input.timeZone, updated_at: now.toISOString() })
    .where("id", "=", input.userId)
    .where("status", "=", "active")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? "updated" : "not_found";
}

/** A few active leads, by name and e-mail: whom a newcomer asks when Koan can't move them on. */
export async function listLeadContacts(db: DB, limit = 3) {
  return (await listTeam(db))
    .filter((m) => m.role === "lead" && m.status === "active")
    .slice(0, limit)
    .map((m) => ({ name: m.name, email: m.email }));
}
