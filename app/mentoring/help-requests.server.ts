import type { DB } from "#db/client";
import { k } from "~/lib/i18n/messages";
import { notify } from "./notify.server";

// "I'm stuck" must reach a person. It goes to the assignment's mentor; when there is none, or the
// mentor is no longer active, or they turned "A mentee asks for help" off in Settings, it goes to
// the team's active leads who keep that choice on (their mute is honoured: it is their setting).
// When nobody takes it, the newcomer is told so plainly, with whom to ask directly: the note
// itself stays on the step for whoever opens the page.

/** Who was told of a request for help, for the newcomer's confirmation. */
export type HelpTold =
  | { to: "mentor"; names: string }
  | { to: "leads"; names: string; count: number }
  | { to: "nobody"; names: string };

/**
 * Tells whoever can help of a request for help (see above), and says who that was. With
 * `send: false`, only says who it would be (a form sent twice: the note is kept once, and the
 * second answer still names who was told).
 */
export async function tellWhoCanHelp(
  trx: DB,
  cp: {
    id: number;
    assignmentId: number;
    title: string;
    mentorId: number | null;
    newcomerId: number;
  },
  body: string,
  now: Date,
  send = true,
): Promise<HelpTold> {
  const takesRequests = async (userId: number) =>
    !(await trx
      .selectFrom("notification_mutes")
      .select("kind")
      .where("user_id", "=", userId)
      .where("kind", "=", "help_requested")
      .executeTakeFirst());
  const request = async (userId: number) => {
    if (!(await takesRequests(userId))) return false;
    if (!send) return true;
    await notify(
      trx,
      {
        userId,
        kind: "help_requested",
        assignmentId: cp.assignmentId,
        eventKey: `stuck-help:${cp.assignmentId}:${now.toISOString()}`,
        title: k("team.notify.helpRequested", { step: cp.title }),
        body,
        link: `/assignments/${cp.assignmentId}#checkpoint-${cp.id}`,
      },
      now,
    );
    return true;
  };
  const mentor =
    cp.mentorId === null
      ? undefined
      : await trx
          .selectFrom("users")
          .select(["id", "name"])
          .where("id", "=", cp.mentorId)
          .where("status", "=", "active")
          .executeTakeFirst();
  if (mentor && (await request(mentor.id))) return { to: "mentor", names: mentor.name };
  const leads = await trx
    .selectFrom("users")
    .select(["id", "name"])
    .where("role", "=", "lead")
    .where("status", "=", "active")
    .where("id", "!=", cp.newcomerId)
    .orderBy("name")
    .orderBy("id")
    .execute();
  const told: string[] = [];
  for (const lead of leads) {
    if (lead.id === mentor?.id) continue;
    if (await request(lead.id)) told.push(lead.name);
  }
  if (told.length) return { to: "leads", names: told.join(", "), count: told.length };
  // Nobody takes requests for help: name the people to ask in person (the mentor first).
  const people = [mentor?.name, ...leads.filter((l) => l.id !== mentor?.id).map((l) => l.name)];
  return { to: "nobody", names: people.filter((n): n is string => !!n).join(", ") };
}
