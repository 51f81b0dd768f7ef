import { z } from "zod";
import { clip } from "./clip";
import { commaItems } from "./comma-items";
import { LOCALES } from "./i18n/locales";
import { k } from "./i18n/messages";
import { showsSomething, withoutBidiControls, withoutControls, withoutNul } from "./invisible";
import { defaultLinkLabel } from "./links";
import { canonicalTimeZone } from "./time-zone";

// Shared field schemas, so every form says the same thing about the same kind of value. Their
// messages are catalog keys (k()), shown in the reader's language by the page.

/** The fields `requiredText` knows, by the English label callers name them with. */
const REQUIRED_TEXT = {
  Title: { required: "core.field.title.required", tooLong: "core.field.title.tooLong" },
  Name: { required: "core.field.name.required", tooLong: "core.field.name.tooLong" },
  "Your name": {
    required: "core.field.yourName.required",
    tooLong: "core.field.yourName.tooLong",
  },
} as const;

/**
 * A required line of text, composed (NFC): Korean typed or pasted on a Mac may come decomposed,
 * one letter at a time, and would be counted, compared and given particles as other text
 * (한지우 shown as "한지우(으)로", not 한지우로). Direction overrides are dropped: one would show
 * the title reversed wherever it is listed.
 */
export const requiredText = (label: keyof typeof REQUIRED_TEXT, max = 200) =>
  z.preprocess(
    (value) => (typeof value === "string" ? withoutBidiControls(value.normalize("NFC")) : value),
    z
      .string({ message: k(REQUIRED_TEXT[label].required) })
      .trim()
      .refine(showsSomething, k(REQUIRED_TEXT[label].required))
      .max(max, k(REQUIRED_TEXT[label].tooLong, { max }))
      .refine(withoutControls, k("core.field.controls")),
  );

export const emailField = z
  .string({ message: k("core.field.email.required") })
  .trim()
  .refine(showsSomething, k("core.field.email.required"))
  .max(254, k("core.field.email.tooLong"))
  .pipe(z.email({ message: k("core.field.email.invalid") }));

export const newPasswordField = z
  .string({ message: k("core.field.password.required") })
  .min(12, k("core.field.password.tooShort", { min: 12 }))
  .max(256, k("core.field.password.tooLong", { max: 256 }));

/** A date as a date input sends it: one that exists (Date.parse reads 2026-02-31 as March 3). */
export const dateField = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, k("core.field.date.format"))
  .refine((v) => {
    const parsed = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === v;
  }, k("core.field.date.missing"))
  .refine((v) => v >= "2000-01-01" && v <= "2100-12-31", k("core.field.date.range"));

export const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .pipe(dateField.optional());

export const roleField = z.enum(["newcomer", "mentor", "lead"], {
  message: k("core.field.role.invalid"),
});

/**
 * One of Koan's languages as a form's language menu sends it, or its empty "no language of its
 * own" choice (undefined).
 */
export const optionalLocaleField = z
  .enum(["", ...LOCALES], { message: k("core.field.locale.invalid") })
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/**
 * A number as typed in a form: plain decimal digits, with an optional sign and decimals so that
 * "-5" and "1.5" get the field's "negative" and "whole number" messages; anything else ("1e3",
 * "0x10", "Infinity", "1_000") is NaN, which the field's number schema refuses. Empty is nothing.
 * Number() alone reads "1e3" as 1000 and "0x10" as 16.
 */
export function typedNumber(value: string): number | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return /^[-+]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** A whole number from 0 to 20 typed in a field, or nothing; `of` names the field's messages. */
const countField = (of: "capacity" | "activeTickets") =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => typedNumber(v ?? ""))
    .pipe(
      z
        .number({ message: k(`core.field.${of}.whole`) })
        .int(k(`core.field.${of}.whole`))
        .min(0, k(`core.field.${of}.negative`))
        .max(20, k(`core.field.${of}.tooMany`, { max: 20 }))
        .optional(),
    );

/** A mentor's capacity: how many mentees at once. */
export const capacityField = countField("capacity");
/** A newcomer's limit: how many tickets they may hold at once. */
export const activeTicketsField = countField("activeTickets");

/** Component names, wherever one is typed: tickets, write-ups, a mentor's areas, search filters. */
export const COMPONENT_MAX_LENGTH = 40;
export const COMPONENT_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _./-]*$/u;

/**
 * A component name as typed in a form or a query, trimmed and composed (NFC: 결제 typed on a Mac
 * may arrive one letter, jamo, at a time); `tooLong` says the 40-character rule.
 */
export const componentText = (tooLong = k("core.field.tooLong", { max: COMPONENT_MAX_LENGTH })) =>
  z.string().trim().normalize("NFC").max(COMPONENT_MAX_LENGTH, tooLong);

/** A ticket's component: required, letters, digits, spaces and - _ . / only. */
export const componentField = z
  .string({ message: k("core.field.component.required") })
  .trim()
  .normalize("NFC")
  .refine(showsSomething, k("core.field.component.required"))
  .max(COMPONENT_MAX_LENGTH, k("core.field.tooLong", { max: COMPONENT_MAX_LENGTH }))
  .regex(COMPONENT_PATTERN, k("core.field.component.pattern"));

/** "billing, Search ,api" → ["billing", "search", "api"] */
export const componentsField = z
  .string()
  .optional()
  .transform((v) => [...new Set(commaItems(v).map((c) => c.normalize("NFC").toLowerCase()))])
  .pipe(
    z
      .array(
        z
          .string()
          .max(
            COMPONENT_MAX_LENGTH,
            k("core.field.components.tooLong", { max: COMPONENT_MAX_LENGTH }),
          )
          .regex(COMPONENT_PATTERN, k("core.field.components.pattern")),
      )
      .max(12, k("core.field.components.tooMany", { max: 12 })),
  );

/** The note on a "this looks out of date" flag: shared by the write-up page's form and the domain. */
export const flagNoteField = z
  .string({ message: k("core.field.flagNote.required") })
  .trim()
  .refine(showsSomething, k("core.field.flagNote.required"))
  .max(1000, k("core.field.flagNote.tooLong", { max: 1000 }))
  .refine(withoutNul, k("core.field.controls"));

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

/** A write-up's number or link ("42", "#42", "/kb/42", "https://koan.example/kb/42#fix") → 42. */
export const writeupRefField = z
  .string({ message: k("core.field.writeupRef.required") })
  .trim()
  .refine(showsSomething, k("core.field.writeupRef.required"))
  .max(500, k("core.field.writeupRef.invalid"))
  .transform((value, ctx) => {
    const id = /^(?:#|(?:https?:\/\/[^/\s]+)?\/kb\/)?([1-9]\d{0,15})(?:[/?#]\S*)?$/i.exec(
      value,
    )?.[1];
    if (!id || !Number.isSafeInteger(Number(id))) {
      ctx.addIssue({ code: "custom", message: k("core.field.writeupRef.invalid") });
      return z.NEVER;
    }
    return Number(id);
  });

/** "PR https://github.com/o/r/pull/1" or a bare URL, one per line → { label, url }. */
export const linksField = z
  .string()
  .max(5000, k("core.field.links.tooLong", { max: 5000 }))
  .refine(withoutControls, k("core.field.controls"))
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
          message: k("core.field.links.notALink", { line: index + 1 }),
        });
        return z.NEVER;
      }
      links.push({
        label: clip(match?.[1] ?? "", 80) || defaultLinkLabel(url),
        url,
      });
    }
    if (links.length > 20) {
      ctx.addIssue({ code: "custom", message: k("core.field.links.tooMany", { max: 20 }) });
      return z.NEVER;
    }
    return links;
  });

/**
 * A person's time zone: an IANA name the runtime knows ("Asia/Seoul"), as it spells it; empty is
 * null (the organisation's). Offsets and abbreviations ("+09:00", "KST") are refused.
 */
export const timeZoneField = z
  .string({ message: k("core.settings.timeZone.invalid") })
  .max(64, k("core.settings.timeZone.invalid"))
  .transform((value, ctx) => {
    if (!value.trim()) return null;
    const zone = canonicalTimeZone(value);
    if (zone) return zone;
    ctx.addIssue({ code: "custom", message: k("core.settings.timeZone.invalid") });
    return z.NEVER;
  });

/**
 * A page number from the address: a bad or missing one is the first page (never an error); one
 * past the end, however far, is left for the list to read as its last page (pageWithin).
 */
export const pageField = z
  .string()
  .optional()
  .transform((text): number => {
    if (!text || !/^\s*\d{1,30}\s*$/.test(text)) return 1;
    const page = Number(text.trim());
    return page >= 1 ? Math.min(page, Number.MAX_SAFE_INTEGER) : 1;
  })
  .catch(1);
