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

/**
 * Whether a checkpoint's title is shown as someone wrote it (a lead's own step), not as one of
 * Koan's default step names in the reader's language: only the former may be in the other
 * language than the page's, and carry a `lang` of its own.
 */
export function stepTitleAsWritten(step: { key: string; title: string }): boolean {
  const key = defaultStepKey(step.key);
  return !key || step.title !== DEFAULT_STEPS[key].title;
}

/** A checkpoint's title as `locale` reads it (see localStepText). */
export function localStepTitle(step: { key: string; title: string }, locale: Locale): string {
  const key = defaultStepKey(step.key);
  if (!key || step.title !== DEFAULT_STEPS[key].title) return step.title;
  return translate(locale).t(`mentoring.step.${key}.title`);
}

/**
 * The inverse of localStepText, for saving a track edited in `locale`: a default step's title or
 * guide left as the editor showed it (in that language) is stored as the default text again, so
 * it keeps following each reader's language; anything typed differently is the lead's own.
 */
export function storedStepText<S extends { key?: string; title: string; guide: string }>(
  step: S,
  locale: Locale,
): S {
  const key = step.key ? defaultStepKey(step.key) : null;
  if (!key) return step;
  const t = translate(locale).t;
  const original = DEFAULT_STEPS[key];
  // A textarea sends its lines with CRLF.
  const same = (typed: string, shown: string) =>
    typed.replace(/\r\n/g, "\n").trim() === shown.replace(/\r\n/g, "\n").trim();
  return {
    ...step,
    title: same(step.title, t(`mentoring.step.${key}.title`)) ? original.title : step.title,
    guide: same(step.guide, t(`mentoring.step.${key}.guide`)) ? original.guide : step.guide,
  };
}
