import type { DB } from "#db/client";
import type { Actor } from "~/auth/policies";
import { voteCounts, voteOf } from "~/knowledge/health.server";
import { changesSinceVerified, getWriteup, type WriteupView } from "~/knowledge/writeups.server";
import { renderMarkdownEach } from "~/lib/markdown.server";
import { listWriteupAttachments } from "./attachments.server";
import { canEditWriteup, canViewWriteup, firstName, writeupStepOf } from "./writeup-access.server";

/** The write-up when the viewer may see it: someone else's draft is as good as missing. */
export async function findVisibleWriteup(
  db: DB,
  input: { writeupId: number; viewer: Actor },
): Promise<WriteupView | null> {
  const writeup = await getWriteup(db, input.writeupId);
  if (!writeup) return null;
  return (await canViewWriteup(db, input.viewer, writeup)) ? writeup : null;
}

/**
 * Everything a write-up's page shows: its sections rendered, its votes and the viewer's own,
 * and whether the viewer may edit (and so publish) it. Null when it is missing or not theirs to see.
 */
export async function getWriteupPage(db: DB, input: { writeupId: number; viewer: Actor }) {
  const writeup = await findVisibleWriteup(db, input);
  if (!writeup) return null;
  const { viewer } = input;
  const [votes, canEdit, myVote, step, changedSinceVerified, attachments] = await Promise.all([
    voteCounts(db, writeup.id),
    canEditWriteup(db, viewer, writeup.id),
    voteOf(db, { writeupId: writeup.id, userId: viewer.id }),
    writeup.assignment_id === null ? null : writeupStepOf(db, writeup.id),
    changesSinceVerified(db, writeup.id),
    listWriteupAttachments(db, { writeupId: writeup.id, viewer }),
  ]);
  const [symptom = "", rootCause = "", fix = "", debugging = ""] = await renderMarkdownEach([
    writeup.symptom,
    writeup.root_cause,
    writeup.fix,
    writeup.debugging,
  ]);
  return {
    writeup: { ...writeup, html: { symptom, rootCause, fix, debugging } },
    votes,
    myVote,
    canEdit,
    /** Screenshots and logs attached to it. */
    attachments,
    /** An edit cleared its verification: which fields changed since, and who had verified it. */
    changedSinceVerified,
    /** For its newcomer: the Write-up step is waiting for this mentor's sign-off. */
    waitingForSignoff:
      step &&
      step.newcomerId === viewer.id &&
      (step.state === "submitted" || step.state === "resubmitted")
        ? firstName(step.mentorName ?? "your mentor")
        : null,
  };
}
