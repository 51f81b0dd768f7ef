import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { RawIntlProvider } from "react-intl";
import { requestLocale } from "~/auth/current-user.server";
import { warmSearchPath } from "~/knowledge/search.server";
import { db } from "~/lib/db.server";
import { errorPage } from "~/lib/error-page.server";
import { intlFor } from "~/lib/i18n/catalogs.server";
import { isLocale, type Locale } from "~/lib/i18n/locales";
import { k } from "~/lib/i18n/messages";
import { logger } from "~/lib/logger.server";
import { withoutNulBytes } from "~/lib/nul-free.server";
import { NonceContext } from "~/ui/nonce";

export const streamTimeout = 5_000;

/** For the Express server (app/server/app.ts): it opens and closes each request's memo. */
export { closeRequestMemo, openRequestMemo } from "~/lib/context";

/**
 * For the Express server (app/server/app.ts): the page for a form whose body was past the limit
 * (413), in the person's language (their setting, else the switch, else the browser's), saying
 * the limit and what to do, with a way back to the page the form was on.
 */
export async function tooLargePage(request: Request, maxBytes: number): Promise<Response> {
  const locale = await requestLocale(request).catch(() => "en" as const);
  const max = Math.floor(maxBytes / (1024 * 1024));
  return errorPage(locale, 413, k("core.error.tooLarge.body", { max }), formPage(request));
}

/** The same-site page a form was sent from (its Referer), else the path it was sent to. */
function formPage(request: Request): string {
  const url = new URL(request.url);
  // Only a path on this site: "//elsewhere" would leave it.
  const onSite = (path: string) => (/^\/(?![/\\])/.test(path) ? path : "/");
  try {
    const referer = new URL(request.headers.get("Referer") ?? "");
    if (referer.host === url.host) return onSite(referer.pathname + referer.search);
  } catch {
    // No Referer, or not a URL: the path the form was sent to shows it again.
  }
  return onSite(url.pathname.replace(/\.data$/, ""));
}

/**
 * Called by the server once it is listening: loads what the first requests would otherwise wait
 * for (the search vocabulary), in small steps that let requests through.
 */
export async function warm(): Promise<void> {
  const started = performance.now();
  try {
    const terms = await warmSearchPath(db);
    logger.info("search vocabulary loaded", {
      terms,
      durationMs: Math.round(performance.now() - started),
    });
  } catch (error) {
    logger.error("warming the search vocabulary failed", { error: String(error) });
  }
}

/**
 * Pages and their `.data` answers are about the signed-in person (the team page lists every
 * e-mail): no shared cache or browser history keeps them, unless a route says otherwise.
 */
const PRIVATE = "private, no-store";

export function handleDataRequest(response: Response) {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", PRIVATE);
  return response;
}

/** The root loader's choice; when it failed (an error page), worked out again from the request. */
async function pageLocale(request: Request, remixContext: EntryContext): Promise<Locale> {
  const root = remixContext.staticHandlerContext.loaderData.root as
    | { locale?: unknown }
    | undefined;
  return isLocale(root?.locale) ? root.locale : requestLocale(request).catch(() => "en" as const);
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce ?? "";
  const intl = intlFor(await pageLocale(request, remixContext));
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RawIntlProvider value={intl}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </RawIntlProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", PRIVATE);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error("render failed", { error: String(error) });
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/** Logs unexpected server errors with the request id that the 500 page shows. */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // Expected refusals (405 for a method a route doesn't take, and the like) are not errors.
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  logger.error("unexpected error", {
    requestId: context.requestId,
    method: request.method,
    path: new URL(request.url).pathname,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
};
