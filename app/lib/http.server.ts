import { data } from "@remix-run/node";

/** An expected failure, rendered by the nearest ErrorBoundary with its message. */
export function forbidden(message = "You don't have access to this page.") {
  return data({ message }, { status: 403 });
}

export function notFound(message = "We couldn't find that page.") {
  return data({ message }, { status: 404 });
}

/** Throws a 404 response when `value` is missing, narrowing it otherwise. */
export function invariantFound<T>(
  value: T | null | undefined,
  message?: string,
): asserts value is T {
  if (value === null || value === undefined) throw notFound(message);
}

/** Only same-site relative paths: never `//evil.example` or `https://…`. */
export function safeRedirectPath(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
) {
  if (
    typeof to !== "string" ||
    !to.startsWith("/") ||
    to.startsWith("//") ||
    to.startsWith("/\\")
  ) {
    return fallback;
  }
  return to;
}

/**
 * The request's form data; a malformed or unreadable body is the client's mistake (400), never a
 * server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data(
      { message: "The form could not be read. Reload the page and try again." },
      { status: 400 },
    );
  }
}
