import type { z } from "zod";

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

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value !== "string" || SECRET.test(key)) continue;
    values[key] = key in values ? `${values[key]}, ${value}` : value;
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
  const input: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    input[key] = arrayFields.includes(key) ? all : all.at(-1);
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  let formError: string | undefined;
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (field === undefined) formError ??= issue.message;
    else errors[String(field)] ??= issue.message;
  }
  return { ok: false, errors, values: formValues(formData), formError };
}

export function failure(formData: FormData, errors: FieldErrors, formError?: string): FormFailure {
  return { errors, values: formValues(formData), formError };
}
