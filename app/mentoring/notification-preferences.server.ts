import { type DB, writeTransaction } from "#db/client";
import type { NotificationKind, Role } from "#db/schema";

// What notifies whom: each person turns kinds of notification on or off in Settings. Off is a row
// in notification_mutes; everything is on until turned off. `notify()` honours it.

export interface NotificationChoice {
  kind: NotificationKind;
  label: string;
  help: string;
  roles: readonly Role[];
}

const ALL: readonly Role[] = ["newcomer", "mentor", "lead"];
const REVIEWERS: readonly Role[] = ["mentor", "lead"];

export const NOTIFICATION_CHOICES: readonly NotificationChoice[] = [
  {
    kind: "review_requested",
    label: "Evidence waiting for your review",
    help: "When a mentee sends evidence for a step you sign off.",
    roles: REVIEWERS,
  },
  {
    kind: "stuck",
    label: "A mentee may be stuck",
    help: "When a mentee asks for help, or shows no progress for days.",
    roles: REVIEWERS,
  },
  {
    kind: "help_requested",
    label: "A mentee asks for help",
    help: "When a mentee presses I'm stuck and says what they tried.",
    roles: REVIEWERS,
  },
  {
    kind: "works_as_designed",
    label: "Works as designed",
    help: "When a mentee says their ticket works as designed and closes it with a write-up.",
    roles: REVIEWERS,
  },
  {
    kind: "new_mentee",
    label: "New mentees",
    help: "When someone claims a ticket with you as their mentor.",
    roles: REVIEWERS,
  },
  {
    kind: "changes_requested",
    label: "Changes asked on your evidence",
    help: "When your mentor asks for changes on a step.",
    roles: ALL,
  },
  {
    kind: "nudge",
    label: "Check-ins from your mentor",
    help: "When your mentor nudges you about a ticket that has been quiet.",
    roles: ["newcomer"],
  },
  {
    kind: "approved",
    label: "Steps signed off",
    help: "When your mentor approves a step.",
    roles: ALL,
  },
  {
    kind: "assignment_resolved",
    label: "Finished assignments",
    help: "When an assignment you are on is finished.",
    roles: ALL,
  },
  {
    kind: "digest",
    label: "Daily digest",
    help: "One item a day saying what waits for you; none on days when nothing does.",
    roles: ALL,
  },
];

export function choicesFor(role: Role): NotificationChoice[] {
  return NOTIFICATION_CHOICES.filter((c) => c.roles.includes(role));
}

export interface NotificationPreference extends NotificationChoice {
  enabled: boolean;
}

/** The choices the user's role has, each on or off. */
export async function getNotificationPreferences(
  db: DB,
  input: { userId: number; role: Role },
): Promise<NotificationPreference[]> {
  const muted = await db
    .selectFrom("notification_mutes")
    .select("kind")
    .where("user_id", "=", input.userId)
    .execute();
  const off = new Set(muted.map((m) => m.kind));
  return choicesFor(input.role).map((c) => ({ ...c, enabled: !off.has(c.kind) }));
}

/**
 * Saves the user's choices: the kinds in `enabled` notify, the rest of their role's kinds do not.
 * Unknown kinds in `enabled` are ignored. Returns the saved preferences.
 */
export async function setNotificationPreferences(
  db: DB,
  input: { userId: number; role: Role; enabled: readonly string[] },
  now: Date = new Date(),
): Promise<NotificationPreference[]> {
  const choices = choicesFor(input.role);
  const on = new Set(input.enabled);
  const mute = choices.filter((c) => !on.has(c.kind)).map((c) => c.kind);
  const unmute = choices.filter((c) => on.has(c.kind)).map((c) => c.kind);
  await writeTransaction(db, async (trx) => {
    if (unmute.length) {
      await trx
        .deleteFrom("notification_mutes")
        .where("user_id", "=", input.userId)
        .where("kind", "in", unmute)
        .execute();
    }
    if (mute.length) {
      await trx
        .insertInto("notification_mutes")
        .values(
          mute.map((kind) => ({ user_id: input.userId, kind, created_at: now.toISOString() })),
        )
        .onConflict((oc) => oc.columns(["user_id", "kind"]).doNothing())
        .execute();
    }
  });
  return getNotificationPreferences(db, input);
}
