import { sql } from "kysely";
import { type DB, writeTransaction } from "#db/client";
import { userMay } from "~/auth/users.server";
import { recordAudit } from "~/lib/audit.server";
import { translate } from "~/lib/i18n/catalogs.server";
import type { Locale } from "~/lib/i18n/locales";
import { k } from "~/lib/i18n/messages";
import { applyStatus, createTicket } from "~/tickets/tickets.server";
import { tooShortForGap } from "./search-types";

// Searches that found nothing (knowledge gaps): counted once per person per query per day, listed
// for leads by how often they were missed, and turned into a documentation ticket once.

/**
 * The form a missed search is counted under: trimmed, spaces collapsed, lowercase, NFC (so a
 * Korean query typed on macOS counts with the same query typed elsewhere), at most 200
 * characters. Null when too short to mean a gap (tooShortForGap).
 */
export function normalizeMissQuery(query: string): string | null {
  const text = query.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
  const chars = [...text].slice(0, 200);
  const clipped = chars.join("").trim();
  return tooShortForGap(clipped) ? null : clipped;
}

/**
 * Counts a search that found nothing; returns the query as counted, or null when ignored. One
 * person counts once per query per (UTC) day, however often they search it, so nobody can push a
 * query up the leads' list on their own.
 */
export async function recordSearchMiss(
  db: DB,
  query: string,
  now: Date,
  reporterId: number,
): Promise<string | null> {
  const normalized = normalizeMissQuery(query);
  if (!normalized) return null;
  const iso = now.toISOString();
  await writeTransaction(db, async (trx) => {
    const reported = await trx
      .insertInto("search_miss_reports")
      .values({ query: normalized, user_id: reporterId, day: iso.slice(0, 10) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    const firstToday = Number(reported.numInsertedOrUpdatedRows ?? 0) > 0;
    await trx
      .insertInto("search_misses")
      .values({
        query: normalized,
        count: 1,
        first_seen_at: iso,
        last_seen_at: iso,
        ticket_id: null,
      })
      .onConflict((oc) =>
        oc.column("query").doUpdateSet({
          count: firstToday
            ? sql<number>`search_misses.count + 1`
            : sql<number>`search_misses.count`,
          last_seen_at: iso,
        }),
      )
      .execute();
  });
  return normalized;
}

export interface KnowledgeGap {
  query: string;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** Missed searches not yet turned into tickets, the most frequent (then the most recent) first. */
export async function listKnowledgeGaps(
  db: DB,
  options: { limit?: number } = {},
): Promise<KnowledgeGap[]> {
  return db
    .selectFrom("search_misses")
    .select(["query", "count", "first_seen_at as firstSeenAt", "last_seen_at as lastSeenAt"])
    .where("ticket_id", "is", null)
    .orderBy("count", "desc")
    .orderBy("last_seen_at", "desc")
    .orderBy("query", "asc")
    .limit(options.limit ?? 50)
    .execute();
}

/** The documentation ticket a missed search was turned into, if it was (null for none, or too short). */
export async function gapTicketOf(db: DB, query: string): Promise<number | null> {
  const normalized = normalizeMissQuery(query);
  if (!normalized) return null;
  const miss = await db
    .selectFrom("search_misses")
    .select("ticket_id")
    .where("query", "=", normalized)
    .executeTakeFirst();
  return miss?.ticket_id ?? null;
}

/** The missed search a documentation ticket was made from, or null for any other ticket. */
export async function missedSearchOfTicket(db: DB, ticketId: number): Promise<string | null> {
  const miss = await db
    .selectFrom("search_misses")
    .select("query")
    .where("ticket_id", "=", ticketId)
    .executeTakeFirst();
  return miss?.query ?? null;
}

/** Markdown-escapes user text so a query reads as typed in the ticket body. */
function escapeMarkdown(text: string) {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, "\\$&");
}

export type GapTicketResult =
  | { ok: true; ticketId: number }
  | { ok: false; reason: "not_found" | "forbidden" };

/**
 * Turns a knowledge gap into a documentation starter ticket and remembers the ticket on the gap.
 * The ticket is written in the language of the lead who asks (`locale`, English when not given).
 * Asking again for a gap that already has one returns that ticket. When two leads click at once,
 * the second ticket is closed as a duplicate and both get the first.
 */
export async function turnGapIntoTicket(
  db: DB,
  input: { query: string; actorId: number; component?: string; locale?: Locale },
  now: Date = new Date(),
): Promise<GapTicketResult> {
  if (!(await userMay(db, input.actorId, "viewKnowledgeGaps")))
    return { ok: false, reason: "forbidden" };
  const query = normalizeMissQuery(input.query);
  if (!query) return { ok: false, reason: "not_found" };
  const miss = await db
    .selectFrom("search_misses")
    .selectAll()
    .where("query", "=", query)
    .executeTakeFirst();
  if (!miss) return { ok: false, reason: "not_found" };
  if (miss.ticket_id !== null) return { ok: true, ticketId: miss.ticket_id };
  const words = translate(input.locale ?? "en");
  const ticketId = await createTicket(
    db,
    {
      actorId: input.actorId,
      ticket: {
        title: words.msg(k("knowledge.gaps.ticketTitle", { query })),
        body: words.msg(
          k("knowledge.gaps.ticketBody", {
            query: escapeMarkdown(query),
            count: miss.count,
            first: words.day(miss.first_seen_at),
            last: words.day(miss.last_seen_at),
          }),
        ),
        component: input.component?.trim() || "docs",
        labels: ["documentation", "starter"],
        difficulty: 1,
        starter: true,
      },
    },
    now,
  );
  const winner = await writeTransaction(db, async (trx) => {
    const result = await trx
      .updateTable("search_misses")
      .set({ ticket_id: ticketId })
      .where("query", "=", query)
      .where("ticket_id", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      await recordAudit(
        trx,
        {
          actorId: input.actorId,
          action: "knowledge_gap.ticketed",
          subjectType: "ticket",
          subjectId: ticketId,
          data: { query, searches: miss.count },
        },
        now,
      );
      return ticketId;
    }
    // Someone else turned this gap into a ticket a moment ago: ours is a duplicate.
    await applyStatus(
      trx,
      {
        ticketId,
        status: "closed",
        closeReason: "duplicate",
        actorId: input.actorId,
        via: "knowledge-gap",
      },
      now,
    );
    const other = await trx
      .selectFrom("search_misses")
      .select("ticket_id")
      .where("query", "=", query)
      .executeTakeFirst();
    return other?.ticket_id ?? ticketId;
  });
  return { ok: true, ticketId: winner };
}
