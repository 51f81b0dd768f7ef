import type { z } from "zod";
import { clip } from "./clip";
import { k } from "./i18n/messages";

export type FieldErrors = Partial<Record<string, string>>;

/** What an action answers with status 400: a message per field, and what the user typed. */
export interface FormFailure {
  errors: FieldErrors;
  values: Record<string, string>;
  formError?: string;
}

export type ParsedForm<T> = { ok: true; data: T } | ({ ok: false } & FormFailure);

/** Fields never sent back to the browser, even when the form is re-shown with errors. */
const SECRET = /password|token/i;

/**
 * What the user typed, to show again beside the errors. A value longer than any field takes is sent
 * back cut at ECHO_MAX characters, no more than ECHO_TOTAL in all, and ECHO_FIELDS names: a 10 MB
 * title, or 60,000 made-up names, would otherwise come back twice (in the page and in its data).
 */
export const ECHO_MAX = 100_000;
const ECHO_TOTAL = 400_000;
/** No form of Koan's has more fields than this; names past it are not sent back. */
const ECHO_FIELDS = 500;

export function formValues(formData: FormData): Record<string, string> {
  // No prototype: a field named "constructor" or "__proto__" is a field like any other.
  const values: Record<string, string> = Object.create(null);
  let room = ECHO_TOTAL;
  let fields = 0;
  for (const [key, value] of formData) {
    if (typeof value !== "string" || SECRET.test(key) || room <= 0) continue;
    const before = values[key];
    if (before === undefined && ++fields > ECHO_FIELDS) continue;
    if (before !== undefined && before.length >= ECHO_MAX) continue;
    const kept = clip(
      before === undefined ? value : `${before}, ${value}`,
      Math.min(ECHO_MAX, room + (before?.length ?? 0)),
    );
    room -= kept.length - (before?.length ?? 0);
    values[key] = kept;
  }
  return values;
}

/**
 * Validates a form with a zod schema. Repeated fields become arrays only where the schema's input
 * is an array; everything else takes its last value.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  arrayFields: readonly string[] = [],
): ParsedForm<z.output<S>> {
  // One pass over the entries: `getAll` per distinct name scans the whole form each time, which
  // made 60,000 distinct names take 17 s of the event loop.
  const input: Record<string, unknown> = Object.create(null);
  const withNul: string[] = [];
  for (const [key, value] of formData) {
    if (typeof value !== "string") {
      if (!(key in input) && arrayFields.includes(key)) input[key] = [];
      continue;
    }
    if (value.includes("\u0000")) withNul.push(key);
    if (arrayFields.includes(key)) {
      const list = input[key];
      if (Array.isArray(list)) list.push(value);
      else input[key] = [value];
    } else input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success && withNul.length === 0) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  let formError: string | undefined;
  for (const issue of result.success ? [] : result.error.issues) {
    const field = issue.path[0];
    if (field === undefined) formError ??= issue.message;
    else errors[String(field)] ??= issue.message;
  }
  // No keyboard types NUL and no page shows it (a page drops it: "a\u0000b" reads "ab"), so no
  // field of any form stores one, whether or not its schema says so. A field's own message comes
  // first (NUL alone is a field left empty).
  for (const key of withNul) errors[key] ??= k("core.field.controls");
  return { ok: false, errors, values: formValues(formData), formError };
}

export function failure(formData: FormData, errors: FieldErrors, formError?: string): FormFailure {
  return { errors, values: formValues(formData), formError };
}

/**
 * The version an edit form was opened at (its hidden `version` field: the record's updated_at),
 * for a command that refuses a save based on an older one; nothing when the form sent none.
 */
export function openedVersion(formData: FormData): { expectedUpdatedAt?: string } {
  const opened = formData.get("version");
  return typeof opened === "string" && opened ? { expectedUpdatedAt: opened } : {};
}
