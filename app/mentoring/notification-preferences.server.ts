import { type DB, writeTransaction } from "#db/client";
import type { NotificationKind, Role } from "#db/schema";
import { k } from "~/lib/i18n/messages";

// What notifies whom: each person turns kinds of notification on or off in Settings. Off is a row
// in notification_mutes; everything is on until turned off. `notify()` honours it. A kind that
// also comes by e-mail (`mail`) can keep its inbox item without the mail: a row in mail_mutes,
// honoured by every mail (mailWanted).

export interface NotificationChoice {
  kind: NotificationKind;
  /** k() keys: Settings shows them with msg(). */
  label: string;
  help: string;
  roles: readonly Role[];
  /** It comes by e-mail too (when e-mail is set up), and the mail can be turned off alone. */
  mail?: boolean;
}

const ALL: readonly Role[] = ["newcomer", "mentor", "lead"];
const REVIEWERS: readonly Role[] = ["mentor", "lead"];
/** Only newcomers work assignments' steps, so only they hear of their steps' reviews. */
const NEWCOMERS: readonly Role[] = ["newcomer"];

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
    roles: NEWCOMERS,
    mail: true,
  },
  {
    kind: "comment",
    label: k("mentoring.notify.comment.label"),
    help: k("mentoring.notify.comment.help"),
    roles: ALL,
  },
  {
    kind: "nudge",
    label: k("mentoring.notify.nudge.label"),
    help: k("mentoring.notify.nudge.help"),
    roles: NEWCOMERS,
  },
  {
    kind: "approved",
    label: k("mentoring.notify.approved.label"),
    help: k("mentoring.notify.approved.help"),
    roles: NEWCOMERS,
    mail: true,
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
    mail: true,
  },
];

export function choicesFor(role: Role): NotificationChoice[] {
  return NOTIFICATION_CHOICES.filter((c) => c.roles.includes(role));
}

export interface NotificationPreference extends NotificationChoice {
  enabled: boolean;
  /** By e-mail too (a kind with `mail`; false for the others). */
  mailEnabled: boolean;
}

/** The choices the user's role has, each on or off, in the inbox and by e-mail. */
export async function getNotificationPreferences(
  db: DB,
  input: { userId: number; role: Role },
): Promise<NotificationPreference[]> {
  const [muted, mailMuted] = await Promise.all([
    db
      .selectFrom("notification_mutes")
      .select("kind")
      .where("user_id", "=", input.userId)
      .execute(),
    db.selectFrom("mail_mutes").select("kind").where("user_id", "=", input.userId).execute(),
  ]);
  const off = new Set(muted.map((m) => m.kind));
  const mailOff = new Set(mailMuted.map((m) => m.kind));
  return choicesFor(input.role).map((c) => ({
    ...c,
    enabled: !off.has(c.kind),
    mailEnabled: c.mail === true && !off.has(c.kind) && !mailOff.has(c.kind),
  }));
}

/**
 * Whether the person wants this kind by e-mail: not turned off altogether, nor by e-mail alone.
 * Every mail about a kind of notification asks this (the review of one's evidence, the digest).
 */
export async function mailWanted(db: DB, userId: number, kind: NotificationKind): Promise<boolean> {
  const [muted, mailMuted] = await Promise.all([
    db
      .selectFrom("notification_mutes")
      .select("kind")
      .where("user_id", "=", userId)
      .where("kind", "=", kind)
      .executeTakeFirst(),
    db
      .selectFrom("mail_mutes")
      .select("kind")
      .where("user_id", "=", userId)
      .where("kind", "=", kind)
      .executeTakeFirst(),
  ]);
  return !muted && !mailMuted;
}

/**
 * Saves the user's choices: the kinds in `enabled` notify, the rest of their role's kinds do not.
 * With `mail` (the form showed the e-mail choices), the kinds in it that come by e-mail do, the
 * others keep only their inbox item (a kind turned off has its e-mail off too, whatever was sent); without it, the e-mail choices stay as they were. Unknown
 * kinds are ignored. Returns the saved preferences.
 */
export async function setNotificationPreferences(
  db: DB,
  input: { userId: number; role: Role; enabled: readonly string[]; mail?: readonly string[] },
  now: Date = new Date(),
): Promise<NotificationPreference[]> {
  const choices = choicesFor(input.role);
  const on = new Set(input.enabled);
  const mute = choices.filter((c) => !on.has(c.kind)).map((c) => c.kind);
  const unmute = choices.filter((c) => on.has(c.kind)).map((c) => c.kind);
  const mailOn = input.mail ? new Set(input.mail) : null;
  const mailed = choices.filter((c) => c.mail);
  await writeTransaction(db, async (trx) => {
    if (mailOn) {
      await trx
        .deleteFrom("mail_mutes")
        .where("user_id", "=", input.userId)
        .where(
          "kind",
          "in",
          mailed.map((c) => c.kind),
        )
        .execute();
      // A kind turned off sends no mail, and its e-mail choice is saved off with it: turned on
      // again later, it does not start mailing unasked (the form shows the box cleared).
      const mailMute = mailed.filter((c) => !mailOn.has(c.kind) || !on.has(c.kind));
      if (mailMute.length)
        await trx
          .insertInto("mail_mutes")
          .values(
            mailMute.map((c) => ({
              user_id: input.userId,
              kind: c.kind,
              created_at: now.toISOString(),
            })),
          )
          .execute();
    }
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
