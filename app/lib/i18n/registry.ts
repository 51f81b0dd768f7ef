import { DEFAULT_LOCALE, isLocale, type Locale } from "./locales";
import type { Translator } from "./translator";

// The translators this process has loaded: both on the server (catalogs.server.ts registers them),
// the page's own language in the browser (entry.client.tsx). Used where hooks can't be: a route's
// `meta` (the <title>), which knows the language from the root loader's data.
const loaded = new Map<Locale, Translator>();

export function registerTranslator(translator: Translator): void {
  loaded.set(translator.locale, translator);
}

/** The translator for `locale`, else whichever this process has (the browser loads one). */
export function loadedTranslator(locale: unknown): Translator | null {
  const wanted = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return loaded.get(wanted) ?? loaded.values().next().value ?? null;
}
