import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { getUser } from "~/auth/current-user.server";
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
 */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const choice = formData.get("locale");
  const user = await getUser(request);
  const back = safeRedirectPath(formData.get("redirectTo"), user ? "/settings" : "/login");
  // Only a language or the empty "browser's language" choice: anything else (a forged value)
  // changes nothing.
  if (choice !== "" && !isLocale(choice)) throw redirect(back);
  const locale = isLocale(choice) ? choice : null;
  if (user) await setOwnLocale(db, { userId: user.id, locale });
  throw redirect(back, { headers: { "Set-Cookie": localeCookie(locale) } });
}
