import { z } from "zod";
import { idField, linksField, typedNumber } from "~/lib/fields";
import { k } from "~/lib/i18n/messages";
import { showsSomething, withoutBidiControls } from "~/lib/invisible";

// The checkpoint forms' fields. Messages are catalog keys (k()), shown in the reader's language.

const NOTES_MAX = 20_000;
const COMMENT_MAX = 5000;

export const evidenceSchema = z
  .object({
    intent: z.literal("submit"),
    checkpointId: idField,
    notes: z
      .string()
      .trim()
      .max(NOTES_MAX, k("core.field.tooLong", { max: NOTES_MAX }))
      .default(""),
    links: linksField,
    minutes: z
      .string()
      .trim()
      .optional()
      .transform((v) => typedNumber(v ?? "") ?? null)
      .pipe(
        z
          .number({ message: k("mentoring.field.minutes.number") })
          .int(k("mentoring.field.minutes.whole"))
          .min(0, k("mentoring.field.minutes.negative"))
          .max(10_000, k("mentoring.field.minutes.tooMany"))
          .nullable(),
      ),
  })
  .refine((v) => showsSomething(v.notes) || (v.links?.length ?? 0) > 0, {
    path: ["notes"],
    message: k("mentoring.field.evidence.required"),
  });

export const reviewSchema = z
  .object({
    intent: z.enum(["approve", "request_changes"]),
    checkpointId: idField,
    /** The latest evidence the reviewer's page showed; none from a page or script without it. */
    evidenceId: idField.optional().catch(undefined),
    comment: z
      .string()
      .trim()
      .max(COMMENT_MAX, k("core.field.tooLong", { max: COMMENT_MAX }))
      .transform(withoutBidiControls)
      .default(""),
  })
  .refine((v) => v.intent === "approve" || showsSomething(v.comment), {
    path: ["comment"],
    message: k("mentoring.field.review.changesNeedComment"),
  });

export const commentSchema = z.object({
  intent: z.enum(["comment", "stuck"]),
  checkpointId: idField,
  body: z
    .string()
    .trim()
    .refine(showsSomething, k("mentoring.field.body.required"))
    .max(COMMENT_MAX, k("core.field.tooLong", { max: COMMENT_MAX }))
    // A direction override would show the rest of the comment reversed.
    .transform(withoutBidiControls),
});
