import type { z } from "zod";

/**
 * Reads JSON text (a JSON column, a stored file) through `schema`. Text that is not JSON, or
 * JSON of another shape, gives `fallback`: stored data is never trusted to be what it was meant
 * to be, and a bad row never takes a page down.
 */
export function parseJson<T>(schema: z.ZodType<T>, text: string, fallback: T): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fallback;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}
