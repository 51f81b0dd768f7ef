import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { type CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DB, migrateToLatest, openDatabase } from "#db/client";
import { componentWriteupCounts, recordView, reviewList } from "~/knowledge/health.server";
import { cachedSearchWriteups, searchWriteups } from "~/knowledge/search.server";
import { rowsFor } from "~/knowledge/search-rows.server";
import { toilBoard } from "~/knowledge/toil.server";
import {
  countPublishedBy,
  listWriteupFacets,
  MAX_AUTHOR_FACETS,
} from "~/knowledge/writeup-facets.server";
import { insertWriteup, listRecentWriteups, type WriteupInput } from "~/knowledge/writeups.server";
import { dataVersion } from "~/lib/data-versions.server";
import { getCohortDashboard } from "~/mentoring/analytics.server";
import { submitEvidence } from "~/mentoring/checkpoints.server";
import { claimTicket } from "~/mentoring/claims.server";
import { listTickets, updateTicket } from "~/mentoring/ticket-status.server";
import { updateWriteup } from "~/mentoring/writeup-access.server";
import { suggestTickets } from "~/tickets/suggest";
import { createTicket, listFacets, listOpenStarters } from "~/tickets/tickets.server";
import { buildTestUser, buildUsers } from "../../seeds/builders";
import { tempDir } from "../support/db";
import { writeupInput } from "../support/fixtures";

// The hot queries of the busiest pages use their indexes (migration 0005), the per-process caches
// keyed by data versions never serve an answer a write has changed, and the "next tickets for me"
// pool gives the same suggestions as ranking every open starter ticket.

let dir: string;
let db: DB;
const queries: CompiledQuery[] = [];
let lead: number;

beforeAll(async () => {
  dir = tempDir("koan-hot-");
  db = openDatabase(path.join(dir, "koan.db"), {
    log(event) {
      if (event.level === "query") queries.push(event.query);
    },
  }).db;
  await migrateToLatest(db);
  lead = await buildTestUser(db, "lead");
});

afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn`, then EXPLAIN QUERY PLAN on each query it sent that mentions `table`. */
async function plansOf(table: string, fn: () => Promise<unknown>): Promise<string[]> {
  queries.length = 0;
  await fn();
  const sent = queries.filter(
    (q) => q.sql.trimStart().toLowerCase().startsWith("select") && q.sql.includes(table),
  );
  const plans: string[] = [];
  for (const q of sent) {
    const { rows } = await db.executeQuery<{ detail: string }>({
      ...q,
      sql: `explain query plan ${q.sql}`,
    });
    plans.push(rows.map((r) => r.detail).join(" | "));
  }
  return plans;
}

/** A write-up's content with only what a test cares about filled in (no component). */
const writeup = (title: string, fields: Partial<WriteupInput> = {}) =>
  writeupInput({ title, component: "", ...fields });

const starter = (title: string, component: string, difficulty: number) => ({
  title,
  body: "",
  component,
  labels: ["starter"],
  difficulty,
  starter: true,
});

describe("query plans of the hot queries", () => {
  it("walks the ticket queue's default order on an index instead of sorting every ticket", async () => {
    const plans = await plansOf('"tickets"', () =>
      listTickets(db, {
        status: "active",
        starterOnly: false,
        sort: "newest",
        page: 1,
        pageSize: 50,
      }),
    );
    const page = plans.find((p) => p.includes("tickets_created"));
    expect(page, plans.join("\n")).toBeDefined();
    expect(page).not.toContain("TEMP B-TREE");
  });

  it("finds recent write-ups, a ticket's write-ups and an author's count by index", async () => {
    expect((await plansOf('"writeups"', () => listRecentWriteups(db, 10))).join()).toContain(
      "writeups_status_published",
    );
    // Either index holds both columns (migration 0024's leads with the status).
    expect((await plansOf('"writeups"', () => countPublishedBy(db, lead))).join()).toMatch(
      /COVERING INDEX (writeups_author_status|writeups_published_authors)/,
    );
    const { rows } = await sql<{ detail: string }>`
      explain query plan select id from writeups where ticket_id = ${1}`.execute(db);
    expect(rows.map((r) => r.detail).join()).toContain("writeups_ticket");
  });

  it("reads the write-ups passing a search's filters from the narrow filter index, not the write-ups' pages", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(
        await insertWriteup(db, {
          authorId: lead,
          status: "published",
          writeup: writeup(`인보이스 export stalls ${i}`, {
            component: i % 2 ? "billing" : "auth",
          }),
        }),
      );
    const filters = { component: "billing", resolution: "fixed" as const, verified: false };
    let rows: { id: number }[] = [];
    const plans = await plansOf("from writeups w", async () => {
      rows = await rowsFor(db, ids, filters, 10);
    });
    const passing = plans.filter((p) => !p.includes("json_each"));
    expect(passing).toEqual(["SCAN w USING COVERING INDEX writeups_filter_columns"]);
    expect(rows.map((r) => r.id)).toEqual(ids.filter((_, i) => i % 2));
    // A tag's write-ups by the tags' own index.
    const tagged = await plansOf("from writeups w", () =>
      rowsFor(db, ids, { component: "billing", tag: "csv" }, 10),
    );
    const byTag = tagged.find((p) => !p.includes("json_each")) ?? "";
    expect(byTag).toContain("w USING COVERING INDEX writeups_filter_columns");
    expect(byTag).toContain("USING COVERING INDEX writeup_tags_tag (tag=?)");
    expect(byTag).not.toContain("CORRELATED");
    // Without filters, the rows are read by key with their status: one statement, no look first.
    let unfiltered: { id: number }[] = [];
    const published = await plansOf("from writeups w", async () => {
      unfiltered = await rowsFor(db, ids, {}, 10);
    });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatch(
      /^SEARCH w USING INTEGER PRIMARY KEY \(rowid=\?\) \| LIST SUBQUERY/,
    );
    expect(unfiltered.map((r) => r.id)).toEqual(ids);
  });

  it("leaves drafts out of a search's rows, reading further ids until the page is full", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(
        await insertWriteup(db, {
          authorId: lead,
          // The first page's worth of ids holds five drafts: the rows after it fill their places.
          status: i < 8 && i % 2 ? "draft" : "published",
          writeup: writeup(`결제 draft check ${i}`),
        }),
      );
    const rows = await rowsFor(db, [...ids].reverse(), {}, 6);
    const published = [...ids].reverse().filter((_id, k) => {
      const i = ids.length - 1 - k;
      return !(i < 8 && i % 2);
    });
    expect(rows.map((r) => r.id)).toEqual(published.slice(0, 6));
    expect(await rowsFor(db, ids, {}, 0)).toEqual([]);
  });

  it("counts and pages the review list's due write-ups on their own index, not row by row", async () => {
    const plans = await plansOf('from "writeups"', () =>
      reviewList(db, new Date("2026-11-30T09:00:00Z")),
    );
    const due = plans.filter((p) => !p.includes("writeup_flags"));
    // The count and the page of the oldest: both on writeups_review_due, the page without a sort.
    expect(due).toHaveLength(2);
    for (const plan of due) expect(plan).toContain("writeups_review_due");
    expect(due.join("\n")).not.toContain("TEMP B-TREE");
  });

  it("counts the knowledge base's authors from an index alone, not row by row", async () => {
    // A publish changes the version, so the facets are computed again (not served from the cache).
    await insertWriteup(db, {
      authorId: lead,
      writeup: writeup("작성자 목록이 느려요", { component: "search" }),
      status: "published",
    });
    const plans = await plansOf('from "writeups"', () => listWriteupFacets(db));
    const authors = plans.find((p) => p.includes("users"));
    expect(authors ?? plans.join("\n")).toContain("COVERING INDEX writeups_published_authors");
  });

  it("reads the toil board a range of toil rows at a time, each write-up by its id", async () => {
    await insertWriteup(db, {
      authorId: lead,
      writeup: writeup("워커를 손으로 재시작", {
        component: "billing",
        toil: [{ description: "restarted the invoice worker by hand", minutes: 15 }],
      }),
      status: "published",
    });
    const plans = await plansOf('from "toil"', () => toilBoard(db));
    const range = plans.find((p) => p.includes("toil") && p.includes("writeups"));
    // Not every published write-up walked by its status index, with a toil lookup for each, once
    // per range: 70-160 ms a range at 100,000 write-ups, some seventy ranges.
    expect(range, plans.join("\n")).toMatch(
      /^SEARCH toil USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\) \| SEARCH writeups USING (COVERING INDEX \w+ \(id=\?|INTEGER PRIMARY KEY \(rowid=\?)/,
    );
  });

  it("counts who wrote or verified a component's write-ups from an index alone", async () => {
    const plans = await plansOf('from "writeups"', () => componentWriteupCounts(db, "billing"));
    expect(plans).toHaveLength(1);
    const [plan = ""] = plans;
    expect(plan.match(/COVERING INDEX writeups_component_people/g)).toHaveLength(2);
    expect(plan).not.toMatch(/USING INDEX writeups_status_component/);
  });

  it("picks the starter pool with one index seek per component and difficulty", async () => {
    await createTicket(db, { actorId: lead, ticket: starter("Seed", "billing", 1) });
    const plans = await plansOf("tickets", () => listOpenStarters(db));
    const pool = plans.find((p) => p.includes("starter"));
    expect(plans.join("\n")).toContain("tickets_starter_pool");
    expect(pool ?? plans.join("\n")).not.toMatch(/SCAN tickets\b/);
  });
});

describe("caches keyed by data versions", () => {
  it("shows a new component and label in the queue filters as soon as a ticket brings them", async () => {
    const before = await listFacets(db);
    expect(before.components).not.toContain("payouts");
    await createTicket(db, {
      actorId: lead,
      ticket: { ...starter("Payout rounding", "payouts", 2), labels: ["starter", "rounding"] },
    });
    const after = await listFacets(db);
    expect(after.components).toContain("payouts");
    expect(after.labels).toContain("rounding");
  });

  it("follows a ticket moved to another component", async () => {
    const id = await createTicket(db, { actorId: lead, ticket: starter("Lonely", "ledger", 1) });
    expect((await listFacets(db)).components).toContain("ledger");
    await updateTicket(db, {
      ticketId: id,
      actorId: lead,
      ticket: starter("Lonely", "billing", 1),
    });
    expect((await listFacets(db)).components).not.toContain("ledger");
  });

  it("lists a write-up's component and author in the search filters once it is published, not before", async () => {
    const author = await buildTestUser(db, "mentor", { name: "Facet Author" });
    const draft = writeup("Receipts in the wrong currency", {
      symptom: "Receipts show KRW for USD accounts.",
      component: "receipts",
    });
    await insertWriteup(db, { authorId: author, writeup: draft, status: "draft" });
    let facets = await listWriteupFacets(db);
    expect(facets.components).not.toContain("receipts");
    const id = await insertWriteup(db, {
      authorId: author,
      writeup: { ...draft, title: "Receipts again" },
      status: "published",
    });
    facets = await listWriteupFacets(db);
    expect(facets.components).toContain("receipts");
    expect(facets.authors.map((a) => a.name)).toContain("Facet Author");

    // A view is not a change anyone's cached answer depends on.
    const version = await dataVersion(db, "writeups");
    await recordView(db, id);
    expect(await dataVersion(db, "writeups")).toBe(version);
  });

  it("reads a version a transaction has changed only once it commits, never midway", async () => {
    const author = await buildTestUser(db, "mentor");
    const before = await dataVersion(db, "writeups");
    let committed = false;
    let inside = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writing = db.transaction().execute(async (trx) => {
      await insertWriteup(trx, {
        authorId: author,
        writeup: writeup("Mid-transaction 결제 write-up"),
        status: "published",
      });
      inside = await dataVersion(trx, "writeups");
      await held;
      committed = true;
    });
    // Let the transaction reach its pause, holding the connection with its write in it.
    while (!inside) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(inside).toBeGreaterThan(before);
    const reading = dataVersion(db, "writeups").then((v) => ({ v, committed }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await writing;
    // Read while the write was uncommitted, it waited for the commit, and saw it.
    expect(await reading).toEqual({ v: inside, committed: true });
    expect(await dataVersion(db, "writeups")).toBe(inside);
  });

  it("reads a version once a turn, yet sees at once a write this process sends on any connection", async () => {
    const file = path.join(dir, "koan.db");
    const other = openDatabase(file).db;
    const author = await buildTestUser(db, "mentor");
    try {
      const first = await dataVersion(db, "writeups");
      // A write through another of this process's connections: seen in the same turn.
      await insertWriteup(other, {
        authorId: author,
        writeup: writeup("Another connection's 결제 write-up"),
        status: "published",
      });
      const second = await dataVersion(db, "writeups");
      expect(second).toBeGreaterThan(first);
      // Another process's write (a handle Kysely never sees): remembered until the next turn.
      const outside = new SQLite(file);
      outside
        .prepare("update data_versions set version = version + 1 where name = 'writeups'")
        .run();
      outside.close();
      expect(await dataVersion(db, "writeups")).toBe(second);
      await new Promise((resolve) => setImmediate(resolve));
      expect(await dataVersion(db, "writeups")).toBe(second + 1);
    } finally {
      await other.destroy();
    }
  });

  it("lists the 100 most prolific authors in the search filter, not a wall of names", async () => {
    const specs = Array.from({ length: 102 }, (_, i) => ({
      email: `prolific-${i}@koan.test`,
      name: `Prolific ${String(i).padStart(3, "0")}`,
      role: "mentor" as const,
    }));
    const ids = await buildUsers(db, specs);
    for (const [i, id] of ids.entries())
      for (let n = 0; n < (i === 0 ? 3 : 1); n++)
        await insertWriteup(db, {
          authorId: id,
          writeup: writeup(`By ${i} #${n}`, { component: "ledger" }),
          status: "published",
        });
    const { authors } = await listWriteupFacets(db);
    expect(authors).toHaveLength(MAX_AUTHOR_FACETS);
    expect(authors.map((a) => a.name)).toContain("Prolific 000");
    const names = authors.map((a) => a.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it("keeps mentors' load live and the cohort figures at most a minute old", async () => {
    const now = new Date();
    const newcomer = await buildTestUser(db, "newcomer", {
      startDate: now.toISOString().slice(0, 10),
    });
    const mentor = await buildTestUser(db, "mentor", { capacity: 3, components: ["billing"] });
    const before = await getCohortDashboard(db, { workingDays: 3 }, now);
    const ticketId = await createTicket(db, {
      actorId: lead,
      ticket: starter("Dashboard cache", "billing", 1),
    });
    const claim = await claimTicket(db, {
      ticketId,
      newcomerId: newcomer,
      mentorId: mentor,
      defaultLimit: 1,
    });
    if (!claim.ok) throw new Error(claim.reason);
    const after = await getCohortDashboard(db, { workingDays: 3 }, now);
    const load = (d: typeof before) => d.mentors.find((m) => m.id === mentor)?.active;
    // Mentors' load is live; the figures may be up to a minute old while data keeps changing.
    expect(load(before)).toBe(0);
    expect(load(after)).toBe(1);
    await buildTestUser(db, "newcomer", { startDate: now.toISOString().slice(0, 10) });
    const soon = await getCohortDashboard(db, { workingDays: 3 }, new Date(now.getTime() + 30_000));
    expect(soon.newcomers).toBe(before.newcomers);
    expect(soon.figuresAsOf).toBe(before.figuresAsOf);
    const later = new Date(now.getTime() + 61_000);
    const minuteOn = await getCohortDashboard(db, { workingDays: 3 }, later);
    expect(minuteOn.newcomers).toBe(before.newcomers + 1);
    expect(minuteOn.figuresAsOf).toBe(later.toISOString());
    const steps = await db
      .selectFrom("assignment_checkpoints")
      .select("id")
      .where("assignment_id", "=", claim.assignmentId)
      .orderBy("id")
      .execute();
    await submitEvidence(db, {
      assignmentCheckpointId: steps[0]?.id as number,
      actor: { id: newcomer, role: "newcomer" },
      evidence: { notes: "Reproduced.", links: [], minutes: 10 },
    });
    expect(await dataVersion(db, "mentoring")).toBeGreaterThan(0);
  });
});

describe("cached pages of the queue and cached searches", () => {
  const filters = {
    status: "active" as const,
    starterOnly: false,
    sort: "newest" as const,
    page: 1,
    pageSize: 50,
    q: "Zebra",
  };

  it("lists a new ticket, then its holder, as soon as they change", async () => {
    expect((await listTickets(db, filters)).total).toBe(0);
    const ticketId = await createTicket(db, {
      actorId: lead,
      ticket: starter("Zebra stripes misaligned", "web-ui", 1),
    });
    const listed = await listTickets(db, filters);
    expect(listed.rows.map((r) => r.id)).toEqual([ticketId]);
    expect(listed.rows[0]?.holder).toBeNull();
    const newcomer = await buildTestUser(db, "newcomer", { name: "Zebra Holder" });
    const mentor = await buildTestUser(db, "mentor", { capacity: 2, components: ["web-ui"] });
    const claim = await claimTicket(db, {
      ticketId,
      newcomerId: newcomer,
      mentorId: mentor,
      defaultLimit: 1,
    });
    expect(claim.ok).toBe(true);
    const claimed = await listTickets(db, filters);
    expect(claimed.rows[0]?.holder).toBe("Zebra Holder");
    expect(claimed.rows[0]?.status).toBe("claimed");
  });

  it("finds a write-up as soon as it is published, and follows its edits", async () => {
    const author = await buildTestUser(db, "mentor");
    const search = () => cachedSearchWriteups(db, { q: "quokka", limit: 5 });
    expect((await search()).results).toHaveLength(0);
    const content = writeup("Quokka avatars upload sideways", {
      symptom: "Uploaded avatars are rotated.",
      component: "web-ui",
      rootCause: "EXIF orientation is ignored.",
    });
    const id = await insertWriteup(db, { authorId: author, writeup: content, status: "published" });
    expect((await search()).results.map((r) => r.id)).toEqual([id]);
    const edited = await updateWriteup(db, {
      writeupId: id,
      viewer: { id: author, role: "mentor" },
      writeup: { ...content, title: "Avatars upload sideways", symptom: "Rotated avatars." },
    });
    expect(edited.ok).toBe(true);
    expect((await search()).results).toHaveLength(0);
  });

  it("reads a search's rows once until write-ups change, then the edited text", async () => {
    const author = await buildTestUser(db, "mentor");
    const content = writeup("Wombat exports stall at midnight", {
      symptom: "The wombat export job stalls when the nightly backup starts.",
    });
    const id = await insertWriteup(db, { authorId: author, writeup: content, status: "published" });
    const other = await insertWriteup(db, {
      authorId: author,
      writeup: writeup("Wombat avatars upload sideways"),
      status: "published",
    });
    const read = async (ids: number[]) => {
      queries.length = 0;
      const rows = await rowsFor(db, ids, {}, 5);
      const reads = queries.filter((c) => /w\.status from writeups w/.test(c.sql)).length;
      return { reads, rows };
    };
    expect((await read([id])).reads).toBe(1);
    // Kept: the same row again reads nothing; with another row, only that one is read.
    expect((await read([id])).reads).toBe(0);
    const both = await read([other, id]);
    expect(both.reads).toBe(1);
    expect(both.rows.map((r) => r.id)).toEqual([other, id]);
    expect((await read([id, other])).reads).toBe(0);
    // An edit is read at once.
    const edited = await updateWriteup(db, {
      writeupId: id,
      viewer: { id: author, role: "mentor" },
      writeup: { ...content, symptom: "The wombat export job stalls when the vacuum starts." },
    });
    expect(edited.ok).toBe(true);
    const after = await read([id]);
    expect(after.reads).toBe(1);
    expect(after.rows[0]?.symptom).toContain("vacuum");
  });

  it("reads a pasted line's unknown words as two words once until write-ups change", async () => {
    const author = await buildTestUser(db, "mentor");
    await insertWriteup(db, {
      authorId: author,
      writeup: writeup("Heap limit reached in the export worker", {
        symptom: "FATAL ERROR: heap limit reached while the worker held every row.",
      }),
      status: "published",
    });
    // "allocationx" and "javascriptz" are in no write-up: each is tried as two words run together.
    const q = "FATAL ERROR: Reached heap limit allocationx failed - javascriptz heap out of memory";
    const vocabularyReads = async () => {
      queries.length = 0;
      await searchWriteups(db, { q, limit: 5 });
      return queries.filter((c) => /from writeups_vocab\s+where term in/.test(c.sql)).length;
    };
    expect(await vocabularyReads()).toBeGreaterThan(0);
    expect(await vocabularyReads()).toBe(0);
    await insertWriteup(db, {
      authorId: author,
      writeup: writeup("Javascript heap out of memory"),
      status: "published",
    });
    expect(await vocabularyReads()).toBeGreaterThan(0);
  });
});

describe("the starter pool", () => {
  it("suggests exactly what ranking every open starter ticket would", async () => {
    const components = ["auth", "search", "imports", "web-ui"];
    // 96 open starter tickets of mixed ages, components and difficulties.
    for (let i = 0; i < 96; i++) {
      await createTicket(
        db,
        {
          actorId: lead,
          ticket: starter(`Pool ${i}`, components[i % 4] as string, 1 + ((i * 7) % 3)),
        },
        new Date(Date.UTC(2026, 0, 1) + ((i * 37) % 96) * 86_400_000),
      );
    }
    const all = await db
      .selectFrom("tickets")
      .select(["id", "title", "component", "difficulty", "created_at as createdAt"])
      .where("starter", "=", 1)
      .where("status", "=", "open")
      .execute();
    const pool = await listOpenStarters(db);
    expect(pool.length).toBeLessThan(all.length);
    const histories = [
      [],
      [{ component: "auth", difficulty: 1, completed: true }],
      [
        { component: "auth", difficulty: 1, completed: true },
        { component: "search", difficulty: 2, completed: true },
        { component: "imports", difficulty: 1, completed: false },
      ],
      components.map((component) => ({ component, difficulty: 3, completed: true })),
    ];
    const now = new Date(Date.UTC(2026, 5, 1));
    for (const history of histories) {
      const ids = (list: typeof all) =>
        suggestTickets(list, history, { now }).map((s) => s.ticket.id);
      expect(ids(pool)).toEqual(ids(all));
    }
  });
});
