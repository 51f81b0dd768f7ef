import { z } from "zod";
import { RESOLUTIONS, type Resolution } from "#db/schema";
import { commaItems } from "~/lib/comma-items";
import { COMPONENT_MAX_LENGTH, COMPONENT_PATTERN, componentText, linksField } from "~/lib/fields";
import { type FieldErrors, formValues, type ParsedForm, parseForm } from "~/lib/forms";
import { k, type MessageKey } from "~/lib/i18n/messages";
import { showsSomething, withoutControls, withoutNul } from "~/lib/invisible";

const MARKDOWN_MAX = 50_000;
/**
 * A Markdown part as a browser sends a textarea: its line breaks are CRLF, while what Koan stores
 * (drafted, imported, seeded) has LF. Kept as sent, saving a verified write-up unchanged counted as
 * an edit of every part with a line break in it, and cleared its verification.
 */
const markdown = (tooLong: MessageKey) =>
  z
    .string()
    .max(MARKDOWN_MAX, k(tooLong, { max: MARKDOWN_MAX }))
    .refine(withoutNul, k("core.field.controls"))
    .transform((text) => text.replace(/\r\n?/g, "\n"))
    .default("");

const TITLE_MAX = 300;
const titleField = z
  .string({ message: k("knowledge.field.title.required") })
  .trim()
  .refine(showsSomething, k("knowledge.field.title.required"))
  .max(TITLE_MAX, k("knowledge.field.title.tooLong", { max: TITLE_MAX }))
  .refine(withoutControls, k("core.field.controls"));

/** The most minutes one piece of toil may take each time: a working day. */
const TOIL_MAX_MINUTES = 480;

interface ToilEntry {
  description: string;
  minutes: number;
}

/**
 * Toil lines ("Restarted the worker, 15"), 1 to TOIL_MAX_MINUTES minutes each. `kept`: the entries
 * the write-up holds already, taken as they are whatever their minutes: an import may bring 0 or
 * 600 (its own rule is 0 to 100,000), and saving the write-up unchanged must not be refused for it.
 */
export function toilFieldKeeping(kept: readonly ToilEntry[] = []) {
  return z
    .string()
    .max(5000, k("knowledge.field.toil.tooLong", { max: 5000 }))
    .refine(withoutControls, k("core.field.controls"))
    .optional()
    .transform((value, ctx) => {
      const entries: { description: string; minutes: number }[] = [];
      for (const [index, raw] of (value ?? "").split(/\r?\n/).entries()) {
        const line = raw.trim();
        if (!line) continue;
        const match = line.match(/^(.+?)[,;，]\s*(\d{1,6})\s*(min|mins|minutes|m|분|분간)?$/i);
        if (!match?.[1] || !match[2]) {
          ctx.addIssue({
            code: "custom",
            message: k("knowledge.field.toil.line", { line: index + 1 }),
          });
          return z.NEVER;
        }
        const minutes = Number(match[2]);
        const description = match[1].trim();
        const asStored = kept.some((e) => e.description === description && e.minutes === minutes);
        if ((minutes < 1 || minutes > TOIL_MAX_MINUTES) && !asStored) {
          ctx.addIssue({
            code: "custom",
            message: k("knowledge.field.toil.minutes", { line: index + 1, max: TOIL_MAX_MINUTES }),
          });
          return z.NEVER;
        }
        entries.push({ description, minutes });
      }
      return entries;
    });
}

/** "Restarted the worker, 15" (or "15 min", "워커 재시작, 15분") per line → { description, minutes }. */
export const toilField = toilFieldKeeping();

export const writeupFormSchema = z.object({
  title: titleField,
  symptom: markdown("knowledge.field.symptom.tooLong"),
  component: componentText(k("knowledge.field.component.tooLong", { max: COMPONENT_MAX_LENGTH }))
    .refine((v) => !v || COMPONENT_PATTERN.test(v), k("core.field.component.pattern"))
    .default(""),
  rootCause: markdown("knowledge.field.rootCause.tooLong"),
  fix: markdown("knowledge.field.fix.tooLong"),
  debugging: markdown("knowledge.field.debugging.tooLong"),
  resolution: z.enum(RESOLUTIONS, { message: k("knowledge.field.resolution.invalid") }),
  tags: z
    .string()
    .optional()
    .transform(commaItems)
    .pipe(
      z
        .array(
          z
            .string()
            .max(40, k("knowledge.field.tag.tooLong", { max: 40 }))
            .refine(withoutControls, k("core.field.controls")),
        )
        .max(20, k("knowledge.field.tags.tooMany", { max: 20 })),
    ),
  links: linksField,
  toil: toilField,
});

export type WriteupForm = z.output<typeof writeupFormSchema>;

/** The parts of a write-up a reader cannot do without. */
type NeededPart = "symptom" | "rootCause" | "fix";

/**
 * What each kind of answer must say before it is published (a draft may lack anything). Every kind
 * says what people saw (symptom). A change made to the system (a fix, a configuration change, a
 * data fix) says why it was needed (root cause) and what changed. A "works as designed" answer says
 * why the system behaves so on purpose (its root cause: the part drafted from the Root cause
 * step's evidence; the expected behaviour adds to it), a cannot-reproduce answer what was suspected
 * and ruled out (its root cause), and a duplicate links its original (its fix part, "Original").
 */
export const PARTS_TO_PUBLISH: Record<Resolution, readonly NeededPart[]> = {
  fixed: ["symptom", "rootCause", "fix"],
  config_change: ["symptom", "rootCause", "fix"],
  data_fix: ["symptom", "rootCause", "fix"],
  works_as_designed: ["symptom", "rootCause"],
  cannot_reproduce: ["symptom", "rootCause"],
  duplicate: ["symptom", "fix"],
};

/**
 * The needed parts left empty, each with the message shown at its field. `before`: the write-up as
 * stored, when it is published already; then only a part it had may not be emptied (an imported
 * write-up published sparse can still have its title corrected without writing the rest).
 */
export function missingToPublish(
  writeup: { resolution: Resolution } & Record<NeededPart, string>,
  before?: Record<NeededPart, string>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const part of PARTS_TO_PUBLISH[writeup.resolution]) {
    if (showsSomething(writeup[part])) continue;
    if (before && !showsSomething(before[part])) continue;
    errors[part] = k(`knowledge.field.${part}.requiredToPublish`, {
      resolution: writeup.resolution,
    });
  }
  return errors;
}

/**
 * The write-up form as sent. Publishing (or saving a published write-up) also needs the parts a
 * reader needs, each named at its field beside the other errors; a draft needs only a title.
 */
export function parseWriteupForm(
  formData: FormData,
  publishing: { before?: Record<NeededPart, string> } | false,
  /** The toil the write-up holds already (editing): kept as it is, outside the form's range too. */
  keptToil: readonly ToilEntry[] = [],
): ParsedForm<WriteupForm> {
  const schema = keptToil.length
    ? writeupFormSchema.extend({ toil: toilFieldKeeping(keptToil) })
    : writeupFormSchema;
  const parsed = parseForm(schema, formData);
  const resolution = formData.get("resolution");
  if (!publishing || !(RESOLUTIONS as readonly unknown[]).includes(resolution)) return parsed;
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const missing = missingToPublish(
    {
      resolution: resolution as Resolution,
      symptom: text("symptom"),
      rootCause: text("rootCause"),
      fix: text("fix"),
    },
    publishing.before,
  );
  if (Object.keys(missing).length === 0) return parsed;
  const formError = k("knowledge.form.publishMissing");
  if (parsed.ok) return { ok: false, errors: missing, values: formValues(formData), formError };
  return {
    ...parsed,
    errors: { ...missing, ...parsed.errors },
    formError: parsed.formError ?? formError,
  };
}

/** The write-up form's typed text, kept on the 403 when the editor may no longer edit it. */
export const WRITEUP_TEXT_FIELDS: Readonly<Record<string, string>> = {
  title: k("knowledge.form.title"),
  symptom: k("knowledge.section.symptom"),
  rootCause: k("knowledge.section.rootCause"),
  fix: k("knowledge.template.base.fixLabel"),
  debugging: k("knowledge.section.debugging"),
};
