import type { Resolution } from "#db/schema";
import { clip } from "~/lib/clip";
import { COMPONENT_MAX_LENGTH } from "~/lib/fields";
import type { ImportProblem } from "~/lib/imports";
import { normalizeTags, type WriteupInput } from "../writeups.server";

// The portable write-up: the shape the JSON export writes and both import formats are read into,
// and the canonical values the import stores and the export writes.

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
  /**
   * When it was first published and last changed (ISO-8601), so a knowledge base moved to a new
   * instance keeps its ages: without them every write-up looked new, none was due for review, and
   * date filters and "updated 2 years ago" told the day of the import. Not part of the content
   * the preview compares. Optional in a file: without them the import's own time is used.
   */
  published_at?: string;
  updated_at?: string;
  /**
   * Who wrote it and who signed it off (a mentor's or lead's verification), by name and e-mail,
   * and how many readers found it helpful or not: counts, never who voted. Present when there is
   * something to say. The import gives a new write-up the author whose address has an account
   * there; it reads the rest without keeping it (a sign-off is made in Koan, not by a file, and
   * votes belong to the readers who cast them).
   */
  author_name?: string;
  author_email?: string;
  verified_by_name?: string;
  verified_by_email?: string;
  verified_at?: string;
  helpful_votes?: number;
  not_helpful_votes?: number;
}

/** Who wrote and signed off a write-up, and its vote counts, in the front matter's order. */
export const CREDITS = [
  "author_name",
  "author_email",
  "verified_by_name",
  "verified_by_email",
  "verified_at",
  "helpful_votes",
  "not_helpful_votes",
] as const satisfies readonly (keyof PortableWriteup)[];

/** A good item, ready to upsert. `where` is "item 3" (JSON) or the file's path in the zip. */
export interface KbImportItem {
  where: string;
  externalId: string;
  writeup: WriteupInput;
  /** The file's dates (ISO-8601), used when the item creates a write-up. */
  publishedAt?: string;
  updatedAt?: string;
  /** The file's author's e-mail: a new write-up's author when it has an account here. */
  authorEmail?: string;
}

/** Why an item will not be imported: "item 4, resolution: must be one of …". */
export type KbImportProblem = ImportProblem<{ where: string }>;

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

// ---------------------------------------------------------------------------------------------
// Canonical values: what the import stores and the export writes. Each is idempotent.

/**
 * Markdown without leading blank lines, trailing whitespace or carriage returns, composed (NFC)
 * as the write-ups store it (a file written on macOS may hold Korean decomposed).
 */
export function canonicalMarkdown(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/^(?:[ \t]*\n)+/, "")
    .replace(/\s+$/, "");
}

/** One line of text, composed: every run of whitespace becomes one space. */
const oneLine = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim();

const canonicalComponent = (component: string) =>
  component.normalize("NFC").trim().toLowerCase().slice(0, COMPONENT_MAX_LENGTH);

export function canonicalWriteup(input: WriteupInput): WriteupInput {
  return {
    title: clip(oneLine(input.title), 300),
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

/** A write-up row and its tags, links and toil, as the content the import and export compare. */
export function contentOfRow(
  row: {
    title: string;
    component: string;
    resolution: Resolution;
    symptom: string;
    root_cause: string;
    fix: string;
    debugging: string;
  },
  children: Pick<WriteupInput, "tags" | "links" | "toil"> | undefined,
): WriteupInput {
  return {
    title: row.title,
    component: row.component,
    resolution: row.resolution,
    symptom: row.symptom,
    rootCause: row.root_cause,
    fix: row.fix,
    debugging: row.debugging,
    ...(children ?? { tags: [], links: [], toil: [] }),
  };
}

export function toPortable(externalId: string, w: WriteupInput): PortableWriteup {
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
export const fingerprint = (w: WriteupInput) => JSON.stringify(toPortable("", w));

/** Whether `text` holds a control character (line breaks and tabs included). */
export function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) return true;
  }
  return false;
}
