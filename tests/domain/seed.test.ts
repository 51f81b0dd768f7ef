import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { searchWriteups } from "~/knowledge/search.server";
import { missingToPublish } from "~/knowledge/writeup-schema";
import { detectStuck } from "~/mentoring/checkpoints.server";
import { listActiveAssignments } from "~/mentoring/claims.server";
import { clearAllData } from "../../seeds/builders";
import { DEMO_USERS, seedDemo } from "../../seeds/demo";
import { SEED_TICKETS } from "../../seeds/tickets";
import { createTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.close();
});

async function counts() {
  const { rows } = await sql<{
    role: string;
    n: number;
  }>`select role, count(*) as n from users group by role order by role`.execute(t.db);
  return Object.fromEntries(rows.map((r) => [r.role, r.n]));
}

async function synonymCount() {
  const row = await t.db
    .selectFrom("search_synonyms")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("the demo organisation", () => {
  it("has 1 lead, 4 mentors over 6 components, 9 newcomers in 2 cohorts, and 63 tickets at every stage", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    await seedDemo(t.db, now);
    expect(await counts()).toEqual({ lead: 1, mentor: 4, newcomer: 9 });
    const components = await t.db
      .selectFrom("mentor_components")
      .select("component")
      .distinct()
      .execute();
    expect(components).toHaveLength(6);
    const cohorts = await t.db
      .selectFrom("users")
      .select(sql<string>`substr(start_date, 1, 7)`.as("c"))
      .where("role", "=", "newcomer")
      .distinct()
      .execute();
    expect(cohorts.map((c) => c.c).sort()).toEqual(["2026-09", "2026-10"]);

    const tickets = await t.db
      .selectFrom("tickets")
      .select(["title", "status", "starter", "close_reason"])
      .execute();
    expect(tickets).toHaveLength(SEED_TICKETS.length);
    expect(tickets).toHaveLength(63);
    const byStatus = (s: string) => tickets.filter((x) => x.status === s).length;
    expect(byStatus("open")).toBeGreaterThanOrEqual(25);
    for (const s of ["claimed", "in_progress", "in_review", "resolved", "closed"])
      expect(byStatus(s)).toBeGreaterThan(0);
    expect(tickets.filter((x) => x.close_reason === "works_as_designed").length).toBeGreaterThan(0);
    // Tickets the team filed in Korean, open in the queue, two of them starters.
    const korean = tickets.filter((x) => /\p{Script=Hangul}/u.test(x.title));
    expect(korean.length).toBeGreaterThanOrEqual(3);
    expect(korean.filter((x) => x.status === "open" && x.starter).length).toBeGreaterThanOrEqual(2);

    const active = await listActiveAssignments(t.db, {});
    expect(active).toHaveLength(7);
    expect(active.every((a) => a.mentorId !== null)).toBe(true);
    const resolved = await t.db
      .selectFrom("assignments")
      .select("id")
      .where("status", "=", "resolved")
      .execute();
    expect(resolved.length).toBeGreaterThanOrEqual(8);
    // Assignments at every stage, with evidence, reviews and one stuck claim.
    const states = await t.db
      .selectFrom("assignment_checkpoints")
      .select("state")
      .distinct()
      .execute();
    expect(states.map((r) => r.state).sort()).toEqual([
      "approved",
      "changes_requested",
      "completed",
      "skipped",
      "submitted",
      "todo",
    ]);
    expect((await t.db.selectFrom("evidence").select("id").execute()).length).toBeGreaterThan(50);
    expect(await detectStuck(t.db, { workingDays: 3 }, now)).toHaveLength(1);
    expect(
      (
        await t.db
          .selectFrom("assignments")
          .select("id")
          .where("resolution", "=", "works_as_designed")
          .execute()
      ).length,
    ).toBeGreaterThan(0);
    // The main demo newcomer has a finished fix and nothing in hand: their next ticket is a step up.
    const minjun = await t.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "newcomer@koan.test")
      .executeTakeFirstOrThrow();
    expect(await listActiveAssignments(t.db, { newcomerId: minjun.id })).toEqual([]);
  });

  it("publishes only write-ups with the parts a reader needs (as publishing asks of everyone)", async () => {
    await seedDemo(t.db, new Date("2026-11-25T12:00:00Z"));
    const published = await t.db
      .selectFrom("writeups")
      .select(["id", "title", "resolution", "symptom", "root_cause as rootCause", "fix"])
      .where("status", "=", "published")
      .execute();
    expect(published.length).toBeGreaterThan(0);
    const sparse = published.filter((w) => Object.keys(missingToPublish(w)).length > 0);
    expect(sparse.map((w) => `${w.id} ${w.resolution}: ${w.title}`)).toEqual([]);
  });

  it("reset to the same organisation when seeded again after clearing", async () => {
    await seedDemo(t.db);
    const synonyms = await synonymCount();
    expect(synonyms).toBeGreaterThan(0);
    await clearAllData(t.db);
    await seedDemo(t.db);
    expect(await counts()).toEqual({ lead: 1, mentor: 4, newcomer: 9 });
    // The migrations' synonym table stays: 세션 still meets the demo's English "session".
    expect(await synonymCount()).toBe(synonyms);
    const session = await searchWriteups(t.db, { q: "세션" });
    expect(session.results.length).toBeGreaterThan(0);
    const users = await t.db.selectFrom("users").select(["id", "email"]).orderBy("id").execute();
    expect(users.map((u) => u.email)).toEqual(DEMO_USERS.map((u) => u.email));
    expect(users[0]?.id).toBe(1);
  });
});
