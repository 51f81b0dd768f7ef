import { z } from "zod";
import { linksField } from "~/lib/fields";

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
