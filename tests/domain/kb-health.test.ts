import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTransaction } from "#db/client";
import { relatedWriteupsForTicket } from "~/knowledge/capture.server";
import {
  gapTicketOf,
  listKnowledgeGaps,
  recordSearchMiss,
  turnGapIntoTicket,
} from "~/knowledge/gaps.server";
import {
  componentWriteupCounts,
  confirmStillCorrect,
  flagOutOfDate,
  monthsBefore,
  parseReviewAfterMonths,
  recordView,
  recordVote,
  resolveFlag,
  reviewList,
  voteCounts,
} from "~/knowledge/health.server";
import { reviewReasonText } from "~/knowledge/review-reason";
import { getSearchPage, ticketForMissedSearch } from "~/knowledge/search-page.server";
import {
  listToilComponents,
  normalizeToilDescription,
  type ToilGroup,
  toilBoard,
} from "~/knowledge/toil.server";
import {
  createWriteup,
  markPublished,
  markVerified,
  type WriteupInput,
} from "~/knowledge/writeups.server";
import { translate } from "~/lib/i18n/catalogs.server";
import { addDays } from "~/lib/time";
import { suggestMentorsFor } from "~/mentoring/mentors.server";
import { getTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { seedDemo } from "../../seeds/demo";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { turnsDuring } from "../support/wait";

/** "Jan 10, 2026": dates as English pages and content show them. */
const formatDay = translate("en").day;

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead", { name: "Seo-yeon" });
  mentor = await buildTestUser(t.db, "mentor", { name: "Tomás", capacity: 3 });
  newcomer = await buildTestUser(t.db, "newcomer", { name: "Minjun" });
});
afterEach(async () => {
  await t.close();
});

function writeup(over: Partial<WriteupInput> = {}): WriteupInput {
  return {
    title: "Invoice totals off by one cent",
    symptom: "Totals differ by 0.01",
    component: "billing",
    rootCause: "Float rounding",
    fix: "Use integer cents",
    debugging: "Bisected",
    resolution: "fixed",
    tags: [],
    links: [],
    toil: [],
    ...over,
  };
}

async function publish(
  over: Partial<WriteupInput> = {},
  opts: { authorId?: number | null; at?: Date } = {},
) {
  return createWriteup(
    t.db,
    { authorId: opts.authorId ?? newcomer, status: "published", writeup: writeup(over) },
    opts.at ?? new Date("2026-01-10T09:00:00Z"),
  );
}

async function verify(writeupId: number, verifierId: number, at: Date) {
  await writeTransaction(t.db, (trx) => markVerified(trx, { writeupId, verifierId }, at));
}

describe("votes and views", () => {
  it("one vote per person per write-up, and a person can change theirs", async () => {
    const id = await publish();
    expect(await voteCounts(t.db, id)).toEqual({ helpful: 0, notHelpful: 0 });
    expect(await recordVote(t.db, { writeupId: id, userId: newcomer, helpful: true })).toEqual({
      ok: true,
    });
    await recordVote(t.db, { writeupId: id, userId: newcomer, helpful: true });
    await recordVote(t.db, { writeupId: id, userId: mentor, helpful: false });
    expect(await voteCounts(t.db, id)).toEqual({ helpful: 1, notHelpful: 1 });
    await recordVote(t.db, { writeupId: id, userId: mentor, helpful: true });
    expect(await voteCounts(t.db, id)).toEqual({ helpful: 2, notHelpful: 0 });
    expect(await recordVote(t.db, { writeupId: 9999, userId: mentor, helpful: true })).toEqual({
      ok: false,
      reason: "not_found",
    });
    const draft = await createWriteup(t.db, { authorId: newcomer, writeup: writeup() });
    expect(await recordVote(t.db, { writeupId: draft, userId: mentor, helpful: true })).toEqual({
      ok: false,
      reason: "not_published",
    });
  });

  it("counts views", async () => {
    const id = await publish();
    expect(await recordView(t.db, id)).toBe(true);
    expect(await recordView(t.db, id)).toBe(true);
    expect(await recordView(t.db, 9999)).toBe(false);
    const row = await t.db
      .selectFrom("writeups")
      .select("views")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.views).toBe(2);
  });

  it("does not count a draft's views, nor carry any into its publication", async () => {
    const draft = await createWriteup(t.db, { authorId: newcomer, writeup: writeup() });
    expect(await recordView(t.db, draft, mentor)).toBe(false);
    const views = async () =>
      (
        await t.db
          .selectFrom("writeups")
          .select("views")
          .where("id", "=", draft)
          .executeTakeFirstOrThrow()
      ).views;
    expect(await views()).toBe(0);
    // Counted on a draft before drafts stopped counting them: they start again at publication.
    await t.db.updateTable("writeups").set({ views: 7 }).where("id", "=", draft).execute();
    await writeTransaction(t.db, (trx) => markPublished(trx, draft, new Date()));
    expect(await views()).toBe(0);
    expect(await recordView(t.db, draft, mentor)).toBe(true);
    // Published again after an edit: its views stay.
    await writeTransaction(t.db, (trx) => markPublished(trx, draft, new Date()));
    expect(await views()).toBe(1);
  });

  it("does not count the author's own view (landing on it after publishing)", async () => {
    const id = await publish();
    expect(await recordView(t.db, id, newcomer)).toBe(false);
    expect(await recordView(t.db, id, mentor)).toBe(true);
    const row = await t.db
      .selectFrom("writeups")
      .select("views")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.views).toBe(1);
  });
});

describe("the review list", () => {
  it("reads REVIEW_AFTER_MONTHS, 6 by default, and refuses nonsense naming the variable", () => {
    expect(parseReviewAfterMonths({})).toBe(6);
    expect(parseReviewAfterMonths({ REVIEW_AFTER_MONTHS: "" })).toBe(6);
    expect(parseReviewAfterMonths({ REVIEW_AFTER_MONTHS: "12" })).toBe(12);
    expect(() => parseReviewAfterMonths({ REVIEW_AFTER_MONTHS: "0" })).toThrow(
      /REVIEW_AFTER_MONTHS: must be at least 1/,
    );
    expect(() => parseReviewAfterMonths({ REVIEW_AFTER_MONTHS: "soon" })).toThrow(
      /REVIEW_AFTER_MONTHS/,
    );
  });

  it("counts calendar months, clamping to the end of a shorter month", () => {
    expect(monthsBefore(new Date("2026-08-31T10:00:00Z"), 6).toISOString()).toBe(
      "2026-02-28T10:00:00.000Z",
    );
    expect(monthsBefore(new Date("2026-03-15T00:00:00Z"), 6).toISOString()).toBe(
      "2025-09-15T00:00:00.000Z",
    );
  });

  it("lists published write-ups not verified for N months, with the reason, as the clock moves", async () => {
    const published = new Date("2026-01-10T09:00:00Z");
    const neverVerified = await publish({ title: "Never verified" }, { at: published });
    const verifiedLater = await publish({ title: "Verified in March" }, { at: published });
    await verify(verifiedLater, mentor, new Date("2026-03-01T09:00:00Z"));
    await createWriteup(
      t.db,
      { authorId: newcomer, writeup: writeup({ title: "A draft" }) },
      published,
    );

    const ids = async (now: Date) =>
      (await reviewList(t.db, now, { months: 6 })).stale.map((s) => s.writeupId);
    expect(await ids(new Date("2026-07-10T08:59:00Z"))).toEqual([]);
    expect(await ids(new Date("2026-07-10T09:01:00Z"))).toEqual([neverVerified]);
    const september = await reviewList(t.db, new Date("2026-09-02T00:00:00Z"), { months: 6 });
    expect(september.stale.map((s) => s.writeupId)).toEqual([neverVerified, verifiedLater]);
    expect(september.staleTotal).toBe(2);
    const reason = (i: number) => {
      const r = september.stale[i]?.reason;
      return r ? reviewReasonText(translate("en"), r) : null;
    };
    expect(reason(0)).toBe(
      `Never verified; published on ${formatDay("2026-01-10T09:00:00Z")}, more than 6 months ago`,
    );
    expect(reason(1)).toBe(
      `Last verified on ${formatDay("2026-03-01T09:00:00Z")}, more than 6 months ago`,
    );
    const lastVerified = september.stale[1]?.reason ?? { kind: "edited" };
    expect(reviewReasonText(translate("ko"), lastVerified)).toBe(
      "마지막 검증 2026년 3월 1일, 6개월 넘게 지남",
    );
    // A shorter setting brings them due sooner.
    expect(await ids(new Date("2026-02-11T00:00:00Z"))).toEqual([]);
    expect(
      (await reviewList(t.db, new Date("2026-02-11T00:00:00Z"), { months: 1 })).stale.map(
        (s) => s.writeupId,
      ),
    ).toEqual([neverVerified]);

    // Marking it still correct counts as a fresh verification: off the list.
    expect(
      await confirmStillCorrect(
        t.db,
        { writeupId: neverVerified, userId: mentor },
        new Date("2026-09-02T00:00:00Z"),
      ),
    ).toEqual({ ok: true });
    expect(await ids(new Date("2026-09-03T00:00:00Z"))).toEqual([verifiedLater]);
  });

  it("out-of-date flags appear with the write-up, who flagged and the note, until resolved", async () => {
    const id = await publish({ title: "Retry the export" });
    const now = new Date("2026-02-01T12:00:00Z");
    expect(await flagOutOfDate(t.db, { writeupId: id, userId: newcomer, note: "  " }, now)).toEqual(
      { ok: false, reason: "invalid" },
    );
    expect(
      await flagOutOfDate(t.db, { writeupId: id, userId: newcomer, note: "x".repeat(1001) }, now),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(
      await flagOutOfDate(t.db, { writeupId: 9999, userId: newcomer, note: "old" }, now),
    ).toEqual({ ok: false, reason: "not_found" });

    const first = await flagOutOfDate(
      t.db,
      { writeupId: id, userId: newcomer, note: "The export button moved." },
      now,
    );
    expect(first.ok).toBe(true);
    // Flagging again replaces the same person's open note rather than piling up.
    const again = await flagOutOfDate(
      t.db,
      { writeupId: id, userId: newcomer, note: "The export button moved to Settings." },
      addDays(now, 1),
    );
    expect(again).toEqual(first);

    const list = await reviewList(t.db, addDays(now, 2), { months: 6 });
    expect(list.flags).toHaveLength(1);
    expect(list.flags[0]).toMatchObject({
      writeupId: id,
      title: "Retry the export",
      component: "billing",
      flaggedBy: "Minjun",
      note: "The export button moved to Settings.",
    });
    const flagged = list.flags[0]?.reason ?? { kind: "edited" };
    expect(reviewReasonText(translate("en"), flagged)).toBe(
      `Flagged as out of date by Minjun on ${formatDay("2026-02-02T12:00:00Z")}`,
    );

    const flagId = list.flags[0]?.flagId ?? 0;
    expect(await resolveFlag(t.db, { flagId, userId: mentor }, addDays(now, 3))).toBe("resolved");
    expect(await resolveFlag(t.db, { flagId, userId: lead }, addDays(now, 3))).toBe(
      "already_resolved",
    );
    expect(await resolveFlag(t.db, { flagId: 9999, userId: lead })).toBe("not_found");
    expect((await reviewList(t.db, addDays(now, 3), { months: 6 })).flags).toEqual([]);
    const audit = await t.db
      .selectFrom("audit_events")
      .select("action")
      .where("subject_type", "=", "writeup")
      .where("subject_id", "=", id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "writeup.created",
      "writeup.flagged",
      "writeup.flagged",
      "writeup.flag_resolved",
    ]);
  });
});

describe("knowledge gaps", () => {
  it("records misses normalised, counts repeats, ignores very short ones", async () => {
    const day = new Date("2026-03-01T00:00:00Z");
    expect(await recordSearchMiss(t.db, "  Webhook   RETRY  storm ", day, newcomer)).toBe(
      "webhook retry storm",
    );
    expect(await recordSearchMiss(t.db, "webhook retry storm", addDays(day, 1), newcomer)).toBe(
      "webhook retry storm",
    );
    expect(await recordSearchMiss(t.db, "ab", day, newcomer)).toBeNull();
    expect(await recordSearchMiss(t.db, "   a  ", day, newcomer)).toBeNull();
    expect(await recordSearchMiss(t.db, "결제 오류", day, newcomer)).toBe("결제 오류");
    expect(await recordSearchMiss(t.db, "x".repeat(500), day, newcomer)).toBe("x".repeat(200));

    const gaps = await listKnowledgeGaps(t.db, { limit: 10 });
    expect(gaps[0]).toEqual({
      query: "webhook retry storm",
      count: 2,
      firstSeenAt: day.toISOString(),
      lastSeenAt: addDays(day, 1).toISOString(),
    });
    expect(gaps.map((g) => g.query).sort()).toEqual(
      ["webhook retry storm", "결제 오류", "x".repeat(200)].sort(),
    );
    expect(await listKnowledgeGaps(t.db, { limit: 1 })).toHaveLength(1);
  });

  it("one person pressing 25 times counts once per query per day; others and other days count", async () => {
    const day = new Date("2026-03-01T09:00:00Z");
    for (let i = 0; i < 25; i++) {
      await recordSearchMiss(
        t.db,
        "결제 웹훅 재시도",
        new Date(day.getTime() + i * 60_000),
        newcomer,
      );
    }
    await recordSearchMiss(t.db, "결제 웹훅 재시도", day, mentor);
    for (const who of [newcomer, mentor, lead]) {
      await recordSearchMiss(t.db, "invoice rounding", day, who);
    }
    let gaps = await listKnowledgeGaps(t.db);
    expect(gaps.map((g) => [g.query, g.count])).toEqual([
      ["invoice rounding", 3],
      ["결제 웹훅 재시도", 2],
    ]);
    // The next day, the same person counts again (a gap that keeps biting is still a gap).
    await recordSearchMiss(t.db, "결제 웹훅 재시도", addDays(day, 1), newcomer);
    await recordSearchMiss(t.db, "결제 웹훅 재시도", addDays(day, 1), newcomer);
    gaps = await listKnowledgeGaps(t.db);
    expect(gaps.find((g) => g.query === "결제 웹훅 재시도")?.count).toBe(3);
  });

  it("a gap becomes a labelled documentation starter ticket, and leaves the list", async () => {
    const now = new Date("2026-03-05T00:00:00Z");
    for (const who of [newcomer, mentor, lead])
      await recordSearchMiss(t.db, "SSO login loop", now, who);
    await recordSearchMiss(t.db, "csv import encoding", now, newcomer);

    const result = await turnGapIntoTicket(t.db, { query: "sso login loop", actorId: lead }, now);
    if (!result.ok) throw new Error("expected a ticket");
    const ticket = await getTicket(t.db, result.ticketId);
    expect(ticket).toMatchObject({
      title: 'Document: "sso login loop"',
      component: "docs",
      labels: ["documentation", "starter"],
      difficulty: 1,
      starter: 1,
      status: "open",
    });
    expect(ticket?.body).toContain(
      'searched the knowledge base for "sso login loop" 3 times and found nothing (first on Mar 5, 2026, last on Mar 5, 2026)',
    );
    expect((await listKnowledgeGaps(t.db)).map((g) => g.query)).toEqual(["csv import encoding"]);

    // Asking again returns the same ticket; a given component is used; unknown gaps are not found.
    expect(await turnGapIntoTicket(t.db, { query: "SSO login loop", actorId: lead })).toEqual(
      result,
    );
    const other = await turnGapIntoTicket(t.db, {
      query: "csv import encoding",
      actorId: lead,
      component: "Imports",
    });
    if (!other.ok) throw new Error("expected a ticket");
    expect((await getTicket(t.db, other.ticketId))?.component).toBe("imports");
    expect(await turnGapIntoTicket(t.db, { query: "never searched", actorId: lead })).toEqual({
      ok: false,
      reason: "not_found",
    });
  });

  it("a gap ticket's related write-ups are what its search finds now, not what its standard wording finds", async () => {
    // The demo's write-ups: "Refund button missing for some staff" says "people know whom to
    // ask", as the gap ticket's standard description says "needs to know (ask a mentor…)".
    await seedDemo(t.db);
    const now = new Date("2026-03-05T00:00:00Z");
    await recordSearchMiss(t.db, "quokka lighthouse", now, newcomer);
    const made = await turnGapIntoTicket(t.db, { query: "quokka lighthouse", actorId: lead }, now);
    if (!made.ok) throw new Error("expected a ticket");
    const ticket = await getTicket(t.db, made.ticketId);
    if (!ticket) throw new Error("no ticket");
    expect(await relatedWriteupsForTicket(t.db, ticket)).toEqual([]);
    // Once someone writes it up, the ticket shows it.
    const answer = await publish({
      title: "Quokka lighthouse times out on large merchants",
      symptom: "The quokka lighthouse report never finishes for merchants with many payments",
    });
    expect((await relatedWriteupsForTicket(t.db, ticket)).map((w) => w.id)).toEqual([answer]);
  });

  it("a Korean lead's gap ticket is written in Korean, and says how often and when", async () => {
    const now = new Date("2026-03-05T00:00:00Z");
    await recordSearchMiss(t.db, "결제 웹훅 재시도", now, newcomer);
    await recordSearchMiss(t.db, "결제 웹훅 재시도", addDays(now, 2), mentor);
    const result = await turnGapIntoTicket(
      t.db,
      { query: "결제 웹훅 재시도", actorId: lead, locale: "ko" },
      now,
    );
    if (!result.ok) throw new Error("expected a ticket");
    const ticket = await getTicket(t.db, result.ticketId);
    expect(ticket?.title).toBe('문서화: "결제 웹훅 재시도"');
    expect(ticket?.body).toContain(
      '아무것도 찾지 못한 검색어예요: "결제 웹훅 재시도" (2번, 처음 2026년 3월 5일, 마지막 2026년 3월 7일)',
    );
    expect(ticket?.body).not.toMatch(/People searched|found nothing/);
  });
  it("a lead makes the ticket from the empty search itself; the page then links to it", async () => {
    await publish({ title: "Invoice totals off by one cent" });
    const now = new Date("2026-03-05T00:00:00Z");
    const asLead = { id: lead, role: "lead" as const };
    const query = "카카오 알림톡 템플릿 승인";
    // Nobody's search had been counted yet: the lead's click counts it and makes the ticket.
    expect(await gapTicketOf(t.db, query)).toBeNull();
    const made = await ticketForMissedSearch(t.db, { q: query, viewer: asLead, locale: "ko" }, now);
    if (!made.ok) throw new Error(`expected a ticket, got ${made.reason}`);
    expect((await getTicket(t.db, made.ticketId))?.title).toBe(`문서화: "${query}"`);
    expect(await gapTicketOf(t.db, `  ${query} `)).toBe(made.ticketId);
    expect(await listKnowledgeGaps(t.db)).toEqual([]);
    // The page links to it now, and a second click (another tab) gives the same ticket.
    const page = await getSearchPage(t.db, {
      q: query,
      filters: {},
      timeZone: "UTC",
      viewer: asLead,
    });
    expect(page.gapTicketId).toBe(made.ticketId);
    expect(await ticketForMissedSearch(t.db, { q: query, viewer: asLead, locale: "ko" })).toEqual(
      made,
    );

    // Only leads; a search that finds write-ups by now has nothing to document; nor a short one.
    for (const [id, role] of [
      [newcomer, "newcomer"],
      [mentor, "mentor"],
    ] as const) {
      expect(
        await ticketForMissedSearch(t.db, { q: "sso loop", viewer: { id, role }, locale: "en" }),
      ).toEqual({ ok: false, reason: "forbidden" });
      const theirs = await getSearchPage(t.db, {
        q: query,
        filters: {},
        timeZone: "UTC",
        viewer: { id, role },
      });
      expect(theirs.gapTicketId).toBeNull();
    }
    expect(
      await ticketForMissedSearch(t.db, { q: "invoice cent", viewer: asLead, locale: "en" }),
    ).toEqual({ ok: false, reason: "answered" });
    expect(await ticketForMissedSearch(t.db, { q: "zq", viewer: asLead, locale: "en" })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await listKnowledgeGaps(t.db)).toEqual([]);
  });

  it("two leads at once get one open ticket; the other is closed as a duplicate", async () => {
    await recordSearchMiss(t.db, "rate limit headers", new Date(), newcomer);
    const [a, b] = await Promise.all([
      turnGapIntoTicket(t.db, { query: "rate limit headers", actorId: lead }),
      turnGapIntoTicket(t.db, { query: "rate limit headers", actorId: lead }),
    ]);
    expect(a).toEqual(b);
    const open = await t.db
      .selectFrom("tickets")
      .select("id")
      .where("status", "=", "open")
      .execute();
    expect(open).toHaveLength(1);
  });
});

describe("the toil board", () => {
  it("groups the same chore written differently, per component, ranked by minutes then count", async () => {
    expect(normalizeToilDescription("  Restarted   the Worker!! ")).toBe("restarted the worker");
    const jan = new Date("2026-01-05T00:00:00Z");
    const a = await publish(
      {
        toil: [
          { description: "Restarted the worker.", minutes: 10 },
          { description: "Re-sent the invoice e-mail", minutes: 5 },
        ],
      },
      { at: jan },
    );
    const b = await publish(
      { toil: [{ description: "restarted  the worker", minutes: 15 }] },
      { at: addDays(jan, 3) },
    );
    const c = await publish(
      { toil: [{ description: "Re-sent the invoice e-mail", minutes: 5 }] },
      { at: addDays(jan, 4) },
    );
    await publish(
      { component: "search", toil: [{ description: "Rebuilt the index", minutes: 60 }] },
      { at: jan },
    );
    // The same words in another component are a different chore; drafts do not count.
    await publish(
      { component: "search", toil: [{ description: "Restarted the worker", minutes: 1 }] },
      { at: jan },
    );
    await createWriteup(t.db, {
      authorId: newcomer,
      writeup: writeup({ toil: [{ description: "Restarted the worker", minutes: 500 }] }),
    });

    const board = await toilBoard(t.db);
    expect(board.map((g) => [g.component, g.key, g.count, g.totalMinutes])).toEqual([
      ["search", "rebuilt the index", 1, 60],
      ["billing", "restarted the worker", 2, 25],
      ["billing", "re-sent the invoice e-mail", 2, 10],
      ["search", "restarted the worker", 1, 1],
    ]);
    const worker = board[1];
    expect(worker?.lastSeenAt).toBe(addDays(jan, 3).toISOString());
    expect(worker?.exampleWriteupIds).toEqual([b, a]);
    expect(worker?.description).toBe("restarted the worker");
    expect(board[2]?.exampleWriteupIds).toEqual([c, a]);

    const billing = await toilBoard(t.db, { component: " Billing " });
    expect(billing.map((g) => g.key)).toEqual([
      "restarted the worker",
      "re-sent the invoice e-mail",
    ]);
    expect(await toilBoard(t.db, { component: "nothing-here" })).toEqual([]);
  });

  it("is kept between visits, and follows a publish that leaves the toil rows untouched", async () => {
    const draft = await createWriteup(
      t.db,
      {
        authorId: newcomer,
        writeup: writeup({ toil: [{ description: "배포 후 캐시를 수동으로 비움", minutes: 20 }] }),
      },
      new Date("2026-01-05T00:00:00Z"),
    );
    await publish({ toil: [{ description: "Restarted the worker", minutes: 5 }] });
    const before = await toilBoard(t.db);
    expect(before.map((g) => g.key)).toEqual(["restarted the worker"]);
    expect(await listToilComponents(t.db)).toEqual(["billing"]);

    // Publishing changes the write-up's status only: the board must not keep its old answer.
    await writeTransaction(t.db, (trx) =>
      markPublished(trx, draft, new Date("2026-01-06T00:00:00Z")),
    );
    const after = await toilBoard(t.db);
    expect(after.map((g) => [g.key, g.totalMinutes])).toEqual([
      ["배포 후 캐시를 수동으로 비움", 20],
      ["restarted the worker", 5],
    ]);
    // So does moving a write-up to another component.
    await t.db.updateTable("writeups").set({ component: "결제" }).where("id", "=", draft).execute();
    expect((await toilBoard(t.db)).map((g) => g.component)).toEqual(["결제", "billing"]);
    expect(await listToilComponents(t.db)).toEqual(["billing", "결제"]);
  });

  it("groups tens of thousands of rows as a plain pass would, letting the event loop turn", async () => {
    // Rows written out of time order (an import of old write-ups after newer ones), wordings
    // that differ in case, spacing and end punctuation, Korean among them, and drafts' toil.
    const wordings = [
      "Restarted the worker.",
      "restarted  the worker",
      "RESTARTED THE WORKER!",
      "Re-sent the invoice e-mail",
      "서버를 수동으로 재시작함.",
      "서버를  수동으로 재시작함",
      "Rebuilt the index",
    ];
    const published: number[] = [];
    for (const component of ["billing", "search", "결제"]) {
      for (let i = 0; i < 6; i++) published.push(await publish({ component }));
    }
    const draft = await createWriteup(t.db, { authorId: newcomer, writeup: writeup() });
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const insert = t.sqlite.prepare(
      "insert into toil (writeup_id, description, minutes, created_at) values (?, ?, ?, ?)",
    );
    t.sqlite.transaction(() => {
      for (let n = 0; n < 40_000; n++) {
        const writeupId = n % 50 === 0 ? draft : (published[next(published.length)] as number);
        const at = new Date(Date.UTC(2026, 0, 1) + next(5_000) * 60_000).toISOString();
        insert.run(writeupId, wordings[next(wordings.length)], next(30), at);
      }
    })();

    // The plain pass the board replaced: every row, newest first, grouped in one go.
    const rows = t.sqlite
      .prepare(
        `select t.id, w.component, t.description, t.minutes, t.created_at, t.writeup_id
           from toil t join writeups w on w.id = t.writeup_id
          where w.status = 'published' order by t.created_at desc, t.id desc`,
      )
      .all() as {
      component: string;
      description: string;
      minutes: number;
      created_at: string;
      writeup_id: number;
    }[];
    const expected = new Map<string, ToilGroup>();
    for (const row of rows) {
      const key = normalizeToilDescription(row.description);
      const id = `${row.component}|${key}`;
      const group = expected.get(id);
      if (!group) {
        expected.set(id, {
          component: row.component,
          key,
          description: row.description.trim().replace(/\s+/g, " "),
          count: 1,
          totalMinutes: row.minutes,
          lastSeenAt: row.created_at,
          exampleWriteupIds: [row.writeup_id],
        });
        continue;
      }
      group.count += 1;
      group.totalMinutes += row.minutes;
      if (group.exampleWriteupIds.length < 3 && !group.exampleWriteupIds.includes(row.writeup_id))
        group.exampleWriteupIds.push(row.writeup_id);
    }
    const ranked = [...expected.values()].sort(
      (a, b) =>
        b.totalMinutes - a.totalMinutes ||
        b.count - a.count ||
        b.lastSeenAt.localeCompare(a.lastSeenAt) ||
        a.key.localeCompare(b.key),
    );
    expect(ranked).toHaveLength(12);

    let board: ToilGroup[] = [];
    const turns = await turnsDuring(async () => {
      board = await toilBoard(t.db);
    });
    expect(board).toEqual(ranked);
    expect(turns).toBeGreaterThan(1);
    expect(await toilBoard(t.db, { component: "결제", limit: 1 })).toEqual(
      ranked.filter((g) => g.component === "결제").slice(0, 1),
    );
  });
});

describe("the write-ups mentor signal", () => {
  it("a mentor who wrote or verified write-ups on the component is suggested with that reason", async () => {
    const priya = await buildTestUser(t.db, "mentor", { name: "Priya", capacity: 3 });
    const at = new Date("2026-02-01T00:00:00Z");
    const one = await publish({}, { at });
    const two = await publish({}, { at });
    await verify(one, mentor, at);
    await verify(two, mentor, at);
    // Authored and verified the same write-up: counted once.
    const own = await publish({}, { authorId: mentor, at });
    await verify(own, mentor, at);
    // Other components and drafts do not count.
    const elsewhere = await publish({ component: "search" }, { at });
    await verify(elsewhere, priya, at);
    const draft = await createWriteup(t.db, { authorId: priya, writeup: writeup() }, at);
    await verify(draft, priya, at);

    const counts = await componentWriteupCounts(t.db, "billing");
    expect(counts.get(mentor)).toBe(3);
    expect(counts.get(priya)).toBeUndefined();
    expect(counts.get(newcomer)).toBe(2);

    const suggestions = await suggestMentorsFor(t.db, {
      newcomerId: newcomer,
      component: "billing",
    });
    expect(suggestions.map((s) => s.name)).toEqual(["Tomás", "Priya"]);
    const en = translate("en");
    expect(suggestions[0]?.reasons.map(en.msg)).toContain("wrote or verified 3 billing write-ups");
    expect(suggestions[1]?.reasons.map(en.msg).join(" ")).not.toMatch(/write-up/);
  });
});
