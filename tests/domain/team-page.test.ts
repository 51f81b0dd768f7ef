import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getTeamPage, TEAM_PAGE_SIZE } from "~/auth/team-page.server";
import { buildUsers } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
  await buildUsers(t.db, [
    { email: "lead@koan.test", name: "Seo-yeon Park", role: "lead" },
    { email: "ines@koan.test", name: "Inés Álvarez", role: "mentor", capacity: 2 },
    { email: "minjun@koan.test", name: "김민준", role: "newcomer", startDate: "2026-10-05" },
    ...Array.from({ length: 117 }, (_, i) => ({
      email: `person-${i}@example.com`,
      name: `Person ${String(i).padStart(3, "0")}`,
      role: "newcomer" as const,
      startDate: "2026-09-07",
    })),
  ]);
});
afterEach(async () => {
  await t.close();
});

describe("the team page", () => {
  it("lists everyone a page at a time, in the team's order, each person once", async () => {
    const first = await getTeamPage(t.db);
    expect(first.people).toEqual({ q: "", page: 1, pageCount: 3, total: 120, everyone: 120 });
    expect(first.members).toHaveLength(TEAM_PAGE_SIZE);
    expect(first.members.slice(0, 3).map((m) => m.name)).toEqual([
      "Seo-yeon Park",
      "Inés Álvarez",
      "김민준",
    ]);
    const rest = [await getTeamPage(t.db, { page: 2 }), await getTeamPage(t.db, { page: 3 })];
    expect(rest[1]?.members).toHaveLength(20);
    const ids = new Set([first, ...rest].flatMap((p) => p.members.map((m) => m.id)));
    expect(ids.size).toBe(120);
    // Past the end: the last page.
    expect((await getTeamPage(t.db, { page: 40 })).people.page).toBe(3);
  });

  it("finds people by part of their name or e-mail, case and accents aside, in Korean too", async () => {
    const names = async (q: string) => (await getTeamPage(t.db, { q })).members.map((m) => m.name);
    expect(await names("ines")).toEqual(["Inés Álvarez"]);
    expect(await names("  ÁLVAREZ ")).toEqual(["Inés Álvarez"]);
    expect(await names("민준")).toEqual(["김민준"]);
    expect(await names("minjun@")).toEqual(["김민준"]);
    expect(await names("person 11")).toEqual([
      "Person 110",
      "Person 111",
      "Person 112",
      "Person 113",
      "Person 114",
      "Person 115",
      "Person 116",
    ]);
    const found = await getTeamPage(t.db, { q: "example.com", page: 3 });
    expect(found.people).toEqual({
      q: "example.com",
      page: 3,
      pageCount: 3,
      total: 117,
      everyone: 120,
    });
    const none = await getTeamPage(t.db, { q: "nobody-here" });
    expect(none.members).toEqual([]);
    expect(none.people).toMatchObject({ total: 0, page: 1, pageCount: 1 });
  });
});
