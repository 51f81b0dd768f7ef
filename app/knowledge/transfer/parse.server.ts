import path from "node:path";
import { z } from "zod";
import { RESOLUTIONS } from "#db/schema";
import { COMPONENT_MAX_LENGTH } from "~/lib/fields";
import { parseMarkdownWriteup } from "./markdown-files.server";
import {
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
// gives the same files. Nothing here knows about HTTP. This file reads an upload into validated
// items; beside it: zip.server.ts (the archive), markdown-files.server.ts and front-matter.ts
// (one write-up as a file), preview.server.ts (preview, apply, batches), export.server.ts.

export const MAX_KB_IMPORT_BYTES = 10 * 1024 * 1024;
/** One Markdown file: five fields of at most 50,000 characters, with room to spare. */
const MAX_MARKDOWN_FILE_BYTES = 1024 * 1024;
const MAX_KB_ITEMS = 5000;

const fail = (message: string): ParsedKbImport => ({ ok: false, message });

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

/** An http(s) URL, or a path inside Koan (/kb/12, /tickets/3) as the write-up form accepts. */
const httpUrl = z
  .string({ message: "must be a URL" })
  .trim()
  .max(2000, "must be at most 2,000 characters")
  .refine(
    (u) => (/^https?:\/\/\S+$/i.test(u) && URL.canParse(u)) || /^\/(?![/\\])\S*$/.test(u),
    "must be an http(s) URL or a path inside Koan such as /kb/12",
  );

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
    .max(COMPONENT_MAX_LENGTH, `must be at most ${COMPONENT_MAX_LENGTH} characters`)
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
