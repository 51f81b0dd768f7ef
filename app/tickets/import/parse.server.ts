import path from "node:path";
import { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import { z } from "zod";
import type { TicketSource } from "#db/schema";
import { commaItems } from "~/lib/comma-items";
import { COMPONENT_MAX_LENGTH, COMPONENT_PATTERN } from "~/lib/fields";
import { k } from "~/lib/i18n/messages";
import { MAX_IMPORT_FILE_BYTES, type ImportProblem as Problem } from "~/lib/imports";
import { readJsonArray } from "~/lib/json-array.server";
import { type TextEncoding, textPieces } from "~/lib/text-pieces";
import { timeSlicer } from "~/lib/time-slice";
import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, ticketFromIssue } from "../github.server";
import type { TicketInput } from "../tickets.server";

// Bulk ticket import: parse and validate a file (CSV, JSON, or a GitHub issues export), preview
// what it would change, then apply it in chunks. Nothing here knows about HTTP. This file reads
// an upload into validated rows; apply.server.ts previews and applies them.

export const MAX_IMPORT_BYTES = MAX_IMPORT_FILE_BYTES;
/**
 * Tickets one file may hold. A 10 MB CSV of one-line rows held 963,341 and took 22.6 s to
 * preview; 50,000 previews in a few seconds of sliced work and is more than any backlog we import.
 */
export const MAX_IMPORT_ROWS = 50_000;

export type ImportSource = Exclude<TicketSource, "manual">;
type ImportFormat = "csv" | "json" | "github";

/** One good row, ready to upsert. `line` is the CSV line, or the JSON array index + 1. */
export interface ImportRow {
  line: number;
  source: ImportSource;
  externalId: string;
  url: string | null;
  reporterName: string | null;
  ticket: TicketInput;
}

/** Why a row will not be imported: "line 7, difficulty: must be 1, 2 or 3". */
type ImportProblem = Problem<{ line: number }>;

/** A row left out on purpose (a closed GitHub issue, a pull request), not a mistake. */
interface ImportSkip {
  line: number;
  externalId: string;
  reason: string;
}

export type ParsedImport =
  | {
      ok: true;
      format: ImportFormat;
      rows: ImportRow[];
      problems: ImportProblem[];
      skipped: ImportSkip[];
      /** CSV columns Koan does not read, so the user can spot a misspelt header. */
      ignoredColumns: string[];
      /** How the file was read: UTF-8, or Korean Windows' code page 949. */
      encoding: TextEncoding;
    }
  | { ok: false; message: string };

interface ParseImportOptions {
  /** Lowercase labels that make a ticket a starter (STARTER_LABELS). */
  starterLabels: readonly string[];
}

const fail = (message: string): ParsedImport => ({ ok: false, message });

// ---------------------------------------------------------------------------------------------
// Parsing

const CSV_TYPES = new Set([
  "text/csv",
  "application/csv",
  "text/x-csv",
  "application/vnd.ms-excel",
]);
const JSON_TYPES = new Set(["application/json", "text/json"]);

/** CSV or JSON by the file's extension, else by its content type; anything else is refused. */
function detectFileKind(name: string, contentType: string): "csv" | "json" | null {
  const ext = path.extname(name).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".json") return "json";
  if (ext) return null;
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (CSV_TYPES.has(type)) return "csv";
  if (JSON_TYPES.has(type)) return "json";
  return null;
}

/** UTF-8 text without a byte-order mark, or null for binary content (an image, a spreadsheet). */
/** The file a message is about: “name”, or "That file" when the upload had no name (k() values). */
interface FileLabel {
  [key: string]: string;
  file: string;
  named: "yes" | "no";
}

const tooManyRows = (label: FileLabel) =>
  fail(k("tickets.importFile.tooManyRows", { ...label, max: MAX_IMPORT_ROWS }));

/**
 * Reads an uploaded file into validated rows, problems (with line numbers) and skipped rows.
 * A file that is not CSV or JSON, empty, too large, with more than MAX_IMPORT_ROWS tickets or
 * malformed gives `{ ok: false, message }`. Parsing and checking run in short slices that let
 * the event loop turn, so a big file does not hold up other requests.
 */
export async function parseImportFile(
  name: string,
  contentType: string,
  content: string | Uint8Array,
  opts: ParseImportOptions,
): Promise<ParsedImport> {
  const label: FileLabel = { file: name, named: name ? "yes" : "no" };
  const kind = detectFileKind(name, contentType);
  if (!kind) {
    return fail(k("tickets.importFile.notCsvOrJson", label));
  }
  const size = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
  if (size > MAX_IMPORT_BYTES) {
    return fail(k("tickets.importFile.tooLarge", label));
  }
  // Decoded a piece at a time; a CSV's line endings made LF, so line numbers and multi-line
  // fields agree.
  const slice = timeSlicer();
  const newlines = kind === "csv" ? "lf" : "keep";
  let encoding: TextEncoding = "utf-8";
  let pieces = await textPieces(content, slice, { newlines });
  // A CSV that is not UTF-8 is most likely saved by Excel on Korean Windows, in code page 949.
  if (pieces === null && kind === "csv") {
    encoding = "cp949";
    pieces = await textPieces(content, slice, { newlines, encoding });
  }
  if (pieces === null) {
    return fail(k("tickets.importFile.notText", label));
  }
  if (!pieces.some((piece) => /\S/.test(piece))) {
    return fail(k("tickets.importFile.empty", label));
  }
  const starterLabels = new Set(opts.starterLabels.map((l) => l.trim().toLowerCase()));
  const parsed =
    kind === "csv"
      ? await parseCsvFile(label, pieces, starterLabels, slice)
      : await parseJsonFile(label, pieces.join(""), starterLabels);
  return parsed.ok ? { ...parsed, encoding } : parsed;
}

/** What a file's parser answers; parseImportFile adds how the file was read. */
type ParsedContent =
  | Omit<Extract<ParsedImport, { ok: true }>, "encoding">
  | Extract<ParsedImport, { ok: false }>;

const REQUIRED_COLUMNS = ["title", "component", "external_id"] as const;
const KNOWN_COLUMNS = new Set<string>([
  ...REQUIRED_COLUMNS,
  "body",
  "labels",
  "difficulty",
  "url",
  "starter",
]);

/** "External ID" and "external-id" both mean external_id. */
const columnName = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/** The line where a quoted field opens and never closes, for a useful error message. */
function unclosedQuoteLine(text: string): number | null {
  let line = 1;
  let inQuotes = false;
  let openedAt = 0;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      } else if (c === "\n") line++;
    } else if (c === '"' && fieldStart) {
      inQuotes = true;
      openedAt = line;
      fieldStart = false;
    } else if (c === ",") fieldStart = true;
    else if (c === "\n") {
      line++;
      fieldStart = true;
    } else fieldStart = false;
  }
  return inQuotes ? openedAt : null;
}

function csvErrorMessage(label: FileLabel, text: string, error: unknown, lastLine: number): string {
  const code = (error as { code?: string }).code;
  const lines = (error as { lines?: number }).lines;
  if (code === "CSV_QUOTE_NOT_CLOSED") {
    const line = unclosedQuoteLine(text) ?? lines;
    return k("tickets.importFile.csvUnclosedQuote", { ...label, line: line ?? 0 });
  }
  if (code === "CSV_MAX_RECORD_SIZE") {
    return k("tickets.importFile.csvRowTooLong", { ...label, line: lastLine + 1 });
  }
  if (code === "INVALID_OPENING_QUOTE" || code === "CSV_INVALID_CLOSING_QUOTE") {
    return k("tickets.importFile.csvStrayQuote", { ...label, line: lines ?? 0 });
  }
  return lines
    ? k("tickets.importFile.csvInvalidNear", { ...label, line: lines })
    : k("tickets.importFile.csvInvalid", label);
}

interface CsvRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/** The longest row read, in characters. */
const MAX_CSV_RECORD_CHARS = 1_000_000;

/** Bytes handed to the CSV parser per step. */
const CSV_FEED_BYTES = 16 * 1024;

/**
 * The file's records, parsed a piece of text (lib/text-pieces) at a time with pauses between slices; stops reading (and
 * says so) once there are more than `limit` records after the header.
 */
async function readCsvRecords(
  text: readonly string[],
  limit: number,
  slice: () => Promise<void>,
): Promise<
  | { ok: true; records: CsvRecord[] }
  | { ok: false; tooMany: true }
  | { ok: false; error: unknown; lastLine: number }
> {
  // 16 KB at a time: csv-parse takes a piece in one go, and 64 KB of rows (with their line
  // info) made one of the longest holds of a preview.
  async function* pieces() {
    for (const piece of text) {
      const bytes = Buffer.from(piece);
      for (let at = 0; at < bytes.length; at += CSV_FEED_BYTES) {
        yield bytes.subarray(at, at + CSV_FEED_BYTES);
        await slice();
      }
    }
  }
  const source = Readable.from(pieces(), { objectMode: false });
  const parser = source.pipe(
    parseCsv({
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // Longer than any row of tickets (a body is at most 100,000 characters): a quoted field of
      // 9 MB held the event loop 2.5 s as the parser copied what it had for every piece.
      max_record_size: MAX_CSV_RECORD_CHARS,
    }),
  );
  const records: CsvRecord[] = [];
  try {
    for await (const record of parser) {
      records.push(record as CsvRecord);
      if (records.length > limit + 1) return { ok: false, tooMany: true };
      await slice();
    }
  } catch (error) {
    // The last line of the last whole record read: the failing one starts after it.
    return { ok: false, error, lastLine: records.at(-1)?.info.lines ?? 0 };
  } finally {
    source.destroy();
    parser.destroy();
  }
  return { ok: true, records };
}

async function parseCsvFile(
  label: FileLabel,
  pieces: readonly string[],
  starterLabels: Set<string>,
  slice: () => Promise<void>,
): Promise<ParsedContent> {
  const read = await readCsvRecords(pieces, MAX_IMPORT_ROWS, slice);
  if (!read.ok) {
    return "tooMany" in read
      ? tooManyRows(label)
      : fail(csvErrorMessage(label, pieces.join(""), read.error, read.lastLine));
  }
  const [header, ...body] = read.records;
  if (!header) return fail(k("tickets.importFile.empty", label));
  const columns = header.record.map(columnName);
  const duplicate = columns.find((c, i) => c && columns.indexOf(c) !== i);
  if (duplicate) {
    return fail(k("tickets.importFile.duplicateColumn", { ...label, column: duplicate }));
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    return fail(
      k("tickets.importFile.missingColumns", {
        ...label,
        required: REQUIRED_COLUMNS.join(", "),
        missing: missing.join(", "),
        firstLine: header.record.join(",").slice(0, 120),
      }),
    );
  }
  const ignoredColumns = columns.filter((c) => c && !KNOWN_COLUMNS.has(c));
  const collector = new RowCollector();
  for (const { record, raw, info } of body) {
    // csv-parse counts lines up to the record's end; a quoted field may span several.
    const inner = raw.replace(/^\n+/, "").replace(/\n$/, "");
    const line = info.lines - (inner.match(/\n/g)?.length ?? 0);
    if (record.every((v) => !v.trim())) continue;
    if (record.length !== columns.length) {
      collector.problem({
        line,
        field: "row",
        problem: k("tickets.importRow.valueCount", {
          values: record.length,
          columns: columns.length,
        }),
      });
      continue;
    }
    const values: Record<string, string> = {};
    columns.forEach((c, i) => {
      values[c] = record[i] ?? "";
    });
    collector.plainRow(line, values, starterLabels);
    await slice();
  }
  if (collector.count === 0) {
    return fail(k("tickets.importFile.headerOnly", label));
  }
  return { ok: true, format: "csv", ...collector.result(), ignoredColumns };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

async function parseJsonFile(
  label: FileLabel,
  text: string,
  starterLabels: Set<string>,
): Promise<ParsedContent> {
  const slice = timeSlicer();
  const read = await readJsonArray(text);
  if (!read.ok && read.reason === "notArray") {
    return fail(k("tickets.importFile.jsonNotArray", label));
  }
  if (!read.ok) {
    return fail(
      read.line
        ? k("tickets.importFile.jsonInvalidNear", { ...label, line: read.line })
        : k("tickets.importFile.jsonInvalid", label),
    );
  }
  const json = read.items;
  // `gh api --paginate --slurp` gives an array of pages: read them as one list.
  const items: unknown[] =
    json.length > 0 && json.every(Array.isArray) ? (json as unknown[][]).flat() : json;
  if (items.length === 0) return fail(k("tickets.importFile.jsonEmpty", label));
  if (items.length > MAX_IMPORT_ROWS) return tooManyRows(label);
  const first = items.find(isObject);
  const github = first !== undefined && "number" in first && "html_url" in first;
  const collector = new RowCollector();
  for (const [index, item] of items.entries()) {
    const line = index + 1;
    if (!isObject(item)) {
      collector.problem({ line, field: "row", problem: k("tickets.importRow.notObject") });
    } else if (github) collector.githubRow(line, item, starterLabels);
    else collector.plainRow(line, jsonToStrings(item), starterLabels);
    await slice();
  }
  return {
    ok: true,
    format: github ? "github" : "json",
    ...collector.result(),
    ignoredColumns: [],
  };
}

/** JSON values as the strings a CSV would hold; anything else stays as it is, for zod to refuse. */
function jsonToStrings(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (value === null || value === undefined) out[key] = "";
    else if (typeof value === "number" || typeof value === "boolean") out[key] = String(value);
    else out[key] = value;
  }
  return out;
}

const TRUE_WORDS = ["true", "yes", "y", "1"];
const FALSE_WORDS = ["false", "no", "n", "0", ""];

const text = (max: number) =>
  z
    .string({ message: k("tickets.importRow.text") })
    .max(max, k("tickets.importRow.tooLong", { max }));

const plainRowSchema = z.object({
  title: text(MAX_TITLE_LENGTH).trim().min(1, k("tickets.importRow.required")),
  body: text(MAX_BODY_LENGTH).default(""),
  component: text(COMPONENT_MAX_LENGTH)
    .trim()
    .min(1, k("tickets.importRow.required"))
    .regex(COMPONENT_PATTERN, k("tickets.importRow.component")),
  labels: z
    .union(
      [
        // Read as the ticket form's labels field: quotes keep a label's commas.
        z.string().transform(commaItems),
        z.array(z.string({ message: k("tickets.importRow.labelList") })),
      ],
      { message: k("tickets.importRow.labels") },
    )
    .default([])
    .transform((labels) => labels.map((l) => l.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.string().max(50, k("tickets.importRow.labelTooLong", { max: 50 })))
        .max(20, k("tickets.importRow.tooManyLabels", { max: 20 })),
    ),
  difficulty: z
    .string({ message: k("tickets.importRow.difficulty") })
    .trim()
    .default("")
    .pipe(z.enum(["", "1", "2", "3"], { message: k("tickets.importRow.difficulty") })),
  starter: z
    .string({ message: k("tickets.importRow.boolean") })
    .trim()
    .toLowerCase()
    .default("")
    .refine(
      (v) => TRUE_WORDS.includes(v) || FALSE_WORDS.includes(v),
      k("tickets.importRow.booleanWords"),
    ),
  external_id: text(200).trim().min(1, k("tickets.importRow.externalIdRequired")),
  url: text(2000)
    .trim()
    .default("")
    .refine((u) => u === "" || (/^https?:\/\//i.test(u) && URL.canParse(u)), {
      message: k("tickets.importRow.url"),
    }),
});

const GITHUB_ISSUE_URL = /^https:\/\/github\.com\/([^/\s]+)\/([^/\s]+)\/issues\/(\d+)\/?$/;

const githubIssueSchema = z.object({
  number: z
    .number({ message: k("tickets.importRow.issueNumber") })
    .int()
    .positive(),
  title: z.string({ message: k("tickets.importRow.required") }),
  body: z.string({ message: k("tickets.importRow.text") }).nullish(),
  html_url: z
    .string({ message: k("tickets.importRow.required") })
    .regex(GITHUB_ISSUE_URL, k("tickets.importRow.issueUrl")),
  state: z.string().nullish(),
  labels: z
    .array(
      z.union([z.string(), z.object({ name: z.string() }).transform((l) => l.name)], {
        message: k("tickets.importRow.githubLabels"),
      }),
    )
    .nullish()
    .transform((l) => l ?? []),
  user: z.object({ login: z.string().max(200) }).nullish(),
});

const GITHUB_ADDRESS = /^https:\/\/github\.com\/([^/\s]+)\/([^/\s]+)\/(?:issues|pull)\/(\d+)\/?$/;

/** owner, repo and number from `https://github.com/owner/repo/issues/123` (or `/pull/123`). */
function githubIssueAddress(url: unknown) {
  const match = typeof url === "string" ? GITHUB_ADDRESS.exec(url) : null;
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { owner: match[1], repo: match[2], number: Number(match[3]) };
}

/** Turns zod issues into one problem per field (its first message). */
function problemsFrom(line: number, error: z.ZodError): ImportProblem[] {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "row");
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return [...byField].map(([field, problem]) => ({ line, field, problem }));
}

/** Collects rows in file order, marking later duplicates of an external id as problems. */
class RowCollector {
  readonly rows: ImportRow[] = [];
  readonly problems: ImportProblem[] = [];
  readonly skipped: ImportSkip[] = [];
  private readonly seen = new Map<string, number>();
  count = 0;

  problem(p: ImportProblem) {
    this.count++;
    this.problems.push(p);
  }

  /** Records the external id; true when an earlier row already used it. */
  private duplicate(line: number, externalId: string, problems: ImportProblem[]) {
    if (!externalId) return;
    const first = this.seen.get(externalId);
    if (first === undefined) this.seen.set(externalId, line);
    else
      problems.push({
        line,
        field: "external_id",
        problem: k("tickets.importRow.duplicate", { line: first }),
      });
  }

  plainRow(line: number, values: Record<string, unknown>, starterLabels: Set<string>) {
    this.count++;
    const parsed = plainRowSchema.safeParse(values);
    const problems = parsed.success ? [] : problemsFrom(line, parsed.error);
    const rawId = values.external_id;
    this.duplicate(line, typeof rawId === "string" ? rawId.trim() : "", problems);
    if (!parsed.success || problems.length) {
      this.problems.push(...problems);
      return;
    }
    const row = parsed.data;
    const starter =
      TRUE_WORDS.includes(row.starter) ||
      row.labels.some((l) => starterLabels.has(l.toLowerCase().replace(/\s+/g, " ")));
    this.rows.push({
      line,
      source: "import",
      externalId: row.external_id,
      url: row.url || null,
      reporterName: null,
      ticket: {
        title: row.title,
        body: row.body,
        component: row.component,
        labels: row.labels,
        difficulty: row.difficulty ? Number(row.difficulty) : starter ? 1 : 2,
        starter,
      },
    });
  }

  githubRow(line: number, item: Record<string, unknown>, starterLabels: Set<string>) {
    this.count++;
    const where = githubIssueAddress(item.html_url);
    const externalId = where ? `${where.owner}/${where.repo}#${where.number}` : "";
    if (item.pull_request !== undefined && item.pull_request !== null) {
      this.skipped.push({ line, externalId, reason: k("tickets.importRow.pullRequest") });
      return;
    }
    if (item.state === "closed") {
      this.skipped.push({ line, externalId, reason: k("tickets.importRow.closed") });
      return;
    }
    const parsed = githubIssueSchema.safeParse(item);
    const problems = parsed.success ? [] : problemsFrom(line, parsed.error);
    this.duplicate(line, externalId, problems);
    if (!parsed.success || !where || problems.length) {
      this.problems.push(...problems);
      return;
    }
    const issue = parsed.data;
    const ticket = ticketFromIssue(
      {
        issue: { ...issue, number: where.number, updated_at: null },
        repository: { name: where.repo, full_name: `${where.owner}/${where.repo}` },
      },
      [...starterLabels],
    );
    this.rows.push({
      line,
      source: "github",
      externalId,
      url: issue.html_url,
      reporterName: issue.user?.login ?? null,
      ticket,
    });
  }

  result() {
    const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;
    return {
      rows: this.rows,
      problems: this.problems.sort(byLine),
      skipped: this.skipped.sort(byLine),
    };
  }
}
