import type { DB } from "#db/client";
import { listOpenInvites } from "~/auth/invites.server";
import { listTeam } from "~/auth/users.server";
import { hasOpenStarter } from "~/tickets/open-starter.server";

/**
 * A new team's first steps, for its leads on the Team page: a mentor and a newcomer on the team
 * (joined, or invited and not yet joined), and an open starter ticket for the newcomer to claim.
 * The checkpoint track comes ready from the migrations. Null once every step is done, so an
 * established team's page stays as it was.
 */
export async function getFirstSteps(db: DB) {
  const [team, invites, starter] = await Promise.all([
    listTeam(db),
    listOpenInvites(db),
    hasOpenStarter(db),
  ]);
  const has = (role: "mentor" | "newcomer") =>
    team.some((m) => m.role === role && m.status === "active") ||
    invites.some((i) => i.role === role);
  const steps = { mentor: has("mentor"), newcomer: has("newcomer"), starter };
  return steps.mentor && steps.newcomer && steps.starter ? null : steps;
}
