import type { DB } from "#db/client";
import { isLocale } from "~/lib/i18n/locales";
import { listOpenInvites } from "./invites.server";
import type { Actor } from "./policies";
import { listSessions, type SessionUser } from "./sessions.server";
import { getMember, listTeam } from "./users.server";

/** The team page: everyone in Koan, and the invites still waiting to be used. */
export async function getTeamPage(db: DB) {
  const [members, invites] = await Promise.all([listTeam(db), listOpenInvites(db)]);
  return { members, invites };
}

/** One person's page on the team (null when there is no such person), and whether it is the viewer's own. */
export async function getMemberPage(db: DB, input: { userId: number; viewer: Actor }) {
  const member = await getMember(db, input.userId);
  return member ? { member, isSelf: member.id === input.viewer.id } : null;
}

/** The viewer's settings page: who they are and the devices they are signed in on. */
export async function getSettingsPage(db: DB, input: { viewer: SessionUser }) {
  const { viewer } = input;
  const sessions = await listSessions(db, viewer.id);
  return {
    user: { name: viewer.name, email: viewer.email, role: viewer.role },
    /** Their language setting; null follows the browser. */
    locale: isLocale(viewer.locale) ? viewer.locale : null,
    /** Their time zone; null follows the organisation's. */
    timeZone: viewer.timeZone ?? null,
    sessions: sessions.map((s) => ({
      // A prefix of the stored hash: enough for a React key, useless as a credential.
      key: s.id.slice(0, 12),
      current: s.id === viewer.sessionId,
      lastSeenAt: s.last_seen_at,
      userAgent: s.user_agent,
    })),
  };
}
