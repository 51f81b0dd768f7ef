import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { getUser } from "~/auth/current-user.server";
import { keepTypedFields } from "~/auth/kept-fields.server";
import { setOwnLocale } from "~/auth/users.server";
import { db } from "~/lib/db.server";
import { readForm, safeRedirectPath } from "~/lib/http.server";
import { isLocale, localeCookie } from "~/lib/i18n/locales";

/** Nothing to show here: the switch lives on the login page and in Settings. */
export async function loader() {
  throw redirect("/");
}

/**
 * Sets the language: the signed-in person's setting, and a cookie so the login page keeps it after
 * logging out. An empty choice ("Use the browser's language") clears both.
 *
 * On the log-in and invite pages the switch belongs to the page's own form (its button's
 * `formaction` names this route), so what was typed comes along: the e-mail and name are kept for
 * the page that follows (`kept-fields.server.ts`); a password is read and dropped. There the page
 * to go back to is `returnTo`, as the log-in form's own `redirectTo` is where signing in leads.
 */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const choice = formData.get("locale");
  const user = await getUser(request);
  const back = safeRedirectPath(
    formData.get("returnTo") ?? formData.get("redirectTo"),
    user ? "/settings" : "/login",
  );
  const headers = new Headers();
  const kept = user ? null : await keepTypedFields(formData);
  if (kept) headers.append("Set-Cookie", kept);
  // Only a language or the empty "browser's language" choice: anything else (a forged value)
  // changes nothing.
  if (choice !== "" && !isLocale(choice)) throw redirect(back, { headers });
  const locale = isLocale(choice) ? choice : null;
  if (user) await setOwnLocale(db, { userId: user.id, locale });
  headers.append("Set-Cookie", localeCookie(locale));
  throw redirect(back, { headers });
}
