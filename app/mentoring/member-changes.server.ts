import type { DB } from "#db/client";
import { can } from "~/auth/policies";
import { getMemberPage } from "~/auth/team-page.server";
import type { MemberChangeGuard } from "~/auth/users.server";
import { k } from "~/lib/i18n/messages";
import { listActiveAssignments } from "./claims.server";

// A lead changes someone's role or deactivates them (Team → the person). Nobody is left isolated,
// and no ticket is left with someone who cannot work it: a mentor who could no longer review
// (deactivated, or no longer a mentor or lead) keeps their active mentees until each is handed
// over, and a newcomer who could no longer work their ticket (deactivated, or no longer a
// newcomer) keeps it until it is released or reassigned; the change waits until then. The lead
// decides what happens to the work (another mentor, another newcomer with the progress so far, or
// back to the queue): a role form does not do it for them.

/** A member change mentoring refused; its message is a key (k()), shown in the reader's language. */
export class MemberChangeRefused extends Error {}

/** They still mentor `count` active assignments: each is handed over first. */
export class MenteesLeftError extends MemberChangeRefused {
  constructor(readonly count: number) {
    super(k("mentoring.handover.first", { count }));
  }
}

/** They still work `count` claimed tickets: each is released or reassigned first. */
export class TicketsLeftError extends MemberChangeRefused {
  constructor(readonly count: number) {
    super(k("mentoring.release.first", { count }));
  }
}

/** Active assignments where the person is `as` (the mentor or the newcomer). */
async function countActive(trx: DB, userId: number, as: "mentor_id" | "newcomer_id") {
  const { n } = await trx
    .selectFrom("assignments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(as, "=", userId)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Refuses a member change that would leave active assignments with a mentor who cannot review
 * them. Runs inside the change's own transaction (auth's `MemberChangeGuard`).
 */
export const keepMenteesReviewed: MemberChangeGuard = async (trx: DB, member) => {
  const reviews =
    member.status === "active" &&
    can(member, "reviewCheckpoint", { newcomerId: 0, mentorId: member.id });
  if (reviews) return;
  const count = await countActive(trx, member.id, "mentor_id");
  if (count > 0) throw new MenteesLeftError(count);
};

/**
 * Refuses a member change that would leave a claimed ticket with a newcomer who can no longer
 * work it (they could not log in, or are no longer a newcomer), so their mentor's board would
 * wait on them for ever. Runs inside the change's own transaction.
 */
export const keepTicketsWorked: MemberChangeGuard = async (trx: DB, member) => {
  if (member.status === "active" && can(member, "claimTicket")) return;
  const count = await countActive(trx, member.id, "newcomer_id");
  if (count > 0) throw new TicketsLeftError(count);
};

/** Every check mentoring makes on a member change (Team → the person): the route's guard. */
export const guardMemberChange: MemberChangeGuard = async (trx: DB, member) => {
  await keepMenteesReviewed(trx, member);
  await keepTicketsWorked(trx, member);
};

/**
 * A lead's page for one member (Team → the person), with the work a role change or deactivation
 * would wait on: the assignments they mentor and the tickets they work, each a link to the
 * assignment, where it is handed over or released.
 */
export async function getTeamMemberPage(
  db: DB,
  input: { userId: number; viewer: Parameters<typeof getMemberPage>[1]["viewer"] },
) {
  const page = await getMemberPage(db, input);
  if (!page) return null;
  const [mentoring, working] = await Promise.all([
    listActiveAssignments(db, { mentorId: input.userId }),
    listActiveAssignments(db, { newcomerId: input.userId }),
  ]);
  const shown = (a: (typeof mentoring)[number]) => ({
    id: a.id,
    ticketTitle: a.ticketTitle,
    newcomerName: a.newcomerName,
  });
  return { ...page, work: { mentoring: mentoring.map(shown), working: working.map(shown) } };
}
