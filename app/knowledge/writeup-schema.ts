import { z } from "zod";
import { RESOLUTIONS } from "#db/schema";
import { componentText, linksField, requiredText } from "~/lib/fields";

const markdown = (label: string) =>
  z.string().max(50_000, `Keep ${label} under 50,000 characters.`).default("");

/** "Restarted the worker, 15" per line → { description, minutes }. */
export const toilField = z
  .string()
  .max(5000, "Keep toil under 5,000 characters.")
  .optional()
  .transform((value, ctx) => {
    const entries: { description: string; minutes: number }[] = [];
    for (const [index, raw] of (value ?? "").split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (!line) continue;
      const match = line.match(/^(.+?)[,;]\s*(\d{1,5})\s*(min|minutes|m)?$/i);
      if (!match?.[1] || !match[2]) {
        ctx.addIssue({
          code: "custom",
          message: `Line ${index + 1}: write what was done by hand, then a comma and the minutes, like "Restarted the worker, 15".`,
        });
        return z.NEVER;
      }
      entries.push({ description: match[1].trim(), minutes: Number(match[2]) });
    }
    return entries;
  });

export const writeupFormSchema = z.object({
  title: requiredText("Title", 300),
  symptom: markdown("the symptom"),
  component: componentText().default(""),
  rootCause: markdown("the root cause"),
  fix: markdown("the fix"),
  debugging: markdown("how it was debugged"),
  resolution: z.enum(RESOLUTIONS, { message: "Choose how it was resolved." }),
  tags: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(40, "Each tag must be at most 40 characters."))
        .max(20, "Use at most 20 tags."),
    ),
  links: linksField,
  toil: toilField,
});
