import { Form, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { LOCALE_NAMES, LOCALES, type Locale } from "~/lib/i18n/locales";
import { useT } from "./i18n";

/** The fields of a joined form that come along with the switch: what was typed, never a password. */
const KEPT_TYPES = new Set(["text", "email", "search", "tel", "url"]);

/**
 * The language choice, a form of its own: it sends only the language and the page to come back
 * to. The whole page reloads after it (`reloadDocument`): the new language's catalog comes with
 * the page, with no flash of the old one.
 *
 * With `joins`, the id of the page's own form (log-in, invite), and scripts, the switch takes that
 * form's typed text fields along (the e-mail, the name), so the page comes back in the new language
 * with them filled in; passwords and hidden fields stay behind. Without scripts a form can only
 * send all of its fields, a password's included, so the switch sends none of the other form's.
 */
export function LanguageForm({
  current,
  allowAuto,
  joins,
}: {
  /** The saved choice; null follows the browser. */
  current: Locale | null;
  /** Settings offer "the browser's language"; the login page's switch is always explicit. */
  allowAuto: boolean;
  /** The id of the form whose typed fields the switch keeps. */
  joins?: string;
}) {
  const { t } = useT();
  const location = useLocation();
  const own = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const form = own.current;
    if (!form || !joins) return;
    const bringTyped = (event: FormDataEvent) => {
      const joined = document.getElementById(joins);
      if (!(joined instanceof HTMLFormElement)) return;
      for (const field of joined.elements) {
        if (field instanceof HTMLInputElement && field.name && KEPT_TYPES.has(field.type))
          event.formData.set(field.name, field.value);
      }
    };
    form.addEventListener("formdata", bringTyped);
    return () => form.removeEventListener("formdata", bringTyped);
  }, [joins]);
  return (
    <Form ref={own} method="post" action="/language" reloadDocument className="language-form">
      <input type="hidden" name="returnTo" value={`${location.pathname}${location.search}`} />
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
