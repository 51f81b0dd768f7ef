import type { DB } from "#db/client";
import { isLocale } from "~/lib/i18n/locales";
import { pageOf } from "~/lib/paging";
import { hasPassword } from "./credentials.server";
import { listOpenInvites } from "./invites.server";
import { type Actor, can } from "./policies";
import { listSessions, type SessionUser } from "./sessions.server";
import { getMember, listTeam } from "./users.server";

/** People per page of the team list. */
export const TEAM_PAGE_SIZE = 50;

/** Case and accents aside, and Hangul composed one way: "ines" finds "Inés", "민준" finds "김민준". */
function folded(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
}

/**
 * The team page: the invites still waiting to be used, and everyone in Koan a page at a time
 * (a big organisation's 2,000 people on one page took a third of a second to build), optionally
 * only those whose name or e-mail holds `q`.
 */
export async function getTeamPage(db: DB, input: { q?: string; page?: number } = {}) {
  const [team, invites] = await Promise.all([listTeam(db), listOpenInvites(db)]);
  const q = input.q?.trim() ?? "";
  const needle = folded(q);
  const found = needle
    ? team.filter((m) => folded(m.name).includes(needle) || folded(m.email).includes(needle))
    : team;
  const { rows, page, pageCount, total } = pageOf(found, input.page ?? 1, TEAM_PAGE_SIZE);
  return { members: rows, people: { q, page, pageCount, total, everyone: team.length }, invites };
}

/** One person's page on the team (null when there is no such person), and whether it is the viewer's own. */
export async function getMemberPage(db: DB, input: { userId: number; viewer: Actor }) {
  const member = await getMember(db, input.userId);
  return member ? { member, isSelf: member.id === input.viewer.id } : null;
}

/** The viewer's settings page: who they are and the devices they are signed in on. */
export async function getSettingsPage(db: DB, input: { viewer: SessionUser }) {
  const { viewer } = input;
  const [sessions, withPassword] = await Promise.all([
    listSessions(db, viewer.id),
    hasPassword(db, viewer.id),
  ]);
  return {
    user: { name: viewer.name, email: viewer.email, role: viewer.role },
    /** False for an account made through single sign-on: no current password to change. */
    hasPassword: withPassword,
    /** Whether the page shows the Integrations link (the page itself checks again). */
    mayManageIntegrations: can(viewer, "manageIntegrations"),
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
