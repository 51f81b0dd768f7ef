import { translate } from "~/lib/i18n/catalogs.server";
import type { Locale } from "~/lib/i18n/locales";
import { DEFAULT_STEPS, defaultStepKey } from "./default-steps";

/**
 * A checkpoint's title and guide as `locale` reads them: the default track's text (still as the
 * migration stored it) in that language, a lead's own text as written.
 */
export function localStepText<S extends { key: string; title: string; guide: string }>(
  step: S,
  locale: Locale,
): { title: string; guide: string } {
  const key = defaultStepKey(step.key);
  if (!key) return { title: step.title, guide: step.guide };
  const t = translate(locale).t;
  const original = DEFAULT_STEPS[key];
  return {
    title: step.title === original.title ? t(`mentoring.step.${key}.title`) : step.title,
    guide: step.guide === original.guide ? t(`mentoring.step.${key}.guide`) : step.guide,
  };
}

/** A checkpoint's title as `locale` reads it (see localStepText). */
export function localStepTitle(step: { key: string; title: string }, locale: Locale): string {
  const key = defaultStepKey(step.key);
  if (!key || step.title !== DEFAULT_STEPS[key].title) return step.title;
  return translate(locale).t(`mentoring.step.${key}.title`);
}
