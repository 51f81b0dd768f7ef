import { type MessageFormatElement, parse } from "@formatjs/icu-messageformat-parser";

// The browser's catalogs come parsed ahead of time. react-intl parses each ICU message the first
// time a page formats it, with FormatJS's message parser: 7.4 KB (gzip) of every page's scripts,
// and work on the phone; the parsed catalogs are 3.2–3.4 KB larger. The client build (vite.config.ts, `precompiledCatalogs`)
// replaces each catalog file with its messages' syntax trees and gives the browser FormatJS's
// parser-less build. The server keeps the text messages and the parser (mail, notifications).

/** A catalog file's path, and its language: `…/app/lib/i18n/messages/<locale>/<part>.json`. */
export const CATALOG_FILE = /\/app\/lib\/i18n\/messages\/([a-z]{2})\/[a-z-]+\.json$/;

/** Each message of a catalog parsed as react-intl parses it when it first formats it. */
export function precompileCatalog(
  locale: string,
  messages: Readonly<Record<string, string>>,
): Record<string, MessageFormatElement[]> {
  const parsed: Record<string, MessageFormatElement[]> = {};
  for (const [key, message] of Object.entries(messages)) {
    // IntlMessageFormat's own options: the parser's defaults, and the message's locale.
    parsed[key] = parse(message, { locale: new Intl.Locale(locale) });
  }
  return parsed;
}
