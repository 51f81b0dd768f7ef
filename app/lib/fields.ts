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

/** Component names, wherever one is typed: tickets, write-ups, a mentor's areas, search filters. */
export const COMPONENT_MAX_LENGTH = 40;
export const COMPONENT_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _./-]*$/u;

/** A component name as typed in a form or a query, trimmed; `tooLong` says the 40-character rule. */
export const componentText = (tooLong = `Use at most ${COMPONENT_MAX_LENGTH} characters.`) =>
  z.string().trim().max(COMPONENT_MAX_LENGTH, tooLong);

/** A ticket's component: required, letters, digits, spaces and - _ . / only. */
export const componentField = z
  .string({ message: "Component is required." })
  .trim()
  .min(1, "Component is required.")
  .max(COMPONENT_MAX_LENGTH, `Use at most ${COMPONENT_MAX_LENGTH} characters.`)
  .regex(COMPONENT_PATTERN, "Use letters, digits, spaces, - _ . / in the component.");

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
          .max(
            COMPONENT_MAX_LENGTH,
            `Each component name must be at most ${COMPONENT_MAX_LENGTH} characters.`,
          )
          .regex(COMPONENT_PATTERN, "Use letters, digits, spaces, - _ . / in component names."),
      )
      .max(12, "List at most 12 components."),
  );

/** The note on a "this looks out of date" flag: shared by the write-up page's form and the domain. */
export const flagNoteField = z
  .string({ message: "Say what looks out of date, so a mentor can fix it." })
  .trim()
  .min(1, "Say what looks out of date, so a mentor can fix it.")
  .max(1000, "Keep the note under 1,000 characters.");

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

/** "PR https://github.com/o/r/pull/1" or a bare URL, one per line → { label, url }. */
export const linksField = z
  .string()
  .max(5000, "Keep the links under 5,000 characters.")
  .optional()
  .transform((value, ctx) => {
    const links: { label: string; url: string }[] = [];
    for (const [index, raw] of (value ?? "").split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (!line) continue;
      const match = line.match(/^(?:(.*?)\s+)?((?:https?:\/\/|\/)\S*)$/i);
      const url = match?.[2];
      let valid = false;
      if (url?.startsWith("/")) {
        // A path inside Koan, such as /kb/12 or /tickets/3.
        valid = !url.startsWith("//") && !url.startsWith("/\\");
      } else if (url) {
        try {
          const parsed = new URL(url);
          valid = parsed.protocol === "http:" || parsed.protocol === "https:";
        } catch {
          valid = false;
        }
      }
      if (!url || !valid) {
        ctx.addIssue({
          code: "custom",
          message: `Line ${index + 1} is not a link: put one http(s) URL (or a Koan path like /kb/12) per line, optionally after a label.`,
        });
        return z.NEVER;
      }
      links.push({
        label:
          (match?.[1] ?? "").slice(0, 80) || (url.startsWith("/") ? url : new URL(url).hostname),
        url,
      });
    }
    if (links.length > 20) {
      ctx.addIssue({ code: "custom", message: "Add at most 20 links." });
      return z.NEVER;
    }
    return links;
  });
