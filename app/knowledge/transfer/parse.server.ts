import path from "node:path";
import { z } from "zod";
import { RESOLUTIONS } from "#db/schema";
import { COMPONENT_MAX_LENGTH, COMPONENT_PATTERN } from "~/lib/fields";
import { CATALOGS } from "~/lib/i18n/catalogs.server";
import { LOCALES } from "~/lib/i18n/locales";
import { k } from "~/lib/i18n/messages";
import { MAX_IMPORT_FILE_BYTES } from "~/lib/imports";
import { showsSomething } from "~/lib/invisible";
import { readJsonArray } from "~/lib/json-array.server";
import { NAME_MAX } from "~/lib/names";
import { decodeCp949 } from "~/lib/text-pieces";
import { timeSlicer } from "~/lib/time-slice";
import { parseMarkdownWriteup } from "./markdown-files.server";
import {
  CREDITS,
  canonicalWriteup,
  hasControl,
  type KbImportFormat,
  type KbImportItem,
  type KbImportProblem,
  type KbImportSkip,
  type ParsedKbImport,
} from "./portable.server";
import { readZipDirectory, unpackEntry, unsafeName } from "./zip.server";

// Knowledge-base import and export: a JSON array of write-ups, or a zip of Markdown files with
// front matter. The export writes exactly what the import reads, so export → import → export
// gives the same files, save what the import leaves behind: verifications, votes, and an author
// with no account there (PortableWriteup). Nothing here knows about HTTP. This file reads an upload into validated
// items; beside it: zip.server.ts (the archive), markdown-files.server.ts and front-matter.ts
// (one write-up as a file), preview.server.ts (preview, apply, batches), export.server.ts.

export const MAX_KB_IMPORT_BYTES = MAX_IMPORT_FILE_BYTES;
/** One Markdown file: five fields of at most 50,000 characters, with room to spare. */
const MAX_MARKDOWN_FILE_BYTES = 1024 * 1024;
const MAX_KB_ITEMS = 5000;

const fail = (message: string): ParsedKbImport => ({ ok: false, message });
/** Problem columns that are not a write-up's field names (those stay as the format spells them). */
const FILE_NAME = k("knowledge.importField.fileName");
const FILE = k("knowledge.importField.file");
const ITEM = k("knowledge.importField.item");

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
 * empty or unreadable as a whole gives `{ ok: false, message }`. Read in slices between which
 * other requests run: a 10 MB file took 220–430 ms to read and check in one go.
 */
export async function parseKbImportFile(
  name: string,
  contentType: string,
  content: Uint8Array | string,
): Promise<ParsedKbImport> {
  // For messages made here (k() values): “name”, or "That file" in the reader's language.
  const file: FileLabel = { file: name, named: name ? "yes" : "no" };
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  if (bytes.byteLength > MAX_KB_IMPORT_BYTES) {
    return fail(k("knowledge.importFile.tooLarge", file));
  }
  const kind = detectKind(name, contentType, bytes);
  if (!kind) {
    return fail(k("knowledge.importFile.notJsonOrZip", file));
  }
  if (bytes.byteLength === 0) return fail(k("knowledge.importFile.empty", file));
  return kind === "json" ? parseJsonFile(file, bytes) : parseZipFile(file, bytes);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The file a message is about: “name”, or "That file" when the upload had no name. */
interface FileLabel {
  [key: string]: string;
  file: string;
  named: "yes" | "no";
}

async function parseJsonFile(label: FileLabel, bytes: Uint8Array): Promise<ParsedKbImport> {
  const text = utf8(bytes);
  if (text === null) return fail(k("knowledge.importFile.notUtf8", label));
  if (!text.trim()) return fail(k("knowledge.importFile.empty", label));
  const read = await readJsonArray(text);
  if (!read.ok && read.reason === "notArray") {
    return fail(k("knowledge.importFile.jsonNotArray", label));
  }
  if (!read.ok) {
    return fail(
      read.line
        ? k("knowledge.importFile.jsonInvalidNear", { ...label, line: read.line })
        : k("knowledge.importFile.jsonInvalid", label),
    );
  }
  const json = read.items;
  if (json.length === 0) return fail(k("knowledge.importFile.jsonEmpty", label));
  if (json.length > MAX_KB_ITEMS) {
    return fail(
      k("knowledge.importFile.tooMany", { ...label, count: json.length, max: MAX_KB_ITEMS }),
    );
  }
  const slice = timeSlicer();
  const collector = new ItemCollector();
  for (const [index, item] of json.entries()) {
    const where = k("knowledge.importRow.item", { number: index + 1 });
    if (!isObject(item)) {
      collector.problem({ where, field: ITEM, problem: k("knowledge.importRow.notObject") });
    } else collector.item(where, item, null);
    await slice();
  }
  return { ok: true, format: "json", ...collector.result() };
}

// ---------------------------------------------------------------------------------------------
// Validation shared by both formats: a Markdown file is first turned into the JSON item shape.

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
  "published_at",
  "updated_at",
  ...CREDITS,
]);

/** A date and time as ISO-8601 (a date alone is that day's midnight UTC), stored as toISOString. */
const dateTimeField = z
  .string({ message: k("knowledge.importRow.dateTime") })
  .trim()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i.test(
        v,
      ) && Number.isFinite(Date.parse(v.replace(" ", "T"))),
    k("knowledge.importRow.dateTime"),
  )
  .transform((v) => new Date(Date.parse(v.replace(" ", "T"))).toISOString())
  .optional();

/** A person's name or address as an export writes it: one line. Only an address is ever used. */
const creditText = (max: number) =>
  z
    .string({ message: k("knowledge.importRow.text") })
    .trim()
    .max(max, k("knowledge.importRow.tooLong", { max }))
    .refine((v) => !hasControl(v), k("knowledge.importRow.oneLine"))
    .optional();

/** A vote count: a whole number, written as one in JSON or as digits in front matter. */
const voteCount = z
  .preprocess(
    (v) => (typeof v === "string" && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : v),
    z
      .number({ message: k("knowledge.importRow.count") })
      .int(k("knowledge.importRow.count"))
      .min(0, k("knowledge.importRow.negative")),
  )
  .optional();

const markdownField = () =>
  z
    .string({ message: k("knowledge.importRow.text") })
    .max(50_000, k("knowledge.importRow.tooLong", { max: 50_000 }))
    .default("");

const idValue = z
  .union([z.string(), z.number().int().nonnegative()], {
    message: k("knowledge.importRow.textOrNumber"),
  })
  .transform((v) => String(v).trim())
  .pipe(
    z
      .string()
      .max(200, k("knowledge.importRow.tooLong", { max: 200 }))
      .refine((v) => !hasControl(v), k("knowledge.importRow.oneLine")),
  );

/** An http(s) URL, or a path inside Koan (/kb/12, /tickets/3) as the write-up form accepts. */
const httpUrl = z
  .string({ message: k("knowledge.importRow.url") })
  .trim()
  .max(2000, k("knowledge.importRow.tooLong", { max: 2000 }))
  .refine(
    (u) => (/^https?:\/\/\S+$/i.test(u) && URL.canParse(u)) || /^\/(?![/\\])\S*$/.test(u),
    k("knowledge.importRow.urlOrPath"),
  );

/**
 * A resolution kind as Koan's pages name it, in any of its languages ("의도된 동작", "Works as
 * designed"), read as its code: a Korean team's Markdown says what its pages say. Codes pass as
 * they are; anything else is left for the enum to refuse with the list of codes.
 */
const RESOLUTION_BY_NAME = new Map(
  LOCALES.flatMap((locale) =>
    RESOLUTIONS.map((code) => [nameKey(CATALOGS[locale][`core.resolution.${code}`] ?? code), code]),
  ),
);

function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, " ");
}

function resolutionCode(value: unknown): unknown {
  return typeof value === "string" ? (RESOLUTION_BY_NAME.get(nameKey(value)) ?? value) : value;
}

const itemSchema = z.object({
  id: idValue.optional(),
  external_id: idValue.optional(),
  title: z
    .string({ message: k("knowledge.importRow.required") })
    .trim()
    .refine(showsSomething, k("knowledge.importRow.required"))
    .max(300, k("knowledge.importRow.tooLong", { max: 300 }))
    .refine((v) => !hasControl(v), k("knowledge.importRow.oneLine")),
  component: z
    .string({ message: k("knowledge.importRow.text") })
    .trim()
    .max(COMPONENT_MAX_LENGTH, k("knowledge.importRow.tooLong", { max: COMPONENT_MAX_LENGTH }))
    .refine((v) => !hasControl(v), k("knowledge.importRow.oneLine"))
    .refine((v) => !v || COMPONENT_PATTERN.test(v), k("knowledge.importRow.component"))
    .default(""),
  resolution: z.preprocess(
    resolutionCode,
    z.enum(RESOLUTIONS, {
      message: k("knowledge.importRow.oneOf", { values: RESOLUTIONS.join(", ") }),
    }),
  ),
  tags: z
    .array(
      z
        .string({ message: k("knowledge.importRow.text") })
        .max(40, k("knowledge.importRow.tooLong", { max: 40 })),
      {
        message: k("knowledge.importRow.tagList"),
      },
    )
    .max(20, k("knowledge.importRow.tooManyTags", { max: 20 }))
    .default([]),
  symptom: markdownField(),
  root_cause: markdownField(),
  fix: markdownField(),
  debugging: markdownField(),
  links: z
    .array(
      z.object(
        {
          label: z
            .string({ message: k("knowledge.importRow.text") })
            .max(120, k("knowledge.importRow.tooLong", { max: 120 }))
            .default(""),
          url: httpUrl,
        },
        { message: k("knowledge.importRow.linkObject") },
      ),
      { message: k("knowledge.importRow.linkList") },
    )
    .max(30, k("knowledge.importRow.tooManyLinks", { max: 30 }))
    .default([]),
  toil: z
    .array(
      z.object(
        {
          description: z
            .string({ message: k("knowledge.importRow.required") })
            .trim()
            .refine(showsSomething, k("knowledge.importRow.required"))
            .max(300, k("knowledge.importRow.tooLong", { max: 300 })),
          minutes: z
            .number({ message: k("knowledge.importRow.minutes") })
            .int(k("knowledge.importRow.minutes"))
            .min(0, k("knowledge.importRow.negative"))
            .max(100_000, k("knowledge.importRow.atMost", { max: 100_000 })),
        },
        { message: k("knowledge.importRow.toilObject") },
      ),
      { message: k("knowledge.importRow.toilList") },
    )
    .max(30, k("knowledge.importRow.tooManyToil", { max: 30 }))
    .default([]),
  status: z
    .enum(["published", "draft"], { message: k("knowledge.importRow.status") })
    .default("published"),
  published_at: dateTimeField,
  updated_at: dateTimeField,
  author_name: creditText(NAME_MAX),
  author_email: creditText(254),
  verified_by_name: creditText(NAME_MAX),
  verified_by_email: creditText(254),
  verified_at: dateTimeField,
  helpful_votes: voteCount,
  not_helpful_votes: voteCount,
});

/**
 * One problem per field (its first message). A nested one names its entry in the field, as a
 * JSON path counted from 0: `toil[0].minutes`; the message stays one k() key.
 */
function problemsFrom(where: string, error: z.ZodError): KbImportProblem[] {
  const byField = new Map<string, KbImportProblem>();
  for (const issue of error.issues) {
    const [field, index, inner] = issue.path;
    const key = field === undefined ? ITEM : String(field);
    if (byField.has(key)) continue;
    const shown =
      typeof index === "number"
        ? `${key}[${index}]${inner !== undefined ? `.${String(inner)}` : ""}`
        : key;
    byField.set(key, { where, field: shown, problem: issue.message });
  }
  return [...byField.values()];
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
        problem: k("knowledge.importRow.externalIdRequired"),
      });
    }
    if (externalId) {
      const first = this.seen.get(externalId);
      if (first !== undefined) {
        problems.push({
          where,
          field: "external_id",
          problem: k("knowledge.importRow.duplicate", { id: externalId, first }),
        });
      } else this.seen.set(externalId, where);
    }
    if (problems.length || !data || !externalId) {
      this.problems.push(...problems);
      return;
    }
    if (data.status === "draft") {
      this.skipped.push({ where, reason: k("knowledge.importRow.draft") });
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
      ...(data.published_at ? { publishedAt: data.published_at } : {}),
      ...(data.updated_at ? { updatedAt: data.updated_at } : {}),
      ...(data.author_email ? { authorEmail: data.author_email } : {}),
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

async function parseZipFile(file: FileLabel, bytes: Uint8Array): Promise<ParsedKbImport> {
  const directory = readZipDirectory(file, bytes);
  if (!directory.ok) return fail(directory.message);
  const slice = timeSlicer();
  const collector = new ItemCollector();
  let markdownFiles = 0;
  const names = new Set<string>();
  for (const entry of directory.entries) {
    await slice();
    const where = entry.name;
    const unsafe = unsafeName(entry.name);
    if (unsafe) {
      collector.problem({ where, field: FILE_NAME, problem: unsafe });
      continue;
    }
    if (names.has(entry.name)) {
      collector.problem({
        where,
        field: FILE_NAME,
        problem: k("knowledge.importRow.twiceInZip"),
      });
      continue;
    }
    names.add(entry.name);
    if (entry.name.endsWith("/")) continue; // a folder
    const base = path.posix.basename(entry.name.replace(/\\/g, "/"));
    if (entry.name.startsWith("__MACOSX/") || base.startsWith("._") || base === ".DS_Store") {
      collector.skip({ where, reason: k("knowledge.importRow.macMetadata") });
      continue;
    }
    if (!/\.(md|markdown)$/i.test(base)) {
      collector.skip({ where, reason: k("knowledge.importRow.notMarkdown") });
      continue;
    }
    markdownFiles++;
    if (entry.size > MAX_MARKDOWN_FILE_BYTES) {
      collector.problem({ where, field: FILE, problem: k("knowledge.importRow.fileTooLarge") });
      continue;
    }
    const unpacked = unpackEntry(bytes, entry);
    if (!unpacked.ok) {
      collector.problem({ where, field: FILE, problem: unpacked.problem });
      continue;
    }
    // A Markdown file not in UTF-8 was most likely saved on Korean Windows (Notepad's "ANSI").
    const text = utf8(unpacked.bytes) ?? decodeCp949(unpacked.bytes);
    if (text === null) {
      collector.problem({ where, field: FILE, problem: k("knowledge.importRow.notUtf8") });
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
    return fail(k("knowledge.importFile.noMarkdown", file));
  }
  return { ok: true, format: "zip", ...collector.result() };
}
