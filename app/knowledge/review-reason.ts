import type { Translator } from "~/lib/i18n/translator";
import type { ReviewReason } from "./health.server";

/** Why a write-up is on the review list, in the reader's language (dates as the reader writes them). */
export function reviewReasonText(tr: Translator, reason: ReviewReason): string {
  switch (reason.kind) {
    case "flagged":
      return reason.by
        ? tr.t("knowledge.review.reason.flagged", { name: reason.by, day: tr.day(reason.at) })
        : tr.t("knowledge.review.reason.flaggedFormer", { day: tr.day(reason.at) });
    case "lastVerified":
      return tr.t("knowledge.review.reason.lastVerified", {
        day: tr.day(reason.at),
        months: reason.months,
      });
    case "edited":
      return tr.t("knowledge.review.reason.edited");
    case "neverVerified":
      return tr.t("knowledge.review.reason.neverVerified", {
        day: tr.day(reason.publishedAt),
        months: reason.months,
      });
  }
}
