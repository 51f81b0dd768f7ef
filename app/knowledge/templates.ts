import { RESOLUTIONS, type Resolution } from "#db/schema";

export { RESOLUTIONS };

export const RESOLUTION_LABELS: Record<Resolution, string> = {
  fixed: "Fixed",
  works_as_designed: "Works as designed",
  config_change: "Config change",
  data_fix: "Data fix",
  duplicate: "Duplicate",
  cannot_reproduce: "Cannot reproduce",
};

export interface Template {
  symptom: string;
  rootCause: string;
  fix: string;
  fixLabel: string;
  debugging: string;
}

const BASE: Template = {
  symptom: "What did people see? Paste the exact error text, and say where and when it happened.",
  rootCause:
    "Why did it happen? One or two sentences a teammate could check, with a link to the line.",
  fix: "What changed, and why that fixes the cause. Link the pull request.",
  fixLabel: "Fix",
  debugging:
    "How you found it: the steps, tools and queries, including dead ends worth skipping next time.",
};

/** The prompts each kind of answer asks for. */
export const TEMPLATES: Record<Resolution, Template> = {
  fixed: BASE,
  works_as_designed: {
    symptom: "What did people expect, and what did they see instead?",
    rootCause: "Why the system behaves this way on purpose.",
    fix: "The expected behaviour, where it is specified (doc, spec, decision), and why users keep hitting it.",
    fixLabel: "Expected behaviour",
    debugging: "How you confirmed it is intended: who you asked, what you read, what you tried.",
  },
  config_change: {
    ...BASE,
    rootCause: "Which setting was wrong, where it lives, and how it got that value.",
    fix: "The setting's old and new values, where you changed it, and how to check it.",
    fixLabel: "Configuration change",
  },
  data_fix: {
    ...BASE,
    rootCause: "How the data went wrong, and whether it can happen again.",
    fix: "The query or script you ran (redact customer data), how many rows, and the backup you took.",
    fixLabel: "Data fix",
  },
  duplicate: {
    ...BASE,
    rootCause: "Which earlier ticket or write-up this duplicates, and how you recognised it.",
    fix: "Link the original and say what to do when it is seen again.",
    fixLabel: "Original",
  },
  cannot_reproduce: {
    ...BASE,
    rootCause: "What you suspect, and what you ruled out.",
    fix: "What would let someone reproduce it next time (logs to keep, data to capture).",
    fixLabel: "What to capture next time",
  },
};
