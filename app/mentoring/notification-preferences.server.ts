import { type DB, writeTransaction } from "#db/client";
import type { NotificationKind, Role } from "#db/schema";
import { k } from "~/lib/i18n/messages";

// What notifies whom: each person turns kinds of notification on or off in Settings. Off is a row
// in notification_mutes; everything is on until turned off. `notify()` honours it.

export interface NotificationChoice {
  kind: NotificationKind;
  /** k() keys: Settings shows them with msg(). */
  label: string;
  help: string;
  roles: readonly Role[];
}

const ALL: readonly Role[] = ["newcomer", "mentor", "lead"];
const REVIEWERS: readonly Role[] = ["mentor", "lead"];

export const NOTIFICATION_CHOICES: readonly NotificationChoice[] = [
  {
    kind: "review_requested",
    label: k("mentoring.notify.reviewRequested.label"),
    help: k("mentoring.notify.reviewRequested.help"),
    roles: REVIEWERS,
  },
  {
    kind: "stuck",
    label: k("mentoring.notify.stuck.label"),
    help: k("mentoring.notify.stuck.help"),
    roles: REVIEWERS,
  },
  {
    kind: "help_requested",
    label: k("mentoring.notify.helpRequested.label"),
    help: k("mentoring.notify.helpRequested.help"),
    roles: REVIEWERS,
  },
  {
    kind: "works_as_designed",
    label: k("mentoring.notify.worksAsDesigned.label"),
    help: k("mentoring.notify.worksAsDesigned.help"),
    roles: REVIEWERS,
  },
  {
    kind: "new_mentee",
    label: k("mentoring.notify.newMentee.label"),
    help: k("mentoring.notify.newMentee.help"),
    roles: REVIEWERS,
  },
  {
    kind: "changes_requested",
    label: k("mentoring.notify.changesRequested.label"),
    help: k("mentoring.notify.changesRequested.help"),
    roles: ALL,
  },
  {
    kind: "nudge",
    label: k("mentoring.notify.nudge.label"),
    help: k("mentoring.notify.nudge.help"),
    roles: ["newcomer"],
  },
  {
    kind: "approved",
    label: k("mentoring.notify.approved.label"),
    help: k("mentoring.notify.approved.help"),
    roles: ALL,
  },
  {
    kind: "assignment_resolved",
    label: k("mentoring.notify.assignmentResolved.label"),
    help: k("mentoring.notify.assignmentResolved.help"),
    roles: ALL,
  },
  {
    kind: "digest",
    label: k("mentoring.notify.digest.label"),
    help: k("mentoring.notify.digest.help"),
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
