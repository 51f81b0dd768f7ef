import { type DB, writeTransaction } from "#db/client";
import { can } from "~/auth/policies";
import { userMay } from "~/auth/users.server";
import { k } from "~/lib/i18n/messages";
import {
  getTicket,
  recordTicketEvent,
  reopenUnfinished,
  takeOpenStarter,
} from "~/tickets/tickets.server";
import type { AssignmentPeople } from "./assignments.server";
import { startCheckpoints } from "./checkpoints.server";
import { notify, passOnOpenWork, tellOldMentor } from "./notify.server";
import { currentTrackVersionId } from "./tracks.server";

/** A claim made this long ago or less is told as "just claimed"; an older one as held. */
const JUST_CLAIMED_MS = 5 * 60 * 1000;

class ClaimRefused extends Error {
  constructor(readonly result: ClaimResult) {
    super("claim refused");
  }
}

export type ClaimResult =
  | { ok: true; assignmentId: number }
  | {
      ok: false;
      reason: "forbidden" | "not_found" | "not_starter" | "closed" | "mentor_unavailable";
    }
  /** `recent`: the holder claimed it within the last few minutes (JUST_CLAIMED_MS), as in a race. */
  | { ok: false; reason: "taken"; holder: string | null; recent: boolean }
  | { ok: false; reason: "limit"; limit: number };

/**
 * One mentor's capacity, standing and active mentees, read inside a claim's transaction (the
 * whole team's load is `listMentorLoads`).
 */
async function loadOfMentor(trx: DB, mentorId: number) {
  const row = await trx
    .selectFrom("users")
    .select((eb) => [
      "users.capacity",
      "users.status",
      "users.role",
      eb
        .selectFrom("assignments")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("assignments.mentor_id", "=", "users.id")
        .where("assignments.status", "=", "active")
        .as("active"),
    ])
    .where("users.id", "=", mentorId)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * A newcomer claims an open starter ticket with the mentor they picked. One conditional UPDATE
 * takes the ticket (open → claimed), so when many claim at once exactly one wins; the partial
 * unique index on active assignments backs it up. The newcomer's limit of active assignments
 * and the mentor's capacity are checked inside the same write transaction.
 */
export async function claimTicket(
  db: DB,
  input: {
    ticketId: number;
    newcomerId: number;
    mentorId: number;
    defaultLimit: number;
    allowFullMentor?: boolean;
  },
  now: Date = new Date(),
): Promise<ClaimResult> {
  return writeTransaction(db, async (trx): Promise<ClaimResult> => {
    // The newcomer, as the policies see them, with their limit and active tickets: one read.
    const newcomer = await trx
      .selectFrom("users")
      .select((eb) => [
        "users.id",
        "users.role",
        "users.status",
        "users.max_assignments",
        eb
          .selectFrom("assignments")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("assignments.newcomer_id", "=", "users.id")
          .where("assignments.status", "=", "active")
          .as("active"),
      ])
      .where("users.id", "=", input.newcomerId)
      .executeTakeFirst();
    if (newcomer?.status !== "active" || !can(newcomer, "claimTicket"))
      return { ok: false, reason: "forbidden" };
    if (!(await takeOpenStarter(trx, input.ticketId, now))) {
      const ticket = await getTicket(trx, input.ticketId);
      if (!ticket) return { ok: false, reason: "not_found" };
      if (ticket.status === "resolved" || ticket.status === "closed")
        return { ok: false, reason: "closed" };
      if (!ticket.starter) return { ok: false, reason: "not_starter" };
      const holder = await trx
        .selectFrom("assignments")
        .innerJoin("users", "users.id", "assignments.newcomer_id")
        .select([
          "users.name",
          "assignments.claimed_at",
          "assignments.id",
          "assignments.newcomer_id",
        ])
        .where("assignments.ticket_id", "=", input.ticketId)
        .where("assignments.status", "=", "active")
        .executeTakeFirst();
      // Theirs already (the same form sent twice): done, not "you just claimed it", said to them.
      if (holder?.newcomer_id === input.newcomerId) return { ok: true, assignmentId: holder.id };
      const recent =
        holder !== undefined && now.getTime() - Date.parse(holder.claimed_at) <= JUST_CLAIMED_MS;
      return { ok: false, reason: "taken", holder: holder?.name ?? null, recent };
    }
    const limit = newcomer.max_assignments ?? input.defaultLimit;
    if (Number(newcomer.active ?? 0) >= limit) {
      // Roll back the whole claim, so a refusal leaves the ticket exactly as it was.
      throw new ClaimRefused({ ok: false, reason: "limit", limit });
    }
    const mentor = await loadOfMentor(trx, input.mentorId);
    const full = mentor ? Number(mentor.active ?? 0) >= (mentor.capacity ?? 0) : true;
    if (
      mentor?.role !== "mentor" ||
      mentor.status !== "active" ||
      (full && !input.allowFullMentor)
    ) {
      throw new ClaimRefused({ ok: false, reason: "mentor_unavailable" });
    }
    const id = await openAssignment(
      trx,
      { ticketId: input.ticketId, newcomerId: input.newcomerId, mentorId: input.mentorId },
      now,
    );
    await recordTicketEvent(
      trx,
      { ticketId: input.ticketId, actorId: input.newcomerId, kind: "claimed" },
      now,
    );
    await recordTicketEvent(
      trx,
      {
        ticketId: input.ticketId,
        actorId: input.newcomerId,
        kind: "mentor_chosen",
        data: { mentorId: input.mentorId },
      },
      now,
    );
    return { ok: true, assignmentId: id };
  }).catch((error: unknown) => {
    if (error instanceof ClaimRefused) return error.result;
    throw error;
  });
}

/** The newcomer gives the ticket back; it returns to the queue. */
export async function releaseClaim(
  db: DB,
  input: { ticketId: number; newcomerId: number },
  now: Date = new Date(),
): Promise<boolean> {
  const iso = now.toISOString();
  return writeTransaction(db, async (trx) => {
    const ended = await trx
      .updateTable("assignments")
      .set({ status: "released", ended_at: iso })
      .where("ticket_id", "=", input.ticketId)
      .where("newcomer_id", "=", input.newcomerId)
      .where("status", "=", "active")
      .returning(["id", "mentor_id"])
      .executeTakeFirst();
    if (!ended) return false;
    await reopenUnfinished(trx, input.ticketId, now);
    await recordTicketEvent(
      trx,
      { ticketId: input.ticketId, actorId: input.newcomerId, kind: "released" },
      now,
    );
    // Their mentor is told: the mentee is no longer on the board, and the place is free.
    if (ended.mentor_id !== null) {
      const { name, title } = await namesOf(trx, input.newcomerId, input.ticketId);
      await notify(
        trx,
        {
          userId: ended.mentor_id,
          kind: "claim_released",
          assignmentId: ended.id,
          eventKey: `released:${ended.id}`,
          title: k("team.notify.menteeReleased", { name, ticket: title }),
          body: k("team.notify.menteeReleasedBody"),
          link: "/mentoring",
        },
        now,
      );
    }
    return true;
  });
}

export type ReassignResult =
  | { ok: true }
  | { ok: false; reason: "forbidden" | "not_found" | "not_newcomer" | "no_claim" };

/** A lead hands a claimed ticket to another newcomer, keeping its mentor. */
export async function reassignTicket(
  db: DB,
  input: { ticketId: number; leadId: number; newcomerId: number },
  now: Date = new Date(),
): Promise<ReassignResult> {
  const iso = now.toISOString();
  return writeTransaction(db, async (trx): Promise<ReassignResult> => {
    if (!(await userMay(trx, input.leadId, "reassignTicket")))
      return { ok: false, reason: "forbidden" };
    const target = await trx
      .selectFrom("users")
      .select(["role", "status", "name"])
      .where("id", "=", input.newcomerId)
      .executeTakeFirst();
    if (target?.role !== "newcomer" || target.status !== "active")
      return { ok: false, reason: "not_newcomer" };
    const current = await trx
      .updateTable("assignments")
      .set({ status: "reassigned", ended_at: iso })
      .where("ticket_id", "=", input.ticketId)
      .where("status", "=", "active")
      .returning(["id", "newcomer_id", "mentor_id"])
      .executeTakeFirst();
    if (!current) {
      const exists = await trx
        .selectFrom("tickets")
        .select("id")
        .where("id", "=", input.ticketId)
        .executeTakeFirst();
      return { ok: false, reason: exists ? "no_claim" : "not_found" };
    }
    const assignmentId = await openAssignment(
      trx,
      { ticketId: input.ticketId, newcomerId: input.newcomerId, mentorId: current.mentor_id },
      now,
    );
    // Both newcomers are told: the one who had it, that it is gone; the one who has it now.
    const { title } = await namesOf(trx, input.newcomerId, input.ticketId);
    if (current.newcomer_id !== input.newcomerId)
      await notify(
        trx,
        {
          userId: current.newcomer_id,
          kind: "claim_released",
          assignmentId: current.id,
          eventKey: `reassigned:${current.id}`,
          title: k("team.notify.reassignedAway", { ticket: title }),
          body: k("team.notify.reassignedAwayBody"),
          link: "/onboarding",
        },
        now,
      );
    await notify(
      trx,
      {
        userId: input.newcomerId,
        kind: "ticket_assigned",
        assignmentId,
        eventKey: `assigned:${assignmentId}`,
        title: k("team.notify.assignedToYou", { ticket: title }),
        body: k("team.notify.assignedToYouBody"),
        link: `/assignments/${assignmentId}`,
      },
      now,
    );
    await recordTicketEvent(
      trx,
      {
        ticketId: input.ticketId,
        actorId: input.leadId,
        kind: "reassigned",
        data: { from: current.newcomer_id, to: input.newcomerId },
      },
      now,
    );
    return { ok: true };
  });
}

/** A lead changes the mentor of a ticket's active assignment; capacity may be overridden. */
export async function changeMentor(
  db: DB,
  input: { ticketId: number; leadId: number; mentorId: number },
  now: Date = new Date(),
): Promise<"changed" | "no_claim" | "not_mentor" | "forbidden"> {
  return writeTransaction(db, async (trx) => {
    if (!(await userMay(trx, input.leadId, "changeMentor"))) return "forbidden";
    const mentor = await trx
      .selectFrom("users")
      .select(["role", "status", "name"])
      .where("id", "=", input.mentorId)
      .executeTakeFirst();
    if (mentor?.role !== "mentor" || mentor.status !== "active") return "not_mentor";
    const current = await trx
      .selectFrom("assignments")
      .select(["id", "newcomer_id", "mentor_id"])
      .where("ticket_id", "=", input.ticketId)
      .where("status", "=", "active")
      .executeTakeFirst();
    if (!current) return "no_claim";
    // The mentor it has already: nothing changes, nobody is told.
    if (current.mentor_id === input.mentorId) return "changed";
    await trx
      .updateTable("assignments")
      .set({ mentor_id: input.mentorId })
      .where("id", "=", current.id)
      .execute();
    // As a hand-over: what waited for the old mentor is the new mentor's to do (passOnOpenWork),
    // the new mentor is told (again, if they had it before), and so is the newcomer.
    if (current.mentor_id !== null)
      await passOnOpenWork(
        trx,
        { assignmentId: current.id, from: current.mentor_id, to: input.mentorId },
        now,
      );
    const { title, name } = await notifyNewMentee(
      trx,
      {
        assignmentId: current.id,
        mentorId: input.mentorId,
        newcomerId: current.newcomer_id,
        ticketId: input.ticketId,
        eventKey: `new_mentee:${current.id}:${input.mentorId}:${now.toISOString()}`,
      },
      now,
    );
    // The mentor who had them is told: their board no longer lists this mentee.
    if (current.mentor_id !== null)
      await tellOldMentor(
        trx,
        {
          id: current.id,
          mentorId: current.mentor_id,
          newcomerName: name,
          ticketTitle: title,
          toMentorName: mentor.name,
        },
        now,
      );
    await notify(
      trx,
      {
        userId: current.newcomer_id,
        kind: "new_mentor",
        assignmentId: current.id,
        eventKey: `handed_over:${current.id}:${input.mentorId}:${now.toISOString()}`,
        title: k("team.notify.handedOver", { name: mentor.name, ticket: title }),
        link: `/assignments/${current.id}`,
      },
      now,
    );
    await recordTicketEvent(
      trx,
      {
        ticketId: input.ticketId,
        actorId: input.leadId,
        kind: "mentor_changed",
        data: { mentorId: input.mentorId },
      },
      now,
    );
    return "changed";
  });
}

export interface ActiveAssignment extends AssignmentPeople {
  id: number;
  ticketId: number;
  ticketTitle: string;
  component: string;
}

/** Active assignments, optionally one mentor's or one newcomer's, the longest without progress first. */
export async function listActiveAssignments(
  db: DB,
  filter: { mentorId?: number; newcomerId?: number },
): Promise<ActiveAssignment[]> {
  let query = db
    .selectFrom("assignments")
    .innerJoin("tickets", "tickets.id", "assignments.ticket_id")
    .innerJoin("users as newcomer", "newcomer.id", "assignments.newcomer_id")
    .leftJoin("users as mentor", "mentor.id", "assignments.mentor_id")
    .select([
      "assignments.id",
      "assignments.ticket_id as ticketId",
      "tickets.title as ticketTitle",
      "tickets.component",
      "assignments.newcomer_id as newcomerId",
      "newcomer.name as newcomerName",
      "assignments.mentor_id as mentorId",
      "mentor.name as mentorName",
      "assignments.claimed_at as claimedAt",
      "assignments.last_progress_at as lastProgressAt",
    ])
    .where("assignments.status", "=", "active");
  if (filter.mentorId !== undefined)
    query = query.where("assignments.mentor_id", "=", filter.mentorId);
  if (filter.newcomerId !== undefined)
    query = query.where("assignments.newcomer_id", "=", filter.newcomerId);
  return query.orderBy("assignments.last_progress_at", "asc").execute();
}

/** What the pairing and suggestion modules need to know about a newcomer's history. */
export async function assignmentHistory(db: DB, newcomerId: number) {
  return db
    .selectFrom("assignments")
    .innerJoin("tickets", "tickets.id", "assignments.ticket_id")
    .select([
      "assignments.id",
      "assignments.mentor_id as mentorId",
      "assignments.status",
      "tickets.component",
      "tickets.difficulty",
      "assignments.ended_at as endedAt",
    ])
    .where("assignments.newcomer_id", "=", newcomerId)
    .orderBy("assignments.claimed_at", "asc")
    .execute();
}

/** Active mentee counts per mentor. */
export async function activeMenteeCounts(db: DB): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("assignments")
    .select(["mentor_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("status", "=", "active")
    .where("mentor_id", "is not", null)
    .groupBy("mentor_id")
    .execute();
  return new Map(rows.map((r) => [r.mentor_id as number, Number(r.n)]));
}

/** A new active assignment on the current track version, its checkpoints started, its mentor told. */
async function openAssignment(
  trx: DB,
  input: { ticketId: number; newcomerId: number; mentorId: number | null },
  now: Date,
): Promise<number> {
  const iso = now.toISOString();
  const trackVersionId = await currentTrackVersionId(trx);
  const { id } = await trx
    .insertInto("assignments")
    .values({
      ticket_id: input.ticketId,
      newcomer_id: input.newcomerId,
      mentor_id: input.mentorId,
      status: "active",
      claimed_at: iso,
      last_progress_at: iso,
      ended_at: null,
      track_version_id: trackVersionId,
      resolution: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await startCheckpoints(trx, { assignmentId: id, trackVersionId }, now);
  if (input.mentorId !== null) {
    await notifyNewMentee(
      trx,
      {
        assignmentId: id,
        mentorId: input.mentorId,
        newcomerId: input.newcomerId,
        ticketId: input.ticketId,
      },
      now,
    );
  }
  return id;
}

/** The newcomer's name and the ticket's title, for notifications. */
/** The newcomer's name and the ticket's title, for what they are told. */
export async function namesOf(trx: DB, newcomerId: number, ticketId: number) {
  return trx
    .selectFrom("users")
    .innerJoin("tickets", (join) => join.on("tickets.id", "=", ticketId))
    .select(["users.name", "tickets.title"])
    .where("users.id", "=", newcomerId)
    .executeTakeFirstOrThrow();
}

/** Tells the mentor of their new mentee; says the names it used. */
async function notifyNewMentee(
  trx: DB,
  input: {
    assignmentId: number;
    mentorId: number;
    newcomerId: number;
    ticketId: number;
    /** Unique per event: the first mentor's claim is one, each later change of mentor another. */
    eventKey?: string;
  },
  now: Date,
) {
  const row = await namesOf(trx, input.newcomerId, input.ticketId);
  await notify(
    trx,
    {
      userId: input.mentorId,
      kind: "new_mentee",
      assignmentId: input.assignmentId,
      eventKey: input.eventKey ?? `new_mentee:${input.assignmentId}:${input.mentorId}`,
      title: k("team.notify.newMentee", { name: row.name }),
      body: row.title,
      link: `/assignments/${input.assignmentId}`,
    },
    now,
  );
  return row;
}
