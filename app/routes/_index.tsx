import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { homePathFor, requireUser } from "~/auth/current-user.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  throw redirect(homePathFor(user.role));
}
