import { notFound } from "~/lib/http.server";

/** Any URL no other route claims. */
export async function loader() {
  throw notFound();
}

export async function action() {
  throw notFound();
}

export default function NotFound() {
  return null;
}
