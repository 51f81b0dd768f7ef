import path from "node:path";
import { Inflate, zipSync } from "fflate";
import { z } from "zod";
import { type DB, writeTransaction } from "#db/client";
import { RESOLUTIONS, type Resolution } from "#db/schema";
import { recordAudit } from "~/lib/audit.server";
import { batchIdField, batchStore } from "~/lib/upload-batches.server";
import { resetVocabulary } from "./search.server";
import {
  insertWriteup,
  normalizeTags,
  replaceWriteupContent,
  type WriteupInput,
} from "./writeups.server";

// Knowledge-base import and export: a JSON array of write-ups, or a zip of Markdown files with
// front matter. The export writes exactly what the import reads, so export → import → export
// gives the same files. Nothing here knows about HTTP.

export const MAX_KB_IMPORT_BYTES = 10 * 1024 * 1024;
/** Zip bomb guard: what a zip may unpack to in all, and how many entries it may hold. */
export const MAX_ZIP_UNPACKED_BYTES = 50 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 5000;
/** One Markdown file: five fields of at most 50,000 characters, with room to spare. */
const MAX_MARKDOWN_FILE_BYTES = 1024 * 1024;
export const MAX_KB_ITEMS = 5000;
const APPLY_CHUNK_SIZE = 200;
/** A preview can be confirmed for this long. */
export const KB_BATCH_TTL_MS = 60 * 60 * 1000;

/** One write-up as the JSON export holds it and the import reads it; keys in this order. */
export interface PortableWriteup {
  external_id: string;
  title: string;
  component: string;
  resolution: Resolution;
  tags: string[];
  symptom: string;
  root_cause: string;
  fix: string;
  debugging: string;
  links: { label: string; url: string }[];
  toil: { description: string; minutes: number }[];
  status: "published";
}

/** A good item, ready to upsert. `where` is "item 3" (JSON) or the file's path in the zip. */
export interface KbImportItem {
  where: string;
  externalId: string;
  writeup: WriteupInput;
}

/** Why an item will not be imported: "item 4, resolution: must be one of …". */
export interface KbImportProblem {
  where: string;
  field: string;
  problem: string;
}

/** An item or zip entry left out on purpose (a draft, a picture), not a mistake. */
export interface KbImportSkip {
  where: string;
  reason: string;
}

export type KbImportFormat = "json" | "zip";

export type ParsedKbImport =
  | {
      ok: true;
      format: KbImportFormat;
      items: KbImportItem[];
      problems: KbImportProblem[];
      skipped: KbImportSkip[];
      /** Fields Koan does not read, so a misspelt one can be spotted. */
      ignoredFields: string[];
    }
  | { ok: false; message: string };

const fail = (message: string): ParsedKbImport => ({ ok: false, message });

// ---------------------------------------------------------------------------------------------
// Canonical values: what the import stores and the export writes. Each is idempotent.

/** Markdown without leading blank lines, trailing whitespace or carriage returns. */
export function canonicalMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/^(?:[ \t]*\n)+/, "")
    .replace(/\s+$/, "");
}

/** One line of text: every run of whitespace becomes one space. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

const canonicalComponent = (component: string) => component.trim().toLowerCase().slice(0, 40);

function canonicalWriteup(input: WriteupInput): WriteupInput {
  return {
    title: oneLine(input.title).slice(0, 300),
    component: canonicalComponent(input.component),
    resolution: input.resolution,
    tags: normalizeTags(input.tags),
    symptom: canonicalMarkdown(input.symptom),
    rootCause: canonicalMarkdown(input.rootCause),
    fix: canonicalMarkdown(input.fix),
    debugging: canonicalMarkdown(input.debugging),
    links: input.links.slice(0, 30).map((l) => ({
      label: oneLine(l.label).slice(0, 120),
      url: l.url.trim(),
    })),
    toil: input.toil.slice(0, 30).map((t) => ({
      description: oneLine(t.description).slice(0, 300),
      minutes: Math.max(0, Math.round(t.minutes)),
    })),
  };
}

function toPortable(externalId: string, w: WriteupInput): PortableWriteup {
  const c = canonicalWriteup(w);
  return {
    external_id: externalId,
    title: c.title,
    component: c.component,
    resolution: c.resolution,
    tags: c.tags,
    symptom: c.symptom,
    root_cause: c.rootCause,
    fix: c.fix,
    debugging: c.debugging,
    links: c.links,
    toil: c.toil,
    status: "published",
  };
}

/** The stored content compared by the preview: equal means importing changes nothing. */
const fingerprint = (w: WriteupInput) => JSON.stringify(toPortable("", w));

// ---------------------------------------------------------------------------------------------
// Reading an uploaded file

/** JSON or zip by the file's extension, else by its content type, else by its first bytes. */
function detectKind(name: string, contentType: string, bytes: Uint8Array): KbImportFormat | null {
  const ext = path.extname(name).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".zip") return "zip";
  if (ext) return null;
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || type === "text/json") return "json";
  if (type === "application/zip" || type === "application/x-zip-compressed") return "zip";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "zip";
  return null;
}

const utf8 = (bytes: Uint8Array): string | null => {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
};

/**
 * Reads an uploaded JSON file or zip of Markdown files into validated items, problems (each with
 * its item or file, field and reason) and skipped entries. A file that is neither, too large,
 * empty or unreadable as a whole gives `{ ok: false, message }`.
 */
export function parseKbImportFile(
  name: string,
  contentType: string,
  content: Uint8Array | string,
): ParsedKbImport {
  const label = name ? `“${name}”` : "That file";
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  if (bytes.byteLength > MAX_KB_IMPORT_BYTES) {
    return fail(`${label} is larger than 10 MB. Split it into smaller files and import each.`);
  }
  const kind = detectKind(name, contentType, bytes);
  if (!kind) {
    return fail(
      `${label} isn't a JSON file or a zip of Markdown files. Choose a .json or .zip file.`,
    );
  }
  if (bytes.byteLength === 0) return fail(`${label} is empty. Choose a file with write-ups in it.`);
  return kind === "json" ? parseJsonFile(label, bytes) : parseZipFile(label, bytes);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function parseJsonFile(label: string, bytes: Uint8Array): ParsedKbImport {
  const text = utf8(bytes);
  if (text === null) return fail(`${label} isn't UTF-8 text. Save it as UTF-8 JSON.`);
  if (!text.trim()) return fail(`${label} is empty. Choose a file with write-ups in it.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    const line = position ? text.slice(0, Number(position)).split("\n").length : null;
    return fail(
      `${label} isn't valid JSON${line ? ` (near line ${line})` : ""}. Nothing was imported.`,
    );
  }
  if (!Array.isArray(json)) {
    return fail(`${label} must hold a JSON array of write-ups, like [{"title": …}, …].`);
  }
  if (json.length === 0) return fail(`${label} has no write-ups in it (an empty array).`);
  if (json.length > MAX_KB_ITEMS) {
    return fail(
      `${label} has ${json.length.toLocaleString("en")} write-ups; import at most 5,000 at once.`,
    );
  }
  const collector = new ItemCollector();
  json.forEach((item, index) => {
    const where = `item ${index + 1}`;
    if (!isObject(item)) {
      collector.problem({ where, field: "item", problem: 'must be an object like {"title": …}' });
      return;
    }
    collector.item(where, item, null);
  });
  return { ok: true, format: "json", ...collector.result() };
}

// ---------------------------------------------------------------------------------------------
// Validation shared by both formats: a Markdown file is first turned into the JSON item shape.

/** Whether `text` holds a control character (line breaks and tabs included). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) return true;
  }
  return false;
}
const KNOWN_FIELDS = new Set([
  "id",
  "external_id",
  "title",
  "component",
  "resolution",
  "tags",
  "symptom",
  "root_cause",
  "fix",
  "debugging",
  "links",
  "toil",
  "status",
]);

const markdownField = (label: string) =>
  z
    .string({ message: "must be text" })
    .max(50_000, `keep ${label} under 50,000 characters`)
    .default("");

const idValue = z
  .union([z.string(), z.number().int().nonnegative()], { message: "must be text or a number" })
  .transform((v) => String(v).trim())
  .pipe(
    z
      .string()
      .max(200, "must be at most 200 characters")
      .refine((v) => !hasControl(v), "must be on one line"),
  );

const httpUrl = z
  .string({ message: "must be a URL" })
  .trim()
  .max(2000, "must be at most 2,000 characters")
  .refine((u) => /^https?:\/\/\S+$/i.test(u) && URL.canParse(u), "must be an http(s) URL");

const itemSchema = z.object({
  id: idValue.optional(),
  external_id: idValue.optional(),
  title: z
    .string({ message: "is required" })
    .trim()
    .min(1, "is required")
    .max(300, "must be at most 300 characters")
    .refine((v) => !hasControl(v), "must be on one line"),
  component: z
    .string({ message: "must be text" })
    .trim()
    .max(40, "must be at most 40 characters")
    .refine((v) => !hasControl(v), "must be on one line")
    .default(""),
  resolution: z.enum(RESOLUTIONS, { message: `must be one of ${RESOLUTIONS.join(", ")}` }),
  tags: z
    .array(z.string({ message: "must be text" }).max(40, "must be at most 40 characters"), {
      message: 'must be a list like ["billing", "rounding"]',
    })
    .max(20, "use at most 20 tags")
    .default([]),
  symptom: markdownField("the symptom"),
  root_cause: markdownField("the root cause"),
  fix: markdownField("the fix"),
  debugging: markdownField("how it was debugged"),
  links: z
    .array(
      z.object(
        {
          label: z
            .string({ message: "must be text" })
            .max(120, "must be at most 120 characters")
            .default(""),
          url: httpUrl,
        },
        { message: 'must be an object like {"label": "PR", "url": "https://…"}' },
      ),
      { message: 'must be a list like [{"label": "PR", "url": "https://…"}]' },
    )
    .max(30, "use at most 30 links")
    .default([]),
  toil: z
    .array(
      z.object(
        {
          description: z
            .string({ message: "is required" })
            .trim()
            .min(1, "is required")
            .max(300, "must be at most 300 characters"),
          minutes: z
            .number({ message: "must be a whole number of minutes" })
            .int("must be a whole number of minutes")
            .min(0, "can't be negative")
            .max(100_000, "must be at most 100,000"),
        },
        { message: 'must be an object like {"description": "…", "minutes": 15}' },
      ),
      { message: 'must be a list like [{"description": "…", "minutes": 15}]' },
    )
    .max(30, "use at most 30 toil entries")
    .default([]),
  status: z
    .enum(["published", "draft"], { message: "must be published or draft" })
    .default("published"),
});

/** One problem per field (its first message); nested ones say which entry. */
function problemsFrom(where: string, error: z.ZodError): KbImportProblem[] {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const [field, index, inner] = issue.path;
    const key = String(field ?? "item");
    if (byField.has(key)) continue;
    const prefix =
      typeof index === "number"
        ? `entry ${index + 1}${inner !== undefined ? ` (${String(inner)})` : ""}: `
        : "";
    byField.set(key, `${prefix}${issue.message}`);
  }
  return [...byField].map(([field, problem]) => ({ where, field, problem }));
}

class ItemCollector {
  items: KbImportItem[] = [];
  problems: KbImportProblem[] = [];
  skipped: KbImportSkip[] = [];
  ignored = new Set<string>();
  private seen = new Map<string, string>();

  problem(p: KbImportProblem) {
    this.problems.push(p);
  }

  skip(s: KbImportSkip) {
    this.skipped.push(s);
  }

  /**
   * Validates one item in the JSON shape. `fallbackId` names an item that has neither id nor
   * external_id (a Markdown file's path); without one, such an item is a problem.
   */
  item(
    where: string,
    raw: Record<string, unknown>,
    fallbackId: string | null,
    extraProblems: KbImportProblem[] = [],
  ) {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (!KNOWN_FIELDS.has(key)) this.ignored.add(key);
      else if (value !== null && value !== undefined) values[key] = value;
    }
    const parsed = itemSchema.safeParse(values);
    const problems = [
      ...extraProblems,
      ...(parsed.success ? [] : problemsFrom(where, parsed.error)),
    ];
    const data = parsed.success ? parsed.data : null;
    const externalId = data ? data.external_id || data.id || fallbackId : null;
    if (data && !externalId) {
      problems.push({
        where,
        field: "external_id",
        problem: "is required (or id), so importing again updates instead of duplicating",
      });
    }
    if (externalId) {
      const first = this.seen.get(externalId);
      if (first !== undefined) {
        problems.push({ where, field: "external_id", problem: `“${externalId}” is also ${first}` });
      } else this.seen.set(externalId, where);
    }
    if (problems.length || !data || !externalId) {
      this.problems.push(...problems);
      return;
    }
    if (data.status === "draft") {
      this.skipped.push({ where, reason: "a draft: only published write-ups are imported" });
      return;
    }
    this.items.push({
      where,
      externalId,
      writeup: canonicalWriteup({
        title: data.title,
        component: data.component,
        resolution: data.resolution,
        tags: data.tags,
        symptom: data.symptom,
        rootCause: data.root_cause,
        fix: data.fix,
        debugging: data.debugging,
        links: data.links,
        toil: data.toil,
      }),
    });
  }

  result() {
    return {
      items: this.items,
      problems: this.problems,
      skipped: this.skipped,
      ignoredFields: [...this.ignored].sort(),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Zip archives: the central directory is read here, each entry inflated by fflate in small
// steps, so a lying header or a bomb stops at its declared size and the 50 MB budget.

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; message: string };

function readZipDirectory(label: string, bytes: Uint8Array): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const damaged = { ok: false as const, message: `${label} isn't a readable zip file.` };
  let end = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 0xffff; i--) {
    if (u32(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return damaged;
  const count = u16(end + 10);
  const directoryOffset = u32(end + 16);
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0) {
    return { ok: false, message: `${label} is split across several files. Zip it as one file.` };
  }
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    return {
      ok: false,
      message: `${label} holds more than ${MAX_ZIP_ENTRIES.toLocaleString("en")} files. Split it into smaller zips.`,
    };
  }
  if (count > MAX_ZIP_ENTRIES) {
    return {
      ok: false,
      message: `${label} holds ${count.toLocaleString("en")} files; a zip may hold at most ${MAX_ZIP_ENTRIES.toLocaleString("en")}. Split it into smaller zips.`,
    };
  }
  const decoder = new TextDecoder("utf-8");
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) return damaged;
    const nameLength = u16(at + 28);
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (next > bytes.length) return damaged;
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: u16(at + 8),
      method: u16(at + 10),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localHeader: u32(at + 42),
    });
    at = next;
  }
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > MAX_ZIP_UNPACKED_BYTES) {
    return {
      ok: false,
      message: `${label} unpacks to more than 50 MB. Split it into smaller zips.`,
    };
  }
  return { ok: true, entries };
}

type Unpacked = { ok: true; bytes: Uint8Array } | { ok: false; problem: string };

/** An entry's content, or why it can't be read. Never produces more than the entry declares. */
function unpackEntry(bytes: Uint8Array, entry: ZipEntry): Unpacked {
  if (entry.flags & 1) return { ok: false, problem: "is encrypted: zip it without a password" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.localHeader;
  if (header + 30 > bytes.length || view.getUint32(header, true) !== 0x04034b50) {
    return { ok: false, problem: "is damaged in the zip" };
  }
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) return { ok: false, problem: "is cut short in the zip" };
  const data = bytes.subarray(start, stop);
  if (entry.method === 0) {
    return data.length === entry.size
      ? { ok: true, bytes: data }
      : { ok: false, problem: "is damaged in the zip" };
  }
  if (entry.method !== 8) {
    return { ok: false, problem: "uses a compression method Koan can't read: use standard zip" };
  }
  const out = new Uint8Array(entry.size);
  let produced = 0;
  let tooBig = false;
  const inflater = new Inflate((chunk) => {
    if (tooBig) return;
    if (produced + chunk.length > entry.size) tooBig = true;
    else {
      out.set(chunk, produced);
      produced += chunk.length;
    }
  });
  try {
    let offset = 0;
    while (offset < data.length && !tooBig) {
      // Deflate expands at most ~1032 times: push only as much as the remaining room can hold.
      const step = Math.min(16_384, Math.max(64, Math.ceil((entry.size - produced) / 1024) + 64));
      const next = Math.min(data.length, offset + step);
      inflater.push(data.subarray(offset, next), next === data.length);
      offset = next;
    }
  } catch {
    return { ok: false, problem: "is damaged in the zip" };
  }
  if (tooBig) return { ok: false, problem: "unpacks to more than the zip's directory says" };
  if (produced !== entry.size) return { ok: false, problem: "is damaged in the zip" };
  return { ok: true, bytes: out };
}

/** Why an entry's name is refused: absolute paths and `..` could write outside a folder. */
function unsafeName(name: string): string | null {
  if (hasControl(name)) return "its name has control characters";
  const normal = name.replace(/\\/g, "/");
  if (normal.startsWith("/") || /^[a-zA-Z]:/.test(normal)) return "its name is an absolute path";
  if (normal.split("/").includes("..")) return "its name leads outside the zip (..)";
  return null;
}

function parseZipFile(label: string, bytes: Uint8Array): ParsedKbImport {
  const directory = readZipDirectory(label, bytes);
  if (!directory.ok) return fail(directory.message);
  const collector = new ItemCollector();
  let markdownFiles = 0;
  const names = new Set<string>();
  for (const entry of directory.entries) {
    const where = entry.name;
    const unsafe = unsafeName(entry.name);
    if (unsafe) {
      collector.problem({ where, field: "file name", problem: unsafe });
      continue;
    }
    if (names.has(entry.name)) {
      collector.problem({ where, field: "file name", problem: "appears twice in the zip" });
      continue;
    }
    names.add(entry.name);
    if (entry.name.endsWith("/")) continue; // a folder
    const base = path.posix.basename(entry.name.replace(/\\/g, "/"));
    if (entry.name.startsWith("__MACOSX/") || base.startsWith("._") || base === ".DS_Store") {
      collector.skip({ where, reason: "macOS metadata, not a write-up" });
      continue;
    }
    if (!/\.(md|markdown)$/i.test(base)) {
      collector.skip({ where, reason: "not a Markdown (.md) file" });
      continue;
    }
    markdownFiles++;
    if (entry.size > MAX_MARKDOWN_FILE_BYTES) {
      collector.problem({ where, field: "file", problem: "is larger than 1 MB" });
      continue;
    }
    const unpacked = unpackEntry(bytes, entry);
    if (!unpacked.ok) {
      collector.problem({ where, field: "file", problem: unpacked.problem });
      continue;
    }
    const text = utf8(unpacked.bytes);
    if (text === null) {
      collector.problem({ where, field: "file", problem: "isn't UTF-8 text" });
      continue;
    }
    const { values, problems, unreadable } = parseMarkdownWriteup(where, text);
    if (unreadable) {
      for (const p of problems) collector.problem(p);
      continue;
    }
    const fallback = `md:${entry.name.replace(/\\/g, "/").replace(/\.(md|markdown)$/i, "")}`;
    collector.item(where, values, fallback, problems);
  }
  if (markdownFiles === 0 && collector.problems.length === 0) {
    return fail(`${label} has no Markdown (.md) files in it.`);
  }
  return { ok: true, format: "zip", ...collector.result() };
}

// ---------------------------------------------------------------------------------------------
// Markdown files: front matter (a strict `key: value` / `key: [a, b]` subset), then sections.

const SECTIONS = {
  symptom: "Symptom",
  "root cause": "Root cause",
  fix: "Fix",
  "expected behaviour": "Expected behaviour",
  "expected behavior": "Expected behaviour",
  "how it was debugged": "How it was debugged",
  links: "Links",
  toil: "Toil",
} as const;
type SectionName = keyof typeof SECTIONS;
type SectionKey = Exclude<SectionName, "expected behaviour" | "expected behavior">;
const FIELD_OF_SECTION: Record<SectionKey, string> = {
  symptom: "symptom",
  "root cause": "root_cause",
  fix: "fix",
  "how it was debugged": "debugging",
  links: "links",
  toil: "toil",
};
const SECTION_HEADING =
  /^##[ \t]+(symptom|root cause|fix|expected behaviou?r|how it was debugged|links|toil)[ \t]*#*[ \t]*$/i;
/** A content line that looks like a section heading, escaped with one more backslash. */
const ESCAPED_HEADING =
  /^(\\+)(##[ \t]+(?:symptom|root cause|fix|expected behaviou?r|how it was debugged|links|toil)[ \t]*#*[ \t]*)$/i;
const LOOKS_LIKE_HEADING =
  /^(\\*)(##[ \t]+(?:symptom|root cause|fix|expected behaviou?r|how it was debugged|links|toil)[ \t]*#*[ \t]*)$/i;

/** Content lines that would read as a section heading get a backslash; the import removes it. */
const escapeSectionText = (text: string) =>
  text
    .split("\n")
    .map((line) => line.replace(LOOKS_LIKE_HEADING, "\\$1$2"))
    .join("\n");

const unescapeSectionText = (text: string) =>
  text
    .split("\n")
    .map((line) =>
      line.replace(ESCAPED_HEADING, (_, slashes: string, rest: string) => slashes.slice(1) + rest),
    )
    .join("\n");

interface ParsedMarkdown {
  values: Record<string, unknown>;
  problems: KbImportProblem[];
  /** The file could not be read as a write-up at all: its fields are not worth checking. */
  unreadable: boolean;
}

/** Reads one Markdown write-up into the JSON item shape, with problems in its structure. */
export function parseMarkdownWriteup(where: string, input: string): ParsedMarkdown {
  const text = input.replace(/\r\n?/g, "\n");
  const problems: KbImportProblem[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ where, field, problem: message });
  const lines = text.split("\n");
  const values: Record<string, unknown> = {};
  let bodyStart = 0;
  if (lines[0]?.trim() === "---") {
    const close = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
    if (close < 0) {
      problem("front matter", "has no closing --- line");
      return { values, problems, unreadable: true };
    }
    readFrontMatter(lines.slice(1, close), values, (message) => problem("front matter", message));
    bodyStart = close + 1;
  } else {
    problem(
      "front matter",
      "is missing: start the file with a --- line, then title: and resolution: lines, then ---",
    );
    return { values, problems, unreadable: true };
  }

  const sections = new Map<SectionKey, string[]>();
  let current: string[] | null = null;
  const preamble: string[] = [];
  for (const line of lines.slice(bodyStart)) {
    const match = SECTION_HEADING.exec(line);
    if (match?.[1]) {
      const named = match[1].toLowerCase() as SectionName;
      const key: SectionKey =
        named === "expected behaviour" || named === "expected behavior" ? "fix" : named;
      if (sections.has(key)) {
        problem(
          FIELD_OF_SECTION[key],
          `the “## ${SECTIONS[named]}” section appears twice${key === "fix" ? " (## Fix and ## Expected behaviour are the same field)" : ""}`,
        );
      }
      current = [];
      sections.set(key, current);
      continue;
    }
    if (current) current.push(line);
    else preamble.push(line);
  }
  const intro = preamble.filter((l) => l.trim());
  const h1 = intro.length === 1 ? /^#[ \t]+(.+?)[ \t#]*$/.exec(intro[0] ?? "") : null;
  if (intro.length && !h1) {
    problem("body", "has text before the first section: put it under ## Symptom");
  }
  if (values.title === undefined && h1?.[1]) values.title = h1[1];

  const section = (key: SectionKey) => {
    const body = sections.get(key);
    return body === undefined ? undefined : unescapeSectionText(canonicalMarkdown(body.join("\n")));
  };
  for (const key of ["symptom", "root cause", "fix", "how it was debugged"] as const) {
    const body = section(key);
    if (body !== undefined) values[FIELD_OF_SECTION[key]] = body;
  }
  const links = sections.get("links");
  if (links) values.links = readLinks(links, (m) => problem("links", m));
  const toil = sections.get("toil");
  if (toil) values.toil = readToil(toil, (m) => problem("toil", m));
  if (!sections.size && !problems.length) {
    problem("body", "has no sections: add ## Symptom, ## Root cause, ## Fix and the others");
  }
  return { values, problems, unreadable: false };
}

const FRONT_MATTER_KEYS = new Set([
  "id",
  "external_id",
  "title",
  "component",
  "tags",
  "resolution",
  "status",
]);

function readFrontMatter(
  lines: string[],
  values: Record<string, unknown>,
  problem: (message: string) => void,
) {
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$/.exec(line);
    if (!match?.[1]) {
      problem(`line ${index + 2} must look like key: value (got “${line.slice(0, 60)}”)`);
      return;
    }
    const key = match[1].toLowerCase();
    if (seen.has(key)) {
      problem(`“${key}” appears twice`);
      return;
    }
    seen.add(key);
    const raw = (match[2] ?? "").trim();
    const value = readScalarOrList(raw);
    if (!value.ok) {
      problem(`${key}: ${value.message}`);
      return;
    }
    if (!FRONT_MATTER_KEYS.has(key)) {
      values[key] = value.value; // reported as an ignored field
      return;
    }
    if (key === "tags") {
      values.tags = Array.isArray(value.value)
        ? value.value
        : value.value
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean);
    } else if (Array.isArray(value.value)) {
      problem(`${key} must be one value, not a list`);
    } else values[key] = value.value;
  });
}

type FrontMatterValue = { ok: true; value: string | string[] } | { ok: false; message: string };

/** `plain text`, `"a JSON string"`, `'single quoted'`, or `[a, "b", 'c']`. */
function readScalarOrList(raw: string): FrontMatterValue {
  if (raw.startsWith("[")) {
    if (!raw.endsWith("]")) return { ok: false, message: "a list must end with ]" };
    const items: string[] = [];
    const inner = raw.slice(1, -1);
    let i = 0;
    while (i < inner.length) {
      while (inner[i] === " " || inner[i] === "\t") i++;
      if (i >= inner.length) break;
      const quoted = readQuoted(inner, i);
      if (quoted) {
        if (!quoted.ok) return quoted;
        items.push(quoted.value);
        i = quoted.end;
        while (inner[i] === " " || inner[i] === "\t") i++;
      } else {
        const comma = inner.indexOf(",", i);
        const stop = comma < 0 ? inner.length : comma;
        const item = inner.slice(i, stop).trim();
        if (/[[\]"']/.test(item))
          return { ok: false, message: `can't read the list item “${item}”` };
        items.push(item);
        i = stop;
      }
      if (i < inner.length) {
        if (inner[i] !== ",") return { ok: false, message: "separate list items with commas" };
        i++;
      }
    }
    return { ok: true, value: items.filter((item) => item !== "") };
  }
  const quoted = readQuoted(raw, 0);
  if (quoted) {
    if (!quoted.ok) return quoted;
    if (quoted.end !== raw.length)
      return { ok: false, message: "has text after the closing quote" };
    return { ok: true, value: quoted.value };
  }
  return { ok: true, value: raw };
}

type Quoted = { ok: true; value: string; end: number } | { ok: false; message: string };

/** A quoted string starting at `start`, or null when there is no quote there. */
function readQuoted(text: string, start: number): Quoted | null {
  const quote = text[start];
  if (quote === '"') {
    let i = start + 1;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) return { ok: false, message: "a quoted value is never closed" };
    try {
      return { ok: true, value: JSON.parse(text.slice(start, i + 1)) as string, end: i + 1 };
    } catch {
      return { ok: false, message: 'a quoted value has a bad escape (use \\" and \\\\)' };
    }
  }
  if (quote === "'") {
    let value = "";
    let i = start + 1;
    for (; i < text.length; i++) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i++;
        } else break;
      } else value += text[i];
    }
    if (i >= text.length) return { ok: false, message: "a quoted value is never closed" };
    return { ok: true, value, end: i + 1 };
  }
  return null;
}

const LINK_LINE = /^[-*+][ \t]+\[((?:[^\]\\]|\\.)*)\]\((\S+)\)$/;
const TOIL_LINE = /^[-*+][ \t]+(.+?)[ \t]+[—–-]+[ \t]+(\d{1,6})[ \t]*(?:min|mins|minutes|m)?\.?$/i;

function readLinks(lines: string[], problem: (message: string) => void) {
  const links: { label: string; url: string }[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const match = LINK_LINE.exec(line.trim());
    if (!match) {
      problem(`write each link as - [label](https://…), not “${line.trim().slice(0, 60)}”`);
      continue;
    }
    links.push({ label: (match[1] ?? "").replace(/\\(.)/g, "$1"), url: match[2] ?? "" });
  }
  return links;
}

function readToil(lines: string[], problem: (message: string) => void) {
  const toil: { description: string; minutes: number }[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const match = TOIL_LINE.exec(line.trim());
    if (!match) {
      problem(
        `write each entry as - what was done by hand — 15 min, not “${line.trim().slice(0, 60)}”`,
      );
      continue;
    }
    toil.push({ description: match[1] ?? "", minutes: Number(match[2]) });
  }
  return toil;
}

// ---------------------------------------------------------------------------------------------
// Writing Markdown

const PLAIN_SCALAR = /^[^\s"'[][^\n]*[^\s]$|^[^\s"'[]$/;
const PLAIN_LIST_ITEM = /^[^\s"',[\]]([^,[\]"']*[^\s,[\]"'])?$/;

const scalar = (value: string) => (PLAIN_SCALAR.test(value) ? value : JSON.stringify(value));
const listItem = (value: string) => (PLAIN_LIST_ITEM.test(value) ? value : JSON.stringify(value));
const escapeLabel = (label: string) => label.replace(/[\\[\]]/g, "\\$&");

/** One write-up as a Markdown file with front matter, as the zip import reads it. */
export function writeupToMarkdown(w: PortableWriteup): string {
  const fixHeading = w.resolution === "works_as_designed" ? "Expected behaviour" : "Fix";
  const section = (heading: string, content: string) =>
    content ? `## ${heading}\n\n${content}` : `## ${heading}`;
  const blocks = [
    [
      "---",
      `external_id: ${scalar(w.external_id)}`,
      `title: ${scalar(w.title)}`,
      `component: ${scalar(w.component)}`,
      `resolution: ${w.resolution}`,
      `tags: [${w.tags.map(listItem).join(", ")}]`,
      "---",
    ].join("\n"),
    `# ${w.title}`,
    section("Symptom", escapeSectionText(w.symptom)),
    section("Root cause", escapeSectionText(w.root_cause)),
    section(fixHeading, escapeSectionText(w.fix)),
    section("How it was debugged", escapeSectionText(w.debugging)),
  ];
  if (w.links.length) {
    blocks.push(
      section("Links", w.links.map((l) => `- [${escapeLabel(l.label)}](${l.url})`).join("\n")),
    );
  }
  if (w.toil.length) {
    blocks.push(
      section("Toil", w.toil.map((t) => `- ${t.description} — ${t.minutes} min`).join("\n")),
    );
  }
  return `${blocks.join("\n\n")}\n`;
}

/** "Invoice total rounds the wrong way" → "invoice-total-rounds-the-wrong-way". */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "writeup";
}

// ---------------------------------------------------------------------------------------------
// Export

export interface ExportedWriteup {
  id: number;
  writeup: PortableWriteup;
}

/** Every published write-up in id order, canonical, with `koan-<id>` when it has no external id. */
export async function listPortableWriteups(db: DB): Promise<ExportedWriteup[]> {
  const rows = await db
    .selectFrom("writeups")
    .select([
      "id",
      "external_id",
      "title",
      "component",
      "resolution",
      "symptom",
      "root_cause",
      "fix",
      "debugging",
    ])
    .where("status", "=", "published")
    .orderBy("id")
    .execute();
  const children = await childrenOf(db, null);
  return rows.map((row) => ({
    id: row.id,
    writeup: toPortable(row.external_id ?? `koan-${row.id}`, {
      title: row.title,
      component: row.component,
      resolution: row.resolution,
      symptom: row.symptom,
      rootCause: row.root_cause,
      fix: row.fix,
      debugging: row.debugging,
      ...(children.get(row.id) ?? { tags: [], links: [], toil: [] }),
    }),
  }));
}

interface Children {
  tags: string[];
  links: { label: string; url: string }[];
  toil: { description: string; minutes: number }[];
}

/** Tags, links and toil of every published write-up (ids null), or of the given ids. */
async function childrenOf(db: DB, ids: readonly number[] | null): Promise<Map<number, Children>> {
  const out = new Map<number, Children>();
  if (ids !== null && ids.length === 0) return out;
  const of = (id: number) => {
    let c = out.get(id);
    if (!c) {
      c = { tags: [], links: [], toil: [] };
      out.set(id, c);
    }
    return c;
  };
  const tags = await db
    .selectFrom("writeup_tags as c")
    .innerJoin("writeups as w", "w.id", "c.writeup_id")
    .select(["c.writeup_id", "c.tag"])
    .$if(ids === null, (q) => q.where("w.status", "=", "published"))
    .$if(ids !== null, (q) => q.where("c.writeup_id", "in", ids ?? []))
    .orderBy("c.writeup_id")
    .orderBy("c.tag")
    .execute();
  for (const t of tags) of(t.writeup_id).tags.push(t.tag);
  const links = await db
    .selectFrom("writeup_links as c")
    .innerJoin("writeups as w", "w.id", "c.writeup_id")
    .select(["c.writeup_id", "c.label", "c.url"])
    .$if(ids === null, (q) => q.where("w.status", "=", "published"))
    .$if(ids !== null, (q) => q.where("c.writeup_id", "in", ids ?? []))
    .orderBy("c.id")
    .execute();
  for (const l of links) of(l.writeup_id).links.push({ label: l.label, url: l.url });
  const toil = await db
    .selectFrom("toil as c")
    .innerJoin("writeups as w", "w.id", "c.writeup_id")
    .select(["c.writeup_id", "c.description", "c.minutes"])
    .$if(ids === null, (q) => q.where("w.status", "=", "published"))
    .$if(ids !== null, (q) => q.where("c.writeup_id", "in", ids ?? []))
    .orderBy("c.id")
    .execute();
  for (const t of toil)
    of(t.writeup_id).toil.push({ description: t.description, minutes: t.minutes });
  return out;
}

/** The published knowledge base as the JSON file the import reads. */
export async function exportKnowledgeBaseJson(db: DB): Promise<string> {
  const writeups = await listPortableWriteups(db);
  return `${JSON.stringify(
    writeups.map((w) => w.writeup),
    null,
    2,
  )}\n`;
}

/** The published knowledge base as a zip of `<id>-<slug>.md` files. */
export async function exportKnowledgeBaseZip(
  db: DB,
  now: Date = new Date(),
): Promise<Uint8Array<ArrayBuffer>> {
  const writeups = await listPortableWriteups(db);
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {};
  for (const { id, writeup } of writeups) {
    files[`${id}-${slugify(writeup.title)}.md`] = encoder.encode(writeupToMarkdown(writeup));
  }
  return zipSync(files, { level: 6, mtime: now });
}

// ---------------------------------------------------------------------------------------------
// Preview and apply

export type KbItemAction = "create" | "update" | "unchanged";

export interface KbImportPreview {
  create: number;
  update: number;
  unchanged: number;
  sample: { where: string; externalId: string; title: string; action: KbItemAction }[];
}

interface Existing {
  id: number;
  status: "draft" | "published";
  fingerprint: string;
}

/** The write-ups already holding these external ids, with what they hold now. */
async function findExisting(
  db: DB,
  externalIds: readonly string[],
): Promise<Map<string, Existing>> {
  const found = new Map<string, Existing>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const chunk = externalIds.slice(i, i + 500);
    const rows = await db
      .selectFrom("writeups")
      .select([
        "id",
        "external_id",
        "status",
        "title",
        "component",
        "resolution",
        "symptom",
        "root_cause",
        "fix",
        "debugging",
      ])
      .where("external_id", "in", chunk)
      .execute();
    const children = await childrenOf(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      if (row.external_id === null) continue;
      found.set(row.external_id, {
        id: row.id,
        status: row.status,
        fingerprint: fingerprint({
          title: row.title,
          component: row.component,
          resolution: row.resolution,
          symptom: row.symptom,
          rootCause: row.root_cause,
          fix: row.fix,
          debugging: row.debugging,
          ...(children.get(row.id) ?? { tags: [], links: [], toil: [] }),
        }),
      });
    }
  }
  return found;
}

function actionFor(item: KbImportItem, existing: Existing | undefined): KbItemAction {
  if (!existing) return "create";
  return existing.status === "published" && existing.fingerprint === fingerprint(item.writeup)
    ? "unchanged"
    : "update";
}

/** What applying `items` would do: each is compared with the write-up of the same external id. */
export async function previewKbImport(
  db: DB,
  items: readonly KbImportItem[],
  opts: { sampleSize?: number } = {},
): Promise<KbImportPreview> {
  const existing = await findExisting(
    db,
    items.map((i) => i.externalId),
  );
  const preview: KbImportPreview = { create: 0, update: 0, unchanged: 0, sample: [] };
  const sampleSize = opts.sampleSize ?? 50;
  for (const item of items) {
    const action = actionFor(item, existing.get(item.externalId));
    preview[action]++;
    if (preview.sample.length < sampleSize) {
      preview.sample.push({
        where: item.where,
        externalId: item.externalId,
        title: item.writeup.title,
        action,
      });
    }
  }
  return preview;
}

export interface KbImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Creates or updates a published write-up per item (upsert on external id), a chunk of items per
 * short write transaction. Imported write-ups have no author; the audit names the importer.
 */
export async function applyKbImport(
  db: DB,
  input: { actorId: number; items: readonly KbImportItem[]; fileName?: string },
  now: Date = new Date(),
): Promise<KbImportCounts> {
  const counts: KbImportCounts = { created: 0, updated: 0, unchanged: 0 };
  if (!input.items.length) return counts;
  for (let start = 0; start < input.items.length; start += APPLY_CHUNK_SIZE) {
    const part = input.items.slice(start, start + APPLY_CHUNK_SIZE);
    const last = start + APPLY_CHUNK_SIZE >= input.items.length;
    await writeTransaction(db, async (trx) => {
      const existing = await findExisting(
        trx,
        part.map((i) => i.externalId),
      );
      for (const item of part) {
        const current = existing.get(item.externalId);
        const action = actionFor(item, current);
        if (action === "create") {
          await insertWriteup(
            trx,
            {
              authorId: null,
              writeup: item.writeup,
              status: "published",
              externalId: item.externalId,
            },
            now,
          );
        } else if (action === "update" && current) {
          await replaceWriteupContent(trx, current.id, item.writeup, now);
          if (current.status !== "published") {
            await trx
              .updateTable("writeups")
              .set((eb) => ({
                status: "published",
                published_at: eb.fn.coalesce("published_at", eb.val(now.toISOString())),
              }))
              .where("id", "=", current.id)
              .execute();
          }
        }
        counts[action === "create" ? "created" : action === "update" ? "updated" : "unchanged"]++;
      }
      if (last) {
        await recordAudit(
          trx,
          {
            actorId: input.actorId,
            action: "writeups.imported",
            subjectType: "writeup_import",
            subjectId: null,
            data: { file: input.fileName ?? null, items: input.items.length, ...counts },
          },
          now,
        );
      }
    });
    if (!last) await new Promise((resolve) => setImmediate(resolve));
  }
  resetVocabulary(db);
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Batches: a preview's good items, kept until it is confirmed (once) or expires

export interface KbImportBatch {
  id: string;
  actorId: number;
  fileName: string;
  createdAt: string;
  items: KbImportItem[];
  problems: number;
  skipped: number;
}

const batches = batchStore<Omit<KbImportBatch, "id" | "createdAt">>(
  "koan-kb-imports",
  KB_BATCH_TTL_MS,
);

export const kbBatchIdField = batchIdField;
export const defaultKbBatchDir = batches.defaultDir;
export const saveKbImportBatch = batches.save;
/** Reads and removes the batch so it is applied once; null when unknown, expired or another user's. */
export const takeKbImportBatch: (
  id: string,
  actorId: number,
  now?: Date,
  dir?: string,
) => Promise<KbImportBatch | null> = batches.take;

export interface KbImportResult extends KbImportCounts {
  fileName: string;
  problems: number;
  skipped: number;
}

/** Applies a confirmed preview. */
export async function runKbImportBatch(
  db: DB,
  input: { batchId: string; actorId: number; dir?: string },
  now: Date = new Date(),
): Promise<{ ok: true; result: KbImportResult } | { ok: false; reason: "expired" }> {
  const batch = await takeKbImportBatch(input.batchId, input.actorId, now, input.dir);
  if (!batch) return { ok: false, reason: "expired" };
  const counts = await applyKbImport(
    db,
    { actorId: input.actorId, items: batch.items, fileName: batch.fileName },
    now,
  );
  return {
    ok: true,
    result: {
      ...counts,
      fileName: batch.fileName,
      problems: batch.problems,
      skipped: batch.skipped,
    },
  };
}
