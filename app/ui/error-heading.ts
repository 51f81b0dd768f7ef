import { isRouteErrorResponse } from "@remix-run/react";
import type { MessageKey } from "~/lib/i18n/messages";

/**
 * What an error page's heading says, by the error: the page's <title> says the same, so a tab or
 * a screen reader announcing the page does not name the page that could not be shown.
 */
export function errorHeadingKey(error: unknown): MessageKey {
  if (!isRouteErrorResponse(error)) return "core.error.server.heading";
  switch (error.status) {
    case 403:
      return "core.error.forbidden.heading";
    case 404:
      return "core.error.notFound.heading";
    case 503:
      return "core.error.unavailable.heading";
    case 429:
      return "core.error.tooMany.heading";
    default:
      return "core.error.other.heading";
  }
}
