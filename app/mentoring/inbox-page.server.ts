import type { DB } from "#db/client";
import { safeRedirectPath } from "~/lib/http.server";
import { translate } from "~/lib/i18n/catalogs.server";
import type { Locale } from "~/lib/i18n/locales";
import { listNotifications, notificationText, notificationTitle } from "./notifications.server";
import { inboxCounts } from "./notify.server";

/**
 * The viewer's inbox: their notifications grouped and folded for the page (each link kept inside
 * Koan, titles and bodies in the viewer's language) a page at a time, how many things need them
 * and how many are new in all, and the clock the page's relative times are counted from.
 */
export async function getInbox(
  db: DB,
  input: {
    viewerId: number;
    locale: Locale;
    page?: number;
    now?: Date;
    /** The counts already asked for this request (the shell's Inbox link asks them too). */
    counts?: Promise<{ needsYou: number; open: number }>;
  },
) {
  const [inbox, counts] = await Promise.all([
    listNotifications(db, input.viewerId, { page: input.page }),
    input.counts ?? inboxCounts(db, input.viewerId),
  ]);
  const tr = translate(input.locale);
  return {
    ...inbox,
    groups: inbox.groups.map((g) => ({
      ...g,
      // An assignment's group is named by its ticket's title, as written.
      titleAsWritten: g.assignmentId !== null && tr.msg(g.title) === g.title,
      items: g.items.map((i) => {
        const title = notificationTitle(tr, i.title);
        const body = notificationText(tr, i.body);
        return {
          ...i,
          title,
          body,
          // Shown as stored: text people wrote (a comment, a ticket's title), or an old row's
          // sentence, in whatever language it was written in, not one of Koan's messages.
          titleAsWritten: title === i.title,
          bodyAsWritten: body === i.body,
          link: safeRedirectPath(i.link, "/inbox"),
        };
      }),
    })),
    // Over every page, as the Inbox link counts: what the page's heading says is what exists.
    needsYou: counts.needsYou,
    unread: counts.open,
    // One clock for server and browser, so relative times hydrate without a mismatch.
    now: (input.now ?? new Date()).toISOString(),
  };
}

/** An inbox group as the page shows it, its items worded in the viewer's language. */
export type ShownInboxGroup = Awaited<ReturnType<typeof getInbox>>["groups"][number];
