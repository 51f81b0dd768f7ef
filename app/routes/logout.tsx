import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { logout } from "~/auth/current-user.server";

/** Logging out changes data, so it is POST only; a stray GET just goes home. */
export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return logout(request, "/login?loggedOut=1");
}
