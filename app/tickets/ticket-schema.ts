import { z } from "zod";
import { CLOSE_REASONS, TICKET_STATUSES } from "#db/schema";
import { componentField, requiredText } from "~/lib/fields";

/** The ticket form, for creating and editing; the same rules on every path in. */
export const ticketFormSchema = z
  .object({
    title: requiredText("Title", 300),
    body: z.string().max(100_000, "Keep the description under 100,000 characters.").default(""),
    component: componentField,
    labels: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(",")
          .map((l) => l.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().max(50, "Each label must be at most 50 characters."))
          .max(20, "Use at most 20 labels."),
      ),
    difficulty: z.coerce
      .number({ message: "Choose a difficulty." })
      .int()
      .min(1, "Difficulty is 1, 2 or 3.")
      .max(3, "Difficulty is 1, 2 or 3."),
    starter: z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "1" || v === "true"),
    status: z.enum(TICKET_STATUSES, { message: "Choose a status." }).optional(),
    closeReason: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.enum(CLOSE_REASONS, { message: "Choose why it was closed." }).optional()),
  })
  .refine((v) => v.status !== "closed" || v.closeReason !== undefined, {
    path: ["closeReason"],
    message: "Say why the ticket is closed.",
  });
