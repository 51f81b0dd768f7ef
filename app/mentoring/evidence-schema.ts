import { z } from "zod";

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

export const evidenceSchema = z
  .object({
    intent: z.literal("submit"),
    checkpointId: z.coerce.number().int().positive(),
    notes: z.string().trim().max(20_000, "Keep notes under 20,000 characters.").default(""),
    links: linksField,
    minutes: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .pipe(
        z
          .number({ message: "Time spent is a number of minutes." })
          .int("Time spent is a whole number of minutes.")
          .min(0, "Time spent can't be negative.")
          .max(10_000, "That is more than a week of minutes: check the number.")
          .nullable(),
      ),
  })
  .refine((v) => v.notes.length > 0 || (v.links?.length ?? 0) > 0, {
    path: ["notes"],
    message: "Write what you found, or add at least one link.",
  });

export const reviewSchema = z
  .object({
    intent: z.enum(["approve", "request_changes"]),
    checkpointId: z.coerce.number().int().positive(),
    comment: z.string().trim().max(5000, "Keep the comment under 5,000 characters.").default(""),
  })
  .refine((v) => v.intent === "approve" || v.comment.length > 0, {
    path: ["comment"],
    message: "Say what should change, so they know what to do next.",
  });

export const commentSchema = z.object({
  intent: z.enum(["comment", "stuck"]),
  checkpointId: z.coerce.number().int().positive(),
  body: z
    .string()
    .trim()
    .min(1, "Write a few words first.")
    .max(5000, "Keep it under 5,000 characters."),
});
