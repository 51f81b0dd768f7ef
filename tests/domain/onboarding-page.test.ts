import { type KyselyPlugin, SqliteQueryCompiler } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { k } from "~/lib/i18n/messages";
import { claimTicket } from "~/mentoring/claims.server";
import { getMyOnboarding } from "~/mentoring/onboarding-page.server";
import {
  currentTrackVersionId,
  listTrackCheckpoints,
  saveTrackVersion,
} from "~/mentoring/tracks.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

const V1_TITLES = [
  "Reproduce the bug",
  "Find the code",
  "Root cause",
  "Failing test",
  "Fix and review",
  "Ship and verify",
  "Write-up",
];

/** A plugin that keeps each query against checkpoint_comments, as SQL and parameters. */
function logged(into: { sql: string; parameters: readonly unknown[] }[]): KyselyPlugin {
  const compiler = new SqliteQueryCompiler();
  return {
    transformQuery: (args) => {
      const compiled = compiler.compileQuery(args.node, args.queryId);
      if (compiled.sql.includes('"checkpoint_comments"'))
        into.push({ sql: compiled.sql, parameters: compiled.parameters });
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}

describe("My onboarding", () => {
  let t: TestDatabase;
  let lead: number;
  let mentor: number;

  beforeEach(async () => {
    t = await createTestDatabase();
    lead = await buildTestUser(t.db, "lead");
    mentor = await buildTestUser(t.db, "mentor", { capacity: 5, components: ["billing"] });
  });
  afterEach(async () => {
    await t.close();
  });

  async function page(newcomerId: number, db = t.db) {
    const onboarding = await getMyOnboarding(db, {
      viewer: { id: newcomerId, role: "newcomer" },
      defaultLimit: 2,
    });
    if (!onboarding) throw new Error("no page");
    return onboarding;
  }

  /** The lead retitles Reproduce, drops Ship and verify, and adds a step of their own. */
  async function editTrack() {
    const current = await listTrackCheckpoints(t.db, await currentTrackVersionId(t.db));
    const saved = await saveTrackVersion(t.db, {
      actorId: lead,
      checkpoints: [
        ...current
          .filter((c) => c.key !== "ship")
          .map((c) => ({
            key: c.key,
            title: c.key === "reproduce" ? "Reproduce it" : c.title,
            guide: c.guide,
            needsSignoff: c.needs_signoff === 1,
          })),
        {
          title: "Tell the reporter",
          guide: "Close the *loop* with whoever reported it.\n\nLink the reply.",
          needsSignoff: false,
        },
      ],
    });
    expect(saved).toMatchObject({ ok: true, version: 2 });
  }

  async function claim(newcomerId: number) {
    const ticketId = await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: "Rounding error on invoices",
        body: "",
        component: "billing",
        labels: [],
        difficulty: 1,
        starter: true,
      },
    });
    const result = await claimTicket(t.db, {
      ticketId,
      newcomerId,
      mentorId: mentor,
      defaultLimit: 2,
    });
    if (!result.ok) throw new Error(`claim failed: ${result.reason}`);
  }

  it("shows how each fix goes from the track, with a line from each guide", async () => {
    const newcomer = await buildTestUser(t.db, "newcomer", { name: "Ana" });
    const before = await page(newcomer);
    expect(before.name).toBe("Ana");
    expect(before.journey.map((s) => s.title)).toEqual(V1_TITLES);
    expect(before.journey[2]).toEqual({
      key: "root_cause",
      title: "Root cause",
      summary: "Explain why it happens, not only where.",
    });
    expect(before.journey.every((s) => s.summary)).toBe(true);

    await editTrack();
    const after = await page(newcomer);
    expect(after.journey.map((s) => s.title)).toEqual([
      "Reproduce it",
      "Find the code",
      "Root cause",
      "Failing test",
      "Fix and review",
      "Write-up",
      "Tell the reporter",
    ]);
    expect(after.journey.at(-1)?.summary).toBe("Close the loop with whoever reported it.");
  });

  it("a newcomer working a ticket sees the track version it was claimed on", async () => {
    const newcomer = await buildTestUser(t.db, "newcomer");
    await claim(newcomer);
    await editTrack();
    const working = await page(newcomer);
    expect(working.active).toHaveLength(1);
    expect(working.active[0]?.step).toMatchObject({
      title: "Reproduce the bug",
      done: 0,
      total: 7,
    });
    expect(working.journey.map((s) => s.title)).toEqual(V1_TITLES);

    // Someone who claims after the edit follows the new track.
    const later = await buildTestUser(t.db, "newcomer");
    await claim(later);
    expect((await page(later)).journey.map((s) => s.title)).toContain("Tell the reporter");
  });

  it("says what happened last on a step discussed in 1,200 comments, reading a few rows", async () => {
    const newcomer = await buildTestUser(t.db, "newcomer", { name: "Ana" });
    await claim(newcomer);
    const tomas = await buildTestUser(t.db, "mentor", { name: "Tomás Rivera" });
    await t.db.updateTable("assignments").set({ mentor_id: tomas }).execute();
    const step = await t.db
      .selectFrom("assignment_checkpoints as ac")
      .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
      .select(["ac.id", "ac.assignment_id"])
      .where("tc.key", "=", "reproduce")
      .executeTakeFirstOrThrow();
    const reviewer = await t.db
      .selectFrom("assignments")
      .select("mentor_id")
      .where("id", "=", step.assignment_id)
      .executeTakeFirstOrThrow();
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    // Through the database (the setup, not what is tested): the mentor approved once, then asked
    // for changes, then 1,200 comments of back and forth followed.
    const comment = (
      i: number,
      kind: "comment" | "approved" | "changes_requested",
      body: string,
    ) => ({
      assignment_checkpoint_id: step.id,
      author_id: kind === "comment" && i % 2 ? newcomer : (reviewer.mentor_id ?? newcomer),
      kind,
      body,
      created_at: at(i),
    });
    await t.db
      .insertInto("checkpoint_comments")
      .values([
        comment(0, "approved", "Good start."),
        comment(1, "changes_requested", "Please add the steps to reproduce with the invoice id."),
      ])
      .execute();
    for (let from = 2; from < 1202; from += 200) {
      await t.db
        .insertInto("checkpoint_comments")
        .values(
          Array.from({ length: 200 }, (_, j) =>
            comment(from + j, "comment", `Comment ${from + j}: still looking at the rounding.`),
          ),
        )
        .execute();
    }
    await t.db
      .updateTable("assignment_checkpoints")
      .set({ state: "changes_requested" })
      .where("id", "=", step.id)
      .execute();

    // Every row any query of the page returns, counted on its way out of the database, and every
    // query that reads the comments, kept to ask SQLite how it reads them.
    let rows = 0;
    const commentQueries: { sql: string; parameters: readonly unknown[] }[] = [];
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        rows += args.result.rows.length;
        return args.result;
      },
    };
    const onboarding = await page(
      newcomer,
      t.db.withPlugin(counting).withPlugin(logged(commentQueries)),
    );
    expect(onboarding.active[0]?.happened).toBe(
      k("mentoring.journey.changesRequestedSaid", {
        mentor: "Tomás",
        step: "Reproduce the bug",
        comment: "Please add the steps to reproduce with the invoice id.",
      }),
    );
    // The whole page reads about a hundred rows (steps, tickets, the track), not the 1,202
    // comments: it read every one of them, every time a newcomer opened it.
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(100);
    // And in SQL it seeks each step's reviews by kind rather than walking all 1,202 comments (40 ms
    // at 100,000 comments on one step, and growing with them).
    expect(commentQueries.length).toBeGreaterThan(0);
    for (const q of commentQueries) {
      const plan = t.sqlite
        .prepare(`explain query plan ${q.sql}`)
        .all(...(q.parameters as unknown[])) as { detail: string }[];
      const details = plan.map((p) => p.detail);
      expect(
        details.some((d) => /checkpoint_comments_kind/.test(d)),
        details.join("\n"),
      ).toBe(true);
    }
  });

  it("is null for someone who is not on the team", async () => {
    expect(
      await getMyOnboarding(t.db, {
        viewer: { id: 9999, role: "newcomer" },
        defaultLimit: 2,
      }),
    ).toBeNull();
  });
});
