import type { LoaderFunctionArgs } from "@remix-run/node";

/** What a loader or action answered, whether it returned it or threw it. */
export interface RouteAnswer<T> {
  status: number;
  /** The redirect's target, or null. */
  location: string | null;
  /** The data of a `data(…)` answer or a plain object; undefined for a Response. */
  body: T;
  thrown: boolean;
}

/**
 * Calls a route's loader or action in-process with `request` and unwraps what it answers: a
 * Response (a redirect, or a thrown 403), a `data(…, { status })` (single fetch), or plain data.
 * Anything else thrown is a bug and is thrown again.
 */
export async function callRoute<T = Record<string, unknown>>(
  handler: (args: LoaderFunctionArgs) => unknown,
  request: Request,
  params: LoaderFunctionArgs["params"] = {},
): Promise<RouteAnswer<T>> {
  let value: unknown;
  let thrown = false;
  try {
    value = await handler({ request, params, context: {} });
  } catch (error) {
    value = error;
    thrown = true;
  }
  if (value instanceof Response) {
    const location = value.headers.get("Location");
    return { status: value.status, location, body: undefined as T, thrown };
  }
  if (value && typeof value === "object" && "init" in value && "data" in value) {
    const init = value.init as ResponseInit | null;
    return { status: init?.status ?? 200, location: null, body: value.data as T, thrown };
  }
  if (thrown) throw value;
  return { status: 200, location: null, body: value as T, thrown };
}
