import { z } from "zod";
import { CLOSE_REASONS, TICKET_STATUSES } from "#db/schema";
import { commaItems } from "~/lib/comma-items";
import { componentField, typedNumber } from "~/lib/fields";
import { k } from "~/lib/i18n/messages";
import { showsSomething, withoutControls, withoutNul } from "~/lib/invisible";

const TITLE_MAX = 300;

/** The ticket form, for creating and editing; the same rules on every path in. */
export const ticketFormSchema = z
  .object({
    title: z
      .string({ message: k("tickets.field.title.required") })
      .trim()
      .refine(showsSomething, k("tickets.field.title.required"))
      .max(TITLE_MAX, k("tickets.field.title.max", { max: TITLE_MAX }))
      .refine(withoutControls, k("core.field.controls")),
    body: z
      .string()
      .max(100_000, k("tickets.field.body.max"))
      .refine(withoutNul, k("core.field.controls"))
      .default(""),
    component: componentField,
    labels: z
      .string()
      .optional()
      .transform(commaItems)
      .pipe(
        z
          .array(
            z
              .string()
              .max(50, k("tickets.field.labels.max"))
              .refine(withoutControls, k("core.field.controls")),
          )
          .max(20, k("tickets.field.labels.count")),
      ),
    difficulty: z
      .string({ message: k("tickets.field.difficulty.choose") })
      .transform((v) => typedNumber(v) ?? Number.NaN)
      .pipe(
        z
          .number({ message: k("tickets.field.difficulty.choose") })
          .int(k("tickets.field.difficulty.range"))
          .min(1, k("tickets.field.difficulty.range"))
          .max(3, k("tickets.field.difficulty.range")),
      ),
    starter: z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "1" || v === "true"),
    status: z.enum(TICKET_STATUSES, { message: k("tickets.field.status.choose") }).optional(),
    closeReason: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.enum(CLOSE_REASONS, { message: k("tickets.field.closeReason.choose") }).optional()),
  })
  .refine((v) => v.status !== "closed" || v.closeReason !== undefined, {
    path: ["closeReason"],
    message: k("tickets.field.closeReason.required"),
  });

/** The ticket form's typed text, kept on the 403 when the sender's role changed meanwhile. */
export const TICKET_TEXT_FIELDS: Readonly<Record<string, string>> = {
  title: k("tickets.form.title"),
  body: k("tickets.form.description"),
};
