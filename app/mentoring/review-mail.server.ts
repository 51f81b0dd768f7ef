import type { DB } from "#db/client";
import { evidenceReviewedMail, mailLocale } from "~/lib/message-templates";
import { appLink, outboxConfig, queueMail } from "~/lib/outbox.server";
import { mailWanted } from "./notification-preferences.server";
import { localStepTitle } from "./step-text.server";

// "Your evidence was reviewed", by e-mail. The text is in ~/lib/message-templates; the outbox
// sends it.

/** Mails the newcomer a review of their evidence. Call inside the review's transaction. */
export async function queueReviewMail(
  trx: DB,
  input: {
    newcomerId: number;
    reviewerId: number;
    assignmentId: number;
    assignmentCheckpointId: number;
    /** The checkpoint as its track names it (a default step is named in the newcomer's language). */
    checkpoint: { key: string; title: string };
    ticketTitle: string;
    approved: boolean;
    comment: string;
    /**
     * The review's comment: one mail per review. (Keys made before were numbered by the step's
     * comments so far; a comment's id is larger than any such count, so none is taken again.)
     */
    reviewId: number;
  },
  now: Date,
): Promise<boolean> {
  if (!outboxConfig().email) return false;
  const people = await trx
    .selectFrom("users")
    .select(["id", "name", "email", "status", "locale"])
    .where("id", "in", [input.newcomerId, input.reviewerId])
    .execute();
  const newcomer = people.find((p) => p.id === input.newcomerId);
  const reviewer = people.find((p) => p.id === input.reviewerId);
  if (newcomer?.status !== "active") return false;
  // Whoever turned this kind of review off in Settings, or only its e-mail, gets no mail of it.
  if (!(await mailWanted(trx, newcomer.id, input.approved ? "approved" : "changes_requested")))
    return false;
  const locale = mailLocale(newcomer.locale);
  return queueMail(
    trx,
    {
      kind: "evidence_reviewed",
      to: newcomer.email,
      content: evidenceReviewedMail({
        locale,
        name: newcomer.name,
        reviewerName: reviewer?.name ?? null,
        checkpointTitle: localStepTitle(input.checkpoint, locale),
        ticketTitle: input.ticketTitle,
        approved: input.approved,
        comment: input.comment,
        link: appLink(
          `/assignments/${input.assignmentId}#checkpoint-${input.assignmentCheckpointId}`,
        ),
      }),
      dedupeKey: `reviewed:${input.assignmentCheckpointId}:${input.reviewId}`,
    },
    now,
  );
}
