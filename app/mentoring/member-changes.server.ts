import type { DB } from "#db/client";
import { can } from "~/auth/policies";
import type { MemberChangeGuard } from "~/auth/users.server";
import { k } from "~/lib/i18n/messages";

// A lead changes someone's role or deactivates them (Team → the person). Nobody is left isolated:
// a mentor who could no longer review (deactivated, or no longer a mentor or lead) keeps their
// active mentees until each is handed over, so the change waits until then.

export class MenteesLeftError extends Error {
  constructor(readonly count: number) {
    // A message key (k()): the team page shows it in the reader's language.
    super(k("mentoring.handover.first", { count }));
  }
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
  const { n } = await trx
    .selectFrom("assignments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("mentor_id", "=", member.id)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  if (Number(n) > 0) throw new MenteesLeftError(Number(n));
};
