import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { translate } from "~/lib/i18n/catalogs.server";
import { getAssignment } from "~/mentoring/assignments.server";
import {
  addComment,
  detectStuck,
  reviewCheckpoint,
  submitEvidence,
} from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { describeWaiting, postDailyDigests } from "~/mentoring/inbox-digest.server";
import {
  handOverMentee,
  nudgeMentee,
  recordPairingSession,
  releaseMentee,
} from "~/mentoring/mentor-actions.server";
import {
  getNotificationPreferences,
  setNotificationPreferences,
} from "~/mentoring/notification-preferences.server";
import { listNotifications, markRead, notificationText } from "~/mentoring/notifications.server";
import { needsYouCount, notify } from "~/mentoring/notify.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { turnsDuring } from "../support/wait";

// Issue 13 item 11: notifications resolved by the action they ask for, repeats folded, a daily
// digest, per-user preferences, and a count that means "things that need you".

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 5 });
  newcomer = await buildTestUser(t.db, "newcomer");
});
afterEach(async () => {
  await t.close();
});

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 10, d, h));
const asNewcomer = () => ({ id: newcomer, role: "newcomer" as const });
const asMentor = () => ({ id: mentor, role: "mentor" as const });
const evidence = { notes: "청구서 합계가 틀려요 — seen on staging", links: [], minutes: 15 };

async function claimed(title = "합계 반올림 오류", now = day(2)) {
  const ticketId = await createTicket(t.db, {
    actorId: lead,
    ticket: { title, body: "", component: "billing", labels: [], difficulty: 1, starter: true },
  });
  const result = await claimTicket(
    t.db,
    { ticketId, newcomerId: newcomer, mentorId: mentor, defaultLimit: 5 },
    now,
  );
  if (!result.ok) throw new Error("claim failed");
  const assignment = await getAssignment(t.db, result.assignmentId);
  if (!assignment) throw new Error("no assignment");
  const step = Object.fromEntries(assignment.checkpoints.map((c) => [c.key, c.id]));
  return { assignmentId: result.assignmentId, step: step as Record<string, number> };
}

async function items(userId: number) {
  const { groups } = await listNotifications(t.db, userId);
  // As an English reader sees them: stored as messages, worded when shown.
  const en = translate("en");
  return groups.flatMap((g) =>
    g.items.map((i) => ({ ...i, title: notificationText(en, i.title) })),
  );
}

async function submit(stepId: number, now: Date) {
  const r = await submitEvidence(
    t.db,
    { assignmentCheckpointId: stepId, actor: asNewcomer(), evidence },
    now,
  );
  expect(r.ok).toBe(true);
}

async function review(stepId: number, decision: "approve" | "request_changes", now: Date) {
  const r = await reviewCheckpoint(
    t.db,
    { assignmentCheckpointId: stepId, actor: asMentor(), decision, comment: "좋아요" },
    now,
  );
  expect(r.ok).toBe(true);
}

describe("resolved by the action they ask for", () => {
  it("approving marks the mentor's 'waiting for your review' item done", async () => {
    const { step } = await claimed();
    await submit(step.reproduce as number, day(2, 10));
    expect(await needsYouCount(t.db, mentor)).toBe(1);
    const [waiting] = (await items(mentor)).filter((i) => i.kind === "review_requested");
    expect(waiting).toMatchObject({ needsYou: true, resolved: false });

    await review(step.reproduce as number, "approve", day(2, 11));
    expect(await needsYouCount(t.db, mentor)).toBe(0);
    const [done] = (await items(mentor)).filter((i) => i.kind === "review_requested");
    expect(done).toMatchObject({ needsYou: false, resolved: true, unread: false });
  });

  it("asking for changes resolves the review item; resubmitting resolves the newcomer's", async () => {
    const { step } = await claimed();
    await submit(step.reproduce as number, day(2, 10));
    await review(step.reproduce as number, "request_changes", day(2, 11));
    expect(await needsYouCount(t.db, mentor)).toBe(0);
    expect(await needsYouCount(t.db, newcomer)).toBe(1);

    await submit(step.reproduce as number, day(2, 12));
    expect(await needsYouCount(t.db, newcomer)).toBe(0);
    expect(await needsYouCount(t.db, mentor)).toBe(1);
  });

  it("reviewing one step leaves another step's review waiting", async () => {
    const { step } = await claimed();
    await submit(step.reproduce as number, day(2, 10));
    await submit(step.root_cause as number, day(2, 11));
    await review(step.reproduce as number, "approve", day(2, 12));
    const open = (await items(mentor)).filter((i) => i.needsYou);
    expect(open).toHaveLength(1);
    expect(open[0]?.link).toContain(`checkpoint-${step.root_cause}`);
  });

  it("evidence sent on a step answers what was written to its sender there, and only there", async () => {
    const { step } = await claimed();
    for (const [stepId, body] of [
      [step.reproduce, "Try it with a KRW invoice"],
      [step.locate, "billing/rounding.ts is a good start"],
    ] as const)
      await addComment(
        t.db,
        { assignmentCheckpointId: stepId as number, actor: asMentor(), body },
        day(2, 10),
      );
    const commentsNeeding = async (userId: number) =>
      (await items(userId)).filter((i) => i.kind === "comment" && i.needsYou);
    expect(await commentsNeeding(newcomer)).toHaveLength(2);
    await submit(step.reproduce as number, day(2, 11));
    // The reproduce step's comment is answered by the evidence; the other step's still waits.
    const left = await commentsNeeding(newcomer);
    expect(left).toHaveLength(1);
    expect(left[0]?.link).toMatch(new RegExp(`#checkpoint-${step.locate}$`));
    // The mentor's review of the step answers what the newcomer wrote to them there.
    await addComment(
      t.db,
      { assignmentCheckpointId: step.reproduce as number, actor: asNewcomer(), body: "재현했어요" },
      day(2, 12),
    );
    expect(await commentsNeeding(mentor)).toHaveLength(1);
    await review(step.reproduce as number, "approve", day(2, 13));
    expect(await commentsNeeding(mentor)).toHaveLength(0);
  });

  it("progress after a stuck spell resolves its item", async () => {
    const { step } = await claimed("Stuck one", day(2));
    await detectStuck(t.db, { workingDays: 3 }, day(9));
    expect((await items(mentor)).filter((i) => i.kind === "stuck" && i.needsYou)).toHaveLength(1);
    // The newcomer's own "I'm stuck" also reaches the mentor, and doesn't end the spell.
    await addComment(
      t.db,
      {
        assignmentCheckpointId: step.reproduce as number,
        actor: asNewcomer(),
        body: "도와주세요",
        kind: "stuck",
      },
      day(9, 10),
    );
    // Two things that need the mentor: the quiet spell and the request for help (its own kind).
    expect(await needsYouCount(t.db, mentor)).toBe(2);
    await addComment(
      t.db,
      {
        assignmentCheckpointId: step.reproduce as number,
        actor: asMentor(),
        body: "Let's pair at 2",
      },
      day(9, 11),
    );
    expect(await needsYouCount(t.db, mentor)).toBe(0);
    const spell = (await items(mentor)).filter((i) => ["stuck", "help_requested"].includes(i.kind));
    expect(spell.map((i) => i.kind).sort()).toEqual(["help_requested", "stuck"]);
    expect(spell.every((i) => i.resolved)).toBe(true);
  });
});

describe("a mentor's answer to a stuck mentee", () => {
  async function askedForHelp(title: string) {
    const claim = await claimed(title, day(2));
    await addComment(
      t.db,
      {
        assignmentCheckpointId: claim.step.reproduce as number,
        actor: asNewcomer(),
        body: "로그인이 안 돼요",
        kind: "stuck",
      },
      day(3),
    );
    return claim;
  }
  const helpNeedsYou = async (userId: number) =>
    (await items(userId)).filter((i) => i.kind === "help_requested" && i.needsYou);

  it("the newcomer's own follow-up note leaves the request open; the mentor's reply answers it", async () => {
    const { step } = await askedForHelp("Follow-up");
    expect(await helpNeedsYou(mentor)).toHaveLength(1);
    await addComment(
      t.db,
      {
        assignmentCheckpointId: step.reproduce as number,
        actor: asNewcomer(),
        body: "참고로 app/search 폴더는 봤어요.",
      },
      day(3, 10),
    );
    // Still waiting for someone: the question was not answered by the one who asked it.
    expect(await helpNeedsYou(mentor)).toHaveLength(1);
    await addComment(
      t.db,
      {
        assignmentCheckpointId: step.reproduce as number,
        actor: asMentor(),
        body: "Look at app/knowledge/search.server.ts",
      },
      day(3, 11),
    );
    expect(await helpNeedsYou(mentor)).toHaveLength(0);
  });

  it("a nudge or a pairing session resolves the request for help", async () => {
    const first = await askedForHelp("Nudged");
    const second = await askedForHelp("Paired");
    expect(await helpNeedsYou(mentor)).toHaveLength(2);
    expect(await needsYouCount(t.db, mentor)).toBe(2);
    await nudgeMentee(
      t.db,
      { assignmentId: first.assignmentId, actor: asMentor(), message: "Pair at 3?" },
      day(3, 12),
    );
    expect(await needsYouCount(t.db, mentor)).toBe(1);
    await recordPairingSession(
      t.db,
      { assignmentId: second.assignmentId, actor: asMentor(), notes: "Fixed the staging login" },
      day(3, 15),
    );
    expect(await helpNeedsYou(mentor)).toHaveLength(0);
    expect(await needsYouCount(t.db, mentor)).toBe(0);
  });

  it("handing over or releasing leaves the old mentor's count as their inbox shows it", async () => {
    const other = await buildTestUser(t.db, "mentor", { capacity: 5 });
    const handed = await askedForHelp("Handed over");
    const released = await askedForHelp("Released");
    expect(await needsYouCount(t.db, mentor)).toBe(2);
    expect(
      await handOverMentee(
        t.db,
        { assignmentId: handed.assignmentId, actor: asMentor(), toMentorId: other },
        day(4),
      ),
    ).toEqual({ ok: true });
    expect(await needsYouCount(t.db, mentor)).toBe(1);
    expect(
      await releaseMentee(
        t.db,
        { assignmentId: released.assignmentId, actor: asMentor(), reason: "" },
        day(4, 10),
      ),
    ).toEqual({ ok: true });
    expect(await helpNeedsYou(mentor)).toHaveLength(0);
    expect(await needsYouCount(t.db, mentor)).toBe(0);
  });

  it("an item on an assignment that ended some other way is not counted either", async () => {
    const { assignmentId } = await askedForHelp("Ended elsewhere");
    expect(await needsYouCount(t.db, mentor)).toBe(1);
    // Ended without resolving its items (as a lead's edit or an older release left them).
    await t.db
      .updateTable("assignments")
      .set({ status: "released", ended_at: day(5).toISOString() })
      .where("id", "=", assignmentId)
      .execute();
    expect(await helpNeedsYou(mentor)).toHaveLength(0);
    expect(await needsYouCount(t.db, mentor)).toBe(0);
  });
});

describe("repeats on one assignment fold into one item", () => {
  it("three submissions show as one item with a count, counted once, read together", async () => {
    const { assignmentId } = await claimed();
    for (const n of [1, 2, 3]) {
      await notify(
        t.db,
        {
          userId: mentor,
          kind: "review_requested",
          assignmentId,
          eventKey: `review_requested:x:${n}`,
          title: `Ready for review ${n}`,
          link: `/assignments/${assignmentId}`,
        },
        day(3, 9 + n),
      );
    }
    const review = (await items(mentor)).filter((i) => i.kind === "review_requested");
    expect(review).toHaveLength(1);
    expect(review[0]).toMatchObject({ count: 3, title: "Ready for review 3", needsYou: true });
    expect(await needsYouCount(t.db, mentor)).toBe(1);

    expect(await markRead(t.db, { userId: mentor, notificationId: review[0]?.id as number })).toBe(
      true,
    );
    expect(await needsYouCount(t.db, mentor)).toBe(0);
    const after = (await items(mentor)).filter((i) => i.kind === "review_requested");
    expect(after).toMatchObject([{ count: 3, unread: false }]);
  });

  it("folds only repeats about one checkpoint: two checkpoints' items stay apart, counted and read apart", async () => {
    const { step } = await claimed();
    const reproduce = step.reproduce as number;
    const rootCause = step.root_cause as number;
    await submit(reproduce, day(3, 9));
    await submit(rootCause, day(3, 10));
    const waiting = (await items(mentor)).filter((i) => i.kind === "review_requested");
    expect(waiting.map((i) => ({ link: i.link, count: i.count, needsYou: i.needsYou }))).toEqual([
      { link: expect.stringMatching(`#checkpoint-${rootCause}$`), count: 1, needsYou: true },
      { link: expect.stringMatching(`#checkpoint-${reproduce}$`), count: 1, needsYou: true },
    ]);
    expect(await needsYouCount(t.db, mentor)).toBe(2);
    // Reading one checkpoint's item leaves the other's waiting.
    expect(await markRead(t.db, { userId: mentor, notificationId: waiting[0]?.id as number })).toBe(
      true,
    );
    expect(await needsYouCount(t.db, mentor)).toBe(1);
    const after = (await items(mentor)).filter((i) => i.kind === "review_requested");
    expect(after.map((i) => [i.link.endsWith(`-${reproduce}`), i.unread])).toEqual([
      [true, true],
      [false, false],
    ]);

    // The newcomer's side: changes asked on two steps are two items; so are two approvals.
    await review(reproduce, "request_changes", day(4, 9));
    await review(rootCause, "request_changes", day(4, 10));
    const changes = (await items(newcomer)).filter((i) => i.kind === "changes_requested");
    expect(changes.map((i) => i.count)).toEqual([1, 1]);
    expect(await needsYouCount(t.db, newcomer)).toBe(2);
    await submit(reproduce, day(5, 9));
    await submit(rootCause, day(5, 10));
    await review(reproduce, "approve", day(5, 11));
    await review(rootCause, "approve", day(5, 12));
    const approved = (await items(newcomer)).filter((i) => i.kind === "approved");
    expect(approved.map((i) => i.count)).toEqual([1, 1]);
    expect(new Set(approved.map((i) => i.link)).size).toBe(2);
  });

  it("does not fold across assignments, and news (approved) never counts as needing you", async () => {
    const a = await claimed("First");
    const b = await claimed("Second");
    for (const id of [a.assignmentId, b.assignmentId]) {
      await notify(t.db, {
        userId: mentor,
        kind: "review_requested",
        assignmentId: id,
        eventKey: `review_requested:${id}`,
        title: "Ready",
        link: `/assignments/${id}`,
      });
    }
    await notify(t.db, {
      userId: mentor,
      kind: "approved",
      assignmentId: a.assignmentId,
      eventKey: "approved:x",
      title: "Approved",
      link: "/",
    });
    expect(await needsYouCount(t.db, mentor)).toBe(2);
  });
});

describe("the daily digest", () => {
  it("says what waits, once a day per user, none when empty", async () => {
    const { step } = await claimed();
    await submit(step.reproduce as number, day(3, 9));
    await submit(step.root_cause as number, day(3, 9));
    // Nothing is stuck yet on day 3; the newcomer has nothing waiting.
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(3, 10))).toBe(1);
    const digest = (await items(mentor)).filter((i) => i.kind === "digest");
    expect(digest.map((d) => d.title)).toEqual(["Today: 2 reviews waiting"]);
    expect((await items(newcomer)).filter((i) => i.kind === "digest")).toEqual([]);
    // The digest itself is news, not another thing that needs you: the two reviews are.
    expect(await needsYouCount(t.db, mentor)).toBe(2);

    // Later the same day: nothing new.
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(3, 18))).toBe(0);
    // The next day, a new digest; the old one is done.
    await review(step.reproduce as number, "request_changes", day(4, 8));
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(4, 10))).toBe(2);
    const mentorDigests = (await items(mentor)).filter((i) => i.kind === "digest");
    expect(mentorDigests.find((d) => !d.resolved)?.title).toBe("Today: 1 review waiting");
    expect(mentorDigests.find((d) => d.resolved)).toBeTruthy();
    expect((await items(newcomer)).find((i) => i.kind === "digest")?.title).toBe(
      "Today: 1 checkpoint needs changes",
    );
  });

  it("is done once the work it named is done: the reviews given, the changes sent again", async () => {
    const { step } = await claimed();
    await submit(step.reproduce as number, day(3, 9));
    await submit(step.root_cause as number, day(3, 9));
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(4, 7))).toBe(1);
    const digestOf = async (userId: number) =>
      (await items(userId)).find((i) => i.kind === "digest");
    expect(await digestOf(mentor)).toMatchObject({
      title: "Today: 2 reviews waiting",
      unread: true,
    });
    // One of two reviews given: the other still waits, and so does the morning's item.
    await review(step.reproduce as number, "approve", day(4, 9));
    expect(await digestOf(mentor)).toMatchObject({ unread: true, resolved: false });
    // The last one given (changes asked): nothing waits for the mentor now.
    await review(step.root_cause as number, "request_changes", day(4, 10));
    expect(await digestOf(mentor)).toMatchObject({ unread: false, resolved: true });

    // The newcomer's next morning names the step sent back; sending it again settles it.
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(5, 7))).toBe(1);
    expect(await digestOf(newcomer)).toMatchObject({
      title: "Today: 1 checkpoint needs changes",
      unread: true,
    });
    await submit(step.root_cause as number, day(5, 9));
    expect(await digestOf(newcomer)).toMatchObject({ unread: false, resolved: true });
  });

  it("about a stuck mentee stays new until the mentee is helped or moves", async () => {
    const { assignmentId, step } = await claimed("Quiet ticket", day(2));
    await detectStuck(t.db, { workingDays: 3 }, day(9));
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(9, 10))).toBe(1);
    const digestOf = async () => (await items(mentor)).find((i) => i.kind === "digest");
    // Reading the stuck item is not helping: the digest stays.
    const stuckItem = (await items(mentor)).find((i) => i.kind === "stuck");
    await markRead(t.db, { userId: mentor, notificationId: stuckItem?.id ?? 0 });
    expect(await digestOf()).toMatchObject({ unread: true });
    await nudgeMentee(t.db, { assignmentId, actor: asMentor(), message: "" }, day(9, 11));
    expect(await digestOf()).toMatchObject({ unread: false, resolved: true });
    expect(step.reproduce).toBeTypeOf("number");
  });

  it("a morning of many digests lets other work in between", async () => {
    // 600 mentors (Korean names), each with one mentee idle since Monday 2 November.
    const mentors = 600;
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${mentors})
      insert into users (email, name, role, status, capacity, created_at, updated_at)
      select 'mentor-' || i || '@digest.test', '멘토 ' || i, 'mentor', 'active', 5,
        '2026-10-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z' from n`.execute(t.db);
    await sql`
      insert into tickets (title, body, component, difficulty, starter, status, source, created_at, updated_at)
      select '멈춘 티켓 ' || id, '', 'billing', 1, 1, 'claimed', 'manual',
        '2026-11-02T09:00:00.000Z', '2026-11-02T09:00:00.000Z'
      from users where email like 'mentor-%@digest.test'`.execute(t.db);
    await sql`
      insert into assignments (ticket_id, newcomer_id, mentor_id, status, claimed_at, last_progress_at)
      select tickets.id, ${newcomer}, users.id, 'active', tickets.created_at, tickets.created_at
      from tickets join users on tickets.title = '멈춘 티켓 ' || users.id`.execute(t.db);

    let posted: Awaited<ReturnType<typeof postDailyDigests>> | undefined;
    const turns = await turnsDuring(async () => {
      posted = await postDailyDigests(t.db, { workingDays: 3 }, day(11, 10));
    });
    expect(posted).toBe(mentors);
    // One transaction per mentor, all chained without a pause, let no other work in.
    expect(turns).toBeGreaterThan(1);
  });

  it("counts stuck mentees", () => {
    expect(describeWaiting({ reviewsWaiting: 3, menteesStuck: 1, changesRequested: 0 })).toBe(
      "3 reviews waiting and 1 mentee stuck",
    );
    expect(describeWaiting({ reviewsWaiting: 0, menteesStuck: 0, changesRequested: 0 })).toBe("");
  });

  it("arrives at 07:00 on each person's own clock, once per local date", async () => {
    const { step } = await claimed();
    await submit(step.reproduce as number, day(2, 12));
    await t.db
      .updateTable("users")
      .set({ time_zone: "Asia/Seoul" })
      .where("id", "=", mentor)
      .execute();
    // 21:00 UTC is 06:00 the next day in Seoul: not yet.
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(2, 21))).toBe(0);
    // 22:30 UTC is 07:30 on 3 November in Seoul.
    const seoulMorning = new Date(Date.UTC(2026, 10, 2, 22, 30));
    expect(await postDailyDigests(t.db, { workingDays: 3 }, seoulMorning)).toBe(1);
    const [digest] = (await items(mentor)).filter((i) => i.kind === "digest");
    expect(digest?.title).toBe("Today: 1 review waiting");
    // 09:00 UTC on 3 November is still 3 November in Seoul: nothing new.
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(3, 9))).toBe(0);
    // Someone without a zone follows the organisation's default.
    await t.db.updateTable("users").set({ time_zone: null }).where("id", "=", mentor).execute();
    const berlin = { workingDays: 3, defaultTimeZone: "Europe/Berlin" };
    expect(await postDailyDigests(t.db, berlin, new Date(Date.UTC(2026, 10, 4, 5, 30)))).toBe(0);
    expect(await postDailyDigests(t.db, berlin, new Date(Date.UTC(2026, 10, 4, 6, 30)))).toBe(1);
  });

  it("comes once per date on the person's calendar, even after they move west", async () => {
    const { step } = await claimed();
    await submit(step.reproduce as number, day(2, 12));
    const zone = (timeZone: string) =>
      t.db.updateTable("users").set({ time_zone: timeZone }).where("id", "=", mentor).execute();
    await zone("Asia/Seoul");
    // 22:30 UTC on 2 November is 07:30 on 3 November in Seoul: the digest for 3 November.
    expect(
      await postDailyDigests(t.db, { workingDays: 3 }, new Date(Date.UTC(2026, 10, 2, 22, 30))),
    ).toBe(1);
    // They move to Los Angeles, where it is 14:30 on 2 November: a date already behind them.
    await zone("America/Los_Angeles");
    expect(
      await postDailyDigests(t.db, { workingDays: 3 }, new Date(Date.UTC(2026, 10, 2, 23))),
    ).toBe(0);
    // 3 November comes to Los Angeles: they had that date's digest in Seoul.
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(3, 16))).toBe(0);
    // 4 November at 07:30 in Los Angeles: the next one.
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(4, 16))).toBe(1);
    expect((await items(mentor)).filter((i) => i.kind === "digest")).toHaveLength(2);
  });

  it("names a stuck mentee in the digest", async () => {
    await claimed("Quiet ticket", day(2));
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(9))).toBe(1);
    expect((await items(mentor)).find((i) => i.kind === "digest")?.title).toBe(
      "Today: 1 mentee stuck",
    );
  });
});

describe("preferences: what notifies", () => {
  it("a muted kind does not notify; turning it back on does", async () => {
    const { step } = await claimed();
    const saved = await setNotificationPreferences(t.db, {
      userId: mentor,
      role: "mentor",
      enabled: ["stuck", "new_mentee", "assignment_resolved", "digest", "not-a-kind"],
    });
    expect(saved.find((p) => p.kind === "review_requested")?.enabled).toBe(false);
    expect(saved.find((p) => p.kind === "stuck")?.enabled).toBe(true);
    await submit(step.reproduce as number, day(3));
    expect((await items(mentor)).filter((i) => i.kind === "review_requested")).toEqual([]);
    // Muting the digest too: no digest even with reviews waiting.
    await setNotificationPreferences(t.db, { userId: mentor, role: "mentor", enabled: [] });
    expect(await postDailyDigests(t.db, { workingDays: 3 }, day(3, 10))).toBe(0);

    await setNotificationPreferences(t.db, {
      userId: mentor,
      role: "mentor",
      enabled: ["review_requested"],
    });
    await submit(step.root_cause as number, day(3, 11));
    expect((await items(mentor)).filter((i) => i.kind === "review_requested")).toHaveLength(1);
  });

  it("offers each role its own choices, all on at first", async () => {
    const mine = await getNotificationPreferences(t.db, { userId: newcomer, role: "newcomer" });
    expect(mine.map((p) => p.kind)).not.toContain("review_requested");
    expect(mine.every((p) => p.enabled)).toBe(true);
    // One person's choice doesn't touch another's.
    await setNotificationPreferences(t.db, { userId: newcomer, role: "newcomer", enabled: [] });
    const theirs = await getNotificationPreferences(t.db, { userId: mentor, role: "mentor" });
    expect(theirs.every((p) => p.enabled)).toBe(true);
    // A mentor works no steps of their own: nothing about their evidence, sign-offs or nudges.
    expect(theirs.map((p) => p.kind)).toEqual([
      "review_requested",
      "stuck",
      "help_requested",
      "works_as_designed",
      "new_mentee",
      "comment",
      "assignment_resolved",
      "digest",
    ]);
    expect(mine.map((p) => p.kind)).toEqual([
      "changes_requested",
      "comment",
      "nudge",
      "approved",
      "assignment_resolved",
      "digest",
    ]);
  });
});
