import { k, type Msg } from "~/lib/i18n/messages";
import type { CheckpointState } from "./checkpoint-states";

// My onboarding in words: what just happened on a ticket and what comes next, and how many fixes
// are done, as messages (k()) the page shows in the newcomer's language. Pure, so each sentence is
// tested on its own.

/** "Pick your first ticket", or "1 fix done — pick your second ticket". */
export function finishedLine(finished: number): Msg {
  if (finished === 0) return k("mentoring.journey.pickFirst");
  return k("mentoring.journey.finished", { count: finished, next: finished + 1 });
}

/** At most `max` characters of a comment, cut at a word, on one line. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export interface LoopStep {
  title: string;
  state: CheckpointState;
  comments: { author: string; kind: string; body: string; createdAt: string }[];
}

/**
 * What happened last on an assignment, in a sentence: changes asked for (with the comment), a
 * step waiting for review, or the last approval. Null before anything happened.
 */
export function whatHappened(steps: readonly LoopStep[], mentorName: string | null): Msg | null {
  const mentor = mentorName ? firstWord(mentorName) : null;
  const changes = steps.find((s) => s.state === "changes_requested");
  if (changes) {
    const ask = [...changes.comments].reverse().find((c) => c.kind === "changes_requested");
    const who = ask ? firstWord(ask.author) : mentor;
    const step = changes.title;
    const comment = ask?.body.trim() ? excerpt(ask.body) : "";
    if (!who) {
      return comment
        ? k("mentoring.journey.yourMentorChangesRequestedSaid", { step, comment })
        : k("mentoring.journey.yourMentorChangesRequested", { step });
    }
    return comment
      ? k("mentoring.journey.changesRequestedSaid", { mentor: who, step, comment })
      : k("mentoring.journey.changesRequested", { mentor: who, step });
  }
  const waiting = steps.filter((s) => s.state === "submitted" || s.state === "resubmitted");
  if (waiting.length) {
    const values = { steps: waiting.map((s) => s.title).join(", "), count: waiting.length };
    return mentor
      ? k("mentoring.journey.waiting", { ...values, mentor })
      : k("mentoring.journey.waitingYourMentor", values);
  }
  const approvals = steps
    .flatMap((s) => s.comments.filter((c) => c.kind === "approved").map((c) => ({ s, c })))
    .sort((a, b) => a.c.createdAt.localeCompare(b.c.createdAt));
  const last = approvals.at(-1);
  if (last)
    return k("mentoring.journey.approved", {
      mentor: firstWord(last.c.author),
      step: last.s.title,
    });
  return null;
}

/** "Tomás" for "Tomás Rivera"; a Korean name ("최유나") stays whole, as it is written. */
function firstWord(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
