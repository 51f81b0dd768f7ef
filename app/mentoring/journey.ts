// "How each fix goes" on My onboarding: each checkpoint of the newcomer's track with one calm line
// about it, taken from the checkpoint's guide.

/** The one-liners the default track's checkpoints had before guides could be edited. */
export const DEFAULT_STEP_SUMMARIES: Readonly<Record<string, string>> = {
  reproduce: "See it happen yourself, and write down the exact steps.",
  locate: "Trace the symptom to the files and functions involved.",
  root_cause: "Explain why it happens, not only where.",
  failing_test: "Prove the cause with a test that fails today.",
  fix: "Make the test pass and get the change reviewed.",
  ship: "Release it and check the symptom is gone.",
  writeup: "Leave the next engineer a map: symptom, cause, fix, how you found it.",
};

/** Longer first sentences read as a wall of text in a list; they fall back (see stepSummary). */
export const SUMMARY_MAX = 160;

/** Markdown marks a reader should not see in a plain line: emphasis, code, links, headings. */
function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, "")
    .replace(/[*_`~]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The first sentence of a guide's first paragraph, as plain text ("" for an empty guide). */
export function firstSentence(guide: string): string {
  const paragraph =
    guide
      .replace(/\r\n?/g, "\n")
      .trim()
      .split(/\n\s*\n/)[0] ?? "";
  const text = plainText(paragraph);
  const end = text.search(/[.!?](\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1);
}

/**
 * One line about a checkpoint: its guide's first sentence; when the guide is empty or that
 * sentence is too long for a calm list, the default one-liner for a default key, else nothing.
 */
export function stepSummary(step: { key: string; guide: string }): string | null {
  const sentence = firstSentence(step.guide);
  if (sentence && sentence.length <= SUMMARY_MAX) return sentence;
  return DEFAULT_STEP_SUMMARIES[step.key] ?? null;
}
