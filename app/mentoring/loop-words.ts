import type { CheckpointState } from "./checkpoint-states";

// My onboarding in words: what just happened on a ticket and what comes next, and how many fixes
// are done. Pure, so each sentence is tested on its own.

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"];

/** "first", "second", … ; "next" past the eighth. */
export function ordinal(n: number): string {
  return ORDINALS[n - 1] ?? "next";
}

/** "Pick your first ticket", or "1 fix done — pick your second ticket". */
export function finishedLine(finished: number): string {
  if (finished === 0) return "Pick your first ticket";
  return `${finished} ${finished === 1 ? "fix" : "fixes"} done — pick your ${ordinal(finished + 1)} ticket`;
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
export function whatHappened(steps: readonly LoopStep[], mentorName: string | null): string | null {
  const mentor = mentorName ? mentorName.trim().split(/\s+/)[0] : "Your mentor";
  const changes = steps.find((s) => s.state === "changes_requested");
  if (changes) {
    const ask = [...changes.comments].reverse().find((c) => c.kind === "changes_requested");
    const who = ask ? ask.author.trim().split(/\s+/)[0] : mentor;
    return ask?.body.trim()
      ? `${who} asked for changes on ${changes.title}: ${excerpt(ask.body)}`
      : `${who} asked for changes on ${changes.title}`;
  }
  const waiting = steps.filter((s) => s.state === "submitted" || s.state === "resubmitted");
  if (waiting.length) {
    const titles = waiting.map((s) => s.title).join(", ");
    return `${titles} ${waiting.length === 1 ? "is" : "are"} waiting for ${mentor}'s review`;
  }
  const approvals = steps
    .flatMap((s) => s.comments.filter((c) => c.kind === "approved").map((c) => ({ s, c })))
    .sort((a, b) => a.c.createdAt.localeCompare(b.c.createdAt));
  const last = approvals.at(-1);
  if (last) return `${last.c.author.trim().split(/\s+/)[0]} approved ${last.s.title}`;
  return null;
}
