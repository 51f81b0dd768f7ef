// The default checkpoint track's steps as db/migrations/0003_checkpoints.ts stored them, in
// English. A step whose stored title or guide is still this text is shown in the viewer's
// language (catalog keys mentoring.step.<key>.title / .guide); a lead's own text is shown as written.

export const DEFAULT_STEP_KEYS = [
  "reproduce",
  "locate",
  "root_cause",
  "failing_test",
  "fix",
  "ship",
  "writeup",
] as const;

export type DefaultStepKey = (typeof DEFAULT_STEP_KEYS)[number];

export const DEFAULT_STEPS: Readonly<Record<DefaultStepKey, { title: string; guide: string }>> = {
  reproduce: {
    title: "Reproduce the bug",
    guide:
      "Show the bug happening on your machine or a staging copy.\n\n**Good evidence:** the exact steps, the environment, and what you saw (error text, a screenshot, a log line).",
  },
  locate: {
    title: "Find the code",
    guide:
      "Trace the symptom to the code involved.\n\n**Good evidence:** the files and functions, and how you found them (search, logs, a debugger).",
  },
  root_cause: {
    title: "Root cause",
    guide:
      "Explain *why* it happens, not only where.\n\n**Good evidence:** one or two sentences a teammate could check, with a link to the line. If the behaviour is intended, say where that is specified: you can finish as *works as designed*.",
  },
  failing_test: {
    title: "Failing test",
    guide:
      "Prove the cause with a test that fails today.\n\n**Good evidence:** a link to the test and its failure output.",
  },
  fix: {
    title: "Fix and review",
    guide:
      "Make the test pass and get the change reviewed.\n\n**Good evidence:** the pull request, and what reviewers asked for.",
  },
  ship: {
    title: "Ship and verify",
    guide:
      "Release it and check the symptom is gone for real users.\n\n**Good evidence:** the release or deploy, and how you verified it.",
  },
  writeup: {
    title: "Write-up",
    guide:
      "Leave the next engineer a map: symptom, root cause, fix (or expected behaviour), and how you debugged it.",
  },
};

/** The default step `key` names, when it is one. */
export function defaultStepKey(key: string): DefaultStepKey | null {
  return DEFAULT_STEP_KEYS.find((k) => k === key) ?? null;
}
