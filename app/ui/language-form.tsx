import { Form, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { LOCALE_NAMES, LOCALES, type Locale } from "~/lib/i18n/locales";
import { useT } from "./i18n";

/**
 * The language choice. The whole page reloads after it (`reloadDocument`): the new language's
 * catalog comes with the page, with no flash of the old one.
 *
 * With `joins`, the id of the page's own form (log-in, invite), the switch is that form's: its
 * button sends the form to /language (`formaction`), so what was typed there comes along and the
 * page comes back in the new language with it filled in, with or without scripts. The form's own
 * submit button comes first, so Enter in a field still submits the form itself. With scripts, the
 * form's passwords stay behind when the switch sends it (they would only be thrown away there).
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
  const switching = useRef(false);
  useEffect(() => {
    const form = joins ? document.getElementById(joins) : null;
    if (!(form instanceof HTMLFormElement)) return;
    const leavePasswords = (event: FormDataEvent) => {
      if (!switching.current) return;
      switching.current = false;
      for (const input of form.querySelectorAll<HTMLInputElement>('input[type="password"]'))
        if (input.name) event.formData.delete(input.name);
    };
    form.addEventListener("formdata", leavePasswords);
    return () => form.removeEventListener("formdata", leavePasswords);
  }, [joins]);
  const controls = (
    <>
      <input
        type="hidden"
        name="returnTo"
        value={`${location.pathname}${location.search}`}
        form={joins}
      />
      <label htmlFor="field-locale">{t("core.language.label")}</label>
      <select id="field-locale" name="locale" defaultValue={current ?? ""} form={joins}>
        {allowAuto ? <option value="">{t("core.language.auto")}</option> : null}
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className={joins ? "button secondary language-switch" : "button secondary"}
        form={joins}
        formAction={joins ? "/language" : undefined}
        formMethod={joins ? "post" : undefined}
        formNoValidate={joins ? true : undefined}
        onClick={
          joins
            ? () => {
                // The submission this click starts builds its form data at once (formdata).
                switching.current = true;
                setTimeout(() => {
                  switching.current = false;
                });
              }
            : undefined
        }
      >
        {t("core.language.save")}
      </button>
      {joins ? (
        <p className="language-password-note muted small">{t("core.language.emptyPassword")}</p>
      ) : null}
    </>
  );
  return joins ? (
    <div className="language-form">{controls}</div>
  ) : (
    <Form method="post" action="/language" reloadDocument className="language-form">
      {controls}
    </Form>
  );
}
