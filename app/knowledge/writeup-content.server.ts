import type { DB } from "#db/client";
import type { Resolution } from "#db/schema";
import { clip } from "~/lib/clip";
import { COMPONENT_MAX_LENGTH } from "~/lib/fields";

// A write-up's content as it is stored: the columns a form's input becomes, and the snapshot a
// sign-off vouches for (./writeups.server writes them).

export interface WriteupInput {
  title: string;
  symptom: string;
  component: string;
  rootCause: string;
  fix: string;
  debugging: string;
  resolution: Resolution;
  tags: string[];
  links: { label: string; url: string }[];
  toil: { description: string; minutes: number }[];
}

export function normalizeTags(tags: readonly string[]): string[] {
  return [
    ...new Set(
      tags.map((t) => t.normalize("NFC").trim().toLowerCase().replace(/\s+/g, "-")).filter(Boolean),
    ),
  ]
    .map((t) => clip(t, 40))
    .slice(0, 20)
    .sort();
}

/**
 * Text as it is stored and indexed: composed (NFC). Korean written on macOS may come decomposed
 * (a file's text, a paste from a file name), one letter (jamo) at a time, which search would
 * never meet with the syllables a query holds.
 */
const composed = (text: string) => text.normalize("NFC");

export function columns(input: WriteupInput) {
  const tags = normalizeTags(input.tags);
  return {
    tags,
    values: {
      title: clip(composed(input.title).trim(), 300),
      symptom: composed(input.symptom),
      component: composed(input.component).trim().toLowerCase().slice(0, COMPONENT_MAX_LENGTH),
      root_cause: composed(input.rootCause),
      fix: composed(input.fix),
      debugging: composed(input.debugging),
      resolution: input.resolution,
      tags_text: tags.join(" "),
    },
  };
}

/** What a sign-off vouches for: every content field, by the label the page gives it. */
const CONTENT_FIELDS = {
  title: "Title",
  symptom: "Symptom",
  component: "Component",
  root_cause: "Root cause",
  fix: "Fix",
  debugging: "Debugging",
  resolution: "Resolution",
  tags_text: "Tags",
  links: "Links",
} as const;
type ContentField = keyof typeof CONTENT_FIELDS;
type ContentSnapshot = Record<ContentField, string>;

/** The verified content, kept when an edit clears the verification (writeups.verified_snapshot). */
export interface VerifiedSnapshot {
  by: number | null;
  at: string;
  content: ContentSnapshot;
}

export async function contentSnapshot(trx: DB, writeupId: number): Promise<ContentSnapshot | null> {
  const row = await trx
    .selectFrom("writeups")
    .select([
      "title",
      "symptom",
      "component",
      "root_cause",
      "fix",
      "debugging",
      "resolution",
      "tags_text",
    ])
    .where("id", "=", writeupId)
    .executeTakeFirst();
  if (!row) return null;
  const links = await trx
    .selectFrom("writeup_links")
    .select(["label", "url"])
    .where("writeup_id", "=", writeupId)
    .orderBy("id")
    .execute();
  return {
    title: row.title,
    symptom: row.symptom ?? "",
    component: row.component ?? "",
    root_cause: row.root_cause ?? "",
    fix: row.fix ?? "",
    debugging: row.debugging ?? "",
    resolution: row.resolution ?? "",
    tags_text: row.tags_text ?? "",
    links: links.map((l) => `${l.label} ${l.url}`).join("\n"),
  };
}

export function changedFields(before: ContentSnapshot, after: ContentSnapshot): string[] {
  return (Object.keys(CONTENT_FIELDS) as ContentField[])
    .filter((field) => (before[field] ?? "") !== (after[field] ?? ""))
    .map((field) => CONTENT_FIELDS[field]);
}

export function readSnapshot(json: string | null): VerifiedSnapshot | null {
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as VerifiedSnapshot;
    return parsed && typeof parsed === "object" && parsed.content ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Whether saving `input` would leave the write-up as it is: its content, tags, links and toil.
 * A save refused as stale that changes nothing (the same form sent twice) is no conflict.
 */
export async function sameAsStored(
  trx: DB,
  writeupId: number,
  input: WriteupInput,
): Promise<boolean> {
  const stored = await contentSnapshot(trx, writeupId);
  if (!stored) return false;
  const { values } = columns(input);
  const links = input.links
    .slice(0, 30)
    .map((l) => `${clip(l.label, 120)} ${l.url}`)
    .join("\n");
  const given = { ...values, links } as ContentSnapshot;
  if (changedFields(stored, given).length > 0) return false;
  const toil = await trx
    .selectFrom("toil")
    .select(["description", "minutes"])
    .where("writeup_id", "=", writeupId)
    .orderBy("id")
    .execute();
  const typed = input.toil.slice(0, 30).map((t) => ({
    description: clip(t.description.trim(), 300),
    minutes: Math.max(0, Math.round(t.minutes)),
  }));
  return JSON.stringify(toil) === JSON.stringify(typed);
}
