import { sql } from "kysely";
import { type DB, writeTransaction } from "#db/client";
import {
  type CloseReason,
  TICKET_STATUSES,
  type Ticket,
  type TicketSource,
  type TicketStatus,
} from "#db/schema";
import { cachedByVersion } from "~/lib/data-versions.server";
import { COMPONENT_MAX_LENGTH } from "~/lib/fields";
import { slackTexts } from "~/lib/message-templates";
import { appLink, queueSlack } from "~/lib/outbox.server";
import { pageWithin } from "~/lib/paging";
import type { TicketEventInput } from "./events";
import { sameTicketJustMade } from "./same-ticket.server";
import { ticketQueryWords, ticketsMatching } from "./ticket-search.server";

/** What a person or a file says about a ticket; the rest (status, source) is Koan's. */
export interface TicketInput {
  title: string;
  body: string;
  component: string;
  labels: string[];
  difficulty: number;
  starter: boolean;
}

/**
 * Text as tickets store it: composed (NFC). A GitHub issue or a file written on a Mac may hold
 * Korean decomposed, one letter (jamo) at a time, which the queue's search would never meet.
 */
const composed = (text: string) => text.normalize("NFC");

export function normalizeComponent(component: string): string {
  return component.trim().toLowerCase().replace(/\s+/g, "-").slice(0, COMPONENT_MAX_LENGTH);
}

export function normalizeLabels(labels: readonly string[]): string[] {
  return [
    ...new Set(labels.map((l) => l.trim().toLowerCase().replace(/\s+/g, " ")).filter(Boolean)),
  ]
    .map((l) => l.slice(0, 50))
    .slice(0, 20)
    .sort();
}

/** A ticket's own columns as stored from what a person or a file says (labels aside). */
export function ticketColumns(ticket: TicketInput) {
  return {
    title: composed(ticket.title).trim(),
    body: composed(ticket.body),
    component: normalizeComponent(ticket.component),
    difficulty: ticket.difficulty,
    starter: ticket.starter ? 1 : 0,
  };
}

export type { TicketEventKind } from "./events";

/** Adds an event to a ticket's timeline; its data is checked against its kind at compile time. */
export async function recordTicketEvent(
  trx: DB,
  input: { ticketId: number; actorId: number | null } & TicketEventInput,
  now: Date,
) {
  await trx
    .insertInto("ticket_events")
    .values({
      ticket_id: input.ticketId,
      actor_id: input.actorId,
      kind: input.kind,
      data: JSON.stringify(input.data ?? {}),
      created_at: now.toISOString(),
    })
    .execute();
}

async function setLabels(trx: DB, ticketId: number, labels: string[]) {
  await trx.deleteFrom("ticket_labels").where("ticket_id", "=", ticketId).execute();
  if (labels.length) {
    await trx
      .insertInto("ticket_labels")
      .values(labels.map((label) => ({ ticket_id: ticketId, label })))
      .execute();
  }
}

/** A new starter ticket in the queue, for Slack (batched there). Call inside the write's transaction. */
async function announceStarter(trx: DB, ticketId: number, ticket: TicketInput, now: Date) {
  await queueSlack(
    trx,
    {
      kind: "starter_tickets",
      item: {
        text: slackTexts.starterTicket(ticket.title.trim(), normalizeComponent(ticket.component)),
        link: appLink(`/tickets/${ticketId}`),
      },
      dedupeKey: `slack:starter:${ticketId}`,
    },
    now,
  );
}

export async function createTicket(
  db: DB,
  input: { actorId: number; ticket: TicketInput; byHand?: boolean },
  now: Date = new Date(),
): Promise<number> {
  const iso = now.toISOString();
  const { ticket } = input;
  const mine = ticketColumns(ticket);
  const labels = normalizeLabels(ticket.labels);
  return writeTransaction(db, async (trx) => {
    const same = input.byHand && (await sameTicketJustMade(trx, input.actorId, mine, labels, now));
    if (same) return same;
    const { id } = await trx
      .insertInto("tickets")
      .values({
        ...mine,
        reporter_id: input.actorId,
        status: "open",
        close_reason: null,
        source: "manual",
        external_id: null,
        url: null,
        reporter_name: null,
        created_at: iso,
        updated_at: iso,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await setLabels(trx, id, labels);
    await recordTicketEvent(trx, { ticketId: id, actorId: input.actorId, kind: "created" }, now);
    if (ticket.starter) await announceStarter(trx, id, ticket, now);
    return id;
  });
}

/**
 * What else changes with a ticket's status, in the same transaction. Tickets sit below mentoring,
 * so mentoring passes this in (`endAssignmentOnStatus`: closing or resolving a ticket ends its
 * active assignment, reopening releases it).
 */
export type OnStatusChange = (
  trx: DB,
  /** `actorId`: who changed it; null for GitHub (an issue closed there). */
  change: { ticketId: number; status: TicketStatus; actorId: number | null },
  now: Date,
) => Promise<void>;

/**
 * Changes a ticket's status, writing the event, then runs `onStatusChange` (mentoring's: the
 * active assignment ends). Reopening makes it claimable again. Call inside a transaction.
 */
export async function applyStatus(
  trx: DB,
  input: {
    ticketId: number;
    status: TicketStatus;
    closeReason?: CloseReason | null;
    actorId: number | null;
    via?: string;
  },
  now: Date,
  onStatusChange?: OnStatusChange,
): Promise<boolean> {
  const current = await trx
    .selectFrom("tickets")
    .select(["status", "close_reason"])
    .where("id", "=", input.ticketId)
    .executeTakeFirst();
  if (!current) return false;
  const closeReason = input.status === "closed" ? (input.closeReason ?? null) : null;
  if (current.status === input.status && current.close_reason === closeReason) return false;
  await trx
    .updateTable("tickets")
    .set({ status: input.status, close_reason: closeReason, updated_at: now.toISOString() })
    .where("id", "=", input.ticketId)
    .execute();
  if (onStatusChange)
    await onStatusChange(
      trx,
      { ticketId: input.ticketId, status: input.status, actorId: input.actorId },
      now,
    );
  await recordTicketEvent(
    trx,
    {
      ticketId: input.ticketId,
      actorId: input.actorId,
      kind: "status_changed",
      data: { from: current.status, to: input.status, closeReason, via: input.via },
    },
    now,
  );
  return true;
}

/**
 * Takes an open starter ticket for a claim (open → claimed) with one conditional UPDATE, so of
 * many concurrent claimers exactly one gets true. Call inside the claim's transaction.
 */
export async function takeOpenStarter(trx: DB, ticketId: number, now: Date): Promise<boolean> {
  const taken = await trx
    .updateTable("tickets")
    .set({ status: "claimed", updated_at: now.toISOString() })
    .where("id", "=", ticketId)
    .where("status", "=", "open")
    .where("starter", "=", 1)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** A released ticket goes back to the queue unless resolved or closed. Call inside a transaction. */
export async function reopenUnfinished(trx: DB, ticketId: number, now: Date) {
  await trx
    .updateTable("tickets")
    .set({ status: "open", updated_at: now.toISOString() })
    .where("id", "=", ticketId)
    .where("status", "not in", ["resolved", "closed"])
    .execute();
}

/** Edits a ticket and its status when given (not if changed since `expectedUpdatedAt`). */
export async function updateTicket(
  db: DB,
  input: {
    actorId: number;
    ticketId: number;
    ticket: TicketInput;
    status?: TicketStatus;
    closeReason?: CloseReason | null;
    expectedUpdatedAt?: string;
  },
  now: Date,
  onStatusChange: OnStatusChange,
): Promise<"updated" | "not_found"> {
  const { ticket, expectedUpdatedAt: since } = input;
  return writeTransaction(db, async (trx) => {
    const result = await trx
      .updateTable("tickets")
      .set({ ...ticketColumns(ticket), updated_at: now.toISOString() })
      .where("id", "=", input.ticketId)
      .$if(!!since, (q) => q.where("updated_at", "=", `${since}`))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return "not_found";
    await setLabels(trx, input.ticketId, normalizeLabels(ticket.labels));
    await recordTicketEvent(
      trx,
      { ticketId: input.ticketId, actorId: input.actorId, kind: "updated" },
      now,
    );
    if (input.status) {
      await applyStatus(
        trx,
        {
          ticketId: input.ticketId,
          status: input.status,
          closeReason: input.closeReason,
          actorId: input.actorId,
        },
        now,
        onStatusChange,
      );
    }
    return "updated";
  });
}

export interface SourcedTicket {
  source: Exclude<TicketSource, "manual">;
  externalId: string;
  url: string | null;
  reporterName?: string | null;
  ticket: TicketInput;
}

/**
 * Creates or updates the ticket with this source and external id (imports and GitHub). Updates
 * touch only what the source owns; Koan's own status and assignment stay. Call inside a
 * transaction; returns what happened.
 */
export async function upsertSourcedTicket(
  trx: DB,
  input: SourcedTicket & {
    actorId: number | null;
    eventKind: "imported" | "updated_by_webhook" | "created";
  },
  now: Date,
): Promise<{ id: number; outcome: "created" | "updated" | "unchanged" }> {
  const iso = now.toISOString();
  const { ticket } = input;
  const values = { ...ticketColumns(ticket), url: input.url };
  const labels = normalizeLabels(ticket.labels);
  const existing = await trx
    .selectFrom("tickets")
    .select(["id", "title", "body", "component", "difficulty", "starter", "url"])
    .where("source", "=", input.source)
    .where("external_id", "=", input.externalId)
    .executeTakeFirst();
  if (!existing) {
    const { id } = await trx
      .insertInto("tickets")
      .values({
        ...values,
        status: "open",
        close_reason: null,
        source: input.source,
        external_id: input.externalId,
        reporter_id: null,
        reporter_name: input.reporterName ?? null,
        created_at: iso,
        updated_at: iso,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await setLabels(trx, id, labels);
    await recordTicketEvent(
      trx,
      {
        ticketId: id,
        actorId: input.actorId,
        kind: input.eventKind === "imported" ? "imported" : "created",
        data: { source: input.source, externalId: input.externalId },
      },
      now,
    );
    if (ticket.starter) await announceStarter(trx, id, ticket, now);
    return { id, outcome: "created" };
  }
  const currentLabels = (
    await trx
      .selectFrom("ticket_labels")
      .select("label")
      .where("ticket_id", "=", existing.id)
      .orderBy("label")
      .execute()
  ).map((r) => r.label);
  const same =
    existing.title === values.title &&
    existing.body === values.body &&
    existing.component === values.component &&
    existing.difficulty === values.difficulty &&
    existing.starter === values.starter &&
    existing.url === values.url &&
    currentLabels.join("\n") === labels.join("\n");
  if (same) return { id: existing.id, outcome: "unchanged" };
  await trx
    .updateTable("tickets")
    .set({ ...values, updated_at: iso })
    .where("id", "=", existing.id)
    .execute();
  await setLabels(trx, existing.id, labels);
  await recordTicketEvent(
    trx,
    {
      ticketId: existing.id,
      actorId: input.actorId,
      kind: input.eventKind === "imported" ? "imported" : "updated_by_webhook",
      data: { source: input.source },
    },
    now,
  );
  return { id: existing.id, outcome: "updated" };
}

export async function findTicketIdBySource(trx: DB, source: TicketSource, externalId: string) {
  const row = await trx
    .selectFrom("tickets")
    .select("id")
    .where("source", "=", source)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface TicketView extends Ticket {
  labels: string[];
  reporter: string | null;
}

/** A ticket with its labels and reporter. (Its active assignment is mentoring's: `getTicket` there.) */
export async function getTicket(db: DB, ticketId: number): Promise<TicketView | null> {
  const ticket = await db
    .selectFrom("tickets")
    .leftJoin("users as reporter", "reporter.id", "tickets.reporter_id")
    .selectAll("tickets")
    .select("reporter.name as reporterUserName")
    .where("tickets.id", "=", ticketId)
    .executeTakeFirst();
  if (!ticket) return null;
  const labels = await db
    .selectFrom("ticket_labels")
    .select("label")
    .where("ticket_id", "=", ticketId)
    .orderBy("label")
    .execute();
  const { reporterUserName, ...rest } = ticket;
  return {
    ...rest,
    labels: labels.map((l) => l.label),
    reporter: reporterUserName ?? ticket.reporter_name,
  };
}

export type StatusFilter = TicketStatus | "active" | "any";
export type TicketSort = "newest" | "oldest" | "difficulty";

export interface TicketFilters {
  component?: string;
  label?: string;
  difficulty?: number;
  status: StatusFilter;
  starterOnly: boolean;
  q?: string;
  sort: TicketSort;
  page: number;
  pageSize: number;
}

export interface TicketListRow {
  id: number;
  title: string;
  component: string;
  difficulty: number;
  starter: number;
  status: TicketStatus;
  close_reason: CloseReason | null;
  created_at: string;
  labels: string[];
  holder: string | null;
}

const ACTIVE_STATUSES = TICKET_STATUSES.filter((s) => s !== "resolved" && s !== "closed");

/**
 * Who holds each of these tickets (the newcomer's name). Mentoring owns assignments, so it passes
 * this in (its `listTickets`, which also caches the page).
 */
export type TicketHolders = (db: DB, ticketIds: number[]) => Promise<Map<number, string>>;

/** A page of the ticket queue, uncached; mentoring's `listTickets` is the cached one with holders. */
export async function queryTickets(db: DB, filters: TicketFilters, holdersOf: TicketHolders) {
  let query = db.selectFrom("tickets");
  if (filters.component) query = query.where("tickets.component", "=", filters.component);
  if (filters.difficulty) query = query.where("tickets.difficulty", "=", filters.difficulty);
  if (filters.starterOnly) {
    // Closed and resolved tickets are never offered as starters.
    query = query
      .where("tickets.starter", "=", 1)
      .where("tickets.status", "not in", ["resolved", "closed"]);
  }
  if (filters.status !== "active" && filters.status !== "any")
    query = query.where("tickets.status", "=", filters.status);
  if (filters.label) {
    const label = filters.label;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("ticket_labels")
          .select(sql.lit(1).as("one"))
          .whereRef("ticket_labels.ticket_id", "=", "tickets.id")
          .where("ticket_labels.label", "=", label),
      ),
    );
  }
  // Each word typed (the first 8), in the title or the body, in any order: "중복 결제" finds
  // "결제 오류: 카드 승인 후 “중복” 결제"; Hangul whatever its spacing ("두번", "두 번").
  const words = ticketQueryWords(filters.q);
  if (words.length) {
    const ids = await ticketsMatching(db, words);
    if (ids.length === 0) return { rows: [], total: 0, page: 1, pageCount: 1 };
    query = query.where(
      sql<boolean>`tickets.id in (select value from json_each(${JSON.stringify(ids)}))`,
    );
  }
  // "Active" is said two ways that mean the same (status is one of six values): listed for the
  // count, so the status index answers it with range seeks; "not resolved or closed" for the
  // page, so the newest-first order walks the created_at index and stops after a page.
  const active = filters.status === "active";
  const { total } = await (active ? query.where("tickets.status", "in", ACTIVE_STATUSES) : query)
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  const { page, pageCount } = pageWithin(Number(total), filters.page, filters.pageSize);
  let ordered = (
    active ? query.where("tickets.status", "not in", ["resolved", "closed"]) : query
  ).select([
    "tickets.id",
    "tickets.title",
    "tickets.component",
    "tickets.difficulty",
    "tickets.starter",
    "tickets.status",
    "tickets.close_reason",
    "tickets.created_at",
  ]);
  ordered =
    filters.sort === "oldest"
      ? ordered.orderBy("tickets.created_at", "asc").orderBy("tickets.id", "asc")
      : filters.sort === "difficulty"
        ? ordered
            .orderBy("tickets.difficulty", "asc")
            .orderBy("tickets.created_at", "asc")
            .orderBy("tickets.id", "asc")
        : ordered.orderBy("tickets.created_at", "desc").orderBy("tickets.id", "desc");
  const rows = await ordered
    .limit(filters.pageSize)
    .offset((page - 1) * filters.pageSize)
    .execute();
  const ids = rows.map((r) => r.id);
  const [labels, holders] = ids.length
    ? await Promise.all([
        db
          .selectFrom("ticket_labels")
          .select(["ticket_id", "label"])
          .where("ticket_id", "in", ids)
          .orderBy("label")
          .execute(),
        holdersOf(db, ids),
      ])
    : [[], new Map<number, string>()];
  const labelMap = new Map<number, string[]>();
  for (const l of labels)
    labelMap.set(l.ticket_id, [...(labelMap.get(l.ticket_id) ?? []), l.label]);
  const list: TicketListRow[] = rows.map((r) => ({
    ...r,
    labels: labelMap.get(r.id) ?? [],
    holder: holders.get(r.id) ?? null,
  }));
  return { rows: list, total: Number(total), page, pageCount };
}

/** The components and labels in use, for the queue's filters (cached until tickets change). */
export const listFacets = cachedByVersion("tickets", async (db: DB) => {
  const [components, labels] = await Promise.all([
    db.selectFrom("tickets").select("component").distinct().orderBy("component").execute(),
    db.selectFrom("ticket_labels").select("label").distinct().orderBy("label").execute(),
  ]);
  return { components: components.map((c) => c.component), labels: labels.map((l) => l.label) };
});

/**
 * Open starter tickets, the pool for "next tickets for me": the `perGroup` oldest of each
 * component and difficulty. suggestTickets ranks by component, difficulty, then age, so its top
 * `perGroup` always come from this pool, however many starter tickets are open. One index seek
 * per group (components from the cached facets, difficulties 1–3).
 */
export async function listOpenStarters(db: DB, perGroup = 3) {
  const { components } = await listFacets(db);
  if (components.length === 0) return [];
  const groups = components.flatMap((component) =>
    [1, 2, 3].map(
      (difficulty) => sql`select * from (
        select id, title, component, difficulty, created_at as "createdAt" from tickets
        where starter = 1 and status = 'open' and component = ${component} and difficulty = ${difficulty}
        order by created_at, id limit ${perGroup})`,
    ),
  );
  const { rows } = await sql<{
    id: number;
    title: string;
    component: string;
    difficulty: number;
    createdAt: string;
  }>`select * from (${sql.join(groups, sql` union all `)}) order by "createdAt", id`.execute(db);
  return rows;
}

/** The ticket form's data: the ticket, and the components to pick from; null when there is none. */
export async function getTicketForEditing(db: DB, ticketId: number) {
  const [ticket, facets] = await Promise.all([getTicket(db, ticketId), listFacets(db)]);
  return ticket ? { ticket, components: facets.components } : null;
}
