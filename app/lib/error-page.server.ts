import { escapeHtml } from "./escape-html";
import { translate } from "./i18n/catalogs.server";
import type { Locale } from "./i18n/locales";
import type { Msg } from "./i18n/messages";

// The error page of a resource route (a file, a download): routes without a page of their own
// can't render the app's error boundary, and what they threw reached the browser as JSON with a
// stack ({"message":"Unexpected Server Error"…}). This is a plain page in the reader's language
// saying what happened and where to go, with the status kept.

const HEADINGS = {
  400: "core.error.other.heading",
  403: "core.error.forbidden.heading",
  404: "core.error.notFound.heading",
  405: "core.error.other.heading",
  413: "core.error.tooLarge.heading",
  429: "core.error.tooMany.heading",
} as const;

/** An error page for a resource route, with `message` (a `k()` message) or the default. */
export function errorPage(
  locale: Locale,
  status: keyof typeof HEADINGS,
  message?: Msg,
  /** A same-site path to go back to (the form a too-large upload came from), before "home". */
  back?: string,
): Response {
  const { t, msg } = translate(locale);
  const heading = t(HEADINGS[status]);
  const body = message
    ? msg(message)
    : t(status === 404 ? "core.error.notFound.body" : "core.error.forbidden.body");
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)} · Koan</title>
</head>
<body>
<main>
<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(body)}</p>
${back ? `<p><a href="${escapeHtml(back)}">${escapeHtml(t("core.error.tooLarge.back"))}</a></p>\n` : ""}<p><a href="/">${escapeHtml(t("core.error.goHome"))}</a></p>
</main>
</body>
</html>
`;
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
