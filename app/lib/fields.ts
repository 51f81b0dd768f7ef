import { z } from "zod";

// Shared field schemas, so every form says the same thing about the same kind of value.

export const requiredText = (label: string, max = 200) =>
  z
    .string({ message: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`);

export const emailField = z
  .string({ message: "E-mail is required." })
  .trim()
  .min(1, "E-mail is required.")
  .max(254, "That e-mail address is too long.")
  .pipe(z.email({ message: "Enter an e-mail address like name@example.com." }));

export const newPasswordField = z
  .string({ message: "Choose a password." })
  .min(12, "Use at least 12 characters.")
  .max(256, "Use at most 256 characters.");

export const dateField = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-09-01.")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "That date does not exist.");

export const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .pipe(dateField.optional());

export const roleField = z.enum(["newcomer", "mentor", "lead"], {
  message: "Choose newcomer, mentor or lead.",
});

export const capacityField = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? Number(v) : undefined))
  .pipe(
    z
      .number({ message: "Capacity must be a whole number." })
      .int("Capacity must be a whole number.")
      .min(0, "Capacity can't be negative.")
      .max(20, "Capacity can be at most 20.")
      .optional(),
  );

/** "billing, Search ,api" → ["billing", "search", "api"] */
export const componentsField = z
  .string()
  .optional()
  .transform((v) => [
    ...new Set(
      (v ?? "")
        .split(",")
        .map((c) => c.trim().toLowerCase())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(
        z
          .string()
          .max(40, "Each component name must be at most 40 characters.")
          .regex(
            /^[\p{L}\p{N}][\p{L}\p{N} _./-]*$/u,
            "Use letters, digits, spaces, - _ . / in component names.",
          ),
      )
      .max(12, "List at most 12 components."),
  );

/** A positive integer id from a URL or form field; anything else is a 404 or 400 upstream. */
export const idField = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  // Plain decimal digits only: "0x1f", "1e3" or " 7" are not ids.
  z
    .string()
    .regex(/^[1-9]\d{0,15}$/)
    .transform(Number)
    .pipe(z.number().max(Number.MAX_SAFE_INTEGER)),
]);
