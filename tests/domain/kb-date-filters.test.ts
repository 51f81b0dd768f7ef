import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeSharedDatabase } from "#db/client";
import { translate } from "~/lib/i18n/catalogs.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupInput } from "../support/fixtures";
import { callRoute } from "../support/route";

// The knowledge base's "published from / until" are days on the viewer's calendar, as the
// write-up's page dates it: a write-up published at 23:07 UTC on 4 December says "2026년 12월 5일
// 게시" to a reader in Seoul, so from=2026-12-05 finds it for her.

describe("the knowledge base's published from / until, in the viewer's zone", () => {
  let shared: TestDatabase;
  let kb: typeof import("~/routes/kb._index");
  const cookies: Record<string, string> = {};
  const saved = { DATABASE_PATH: process.env.DATABASE_PATH };
  const TITLE = "Ledger export stalls on the night batch";

  beforeAll(async () => {
    shared = await createTestDatabase();
    process.env.DATABASE_PATH = shared.file;
    kb = await import("~/routes/kb._index");
    const { createSession } = await import("~/auth/sessions.server");
    const { sessionCookie } = await import("~/auth/current-user.server");
    const { createWriteup } = await import("~/knowledge/writeups.server");
    const seoul = await buildTestUser(shared.db, "newcomer", {
      name: "한지우",
      locale: "ko",
      timeZone: "Asia/Seoul",
    });
    const utc = await buildTestUser(shared.db, "newcomer", { locale: "en" });
    for (const [who, userId] of [
      ["seoul", seoul],
      ["utc", utc],
    ] as const) {
      const session = await createSession(shared.db, { userId }, { idleDays: 7, maxDays: 30 });
      cookies[who] = (await sessionCookie().serialize(session.token)).split(";")[0] ?? "";
    }
    // 23:07 UTC on 4 December is 08:07 on 5 December in Seoul.
    await createWriteup(
      shared.db,
      {
        authorId: utc,
        status: "published",
        writeup: writeupInput({ title: TITLE, symptom: "The ledger export stalls." }),
      },
      new Date("2026-12-04T23:07:00Z"),
    );
  });
  afterAll(async () => {
    closeSharedDatabase();
    await shared.close();
    if (saved.DATABASE_PATH === undefined) delete process.env.DATABASE_PATH;
    else process.env.DATABASE_PATH = saved.DATABASE_PATH;
  });

  const search = async (who: "seoul" | "utc", dates: string) => {
    const answer = await callRoute<{
      search: { results: { title: string }[] } | null;
      dateProblems: { from?: string; to?: string };
    }>(
      kb.loader,
      new Request(`http://koan.test/kb?q=ledger+export${dates}`, {
        headers: { Cookie: cookies[who] ?? "" },
      }),
    );
    expect(answer.status).toBe(200);
    return {
      titles: answer.body.search?.results.map((r) => r.title) ?? [],
      problems: answer.body.dateProblems,
    };
  };

  it("Seoul: published on 5 December (as its page says), not on the 4th", async () => {
    expect((await search("seoul", "&from=2026-12-05")).titles).toEqual([TITLE]);
    expect((await search("seoul", "&to=2026-12-05")).titles).toEqual([TITLE]);
    expect((await search("seoul", "&from=2026-12-05&to=2026-12-05")).titles).toEqual([TITLE]);
    expect((await search("seoul", "&to=2026-12-04")).titles).toEqual([]);
    expect((await search("seoul", "&from=2026-12-06")).titles).toEqual([]);
  });

  it("UTC: published on 4 December", async () => {
    expect((await search("utc", "&from=2026-12-04&to=2026-12-04")).titles).toEqual([TITLE]);
    expect((await search("utc", "&from=2026-12-05")).titles).toEqual([]);
  });

  it("a day that isn't one filters nothing and is named at its field, in the viewer's language", async () => {
    const { titles, problems } = await search("seoul", "&from=2026-13-01&to=2026-12-05");
    expect(titles).toEqual([TITLE]);
    expect(problems.to).toBeUndefined();
    expect(translate("ko").msg(problems.from ?? "")).toBe(
      "“2026-13-01”: 없는 날짜라서 이 조건은 빼고 찾았어요. 달력에서 날짜를 골라 주세요.",
    );
    // An "until" before the "from" would find nothing: it is named, and left out.
    const reversed = await search("seoul", "&from=2026-12-05&to=2026-12-01");
    expect(reversed.titles).toEqual([TITLE]);
    expect(reversed.problems.from).toBeUndefined();
    expect(translate("ko").msg(reversed.problems.to ?? "")).toBe(
      "게시일 시작(2026-12-05)보다 이른 날짜라서 이 조건은 빼고 찾았어요. 2026-12-05 이후 날짜를 골라 주세요.",
    );
    expect((await search("seoul", "&from=2026-12-06&to=2026-12-01")).titles).toEqual([]);
    expect((await search("seoul", "&from=2026-12-05&to=2026-12-05")).problems).toEqual({});
    const english = await search("utc", "&to=yesterday");
    expect(english.titles).toEqual([TITLE]);
    expect(translate("en").msg(english.problems.to ?? "")).toBe(
      "“yesterday” isn’t a date, so the results aren’t limited by it. Pick a day in the calendar.",
    );
  });
});
