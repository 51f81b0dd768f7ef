import type { DB } from "#db/client";
import { safeRedirectPath } from "~/lib/http.server";
import { translate } from "~/lib/i18n/catalogs.server";
import type { Locale } from "~/lib/i18n/locales";
import { listNotifications, notificationText, notificationTitle } from "./notifications.server";
import { needsYouCount } from "./notify.server";

/**
 * The viewer's inbox: their notifications grouped and folded for the page (each link kept inside
 * Koan, titles and bodies in the viewer's language), how many things need them, and the clock the
 * page's relative times are counted from.
 */
export async function getInbox(db: DB, input: { viewerId: number; locale: Locale; now?: Date }) {
  const [inbox, needsYou] = await Promise.all([
    listNotifications(db, input.viewerId),
    needsYouCount(db, input.viewerId),
  ]);
  const tr = translate(input.locale);
  return {
    ...inbox,
    groups: inbox.groups.map((g) => ({
      ...g,
      items: g.items.map((i) => ({
        ...i,
        title: notificationTitle(tr, i.title),
        body: notificationText(tr, i.body),
        link: safeRedirectPath(i.link, "/inbox"),
      })),
    })),
    needsYou,
    unread: inbox.groups.reduce((n, g) => n + g.unread, 0),
    // One clock for server and browser, so relative times hydrate without a mismatch.
    now: (input.now ?? new Date()).toISOString(),
  };
}
