import { Form, useLocation } from "@remix-run/react";
import { LOCALE_NAMES, LOCALES, type Locale } from "~/lib/i18n/locales";
import { useT } from "./i18n";

/**
 * The language choice. The whole page reloads after it (`reloadDocument`): the new language's
 * catalog comes with the page, with no flash of the old one.
 */
export function LanguageForm({
  current,
  allowAuto,
}: {
  /** The saved choice; null follows the browser. */
  current: Locale | null;
  /** Settings offer "the browser's language"; the login page's switch is always explicit. */
  allowAuto: boolean;
}) {
  const { t } = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/language" reloadDocument className="language-form">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <label htmlFor="field-locale">{t("core.language.label")}</label>
      <select id="field-locale" name="locale" defaultValue={current ?? ""}>
        {allowAuto ? <option value="">{t("core.language.auto")}</option> : null}
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
      <button type="submit" className="button secondary">
        {t("core.language.save")}
      </button>
    </Form>
  );
}
