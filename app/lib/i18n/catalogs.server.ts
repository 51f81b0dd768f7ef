import { createIntl, createIntlCache, type IntlShape } from "react-intl";
import { DEFAULT_LOCALE, type Locale } from "./locales";
import { en } from "./messages/en";
import { ko } from "./messages/ko";
import { registerTranslator } from "./registry";
import { type Translator, translatorOf } from "./translator";

/** Both catalogs, for the server's render and for mail; the browser loads only its own. */
export const CATALOGS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = { en, ko };

const cache = createIntlCache();
const intls = new Map<Locale, IntlShape>();

/** One IntlShape per language for the life of the process: its formatters are built once. */
export function intlFor(locale: Locale): IntlShape {
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl(
      {
        locale,
        defaultLocale: DEFAULT_LOCALE,
        messages: CATALOGS[locale],
        onError: reportIntlError,
      },
      cache,
    );
    intls.set(locale, intl);
  }
  return intl;
}

/**
 * The messages of `locale`, for mail, notifications and anything rendered outside React; dates of
 * times fall on the calendar of `timeZone` (the recipient's), UTC when not given.
 */
export function translate(locale: Locale, timeZone = "UTC"): Translator {
  return translatorOf(intlFor(locale), timeZone);
}

/** Formatting problems are bugs in a catalog: say so loudly in development and tests. */
export function reportIntlError(error: { code?: string; message: string }): void {
  if (process.env.NODE_ENV !== "production" || error.code !== "MISSING_TRANSLATION") {
    console.error(`[i18n] ${error.message}`);
  }
}

for (const locale of Object.keys(CATALOGS) as Locale[]) registerTranslator(translate(locale));
