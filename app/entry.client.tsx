import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { createIntl, RawIntlProvider } from "react-intl";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/lib/i18n/locales";
import { registerTranslator } from "~/lib/i18n/registry";
import { translatorOf } from "~/lib/i18n/translator";

/** Only the page's own language is downloaded; the server rendered the page in it. */
async function messagesFor(locale: Locale): Promise<Record<string, string>> {
  return locale === "ko"
    ? (await import("~/lib/i18n/messages/ko")).ko
    : (await import("~/lib/i18n/messages/en")).en;
}

/**
 * With single fetch, RemixBrowser decodes the page's data on its first render and suspends until
 * it is done. A key press or click in that moment makes React hydrate synchronously, which a
 * suspended root cannot do: React gives up (error 345) and the page stays plain HTML (no live
 * search, no focus handling) until the next full load. So the decoding is started, and awaited,
 * before hydration begins: the first render then has nothing to wait for.
 */
async function pageDataDecoded() {
  try {
    RemixBrowser({});
  } catch (thrown) {
    if (thrown instanceof Promise) await thrown;
  }
}

async function hydrate() {
  const lang = document.documentElement.lang;
  const locale: Locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  const intl = createIntl({
    locale,
    defaultLocale: DEFAULT_LOCALE,
    messages: await messagesFor(locale),
  });
  registerTranslator(translatorOf(intl));
  await pageDataDecoded();
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RawIntlProvider value={intl}>
          <RemixBrowser />
        </RawIntlProvider>
      </StrictMode>,
    );
  });
}

void hydrate();
