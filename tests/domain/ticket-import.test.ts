import fs from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeSharedDatabase } from "#db/client";
import type { TicketSource } from "#db/schema";
import { createSession } from "~/auth/sessions.server";
import { translate } from "~/lib/i18n/catalogs.server";
import { SLICE_MS } from "~/lib/time-slice";
import { batchStore, DEFAULT_BATCH_LIMITS, type SavedBatch } from "~/lib/upload-batches.server";
import {
  applyImport,
  getImportProgress,
  type ImportProgress,
  previewImport,
  runImportBatch,
  saveImportBatch,
  takeImportBatch,
} from "~/tickets/import/apply.server";
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  type ParsedImport,
  parseImportFile,
} from "~/tickets/import/parse.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase, tempDir } from "../support/db";
import { callRoute } from "../support/route";
import { turnsDuring } from "../support/wait";

let t: TestDatabase;
let lead: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
});
afterEach(async () => {
  await t.close();
});

const opts = { starterLabels: ["good first issue", "starter"] };
const now = new Date("2026-11-25T10:00:00Z");

function savedId(saved: SavedBatch) {
  if (!saved.ok) throw new Error(`expected the batch to be stored, got: ${saved.reason}`);
  return saved.id;
}

const en = translate("en");

/** A readable file, its problems and skip reasons (message keys) as an English reader sees them. */
function parsedOk(parsed: ParsedImport) {
  if (!parsed.ok) throw new Error(`expected a readable file, got: ${en.msg(parsed.message)}`);
  return {
    ...parsed,
    problems: parsed.problems.map((p) => ({ ...p, problem: en.msg(p.problem) })),
    skipped: parsed.skipped.map((s) => ({ ...s, reason: en.msg(s.reason) })),
  };
}

/** Parse, preview and apply, as the page does. */
async function importFile(name: string, type: string, content: string | Uint8Array) {
  const parsed = parsedOk(await parseImportFile(name, type, content, opts));
  const preview = await previewImport(t.db, parsed.rows);
  const counts = await applyImport(t.db, { actorId: lead, rows: parsed.rows }, now);
  return { parsed, preview, counts };
}

async function ticketCount() {
  const row = await t.db
    .selectFrom("tickets")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function ticket(source: TicketSource, externalId: string) {
  const row = await t.db
    .selectFrom("tickets")
    .selectAll()
    .where("source", "=", source)
    .where("external_id", "=", externalId)
    .executeTakeFirstOrThrow();
  const labels = await t.db
    .selectFrom("ticket_labels")
    .select("label")
    .where("ticket_id", "=", row.id)
    .orderBy("label")
    .execute();
  return { ...row, labels: labels.map((l) => l.label) };
}

/** A file refused as a whole: its message, and nothing in the database. */
async function expectRefused(name: string, type: string, content: string | Uint8Array) {
  const parsed = await parseImportFile(name, type, content, opts);
  if (parsed.ok) throw new Error("expected the file to be refused");
  expect(await ticketCount()).toBe(0);
  return en.msg(parsed.message);
}

const HEADER = "title,body,component,labels,difficulty,external_id,url";

describe("reading files", () => {
  it("imports a CSV with quoted commas, multi-line fields, doubled quotes and Korean text", async () => {
    const csv = [
      `${HEADER},starter`,
      `"Fix typo, on invoice page","The total says ""Totl"".`,
      `Second line of the body, with a comma.",Billing,"good first issue, ui",,BILL-1,https://tracker.example.com/BILL-1,`,
      `결제 페이지 오류,"한국어 본문입니다.`,
      ``,
      `두 번째 줄.",search,검색,3,SRCH-2,,yes`,
      ``,
      `Plain one,,Web UI,,2,WEB-3,,no`,
    ].join("\r\n");
    const { parsed, preview, counts } = await importFile("tickets.csv", "text/csv", csv);
    expect(parsed.format).toBe("csv");
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.externalId])).toEqual([
      [2, "BILL-1"],
      [4, "SRCH-2"],
      [8, "WEB-3"],
    ]);
    expect(preview).toMatchObject({ create: 3, update: 0, unchanged: 0 });
    expect(counts).toEqual({ created: 3, updated: 0, unchanged: 0 });

    expect(await ticket("import", "BILL-1")).toMatchObject({
      title: "Fix typo, on invoice page",
      body: 'The total says "Totl".\nSecond line of the body, with a comma.',
      component: "billing",
      labels: ["good first issue", "ui"],
      difficulty: 1, // blank: a starter (by its label) defaults to 1
      starter: 1,
      status: "open",
      url: "https://tracker.example.com/BILL-1",
    });
    expect(await ticket("import", "SRCH-2")).toMatchObject({
      title: "결제 페이지 오류",
      body: "한국어 본문입니다.\n\n두 번째 줄.",
      labels: ["검색"],
      difficulty: 3,
      starter: 1, // the starter column
      url: null,
    });
    expect(await ticket("import", "WEB-3")).toMatchObject({
      component: "web-ui",
      difficulty: 2,
      starter: 0,
    });
    const events = await t.db.selectFrom("ticket_events").select("kind").execute();
    expect(events.map((e) => e.kind)).toEqual(["imported", "imported", "imported"]);
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "actor_id", "data"])
      .where("action", "=", "tickets.imported")
      .execute();
    expect(audit.map((a) => [a.actor_id, JSON.parse(a.data)])).toEqual([
      [lead, { file: null, rows: 3, created: 3, updated: 0, unchanged: 0 }],
    ]);
  });

  it("reads a labels cell as the ticket form writes it: a quoted label keeps its comma", async () => {
    const csv = [
      HEADER,
      `Refund total wrong,,billing,"good first issue, ""needs info, p1""",1,BILL-9,`,
    ].join("\r\n");
    const { parsed } = await importFile("tickets.csv", "text/csv", csv);
    expect(parsed.problems).toEqual([]);
    expect(await ticket("import", "BILL-9")).toMatchObject({
      labels: ["good first issue", "needs info, p1"],
    });
  });

  it("imports a JSON array, with labels as an array or a comma-separated string", async () => {
    const json = JSON.stringify([
      {
        title: "Search returns nothing for 한글",
        body: "Steps…",
        component: "search",
        labels: ["Starter", "i18n"],
        difficulty: 1,
        external_id: "SRCH-10",
        url: "https://tracker.example.com/SRCH-10",
      },
      {
        title: "Slow export",
        component: "imports",
        labels: "perf, backend",
        difficulty: "3",
        external_id: 11,
        url: null,
        starter: true,
      },
      { title: "No labels", component: "auth", external_id: "AUTH-12" },
    ]);
    const { parsed, counts } = await importFile("tickets.json", "application/json", json);
    expect(parsed.format).toBe("json");
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(counts.created).toBe(3);
    expect(await ticket("import", "SRCH-10")).toMatchObject({
      labels: ["i18n", "starter"],
      starter: 1,
      difficulty: 1,
    });
    expect(await ticket("import", "11")).toMatchObject({
      labels: ["backend", "perf"],
      starter: 1,
      difficulty: 3,
      body: "",
    });
    expect(await ticket("import", "AUTH-12")).toMatchObject({
      labels: [],
      starter: 0,
      difficulty: 2,
    });
  });

  it("imports a GitHub issues export, skipping closed issues and pull requests", async () => {
    const issue = (n: number, extra: Record<string, unknown>) => ({
      number: n,
      title: `Issue ${n}`,
      body: `Body ${n}`,
      html_url: `https://github.com/acme/web-shop/issues/${n}`,
      state: "open",
      labels: [],
      user: { login: "octocat" },
      ...extra,
    });
    const json = JSON.stringify([
      issue(101, { labels: [{ name: "good first issue" }, { name: "area/billing" }] }),
      issue(102, { labels: [{ name: "difficulty:3" }, { name: "bug" }], body: null }),
      issue(103, { state: "closed", labels: [{ name: "good first issue" }] }),
      issue(104, {
        html_url: "https://github.com/acme/web-shop/pull/104",
        pull_request: { url: "https://api.github.com/repos/acme/web-shop/pulls/104" },
      }),
      issue(105, { labels: [{ name: "component:Search" }, { name: "Starter" }] }),
    ]);
    const { parsed, counts } = await importFile("issues.json", "application/json", json);
    expect(parsed.format).toBe("github");
    expect(parsed.problems).toEqual([]);
    expect(parsed.skipped).toEqual([
      { line: 3, externalId: "acme/web-shop#103", reason: "closed on GitHub" },
      { line: 4, externalId: "acme/web-shop#104", reason: "a pull request, not an issue" },
    ]);
    expect(counts).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(await ticket("github", "acme/web-shop#101")).toMatchObject({
      title: "Issue 101",
      component: "billing",
      starter: 1,
      difficulty: 1,
      labels: ["area/billing", "good first issue"],
      url: "https://github.com/acme/web-shop/issues/101",
      reporter_name: "octocat",
      source: "github",
    });
    expect(await ticket("github", "acme/web-shop#102")).toMatchObject({
      component: "web-shop",
      starter: 0,
      difficulty: 3,
      body: "",
    });
    expect(await ticket("github", "acme/web-shop#105")).toMatchObject({
      component: "search",
      starter: 1,
      difficulty: 1,
    });
    expect(await ticketCount()).toBe(3);
  });
});

describe("a CSV saved by Excel on Korean Windows", () => {
  it("is read in its code page (949), rare syllables included, and says so", async () => {
    // Excel there saves "CSV (쉼표로 분리)" in code page 949, not UTF-8: 똠 is one of the
    // syllables beyond EUC-KR's 2,350 that Node's own decoder lacks.
    const csv = [
      HEADER,
      "똠얌꿍 주문 결제 오류,재현 방법: 결제 버튼을 두 번 누름,billing,입문,1,CP-1,",
    ].join("\r\n");
    const bytes = new Uint8Array(iconv.encode(csv, "cp949"));
    const { parsed, counts } = await importFile("주문.csv", "text/csv", bytes);
    expect(parsed.encoding).toBe("cp949");
    expect(parsed.problems).toEqual([]);
    expect(counts.created).toBe(1);
    expect(await ticket("import", "CP-1")).toMatchObject({
      title: "똠얌꿍 주문 결제 오류",
      body: "재현 방법: 결제 버튼을 두 번 누름",
      labels: ["입문"],
    });
    // UTF-8 is read as UTF-8, and said so.
    expect(parsedOk(await parseImportFile("u.csv", "text/csv", csv, opts)).encoding).toBe("utf-8");
  });

  it("is the only file read that way: JSON is UTF-8, and bytes neither reads are no text", async () => {
    const json = new Uint8Array(iconv.encode('[{"title":"결제 오류"}]', "cp949"));
    expect(await expectRefused("t.json", "application/json", json)).toMatch(/isn't a text file/);
    const neither = new Uint8Array([...Buffer.from(`${HEADER}\n`), 0xb0, 0xff]);
    expect(await expectRefused("t.csv", "text/csv", neither)).toMatch(/isn't a text file/);
  });
});

describe("bad rows", () => {
  it("names each bad row's line, field and problem, and imports the good rows", async () => {
    const csv = [
      HEADER, // line 1
      "Good one,,billing,,1,OK-1,", // 2
      ",no title,billing,,1,BAD-3,", // 3
      "No id,,billing,,1,,", // 4
      "Bad url,,billing,,1,BAD-5,ftp://example.com/x", // 5
      "Too few,billing,1", // 6
      "Hard,,billing,,5,BAD-7,", // 7
      '"Two ""problems""",,!!!,,zero,BAD-8,', // 8
      "Good two,,search,,,OK-9,", // 9
    ].join("\n");
    const parsed = parsedOk(await parseImportFile("t.csv", "text/csv", csv, opts));
    expect(parsed.problems).toEqual([
      { line: 3, field: "title", problem: "is required" },
      {
        line: 4,
        field: "external_id",
        problem: "is required so re-importing updates instead of duplicating",
      },
      { line: 5, field: "url", problem: "must be an http(s) URL" },
      { line: 6, field: "row", problem: "has 3 values but the header has 7 columns" },
      { line: 7, field: "difficulty", problem: "must be 1, 2 or 3" },
      {
        line: 8,
        field: "component",
        problem: "start with a letter or digit, then use letters, digits, spaces and - _ . /",
      },
      { line: 8, field: "difficulty", problem: "must be 1, 2 or 3" },
    ]);
    expect(parsed.rows.map((r) => r.externalId)).toEqual(["OK-1", "OK-9"]);
    await applyImport(t.db, { actorId: lead, rows: parsed.rows }, now);
    expect(await ticketCount()).toBe(2);
  });

  it("names bad JSON items by their position and GitHub issues with unusable fields", async () => {
    const plain = parsedOk(
      await parseImportFile(
        "t.json",
        "application/json",
        JSON.stringify([
          { title: "Fine", component: "auth", external_id: "A-1" },
          "not an object",
          { title: ["x"], component: "auth", external_id: "A-3", labels: [1, 2] },
        ]),
        opts,
      ),
    );
    expect(plain.problems).toEqual([
      { line: 2, field: "row", problem: 'must be an object like {"title": …}' },
      { line: 3, field: "title", problem: "must be text" },
      { line: 3, field: "labels", problem: "must be a comma-separated list or an array of text" },
    ]);
    const github = parsedOk(
      await parseImportFile(
        "issues.json",
        "application/json",
        JSON.stringify([
          { number: 1, title: "Ok", html_url: "https://github.com/a/b/issues/1", labels: [] },
          { number: 2, title: "Elsewhere", html_url: "https://example.com/a/b/issues/2" },
        ]),
        opts,
      ),
    );
    expect(github.rows.map((r) => r.externalId)).toEqual(["a/b#1"]);
    expect(github.problems).toEqual([
      {
        line: 2,
        field: "html_url",
        problem: "must look like https://github.com/owner/repo/issues/123",
      },
    ]);
  });

  it("refuses later rows that repeat an external id in the same file", async () => {
    const csv = [
      HEADER,
      "First,,billing,,1,DUP-1,",
      "Other,,billing,,1,OTHER,",
      "Again,,billing,,1,DUP-1,",
      "And again,,billing,,1, DUP-1 ,",
    ].join("\n");
    const parsed = parsedOk(await parseImportFile("t.csv", "text/csv", csv, opts));
    expect(parsed.problems).toEqual([
      { line: 4, field: "external_id", problem: "duplicate of line 2" },
      { line: 5, field: "external_id", problem: "duplicate of line 2" },
    ]);
    await applyImport(t.db, { actorId: lead, rows: parsed.rows }, now);
    expect((await ticket("import", "DUP-1")).title).toBe("First");
    expect(await ticketCount()).toBe(2);
  });
});

describe("re-importing", () => {
  it("updates instead of duplicating, and reports unchanged rows", async () => {
    const rows = ["One,,billing,starter,1,R-1,", "Two,,billing,,2,R-2,", "Three,,search,,3,R-3,"];
    const csv = [HEADER, ...rows].join("\n");
    const first = await importFile("t.csv", "text/csv", csv);
    expect(first.counts).toEqual({ created: 3, updated: 0, unchanged: 0 });

    const second = await importFile("t.csv", "text/csv", csv);
    expect(second.preview).toMatchObject({ create: 0, update: 0, unchanged: 3 });
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await ticketCount()).toBe(3);

    const changed = [HEADER, rows[0], "Two, retitled,,billing,,2,R-2,", rows[2]].join("\n");
    // The retitled row has a stray comma: one value too many, so it is a bad row, not an update.
    const bad = parsedOk(await parseImportFile("t.csv", "text/csv", changed, opts));
    expect(bad.problems).toMatchObject([{ line: 3, field: "row" }]);

    const fixed = [HEADER, rows[0], '"Two, retitled",,billing,,2,R-2,', rows[2]].join("\n");
    const third = await importFile("t.csv", "text/csv", fixed);
    expect(third.preview).toMatchObject({ create: 0, update: 1, unchanged: 2 });
    expect(third.preview.sample.map((s) => s.action)).toEqual(["unchanged", "update", "unchanged"]);
    expect(third.counts).toEqual({ created: 0, updated: 1, unchanged: 2 });
    expect(await ticketCount()).toBe(3);
    expect((await ticket("import", "R-2")).title).toBe("Two, retitled");
  });

  it("keeps Koan's own status when a file updates a ticket", async () => {
    const csv = [HEADER, "One,,billing,,1,S-1,"].join("\n");
    await importFile("t.csv", "text/csv", csv);
    await t.db.updateTable("tickets").set({ status: "in_progress" }).execute();
    await importFile("t.csv", "text/csv", [HEADER, "One (edited),,billing,,1,S-1,"].join("\n"));
    expect(await ticket("import", "S-1")).toMatchObject({
      title: "One (edited)",
      status: "in_progress",
    });
  });
});

describe("refused files", () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

  it("refuses files that are neither CSV nor JSON", async () => {
    expect(await expectRefused("logo.png", "image/png", PNG)).toBe(
      "“logo.png” isn't a CSV or JSON file. Export your tickets as .csv or .json.",
    );
    expect(await expectRefused("notes.txt", "text/plain", `${HEADER}\nA,,b,,1,X,`)).toMatch(
      /isn't a CSV or JSON file/,
    );
    expect(await expectRefused("logo.csv", "text/csv", PNG)).toBe(
      "“logo.csv” isn't a text file. Save your tickets as CSV (UTF-8) or JSON.",
    );
  });

  it("refuses empty files", async () => {
    expect(await expectRefused("empty.csv", "text/csv", "")).toBe(
      "“empty.csv” is empty. Choose a file with at least one ticket in it.",
    );
    expect(await expectRefused("blank.json", "application/json", " \n ")).toMatch(/is empty/);
    expect(await expectRefused("header.csv", "text/csv", `${HEADER}\n\n`)).toBe(
      "“header.csv” has a header row but no tickets under it.",
    );
    expect(await expectRefused("none.json", "application/json", "[]")).toMatch(/no tickets/);
  });

  it("refuses a file just over 10 MB", async () => {
    const row = "A title,a body,billing,,1,";
    let csv = `${HEADER}\n`;
    for (let i = 0; csv.length <= MAX_IMPORT_BYTES; i++) csv += `${row}ID-${i},\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(MAX_IMPORT_BYTES);
    expect(Buffer.byteLength(csv)).toBeLessThan(MAX_IMPORT_BYTES + 100);
    expect(await expectRefused("big.csv", "text/csv", new TextEncoder().encode(csv))).toBe(
      "“big.csv” is larger than 10 MB. Split it into smaller files and import each.",
    );
  });

  it("refuses malformed CSV and JSON with where it went wrong", async () => {
    const unclosed = [
      HEADER,
      "Fine,,billing,,1,M-1,",
      '"Unclosed,,billing,,1,M-2,',
      "More,,x,,1,M-3,",
    ];
    expect(await expectRefused("bad.csv", "text/csv", unclosed.join("\n"))).toBe(
      "“bad.csv” isn't valid CSV: the quoted field that starts on line 3 is never closed. Nothing was imported.",
    );
    const long = [HEADER, `Long,"${"line\n".repeat(400_000)}",billing,,1,M-5,`];
    expect(await expectRefused("long.csv", "text/csv", long.join("\n"))).toBe(
      "“long.csv” has a row, near line 2, longer than any ticket can be: often a quote that is never closed. Nothing was imported.",
    );
    expect(
      await expectRefused(
        "stray.csv",
        "text/csv",
        [HEADER, 'Say "hi",,billing,,1,M-4,'].join("\n"),
      ),
    ).toMatch(/^“stray.csv” isn't valid CSV: line 2 has a stray double quote/);
    expect(await expectRefused("bad.json", "application/json", '[\n  {"title": "a",}\n]')).toBe(
      "“bad.json” isn't valid JSON (near line 2). Nothing was imported.",
    );
    expect(await expectRefused("obj.json", "application/json", '{"title": "a"}')).toMatch(
      /must hold a JSON array/,
    );
    expect(await expectRefused("cols.csv", "text/csv", "title,body\nA,B")).toMatch(
      /needs a header row with the columns title, component, external_id \(missing: component, external_id\)/,
    );
  });
});

describe("large files", () => {
  it("imports 10,000 rows in short transactions, reporting progress", async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 10_000; i++) {
      lines.push(
        `Ticket ${i},"Body ${i}, with a comma",comp-${i % 7},"l${i % 3},starter",${(i % 3) + 1},BULK-${i},`,
      );
    }
    const parsed = parsedOk(await parseImportFile("bulk.csv", "text/csv", lines.join("\n"), opts));
    expect(parsed.rows).toHaveLength(10_000);
    expect((await previewImport(t.db, parsed.rows)).create).toBe(10_000);
    const seen: ImportProgress[] = [];
    const counts = await applyImport(
      t.db,
      { actorId: lead, rows: parsed.rows, onProgress: (p) => seen.push(p) },
      now,
    );
    expect(counts).toEqual({ created: 10_000, updated: 0, unchanged: 0 });
    expect(await ticketCount()).toBe(10_000);
    expect(seen[0]).toEqual({ done: 0, total: 10_000 });
    expect(seen.at(-1)).toEqual({ done: 10_000, total: 10_000 });
    // The start, then one per transaction: at most 500 rows, fewer when its slice of time is used.
    expect(seen.length).toBeGreaterThanOrEqual(21);
    const steps = seen.slice(1).map((p, i) => p.done - (seen[i] as ImportProgress).done);
    expect(steps.every((n) => n > 0 && n <= 500)).toBe(true);
    const ids = await t.db
      .selectFrom("tickets")
      .select("external_id")
      .where("external_id", "in", ["BULK-1", "BULK-5000", "BULK-10000"])
      .execute();
    expect(ids).toHaveLength(3);
  }, 60_000);
});

describe("confirming a preview", () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir("koan-import-test-");
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rowsOf = async (csv: string) =>
    parsedOk(await parseImportFile("t.csv", "text/csv", csv, opts)).rows;

  it("applies a stored batch once, for the user who previewed it, reporting progress", async () => {
    const rows = await rowsOf([HEADER, "A,,billing,,1,B-1,", "B,,billing,,1,B-2,"].join("\n"));
    const batchId = savedId(
      await saveImportBatch(
        { actorId: lead, fileName: "t.csv", rows, problems: 1, skipped: 0 },
        now,
        dir,
      ),
    );
    expect(fs.readdirSync(dir)).toEqual([`${lead}-${batchId}.json`]);
    const other = await buildTestUser(t.db, "mentor");
    expect(await runImportBatch(t.db, { batchId, actorId: other, dir }, now)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(getImportProgress(batchId, lead)).toBeNull();

    const outcome = await runImportBatch(t.db, { batchId, actorId: lead, dir }, now);
    expect(outcome).toEqual({
      ok: true,
      result: { created: 2, updated: 0, unchanged: 0, problems: 1, skipped: 0, fileName: "t.csv" },
    });
    expect(getImportProgress(batchId, lead)).toEqual({ done: 2, total: 2 });
    expect(getImportProgress(batchId, other)).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await runImportBatch(t.db, { batchId, actorId: lead, dir }, now)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(await ticketCount()).toBe(2);
  });

  it("refuses malformed ids and batches older than an hour", async () => {
    const rows = await rowsOf([HEADER, "A,,billing,,1,E-1,"].join("\n"));
    fs.writeFileSync(path.join(dir, "secret.json"), "{}");
    expect(await takeImportBatch("../secret", lead, now, dir)).toBeNull();
    expect(await takeImportBatch("secret", lead, now, dir)).toBeNull();
    expect(fs.existsSync(path.join(dir, "secret.json"))).toBe(true);

    const id = savedId(
      await saveImportBatch(
        { actorId: lead, fileName: "t.csv", rows, problems: 0, skipped: 0 },
        now,
        dir,
      ),
    );
    const later = new Date(now.getTime() + 61 * 60_000);
    expect(await takeImportBatch(id, lead, later, dir)).toBeNull();
    expect(fs.existsSync(path.join(dir, `${lead}-${id}.json`))).toBe(false);
    expect(await ticketCount()).toBe(0);
  });
});

describe("caps on previews kept waiting", () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir("koan-import-caps-");
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const rows = async () =>
    parsedOk(await parseImportFile("t.csv", "text/csv", `${HEADER}\nA,,billing,,1,C-1,`, opts))
      .rows;
  const save = async (actorId: number, seconds: number) =>
    saveImportBatch(
      { actorId, fileName: "t.csv", rows: await rows(), problems: 0, skipped: 0 },
      at(seconds),
      dir,
    );

  it("keeps a person's three newest previews: a fourth replaces their oldest", async () => {
    const other = await buildTestUser(t.db, "mentor");
    const theirs = savedId(await save(other, 0));
    const mine: string[] = [];
    for (let i = 1; i <= 4; i++) mine.push(savedId(await save(lead, i)));
    expect(DEFAULT_BATCH_LIMITS.perUser).toBe(3);
    expect(await takeImportBatch(mine[0] ?? "", lead, at(5), dir)).toBeNull();
    for (const id of mine.slice(1))
      expect(await takeImportBatch(id, lead, at(5), dir)).not.toBeNull();
    expect(await takeImportBatch(theirs, other, at(5), dir)).not.toBeNull();
  });

  it("refuses a new preview when the store is full in all, and keeps the waiting ones", async () => {
    for (let actor = 1; actor <= DEFAULT_BATCH_LIMITS.total; actor++) savedId(await save(actor, 0));
    expect(await save(lead, 1)).toEqual({ ok: false, reason: "full" });
    expect(fs.readdirSync(dir)).toHaveLength(DEFAULT_BATCH_LIMITS.total);
    // Once they expire (an hour), there is room again.
    savedId(await save(lead, 61 * 60));
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  it("gives back exactly what was stored, a line per row, to its owner only", async () => {
    type Stored = { actorId: number; label: string; rows: unknown[]; notes: string[]; none: null };
    const store = batchStore<Stored>("lines", 60_000);
    const rows = Array.from({ length: 5_000 }, (_, i) => ({
      title: `결제 재시도 ${i}`,
      body: i % 2 ? 'Line one\nline two, "quoted", \\ and a tab\t' : "",
      labels: i % 3 ? ["starter"] : [],
      priority: i % 4 === 0 ? null : i % 4,
    }));
    const input: Stored = {
      actorId: lead,
      label: "한글 라벨\n둘째 줄",
      rows,
      notes: [],
      none: null,
    };
    const saved = await store.save(input, now, dir);
    if (!saved.ok) throw new Error("not saved");
    const [file] = fs.readdirSync(dir);
    // One header line, then one line per row.
    expect(fs.readFileSync(path.join(dir, file as string), "utf8").split("\n")).toHaveLength(5_002);
    expect(await store.take(saved.id, lead + 1, now, dir)).toBeNull();
    expect(await store.take(saved.id, lead, now, dir)).toEqual({
      ...input,
      id: saved.id,
      createdAt: now.toISOString(),
    });
    expect(await store.take(saved.id, lead, now, dir)).toBeNull();
  });

  it("refuses a preview that would take the store over its size in bytes", async () => {
    const small = batchStore<{ actorId: number; text: string }>("caps", 60_000, {
      perUser: 3,
      total: 50,
      totalBytes: 4_000,
    });
    expect((await small.save({ actorId: 1, text: "x".repeat(1_500) }, now, dir)).ok).toBe(true);
    expect((await small.save({ actorId: 2, text: "x".repeat(1_500) }, now, dir)).ok).toBe(true);
    expect(await small.save({ actorId: 3, text: "x".repeat(1_500) }, now, dir)).toEqual({
      ok: false,
      reason: "full",
    });
    expect(fs.readdirSync(dir)).toHaveLength(2);
  });
});

describe("row cap and yielding", () => {
  const csvOf = (count: number) => {
    const lines = [HEADER];
    for (let i = 1; i <= count; i++) lines.push(`Ticket ${i},,comp,,1,R-${i},`);
    return lines.join("\n");
  };

  it(`refuses a CSV or JSON file of more than ${MAX_IMPORT_ROWS.toLocaleString("en")} tickets, storing nothing`, async () => {
    expect(MAX_IMPORT_ROWS).toBe(50_000);
    const message = await expectRefused("many.csv", "text/csv", csvOf(MAX_IMPORT_ROWS + 1));
    expect(message).toBe(
      "“many.csv” holds more than 50,000 tickets. Split it into files of at most 50,000 and import each. Nothing was imported.",
    );
    const items = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => ({
      title: `결제 ${i}`,
      component: "billing",
      external_id: `J-${i}`,
    }));
    expect(await expectRefused("many.json", "application/json", JSON.stringify(items))).toMatch(
      /“many.json” holds more than 50,000 tickets/,
    );
  });

  it("refuses the 10 MB file of 963,341 one-line rows without reading it all", async () => {
    const lines = ["title,component,external_id"];
    for (let i = 0; i < 963_340; i++) lines.push(`t,c,${i}`);
    const file = lines.join("\n");
    expect(Buffer.byteLength(file)).toBeLessThan(MAX_IMPORT_BYTES);
    expect(await expectRefused("huge.csv", "text/csv", file)).toMatch(/more than 50,000 tickets/);
  });

  it("lets the event loop turn while it parses and previews a big file", async () => {
    let parsed: ParsedImport | null = null;
    const parsing = await turnsDuring(async () => {
      parsed = await parseImportFile("big.csv", "text/csv", csvOf(20_000), opts);
    });
    expect(parsed).toMatchObject({ ok: true });
    expect(parsing).toBeGreaterThan(0);
    const rows = parsedOk(parsed ?? { ok: false, message: "" }).rows;
    // The preview works in slices of SLICE_MS: on an idle machine 20,000 rows may be compared
    // within one, with no turn needed. Whenever it runs past a slice, the loop turns.
    const started = performance.now();
    const previewing = await turnsDuring(() => previewImport(t.db, rows));
    const took = performance.now() - started;
    expect({ turned: previewing > 0, withinOneSlice: took < SLICE_MS }).not.toEqual({
      turned: false,
      withinOneSlice: false,
    });
  });
});

describe("the import page", () => {
  // The route reads the process-wide database, so it gets one of its own, named before import.
  let page: typeof import("~/routes/tickets.import");
  let pageDb: TestDatabase;
  let tmp: string;
  let oldTmpDir: string | undefined;
  const cookies = { lead: "", newcomer: "" };

  beforeAll(async () => {
    pageDb = await createTestDatabase();
    tmp = tempDir("koan-import-page-");
    oldTmpDir = process.env.TMPDIR;
    process.env.TMPDIR = tmp; // previews must not land in the OS temp folder (checked below)
    process.env.DATABASE_PATH = pageDb.file;
    // Imported only now: the route's modules open the database named by DATABASE_PATH.
    page = await import("~/routes/tickets.import");
    const { sessionCookie } = await import("~/auth/current-user.server");
    for (const role of ["lead", "newcomer"] as const) {
      const userId = await buildTestUser(pageDb.db, role);
      const { token } = await createSession(pageDb.db, { userId }, { idleDays: 7, maxDays: 30 });
      cookies[role] = (await sessionCookie().serialize(token)).split(";")[0] ?? "";
    }
  });
  afterAll(async () => {
    closeSharedDatabase();
    await pageDb.close();
    // Assigning undefined would set the text "undefined", and later temp folders would go there.
    if (oldTmpDir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = oldTmpDir;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const URL_ = "http://koan.test/tickets/import";
  const args = (request: Request) => ({ request, params: {}, context: {} });

  function upload(cookie: string, file: File | null) {
    const form = new FormData();
    form.set("intent", "preview");
    if (file) form.set("file", file);
    return new Request(URL_, { method: "POST", body: form, headers: { Cookie: cookie } });
  }

  it("previews an upload, imports it on confirmation and reports progress", async () => {
    const csv = [HEADER, "Page one,,billing,,1,P-1,", "Bad,,billing,,9,P-2,"].join("\n");
    const previewed = await callRoute(
      page.action,
      upload(cookies.lead, new File([csv], "t.csv", { type: "text/csv" })),
    );
    expect(previewed.status).toBe(200);
    expect(previewed.body).toMatchObject({
      intent: "preview",
      fileName: "t.csv",
      counts: { rows: 1, create: 1, update: 0, unchanged: 0, problems: 1, skipped: 0 },
    });
    const shown = previewed.body.problems as { line: number; field: string; problem: string }[];
    expect(shown.map((p) => ({ ...p, problem: en.msg(p.problem) }))).toEqual([
      { line: 3, field: "difficulty", problem: "must be 1, 2 or 3" },
    ]);
    const batch = String(previewed.body.batch);
    // Kept in the data folder beside the database, not in the shared temporary folder.
    const stored = path.join(path.dirname(pageDb.file), "upload-batches", "koan-imports");
    expect(fs.readdirSync(stored)).toHaveLength(1);
    expect(fs.existsSync(path.join(tmp, "koan-imports"))).toBe(false);
    const confirm = new Request(URL_, {
      method: "POST",
      body: new URLSearchParams({ intent: "apply", batch }),
      headers: { Cookie: cookies.lead },
    });
    expect((await callRoute(page.action, confirm)).body).toMatchObject({
      intent: "applied",
      result: { created: 1, updated: 0, unchanged: 0, problems: 1, skipped: 0 },
    });
    const progress = await page.loader(
      args(new Request(`${URL_}?progress=${batch}`, { headers: { Cookie: cookies.lead } })),
    );
    expect(progress.progress).toEqual({ done: 1, total: 1 });
  });

  it("answers 400 at the file field for a missing, oversize, unreadable or refused file", async () => {
    const fileError = async (request: Request) => {
      const { status, body } = await callRoute(page.action, request);
      expect(status).toBe(400);
      return en.msg(body.fileError as string);
    };
    expect(await fileError(upload(cookies.lead, null))).toBe("Choose a CSV or JSON file.");
    expect(
      await fileError(upload(cookies.lead, new File([], "", { type: "application/octet-stream" }))),
    ).toBe("Choose a CSV or JSON file.");
    const big = new File([new Uint8Array(MAX_IMPORT_BYTES + 1).fill(65)], "big.csv", {
      type: "text/csv",
    });
    expect(await fileError(upload(cookies.lead, big))).toBe(
      "That file is larger than 10 MB. Split it into smaller files and import each.",
    );
    const post = (body: string, contentType: string) =>
      new Request(URL_, {
        method: "POST",
        body,
        headers: { Cookie: cookies.lead, "Content-Type": contentType },
      });
    expect(await fileError(post("x", "multipart/form-data"))).toBe(
      "The upload could not be read. Choose the file again.",
    );
    expect(await fileError(post("--x\r\nnot multipart", "multipart/form-data; boundary=y"))).toBe(
      "Choose a CSV or JSON file.",
    );
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "a.png", {
      type: "image/png",
    });
    expect(await fileError(upload(cookies.lead, png))).toMatch(/isn't a CSV or JSON file/);
    const stored = path.join(path.dirname(pageDb.file), "upload-batches", "koan-imports");
    expect(fs.existsSync(stored) ? fs.readdirSync(stored) : []).toEqual([]);
  });

  it("refuses an unknown or malformed batch with a way forward", async () => {
    for (const batch of ["../../etc/passwd", "6f1c1a52-1f0e-4b8e-9a51-0d5c0c1f2a3b"]) {
      const confirm = new Request(URL_, {
        method: "POST",
        body: new URLSearchParams({ intent: "apply", batch }),
        headers: { Cookie: cookies.lead },
      });
      const { status, body } = await callRoute(page.action, confirm);
      expect([400, 410]).toContain(status);
      expect(en.msg(body.error as string)).toMatch(/Choose the file again/);
    }
  });

  it("is for leads and mentors only, on the server", async () => {
    const get = new Request(URL_, { headers: { Cookie: cookies.newcomer } });
    await expect(page.loader(args(get))).rejects.toMatchObject({ init: { status: 403 } });
    const csv = new File([`${HEADER}\nA,,b,,1,N-1,`], "t.csv", { type: "text/csv" });
    await expect(page.action(args(upload(cookies.newcomer, csv)))).rejects.toMatchObject({
      init: { status: 403 },
    });
  });
});
