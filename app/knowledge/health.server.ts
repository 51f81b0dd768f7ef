import { sql } from "kysely";
import { z } from "zod";
import { type DB, writeTransaction } from "#db/client";
import { userMay } from "~/auth/users.server";
import { recordAudit } from "~/lib/audit.server";
import { flagNoteField } from "~/lib/fields";
import { markVerified } from "./writeups.server";

// The health of the knowledge base: votes and views, "this looks out of date" flags, write-ups due
// for review, and who knows a component's write-ups. Searches that found nothing: gaps.server.ts.

// ---------------------------------------------------------------------------------------------
// Setting. TODO: move REVIEW_AFTER_MONTHS into app/lib/env.server.ts so a bad value stops the
// server at start; until then it is checked here, on first use, with the same kind of message.

const reviewEnvSchema = z.object({
  REVIEW_AFTER_MONTHS: z.coerce
    .number({ message: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(120, "must be at most 120")
    .default(6),
});

/** Months after which a published write-up not verified since is due for review. */
export function parseReviewAfterMonths(
  source: Record<string, string | undefined> = process.env,
): number {
  const raw = source.REVIEW_AFTER_MONTHS;
  const result = reviewEnvSchema.safeParse({ REVIEW_AFTER_MONTHS: raw === "" ? undefined : raw });
  if (!result.success) {
    throw new Error(
      `Koan cannot start: invalid environment variable(s)\n  REVIEW_AFTER_MONTHS: ${result.error.issues[0]?.message} (got ${JSON.stringify(raw)})`,
    );
  }
  return result.data.REVIEW_AFTER_MONTHS;
}

let cachedMonths: number | undefined;
export function reviewAfterMonths(): number {
  cachedMonths ??= parseReviewAfterMonths();
  return cachedMonths;
}

/** `months` calendar months before `now`, the day clamped to the month's end (31 Aug − 6 → 28 Feb). */
export function monthsBefore(now: Date, months: number): Date {
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(now.getUTCDate(), lastDay),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Votes and views

export type WriteupActionResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "not_published" | "invalid" | "forbidden" };

async function publishedState(db: DB, writeupId: number) {
  const row = await db
    .selectFrom("writeups")
    .select("status")
    .where("id", "=", writeupId)
    .executeTakeFirst();
  return row ? row.status : null;
}

/** "Was this helpful?": one vote per person per write-up; voting again changes the vote. */
export async function recordVote(
  db: DB,
  input: { writeupId: number; userId: number; helpful: boolean },
  now: Date = new Date(),
): Promise<WriteupActionResult> {
  return writeTransaction(db, async (trx) => {
    const status = await publishedState(trx, input.writeupId);
    if (!status) return { ok: false, reason: "not_found" };
    if (status !== "published") return { ok: false, reason: "not_published" };
    const helpful = input.helpful ? 1 : 0;
    await trx
      .insertInto("writeup_votes")
      .values({
        writeup_id: input.writeupId,
        user_id: input.userId,
        helpful,
        created_at: now.toISOString(),
      })
      .onConflict((oc) =>
        oc
          .columns(["writeup_id", "user_id"])
          .doUpdateSet({ helpful, created_at: now.toISOString() }),
      )
      .execute();
    return { ok: true };
  });
}

export async function voteCounts(
  db: DB,
  writeupId: number,
): Promise<{ helpful: number; notHelpful: number }> {
  const row = await db
    .selectFrom("writeup_votes")
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("helpful"), sql.lit(0)).as("helpful"),
      eb.fn.countAll<number>().as("total"),
    ])
    .where("writeup_id", "=", writeupId)
    .executeTakeFirstOrThrow();
  const helpful = Number(row.helpful);
  return { helpful, notHelpful: Number(row.total) - helpful };
}

/** Helpful and not-helpful counts of each of these write-ups that has votes (an export's page). */
export async function voteCountsOf(
  db: DB,
  writeupIds: readonly number[],
): Promise<Map<number, { helpful: number; notHelpful: number }>> {
  if (!writeupIds.length) return new Map();
  const rows = await db
    .selectFrom("writeup_votes")
    .select((eb) => [
      "writeup_id",
      eb.fn.sum<number>("helpful").as("helpful"),
      eb.fn.countAll<number>().as("total"),
    ])
    .where("writeup_id", "in", writeupIds)
    .groupBy("writeup_id")
    .execute();
  return new Map(
    rows.map((r) => [
      r.writeup_id,
      { helpful: Number(r.helpful), notHelpful: Number(r.total) - Number(r.helpful) },
    ]),
  );
}

/** The viewer's own vote, to show which button is pressed: true, false, or null for none. */
export async function voteOf(db: DB, input: { writeupId: number; userId: number }) {
  const row = await db
    .selectFrom("writeup_votes")
    .select("helpful")
    .where("writeup_id", "=", input.writeupId)
    .where("user_id", "=", input.userId)
    .executeTakeFirst();
  return row ? row.helpful === 1 : null;
}

/**
 * Counts one view; false when there is no such write-up, when it is a draft (its author, mentor
 * and leads reading it before it is out are not readers), or when the viewer is its author (their
 * own reading, or landing on it after publishing, is not a view). Not audited: it is not a decision.
 */
export async function recordView(db: DB, writeupId: number, viewerId?: number): Promise<boolean> {
  let query = db
    .updateTable("writeups")
    .set((eb) => ({ views: eb("views", "+", 1) }))
    .where("id", "=", writeupId)
    .where("status", "=", "published");
  if (viewerId !== undefined) {
    query = query.where((eb) =>
      eb.or([eb("author_id", "is", null), eb("author_id", "!=", viewerId)]),
    );
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------------------------------------
// Out-of-date flags and the review list

/**
 * Flags a published write-up as out of date. A person has at most one open flag per write-up:
 * flagging again replaces their note.
 */
export async function flagOutOfDate(
  db: DB,
  input: { writeupId: number; userId: number; note: string },
  now: Date = new Date(),
): Promise<
  { ok: true; flagId: number } | { ok: false; reason: "not_found" | "not_published" | "invalid" }
> {
  const note = flagNoteField.safeParse(input.note);
  if (!note.success) return { ok: false, reason: "invalid" };
  return writeTransaction(db, async (trx) => {
    const status = await publishedState(trx, input.writeupId);
    if (!status) return { ok: false, reason: "not_found" } as const;
    if (status !== "published") return { ok: false, reason: "not_published" } as const;
    const open = await trx
      .selectFrom("writeup_flags")
      .select("id")
      .where("writeup_id", "=", input.writeupId)
      .where("user_id", "=", input.userId)
      .where("resolved_at", "is", null)
      .executeTakeFirst();
    let flagId: number;
    if (open) {
      await trx
        .updateTable("writeup_flags")
        .set({ note: note.data, created_at: now.toISOString() })
        .where("id", "=", open.id)
        .execute();
      flagId = open.id;
    } else {
      ({ id: flagId } = await trx
        .insertInto("writeup_flags")
        .values({
          writeup_id: input.writeupId,
          user_id: input.userId,
          note: note.data,
          created_at: now.toISOString(),
          resolved_at: null,
          resolved_by: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
    }
    await recordAudit(
      trx,
      {
        actorId: input.userId,
        action: "writeup.flagged",
        subjectType: "writeup",
        subjectId: input.writeupId,
        data: { flagId },
      },
      now,
    );
    return { ok: true, flagId } as const;
  });
}

/**
 * Resolves an open flag (the write-up was corrected, or the flag did not hold): mentors and
 * leads only.
 */
export async function resolveFlag(
  db: DB,
  input: { flagId: number; userId: number },
  now: Date = new Date(),
): Promise<"resolved" | "already_resolved" | "not_found" | "forbidden"> {
  return writeTransaction(db, async (trx) => {
    if (!(await userMay(trx, input.userId, "reviewKnowledge"))) return "forbidden";
    const flag = await trx
      .selectFrom("writeup_flags")
      .select(["id", "writeup_id"])
      .where("id", "=", input.flagId)
      .executeTakeFirst();
    if (!flag) return "not_found";
    const result = await trx
      .updateTable("writeup_flags")
      .set({ resolved_at: now.toISOString(), resolved_by: input.userId })
      .where("id", "=", input.flagId)
      .where("resolved_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return "already_resolved";
    await recordAudit(
      trx,
      {
        actorId: input.userId,
        action: "writeup.flag_resolved",
        subjectType: "writeup",
        subjectId: flag.writeup_id,
        data: { flagId: flag.id },
      },
      now,
    );
    return "resolved";
  });
}

/** What a refused or late review button was about, to name it in the answer. */
export interface ReviewSubject {
  writeupId: number;
  title: string;
  published: boolean;
}

/** The write-up `writeupId`, to name it; null when it is gone. */
export async function reviewSubject(db: DB, writeupId: number): Promise<ReviewSubject | null> {
  const row = await db
    .selectFrom("writeups")
    .select(["id", "title", "status"])
    .where("id", "=", writeupId)
    .executeTakeFirst();
  return row
    ? { writeupId: row.id, title: row.title, published: row.status === "published" }
    : null;
}

/**
 * A flag and the write-up it is on, with who resolved it (null while open; `resolvedBy` null
 * when the resolver's account is gone); null when there is no such flag.
 */
export async function flagSubject(
  db: DB,
  flagId: number,
): Promise<(ReviewSubject & { resolved: boolean; resolvedBy: string | null }) | null> {
  const row = await db
    .selectFrom("writeup_flags as f")
    .innerJoin("writeups as w", "w.id", "f.writeup_id")
    .leftJoin("users as u", "u.id", "f.resolved_by")
    .select(["w.id", "w.title", "w.status", "f.resolved_at", "u.name"])
    .where("f.id", "=", flagId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    writeupId: row.id,
    title: row.title,
    published: row.status === "published",
    resolved: row.resolved_at !== null,
    resolvedBy: row.name ?? null,
  };
}

/**
 * A mentor or lead read a write-up due for review and it still holds: it counts as verified
 * again (by them, now), which takes it off the review list.
 */
export async function confirmStillCorrect(
  db: DB,
  input: { writeupId: number; userId: number },
  now: Date = new Date(),
): Promise<WriteupActionResult> {
  return writeTransaction(db, async (trx) => {
    if (!(await userMay(trx, input.userId, "reviewKnowledge")))
      return { ok: false, reason: "forbidden" };
    const status = await publishedState(trx, input.writeupId);
    if (!status) return { ok: false, reason: "not_found" };
    if (status !== "published") return { ok: false, reason: "not_published" };
    await markVerified(trx, { writeupId: input.writeupId, verifierId: input.userId }, now);
    await recordAudit(
      trx,
      {
        actorId: input.userId,
        action: "writeup.reviewed",
        subjectType: "writeup",
        subjectId: input.writeupId,
      },
      now,
    );
    return { ok: true };
  });
}

export interface FlagReviewItem {
  flagId: number;
  writeupId: number;
  title: string;
  component: string;
  flaggedBy: string | null;
  note: string;
  flaggedAt: string;
  reason: ReviewReason;
}

export interface StaleReviewItem {
  writeupId: number;
  title: string;
  component: string;
  verifiedAt: string | null;
  publishedAt: string | null;
  reason: ReviewReason;
}

/** Why a write-up is on the review list; the page words it in the reader's language. */
export type ReviewReason =
  | { kind: "flagged"; by: string | null; at: string }
  | { kind: "lastVerified"; at: string; months: number }
  | { kind: "edited" }
  | { kind: "neverVerified"; publishedAt: string; months: number };

export interface ReviewList {
  months: number;
  flags: FlagReviewItem[];
  stale: StaleReviewItem[];
  /** How many write-ups are due in all; `stale` holds the oldest `limit` of them. */
  staleTotal: number;
}

/**
 * What needs a mentor's eye: open out-of-date flags (oldest first), and published write-ups not
 * verified for `months` months (verified before the cut-off, or never verified and published
 * before it), the longest-unreviewed first.
 */
export async function reviewList(
  db: DB,
  now: Date = new Date(),
  options: { months?: number; limit?: number } = {},
): Promise<ReviewList> {
  const months = options.months ?? reviewAfterMonths();
  const limit = options.limit ?? 100;
  const cutoff = monthsBefore(now, months).toISOString();
  const flags = await db
    .selectFrom("writeup_flags as f")
    .innerJoin("writeups as w", "w.id", "f.writeup_id")
    .leftJoin("users as u", "u.id", "f.user_id")
    .select([
      "f.id as flagId",
      "w.id as writeupId",
      "w.title",
      "w.component",
      "u.name as flaggedBy",
      "f.note",
      "f.created_at as flaggedAt",
    ])
    .where("f.resolved_at", "is", null)
    .orderBy("f.created_at", "asc")
    .orderBy("f.id", "asc")
    .execute();
  const due = db
    .selectFrom("writeups")
    .where("status", "=", "published")
    .where((eb) =>
      eb.or([
        eb("verified_at", "<", cutoff),
        eb.and([eb("verified_at", "is", null), eb("published_at", "<", cutoff)]),
        // Edited since it was verified: the edit cleared the sign-off, which must be given again.
        eb.and([eb("verified_at", "is", null), eb("verified_snapshot", "is not", null)]),
      ]),
    );
  const [stale, { total }] = await Promise.all([
    due
      .select(["id", "title", "component", "verified_at", "published_at", "verified_snapshot"])
      .orderBy((eb) => eb.fn.coalesce("verified_at", "published_at"), "asc")
      .orderBy("id", "asc")
      .limit(limit)
      .execute(),
    due.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return {
    months,
    flags: flags.map((f) => ({
      ...f,
      reason: { kind: "flagged", by: f.flaggedBy, at: f.flaggedAt } as ReviewReason,
    })),
    stale: stale.map((w) => ({
      writeupId: w.id,
      title: w.title,
      component: w.component,
      verifiedAt: w.verified_at,
      publishedAt: w.published_at,
      reason: (w.verified_at
        ? { kind: "lastVerified", at: w.verified_at, months }
        : w.verified_snapshot
          ? { kind: "edited" }
          : {
              kind: "neverVerified",
              publishedAt: w.published_at ?? now.toISOString(),
              months,
            }) as ReviewReason,
    })),
    staleTotal: Number(total),
  };
}

// ---------------------------------------------------------------------------------------------
// Who knows a component's write-ups (a mentor-pairing signal)

/**
 * Published write-ups on `component` that each person authored or verified, counted once per
 * write-up even when they did both.
 */
export async function componentWriteupCounts(
  db: DB,
  component: string,
): Promise<Map<number, number>> {
  const name = component.trim().toLowerCase();
  if (!name) return new Map();
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("writeups")
        .select(["id", "author_id as user_id"])
        .where("status", "=", "published")
        .where("component", "=", name)
        .unionAll(
          eb
            .selectFrom("writeups")
            .select(["id", "verified_by as user_id"])
            .where("status", "=", "published")
            .where("component", "=", name),
        )
        .as("x"),
    )
    .select((eb) => ["x.user_id", eb.fn.count<number>("x.id").distinct().as("n")])
    .where("x.user_id", "is not", null)
    .groupBy("x.user_id")
    .execute();
  const counts = new Map<number, number>();
  for (const r of rows) if (r.user_id !== null) counts.set(r.user_id, Number(r.n));
  return counts;
}
