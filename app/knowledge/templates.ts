import { RESOLUTIONS, type Resolution } from "#db/schema";
import type { MessageKey } from "~/lib/i18n/messages";

export { RESOLUTIONS };

/** The prompts of a template: catalog keys, shown in the page's language (knowledge.template.*). */
export interface Template {
  symptom: MessageKey;
  rootCause: MessageKey;
  fix: MessageKey;
  fixLabel: MessageKey;
  debugging: MessageKey;
}

const BASE: Template = {
  symptom: "knowledge.template.base.symptom",
  rootCause: "knowledge.template.base.rootCause",
  fix: "knowledge.template.base.fix",
  fixLabel: "knowledge.template.base.fixLabel",
  debugging: "knowledge.template.base.debugging",
};

/** The prompts each kind of answer asks for. */
export const TEMPLATES: Record<Resolution, Template> = {
  fixed: BASE,
  works_as_designed: {
    symptom: "knowledge.template.worksAsDesigned.symptom",
    rootCause: "knowledge.template.worksAsDesigned.rootCause",
    fix: "knowledge.template.worksAsDesigned.fix",
    fixLabel: "knowledge.template.worksAsDesigned.fixLabel",
    debugging: "knowledge.template.worksAsDesigned.debugging",
  },
  config_change: {
    ...BASE,
    rootCause: "knowledge.template.configChange.rootCause",
    fix: "knowledge.template.configChange.fix",
    fixLabel: "knowledge.template.configChange.fixLabel",
  },
  data_fix: {
    ...BASE,
    rootCause: "knowledge.template.dataFix.rootCause",
    fix: "knowledge.template.dataFix.fix",
    fixLabel: "knowledge.template.dataFix.fixLabel",
  },
  duplicate: {
    ...BASE,
    rootCause: "knowledge.template.duplicate.rootCause",
    fix: "knowledge.template.duplicate.fix",
    fixLabel: "knowledge.template.duplicate.fixLabel",
  },
  cannot_reproduce: {
    ...BASE,
    rootCause: "knowledge.template.cannotReproduce.rootCause",
    fix: "knowledge.template.cannotReproduce.fix",
    fixLabel: "knowledge.template.cannotReproduce.fixLabel",
  },
};

/** The catalog key of a resolution kind's label (core.resolution.*). */
export function resolutionLabelKey(resolution: Resolution): MessageKey {
  return `core.resolution.${resolution}`;
}
