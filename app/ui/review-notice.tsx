import { Link } from "@remix-run/react";
import type { MessageKey } from "~/lib/i18n/messages";
import { FormMessage } from "~/ui/form";
import { Trans } from "~/ui/i18n";

/**
 * The answer to a review button (resolve a flag, mark a write-up still correct) that names the
 * write-up it was about: its title, linked while the write-up is there (`writeupId` null: it is
 * gone, and the title is the one the page had shown). `name`: who acted first, when someone did.
 */
export interface ReviewNotice {
  key: MessageKey;
  tone: "success" | "error";
  title: string;
  writeupId: number | null;
  name?: string;
}

export function ReviewNoticeMessage({ notice }: { notice: ReviewNotice }) {
  const { writeupId } = notice;
  return (
    <FormMessage tone={notice.tone}>
      <Trans
        k={notice.key}
        values={{
          title: notice.title,
          name: notice.name ?? "",
          link: (chunks) =>
            writeupId === null ? chunks : <Link to={`/kb/${writeupId}`}>{chunks}</Link>,
        }}
      />
    </FormMessage>
  );
}
