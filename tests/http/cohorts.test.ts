import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { claimTicket } from "~/mentoring/claims.server";
import {
  currentTrackVersionId,
  listTrackCheckpoints,
  saveTrackVersion,
} from "~/mentoring/tracks.server";
import { buildUsers, DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { setPerson } from "../support/people";
import { startServer, type TestServer } from "../support/server";

// A large team's cohort view lists the 20 fullest mentors (and the 20 longest stuck), says how
// many there are, and shows them all on request. A lead's own step names are marked with their
// language when it is not the page's; Koan's default ones, in the page's language, are not.

let server: TestServer;
let lead: Browser;

beforeAll(async () => {
  server = await startServer();
  const { db } = openDatabase(server.dbFile);
  await buildUsers(
    db,
    Array.from({ length: 30 }, (_, i) => ({
      email: `extra-mentor-${i}@koan.test`,
      name: `Extra Mentor ${String(i).padStart(2, "0")}`,
      role: "mentor" as const,
      capacity: 2,
      components: ["billing"],
    })),
  );
  // A lead's own names for two steps: a Korean one (the demo's longest wait) and an English one.
  await db
    .updateTable("track_checkpoints")
    .set({ title: "근본 원인 찾기" })
    .where("key", "=", "root_cause")
    .execute();
  await db
    .updateTable("track_checkpoints")
    .set({ title: "Reproduce it locally" })
    .where("key", "=", "reproduce")
    .execute();
  await db.destroy();
  lead = new Browser(server.url);
  await lead.login("lead@koan.test", DEMO_PASSWORD);
});

afterAll(async () => {
  await server.stop();
});

/** The page's HTML without React's text separators (`<!-- -->`). */
const text = (html: string) => html.replaceAll("<!-- -->", "");

const mentorRows = (html: string) =>
  (html.slice(html.indexOf('id="mentors"')).match(/<th scope="row">/g) ?? []).length;

describe("the cohort view with many mentors", () => {
  it("shows the 20 fullest and says how many there are", async () => {
    const response = await lead.get("/cohorts");
    expect(response.status).toBe(200);
    const html = text(await response.text());
    expect(mentorRows(html)).toBe(20);
    expect(html).toContain("Showing 20 of 34 mentors, fullest first.");
    expect(html).toContain('href="/cohorts?mentors=all#mentors"');
  });

  it("shows every mentor on request, with a way back to the first 20", async () => {
    const html = text(await (await lead.get("/cohorts?mentors=all")).text());
    expect(mentorRows(html)).toBe(34);
    expect(html).toContain("Showing all 34 mentors.");
    expect(html).toContain("Show the first 20");
  });
});

describe("step names on the cohort view", () => {
  /** The markup the checkpoint chart's image is described by (its aria-describedby), as served. */
  function chartDescription(html: string): string {
    const svg = html.match(/<svg[^>]*class="chart-svg[^"]*"[^>]*>/)?.[0] ?? "";
    const id = svg.match(/aria-describedby="([^"]+)"/)?.[1] ?? "(none)";
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return html.match(new RegExp(`<p id="${escaped}" hidden="">([\\s\\S]*?)</p>`))?.[1] ?? "";
  }

  it("marks a lead's own step in the other language, in the summary and the chart", async () => {
    const html = text(await (await lead.get("/cohorts")).text());
    expect(html).toContain('<html lang="en"');
    expect(html).toContain(
      '<strong><span lang="ko">근본 원인 찾기</span> is where people wait longest:',
    );
    expect(html).toContain('Median at <span lang="ko">근본 원인 찾기</span>.');
    expect(html).toMatch(/<text class="chart-label"[^>]* lang="ko">근본 원인 찾기<\/text>/);
    expect(html).toContain('<th scope="row" lang="ko">근본 원인 찾기</th>');
    // English on an English page, own or Koan's: no mark.
    expect(html).toContain('<th scope="row">Reproduce it locally</th>');
    expect(html).toContain('<th scope="row">Find the code</th>');
    // The chart's description, which the image is read with, marks it too.
    const description = chartDescription(html);
    expect(description).toContain('<span lang="ko">근본 원인 찾기</span>: ');
    expect(description).toContain("<span>Reproduce it locally</span>: ");
    expect(description).toContain("<span>Find the code</span>: ");
  });

  it("on a Korean page, marks an English own step and not Koan's Korean names", async () => {
    const response = await lead.request("/cohorts?lang=ko", {
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    const html = text(await response.text());
    expect(html).toContain('<html lang="ko"');
    expect(html).toContain('<th scope="row" lang="en">Reproduce it locally</th>');
    expect(html).toContain('<th scope="row">코드 찾기</th>');
    expect(html).toContain('<th scope="row">근본 원인 찾기</th>');
    expect(html).toContain("가장 오래 기다리는 곳은 <span>근본 원인 찾기</span> 단계예요");
    const description = chartDescription(html);
    expect(description).toContain('<span lang="en">Reproduce it locally</span>: ');
    expect(description).toContain("<span>코드 찾기</span>: ");
  });
});

// Last: it changes the demo's track.
describe("a step the lead retired", () => {
  it("leaves the chart, which follows the track as it is, and is named beneath it with its history", async () => {
    const { db } = openDatabase(server.dbFile);
    const leadId = (
      await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "lead@koan.test")
        .executeTakeFirstOrThrow()
    ).id;
    const current = await listTrackCheckpoints(db, await currentTrackVersionId(db));
    const saved = await saveTrackVersion(db, {
      actorId: leadId,
      checkpoints: current
        .filter((c) => c.key !== "failing_test")
        .map((c) => ({
          key: c.key,
          title: c.title,
          guide: c.guide,
          needsSignoff: c.needs_signoff === 1,
        })),
    });
    await db.destroy();
    expect(saved).toMatchObject({ ok: true });

    const html = text(await (await lead.get("/cohorts")).text());
    expect(html).not.toMatch(/<text class="chart-label"[^>]*>Failing test<\/text>/);
    expect(html).not.toContain('<th scope="row">Failing test</th>');
    expect(html).toMatch(
      /No longer in the track \(earlier assignments walked these\): <span>Failing test<\/span> [\d.]+ days? \(\d+ done\)/,
    );

    const ko = text(
      await (
        await lead.request("/cohorts?lang=ko", { headers: { "Accept-Language": "ko-KR" } })
      ).text(),
    );
    expect(ko).not.toContain('<th scope="row">실패하는 테스트</th>');
    expect(ko).toMatch(
      /지금 트랙에는 없는 단계\(이전 배정이 거친 단계\): <span>실패하는 테스트<\/span> [\d.]+일\(\d+번 완료\)/,
    );
  });
});

describe("a mentor's load on the cohort view and the mentoring board", () => {
  it("is shown over capacity, by how many, on the cohort view and the mentoring board", async () => {
    const { db } = openDatabase(server.dbFile);
    const busiest = await db
      .selectFrom("assignments as a")
      .innerJoin("users as u", "u.id", "a.mentor_id")
      .select(["u.id", "u.name", (eb) => eb.fn.countAll<number>().as("active")])
      .where("a.status", "=", "active")
      .groupBy(["u.id", "u.name"])
      .orderBy("active", "desc")
      .executeTakeFirstOrThrow();
    expect(Number(busiest.active)).toBeGreaterThanOrEqual(2);
    await db
      .updateTable("users")
      .set({ capacity: Number(busiest.active) - 1 })
      .where("id", "=", busiest.id)
      .execute();
    await db.destroy();
    for (const path of ["/cohorts", "/mentoring"]) {
      const page = text(await (await lead.get(path)).text());
      const table = page.slice(page.indexOf('id="mentors"'));
      const row = table.slice(table.indexOf(busiest.name));
      expect(row.slice(0, row.indexOf("</tr>")), path).toContain("1 over capacity");
    }
  });

  it("a full mentor is called full with one word on both pages, in Korean too", async () => {
    const { db } = openDatabase(server.dbFile);
    const mentor = await db
      .selectFrom("users")
      .select(["id", "name"])
      .where("email", "=", "extra-mentor-0@koan.test")
      .executeTakeFirstOrThrow();
    const ticketIds = await db
      .selectFrom("tickets")
      .select("id")
      .where("status", "=", "open")
      .where("starter", "=", 1)
      .limit(2)
      .execute();
    const newcomers = await buildUsers(
      db,
      ["가", "나"].map((n, i) => ({
        email: `full-${i}@koan.test`,
        name: `신입 ${n}`,
        role: "newcomer" as const,
      })),
    );
    for (const [i, newcomerId] of newcomers.entries()) {
      const claim = await claimTicket(db, {
        ticketId: ticketIds[i]?.id as number,
        newcomerId,
        mentorId: mentor.id,
        defaultLimit: 1,
      });
      if (!claim.ok) throw new Error(claim.reason);
    }
    await db.destroy();
    const words = (html: string) => {
      const page = text(html);
      const table = page.slice(page.indexOf('id="mentors"'));
      const row = table.slice(table.indexOf(mentor.name));
      return row.slice(0, row.indexOf("</tr>")).match(/class="badge badge-warn">([^<]+)</)?.[1];
    };
    const both = async (word: string) => {
      // The cohort view lists the fullest mentors first, so a full one is on its first page.
      expect(words(await (await lead.get("/cohorts")).text()), `/cohorts ${word}`).toBe(word);
      expect(words(await (await lead.get("/mentoring")).text()), `/mentoring ${word}`).toBe(word);
    };
    await both("full");
    // The lead chose Korean, then the browser's language again.
    await setPerson(server, "lead@koan.test", { locale: "ko" });
    try {
      await both("정원 참");
    } finally {
      await setPerson(server, "lead@koan.test", { locale: null });
    }
  });
});
