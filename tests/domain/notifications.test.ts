import type { KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NotificationKind } from "#db/schema";
import { k } from "~/lib/i18n/messages";
import { claimTicket } from "~/mentoring/claims.server";
import { getInbox } from "~/mentoring/inbox-page.server";
import { listNotifications, markAllRead, markRead } from "~/mentoring/notifications.server";
import { notify, unreadCount } from "~/mentoring/notify.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 5, components: ["billing"] });
  newcomer = await buildTestUser(t.db, "newcomer");
});
afterEach(async () => {
  await t.close();
});

const at = (minute: number) => new Date(Date.UTC(2026, 8, 1, 9, minute));

/** An assignment of `newcomer` with `mentor` on a fresh starter ticket titled `title`. */
async function assignment(title: string, newcomerId = newcomer) {
  const ticketId = await createTicket(t.db, {
    actorId: lead,
    ticket: {
      title,
      body: "",
      component: "billing",
      labels: ["starter"],
      difficulty: 1,
      starter: true,
    },
  });
  const result = await claimTicket(t.db, {
    ticketId,
    newcomerId,
    mentorId: mentor,
    defaultLimit: 10,
  });
  if (!result.ok) throw new Error(`claim failed: ${JSON.stringify(result)}`);
  const row = await t.db
    .selectFrom("assignments")
    .select("id")
    .where("ticket_id", "=", ticketId)
    .executeTakeFirstOrThrow();
  return row.id;
}

function send(
  userId: number,
  eventKey: string,
  over: { assignmentId?: number | null; kind?: NotificationKind; title?: string } = {},
  now = at(0),
) {
  return notify(
    t.db,
    {
      userId,
      kind: over.kind ?? "approved",
      assignmentId: over.assignmentId ?? null,
      eventKey,
      title: over.title ?? eventKey,
      body: "",
      link: "/onboarding",
    },
    now,
  );
}

describe("notifications are not noise", () => {
  it("the same event twice makes one notification", async () => {
    expect(await send(newcomer, "approved:1:1")).toBe(true);
    expect(await send(newcomer, "approved:1:1", {}, at(5))).toBe(false);
    const { groups } = await listNotifications(t.db, newcomer);
    expect(groups.flatMap((g) => g.items)).toHaveLength(1);
    expect(await unreadCount(t.db, newcomer)).toBe(1);
  });

  it("the same event key for two people notifies each of them once", async () => {
    await send(newcomer, "resolved:7");
    await send(mentor, "resolved:7");
    expect(await unreadCount(t.db, newcomer)).toBe(1);
    expect(await unreadCount(t.db, mentor)).toBe(1);
  });
});

describe("the inbox", () => {
  it("groups by assignment under its ticket title, unread groups and newest first", async () => {
    const rounding = await assignment("Rounding error on invoices");
    const other = await buildTestUser(t.db, "newcomer");
    const csv = await assignment("CSV export drops accents", other);
    await send(newcomer, "a", { assignmentId: rounding, title: "Reproduce approved" }, at(1));
    await send(newcomer, "b", { assignmentId: csv, title: "Fix approved" }, at(2));
    await send(newcomer, "c", { assignmentId: null, title: "Welcome" }, at(3));
    // Another kind, so it doesn't fold into "Reproduce approved" (same-kind folding: calm-notifications.test.ts).
    await send(
      newcomer,
      "d",
      { assignmentId: rounding, kind: "changes_requested", title: "Root cause: changes requested" },
      at(4),
    );
    const older = await t.db
      .selectFrom("notifications")
      .select("id")
      .where("user_id", "=", newcomer)
      .where("event_key", "=", "c")
      .executeTakeFirstOrThrow();
    await markRead(t.db, { userId: newcomer, notificationId: older.id });

    const { groups, truncated } = await listNotifications(t.db, newcomer);
    expect(truncated).toBe(false);
    expect(groups.map((g) => [g.title, g.unread, g.items.map((i) => i.title)])).toEqual([
      ["Rounding error on invoices", 2, ["Root cause: changes requested", "Reproduce approved"]],
      ["CSV export drops accents", 1, ["Fix approved"]],
      ["General", 0, ["Welcome"]],
    ]);
    expect(groups[0]?.assignmentId).toBe(rounding);
    expect(groups[2]?.assignmentId).toBeNull();
  });

  it("puts unread before read within a group, and keeps unread ones when the list is cut short", async () => {
    const a = await assignment("Rounding error");
    for (let i = 0; i < 5; i++) await send(newcomer, `e${i}`, { assignmentId: a }, at(i));
    await markAllRead(t.db, { userId: newcomer });
    await send(newcomer, "late", { assignmentId: a }, at(0));

    const { groups, truncated } = await listNotifications(t.db, newcomer, { limit: 2 });
    expect(truncated).toBe(true);
    expect(groups[0]?.items.map((i) => [i.title, i.unread])).toEqual([
      ["late", true],
      ["e4", false],
    ]);
  });

  it("is empty for someone with no notifications", async () => {
    expect(await listNotifications(t.db, lead)).toEqual({
      groups: [],
      maxId: null,
      truncated: false,
      page: 1,
      pageCount: 1,
      total: 0,
    });
  });
});

describe("an inbox of thousands", () => {
  /** `count` rows for `userId` straight into the table, the oldest first, a minute apart. */
  async function many(
    userId: number,
    count: number,
    row: (i: number) => {
      kind: NotificationKind;
      assignmentId: number | null;
      link: string;
      read: boolean;
    },
  ) {
    const rows = Array.from({ length: count }, (_, i) => {
      const r = row(i);
      const created = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      return {
        user_id: userId,
        kind: r.kind,
        assignment_id: r.assignmentId,
        event_key: `many:${i}`,
        title: `item ${i}`,
        body: "",
        link: r.link,
        created_at: created,
        read_at: r.read ? created : null,
      };
    });
    for (let i = 0; i < rows.length; i += 500) {
      await t.db
        .insertInto("notifications")
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  it("comes a page at a time, every item on one page, with counts over all of them", async () => {
    const a = await assignment("Rounding error");
    await markAllRead(t.db, { userId: mentor }); // the claim's "new mentee", read
    // 3,000 more: every third one waits for a review of its own checkpoint and is unread.
    await many(mentor, 3000, (i) => ({
      kind: i % 3 === 0 ? "review_requested" : "approved",
      assignmentId: a,
      link: `/assignments/${a}#checkpoint-${i}`,
      read: i % 3 !== 0,
    }));
    const seen = new Set<number>();
    const first = await getInbox(t.db, { viewerId: mentor, locale: "en" });
    expect(first).toMatchObject({ page: 1, pageCount: 31, total: 3001, needsYou: 1000 });
    // The heading's numbers are what exists, not what one page shows: never "-900 updates".
    expect(first.unread).toBe(1000);
    // Open items come first: the first page is all of what needs the mentor, newest first.
    const firstItems = first.groups.flatMap((g) => g.items);
    expect(firstItems).toHaveLength(100);
    expect(firstItems.every((i) => i.needsYou)).toBe(true);
    expect(firstItems[0]?.title).toBe("item 2997");
    // Each page reads about a page of rows, not the 3,001: every row a query returns is counted
    // on its way out of the database (a wall-clock limit here failed on a busy CI machine).
    let rows = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        rows += args.result.rows.length;
        return args.result;
      },
    };
    for (let page = 1; page <= 31; page++) {
      rows = 0;
      const inbox = await getInbox(t.db.withPlugin(counting), {
        viewerId: mentor,
        locale: "en",
        page,
      });
      expect(rows).toBeLessThan(300);
      expect(inbox.page).toBe(page);
      expect(inbox.truncated).toBe(page < 31);
      for (const item of inbox.groups.flatMap((g) => g.items)) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
    }
    expect(seen.size).toBe(3001);
    // Past the last page is the last page.
    expect((await getInbox(t.db, { viewerId: mentor, locale: "en", page: 99 })).page).toBe(31);
    // "Mark all read" from the first page covers what is on the others too.
    expect(await markAllRead(t.db, { userId: mentor, upToId: first.maxId ?? 0 })).toBe(1000);
    expect(await getInbox(t.db, { viewerId: mentor, locale: "en" })).toMatchObject({
      needsYou: 0,
      unread: 0,
    });
  });

  it("unread items of ended assignments do not push what needs you off the first page", async () => {
    const ended = await assignment("Released long ago");
    await t.db
      .updateTable("assignments")
      .set({ status: "released" })
      .where("id", "=", ended)
      .execute();
    await many(mentor, 250, () => ({
      kind: "review_requested",
      assignmentId: ended,
      link: `/assignments/${ended}`,
      read: false,
    }));
    const open = await assignment("Still open");
    await send(
      mentor,
      "waiting",
      { assignmentId: open, kind: "review_requested", title: "Waiting for you" },
      new Date(Date.UTC(2025, 0, 1)),
    );
    const inbox = await getInbox(t.db, { viewerId: mentor, locale: "en" });
    expect(inbox.needsYou).toBe(1);
    expect(inbox.groups[0]?.items[0]).toMatchObject({ title: "Waiting for you", needsYou: true });
  });
});

describe("marking read", () => {
  it("marks one of the user's own notifications read, and never someone else's", async () => {
    await send(newcomer, "mine-1");
    await send(newcomer, "mine-2");
    await send(mentor, "theirs");
    const rows = await t.db.selectFrom("notifications").select(["id", "event_key"]).execute();
    const id = (key: string) => rows.find((r) => r.event_key === key)?.id ?? -1;

    expect(await markRead(t.db, { userId: newcomer, notificationId: id("mine-1") })).toBe(true);
    expect(await unreadCount(t.db, newcomer)).toBe(1);
    // Again: still theirs, still read, nothing else changes.
    expect(await markRead(t.db, { userId: newcomer, notificationId: id("mine-1") })).toBe(true);
    expect(await unreadCount(t.db, newcomer)).toBe(1);

    expect(await markRead(t.db, { userId: newcomer, notificationId: id("theirs") })).toBe(false);
    expect(await unreadCount(t.db, mentor)).toBe(1);
    expect(await markRead(t.db, { userId: newcomer, notificationId: 999_999 })).toBe(false);
  });

  it("keeps the first read time when marked again", async () => {
    await send(newcomer, "once");
    const { id } = await t.db.selectFrom("notifications").select("id").executeTakeFirstOrThrow();
    await markRead(t.db, { userId: newcomer, notificationId: id }, at(10));
    await markRead(t.db, { userId: newcomer, notificationId: id }, at(20));
    const row = await t.db
      .selectFrom("notifications")
      .select("read_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.read_at).toBe(at(10).toISOString());
  });

  it("marks all of one user's unread notifications read and says how many", async () => {
    await send(newcomer, "one");
    await send(newcomer, "two");
    await send(newcomer, "three");
    await send(mentor, "theirs");
    const { id } = await t.db
      .selectFrom("notifications")
      .select("id")
      .where("event_key", "=", "one")
      .executeTakeFirstOrThrow();
    await markRead(t.db, { userId: newcomer, notificationId: id });

    expect(await markAllRead(t.db, { userId: newcomer })).toBe(2);
    expect(await unreadCount(t.db, newcomer)).toBe(0);
    expect(await unreadCount(t.db, mentor)).toBe(1);
    expect(await markAllRead(t.db, { userId: newcomer })).toBe(0);
  });

  it("with upToId, leaves a notification that arrived after the page was shown unread", async () => {
    await send(newcomer, "seen");
    const { maxId } = await listNotifications(t.db, newcomer);
    await send(newcomer, "arrived later");
    expect(await markAllRead(t.db, { userId: newcomer, upToId: maxId ?? 0 })).toBe(1);
    expect(await unreadCount(t.db, newcomer)).toBe(1);
  });
});

describe("the unread count", () => {
  it("counts only the user's unread notifications, including the ones claims send", async () => {
    expect(await unreadCount(t.db, mentor)).toBe(0);
    await assignment("Rounding error"); // the mentor hears about a new mentee
    expect(await unreadCount(t.db, mentor)).toBe(1);
    await send(mentor, "x");
    await send(newcomer, "y");
    expect(await unreadCount(t.db, mentor)).toBe(2);
    const { groups } = await listNotifications(t.db, mentor);
    expect(groups.flatMap((g) => g.items.map((i) => i.kind)).sort()).toEqual([
      "approved",
      "new_mentee",
    ]);
    await markAllRead(t.db, { userId: mentor });
    expect(await unreadCount(t.db, mentor)).toBe(0);
  });
});

describe("step titles in the inbox", () => {
  it("shows the default track's step names in the reader's language, stored before or after the catalogs", async () => {
    // Each on its own assignment, so none fold into another.
    const own = async (title: string) => ({ assignmentId: await assignment(title) });
    // Stored before the catalogs: English sentences.
    await send(
      newcomer,
      "old-approved",
      { ...(await own("Ticket 1")), title: "Approved: Root cause" },
      at(1),
    );
    await send(
      newcomer,
      "old-custom",
      { ...(await own("Ticket 2")), title: "Approved: Check the dashboards" },
      at(2),
    );
    await send(
      newcomer,
      "old-other",
      { ...(await own("Ticket 3")), title: "Approved: Root cause, and more" },
      at(3),
    );
    // Stored as messages, with the step's stored (English) title as a value.
    await send(
      newcomer,
      "new-changes",
      {
        ...(await own("Ticket 4")),
        kind: "changes_requested",
        title: k("team.notify.changesRequested", { step: "Failing test" }),
      },
      at(4),
    );
    await send(
      newcomer,
      "new-custom",
      {
        ...(await own("Ticket 5")),
        kind: "changes_requested",
        title: k("team.notify.changesRequested", { step: "Check the dashboards" }),
      },
      at(5),
    );
    const titles = async (locale: "en" | "ko") =>
      (await getInbox(t.db, { viewerId: newcomer, locale })).groups
        .flatMap((g) => g.items.map((i) => i.title))
        .sort();
    expect(await titles("ko")).toEqual(
      [
        "승인: 근본 원인",
        "Approved: Check the dashboards",
        "Approved: Root cause, and more",
        "수정 요청: 실패하는 테스트",
        "수정 요청: Check the dashboards",
      ].sort(),
    );
    expect(await titles("en")).toEqual(
      [
        "Approved: Root cause",
        "Approved: Check the dashboards",
        "Approved: Root cause, and more",
        "Changes requested: Failing test",
        "Changes requested: Check the dashboards",
      ].sort(),
    );
  });
});
