import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeSharedDatabase } from "#db/client";
import { translate } from "~/lib/i18n/catalogs.server";
import { k } from "~/lib/i18n/messages";
import { digestMail } from "~/lib/message-templates";
import { configureOutbox } from "~/lib/outbox.server";
import {
  canonicalTimeZone,
  digestDueDay,
  listTimeZones,
  localDayStart,
  nextDay,
} from "~/lib/time-zone";
import { queueDailyDigests } from "~/mentoring/digest.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { callRoute } from "../support/route";

// Each person's time zone: the daily digest comes at 07:00 on their own clock, once per local
// date, and Settings takes only zones the runtime knows.

const MINUTE = 60_000;
const EVERY = 15 * MINUTE; // the server's timer

describe("when a digest is due", () => {
  it("Seoul: from 07:00 KST (22:00 UTC the evening before) to Seoul's midnight", () => {
    expect(digestDueDay(new Date("2026-11-02T21:59:00Z"), "Asia/Seoul")).toBeNull();
    expect(digestDueDay(new Date("2026-11-02T22:00:00Z"), "Asia/Seoul")).toBe("2026-11-03");
    // 07:00 UTC is 16:00 in Seoul: the same Seoul day, so no new digest.
    expect(digestDueDay(new Date("2026-11-03T07:00:00Z"), "Asia/Seoul")).toBe("2026-11-03");
    expect(digestDueDay(new Date("2026-11-03T14:59:00Z"), "Asia/Seoul")).toBe("2026-11-03");
    expect(digestDueDay(new Date("2026-11-03T15:00:00Z"), "Asia/Seoul")).toBeNull();
    // UTC, the organisation's default, is 07:00 UTC.
    expect(digestDueDay(new Date("2026-11-03T06:59:00Z"), "UTC")).toBeNull();
    expect(digestDueDay(new Date("2026-11-03T07:00:00Z"), "UTC")).toBe("2026-11-03");
  });

  it("Berlin: 07:00 local is 05:00 UTC in summer time and 06:00 UTC in winter", () => {
    expect(digestDueDay(new Date("2026-10-24T04:59:00Z"), "Europe/Berlin")).toBeNull();
    expect(digestDueDay(new Date("2026-10-24T05:00:00Z"), "Europe/Berlin")).toBe("2026-10-24");
    // Sunday 25 October 2026: clocks go back at 03:00.
    expect(digestDueDay(new Date("2026-10-25T05:59:00Z"), "Europe/Berlin")).toBeNull();
    expect(digestDueDay(new Date("2026-10-25T06:00:00Z"), "Europe/Berlin")).toBe("2026-10-25");
    // Sunday 29 March 2026: clocks go forward at 02:00.
    expect(digestDueDay(new Date("2026-03-28T06:00:00Z"), "Europe/Berlin")).toBe("2026-03-28");
    expect(digestDueDay(new Date("2026-03-29T04:59:00Z"), "Europe/Berlin")).toBeNull();
    expect(digestDueDay(new Date("2026-03-29T05:00:00Z"), "Europe/Berlin")).toBe("2026-03-29");
  });

  it("knows IANA zones and refuses offsets, abbreviations and made-up names", () => {
    expect(canonicalTimeZone("Asia/Seoul")).toBe("Asia/Seoul");
    expect(canonicalTimeZone(" asia/seoul ")).toBe("Asia/Seoul");
    // Three-part names too (the runtime may spell an alias its own way).
    expect(canonicalTimeZone("America/Argentina/Buenos_Aires")).not.toBeNull();
    for (const bad of ["Mars/Olympus", "+09:00", "KST", "Asia/ Seoul", "", "서울", "../etc"]) {
      expect(canonicalTimeZone(bad), bad).toBeNull();
    }
    const zones = listTimeZones();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Asia/Seoul");
    expect(zones).toContain("Europe/Berlin");
  });

  it("checks a zone with the runtime once, whatever its letter case (every page asks)", () => {
    const Real = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        made++;
        super(...args);
      }
    } as typeof Real;
    try {
      expect(canonicalTimeZone("Pacific/Auckland")).toBe("Pacific/Auckland");
      expect(canonicalTimeZone("pacific/auckland")).toBe("Pacific/Auckland");
      expect(canonicalTimeZone(" PACIFIC/AUCKLAND ")).toBe("Pacific/Auckland");
      expect(made).toBe(1);
      // Names the runtime doesn't know are asked again (and never kept).
      expect(canonicalTimeZone("Pacific/Atlantis")).toBeNull();
      expect(canonicalTimeZone("Pacific/Atlantis")).toBeNull();
      expect(made).toBe(3);
    } finally {
      Intl.DateTimeFormat = Real;
    }
  });
});

describe("queueing the daily digest in each person's zone", () => {
  let t: TestDatabase;
  let lead: number;
  beforeEach(async () => {
    t = await createTestDatabase();
    configureOutbox({ email: true, slack: false, origin: "https://koan.example.test" });
    lead = await buildTestUser(t.db, "lead");
    // An open starter ticket: every newcomer without one has a suggestion, so a digest.
    await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: "결제 합계가 1원 틀림",
        body: "",
        component: "billing",
        labels: [],
        difficulty: 1,
        starter: true,
      },
    });
  });
  afterEach(async () => {
    configureOutbox(undefined);
    await t.close();
  });

  const newcomer = (email: string, timeZone?: string) =>
    buildTestUser(t.db, "newcomer", { email, name: "최유나", timeZone });

  async function digests() {
    return t.db
      .selectFrom("outbox")
      .select(["recipient", "dedupe_key", "created_at"])
      .where("kind", "=", "digest")
      .orderBy("id")
      .execute();
  }

  /** Runs the timer every 15 minutes from `from` to `to`, like the server. */
  async function runTimer(
    from: string,
    to: string,
    input: { workingDays: number; defaultTimeZone?: string } = { workingDays: 3 },
  ) {
    for (let at = Date.parse(from); at <= Date.parse(to); at += EVERY) {
      await queueDailyDigests(t.db, input, new Date(at));
    }
  }

  it("Seoul and Berlin each get one a day, at their own 07:00, across Berlin's change to winter time", async () => {
    await newcomer("seoul@example.test", "Asia/Seoul");
    await newcomer("berlin@example.test", "Europe/Berlin");
    await newcomer("utc@example.test");
    // The server starts at 12:00 UTC on 23 October: past 07:00 in all three zones, so each gets
    // that day's digest at once (the worker was "down" at their 07:00).
    await runTimer("2026-10-23T12:00:00Z", "2026-10-26T12:00:00Z");
    const rows = await digests();
    const of = (to: string) =>
      rows
        .filter((r) => r.recipient === to)
        .map((r) => [r.dedupe_key?.split(":")[2], r.created_at]);
    expect(of("seoul@example.test")).toEqual([
      ["2026-10-23", "2026-10-23T12:00:00.000Z"],
      ["2026-10-24", "2026-10-23T22:00:00.000Z"],
      ["2026-10-25", "2026-10-24T22:00:00.000Z"],
      ["2026-10-26", "2026-10-25T22:00:00.000Z"],
    ]);
    expect(of("berlin@example.test")).toEqual([
      ["2026-10-23", "2026-10-23T12:00:00.000Z"],
      ["2026-10-24", "2026-10-24T05:00:00.000Z"],
      // The clocks went back that night: 07:00 is an hour later in UTC, and still one digest.
      ["2026-10-25", "2026-10-25T06:00:00.000Z"],
      ["2026-10-26", "2026-10-26T06:00:00.000Z"],
    ]);
    expect(of("utc@example.test")).toEqual([
      ["2026-10-23", "2026-10-23T12:00:00.000Z"],
      ["2026-10-24", "2026-10-24T07:00:00.000Z"],
      ["2026-10-25", "2026-10-25T07:00:00.000Z"],
      ["2026-10-26", "2026-10-26T07:00:00.000Z"],
    ]);
  });

  it("Berlin's change to summer time skips no day and sends none twice", async () => {
    await newcomer("berlin@example.test", "Europe/Berlin");
    await runTimer("2026-03-27T12:00:00Z", "2026-03-30T12:00:00Z");
    expect((await digests()).map((r) => r.created_at)).toEqual([
      "2026-03-27T12:00:00.000Z",
      "2026-03-28T06:00:00.000Z",
      "2026-03-29T05:00:00.000Z",
      "2026-03-30T05:00:00.000Z",
    ]);
  });

  it("the organisation's default zone applies to people without one", async () => {
    await newcomer("default@example.test");
    await runTimer("2026-11-02T20:00:00Z", "2026-11-03T08:00:00Z", {
      workingDays: 3,
      defaultTimeZone: "Asia/Seoul",
    });
    expect((await digests()).map((r) => r.created_at)).toEqual(["2026-11-02T22:00:00.000Z"]);
  });

  it("a worker that was down at 07:00 sends on its next run that day, and not again", async () => {
    await newcomer("seoul@example.test", "Asia/Seoul");
    // Down from 06:00 to 15:00 in Seoul (21:00–06:00 UTC): the first run after is at 15:00 KST.
    await runTimer("2026-11-02T20:00:00Z", "2026-11-02T21:00:00Z");
    expect(await digests()).toEqual([]);
    await runTimer("2026-11-03T06:00:00Z", "2026-11-03T21:45:00Z");
    await runTimer("2026-11-03T22:00:00Z", "2026-11-03T22:00:00Z");
    expect((await digests()).map((r) => [r.dedupe_key?.split(":")[2], r.created_at])).toEqual([
      ["2026-11-03", "2026-11-03T06:00:00.000Z"],
      ["2026-11-04", "2026-11-03T22:00:00.000Z"],
    ]);
  });

  it("never twice: two timers at once, and a person who moves west after theirs went out", async () => {
    const seoul = await newcomer("mover@example.test", "Asia/Seoul");
    const at = new Date("2026-11-02T23:00:00Z"); // 08:00 on 3 November in Seoul
    const both = await Promise.all([
      queueDailyDigests(t.db, { workingDays: 3 }, at),
      queueDailyDigests(t.db, { workingDays: 3 }, at),
    ]);
    expect(both.reduce((a, b) => a + b, 0)).toBe(1);
    // Now they fly to Los Angeles: 15:00 on 2 November there, a date their digest already covered
    // (3 November came first in Seoul). Nothing more until Los Angeles reaches 3 November… which
    // Seoul's digest covered too; the next is 4 November at 07:00 in Los Angeles.
    await t.db
      .updateTable("users")
      .set({ time_zone: "America/Los_Angeles" })
      .where("id", "=", seoul)
      .execute();
    await runTimer("2026-11-02T23:15:00Z", "2026-11-04T16:00:00Z");
    expect((await digests()).map((r) => [r.dedupe_key?.split(":")[2], r.created_at])).toEqual([
      ["2026-11-03", "2026-11-02T23:00:00.000Z"],
      ["2026-11-04", "2026-11-04T15:00:00.000Z"],
    ]);
  });

  it("the mail's date is the person's own date", async () => {
    await newcomer("seoul@example.test", "Asia/Seoul");
    // 23:00 UTC on 2 November is the morning of 3 November in Seoul.
    await queueDailyDigests(t.db, { workingDays: 3 }, new Date("2026-11-02T23:00:00Z"));
    const row = await t.db
      .selectFrom("outbox")
      .select(["body_text"])
      .where("kind", "=", "digest")
      .executeTakeFirstOrThrow();
    expect(row.body_text).toContain("Your digest for Nov 3, 2026.");
    expect(row.body_text).toContain("07:00 your time (Asia/Seoul)");
  });
});

describe("the digest mail's words", () => {
  it("dates a time on the recipient's calendar, and a date without a time as it is", () => {
    const base = {
      name: "최유나",
      settingsLink: "https://koan.example.test/settings",
      reviewsWaiting: [],
      menteesStuck: [],
      changesRequested: [],
      ticketsSuggested: [{ title: "결제 합계", link: "https://koan.example.test/tickets/1" }],
    };
    const ko = digestMail({ ...base, locale: "ko", day: "2026-11-03", timeZone: "Asia/Seoul" });
    expect(ko?.text).toContain("2026년 11월 3일 요약이에요.");
    expect(ko?.text).toContain("내 시간대(Asia/Seoul) 기준 오전 7시에 보내요");
    // A time: 23:00 UTC on 2 November is 3 November in Seoul, still 2 November in UTC.
    expect(translate("en", "Asia/Seoul").day("2026-11-02T23:00:00.000Z")).toBe("Nov 3, 2026");
    expect(translate("en").day("2026-11-02T23:00:00.000Z")).toBe("Nov 2, 2026");
    // A start date has no time: the same date in Los Angeles as anywhere.
    expect(translate("en", "America/Los_Angeles").day("2026-09-14")).toBe("Sep 14, 2026");
  });
});

describe("Settings → Time zone", () => {
  let shared: TestDatabase;
  let settings: typeof import("~/routes/settings");
  let userId: number;
  let cookie: string;
  const saved = { DATABASE_PATH: process.env.DATABASE_PATH };

  beforeAll(async () => {
    shared = await createTestDatabase();
    process.env.DATABASE_PATH = shared.file;
    settings = await import("~/routes/settings");
    const { createSession } = await import("~/auth/sessions.server");
    const { sessionCookie } = await import("~/auth/current-user.server");
    userId = await buildTestUser(shared.db, "mentor", { name: "최유나", locale: "ko" });
    const session = await createSession(shared.db, { userId }, { idleDays: 7, maxDays: 30 });
    cookie = (await sessionCookie().serialize(session.token)).split(";")[0] ?? "";
  });
  afterAll(async () => {
    closeSharedDatabase();
    await shared.close();
    if (saved.DATABASE_PATH === undefined) delete process.env.DATABASE_PATH;
    else process.env.DATABASE_PATH = saved.DATABASE_PATH;
  });

  const post = (form: Record<string, string>) =>
    callRoute(
      settings.action,
      new Request("http://koan.test/settings", {
        method: "POST",
        body: new URLSearchParams(form),
        headers: { Cookie: cookie },
      }),
    );
  const page = () =>
    callRoute<{ timeZone: string | null; defaultTimeZone: string; timeZones: string[] }>(
      settings.loader,
      new Request("http://koan.test/settings", { headers: { Cookie: cookie } }),
    );
  const stored = async () =>
    (
      await shared.db
        .selectFrom("users")
        .select("time_zone")
        .where("id", "=", userId)
        .executeTakeFirstOrThrow()
    ).time_zone;

  it("offers every zone with the organisation's default, and saves a valid one", async () => {
    const before = await page();
    expect(before.body.timeZone).toBeNull();
    expect(before.body.defaultTimeZone).toBe("UTC");
    expect(before.body.timeZones).toContain("Asia/Seoul");

    expect(await post({ intent: "time-zone", timeZone: "Asia/Seoul" })).toMatchObject({
      status: 200,
      body: { intent: "time-zone", ok: true, timeZone: "Asia/Seoul" },
    });
    expect(await stored()).toBe("Asia/Seoul");
    expect((await page()).body.timeZone).toBe("Asia/Seoul");
  });

  it("refuses an unknown zone at the field with 400, keeps what was typed, and says so in Korean", async () => {
    const answer = await post({ intent: "time-zone", timeZone: "Asia/Busan" });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        intent: "time-zone",
        ok: false,
        errors: { timeZone: k("core.settings.timeZone.invalid") },
        values: { timeZone: "Asia/Busan" },
      },
    });
    const error = (answer.body as { errors: { timeZone: string } }).errors.timeZone;
    expect(translate("ko").msg(error)).toBe("목록에서 시간대를 고르세요. 예: Asia/Seoul");
    expect((await post({ intent: "time-zone", timeZone: "+09:00" })).status).toBe(400);
    expect((await post({ intent: "time-zone" })).status).toBe(400);
    // Nothing changed.
    expect(await stored()).toBe("Asia/Seoul");
  });

  it("the empty choice goes back to the organisation's zone", async () => {
    expect(await post({ intent: "time-zone", timeZone: "" })).toMatchObject({
      status: 200,
      body: { ok: true, timeZone: null },
    });
    expect(await stored()).toBeNull();
  });
});

describe("a day in a time zone", () => {
  it("begins at the instant its midnight is there, across daylight saving time", () => {
    const start = (day: string, zone: string) => localDayStart(day, zone).toISOString();
    expect(start("2026-12-05", "Asia/Seoul")).toBe("2026-12-04T15:00:00.000Z");
    expect(start("2026-12-05", "UTC")).toBe("2026-12-05T00:00:00.000Z");
    expect(start("2026-12-05", "Asia/Kolkata")).toBe("2026-12-04T18:30:00.000Z");
    // Berlin's Sunday 29 March 2026 (clocks go forward at 02:00) begins in winter time.
    expect(start("2026-03-29", "Europe/Berlin")).toBe("2026-03-28T23:00:00.000Z");
    expect(start("2026-03-30", "Europe/Berlin")).toBe("2026-03-29T22:00:00.000Z");
    expect(start("2026-11-01", "America/New_York")).toBe("2026-11-01T04:00:00.000Z");
    expect(start("2026-11-02", "America/New_York")).toBe("2026-11-02T05:00:00.000Z");
    // São Paulo skipped midnight on 4 November 2018: the day began at 01:00 summer time.
    expect(start("2018-11-04", "America/Sao_Paulo")).toBe("2018-11-04T03:00:00.000Z");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
  });
});
