import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ShouldRevalidateFunction,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode, useEffect } from "react";
import { useIntl } from "react-intl";
import { getUser, localeFor, personTimeZone } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { requestInboxCounts } from "~/mentoring/notify.server";
import stylesheet from "~/styles.css?url";
import { errorHeadingKey } from "~/ui/error-heading";
import { ErrorPage } from "~/ui/error-page";
import { useFocusManagement, useScrollableTablesFocusable } from "~/ui/focus";
import { pageTitle } from "~/ui/i18n";
import { useNonce } from "~/ui/nonce";
import { isQuietPost } from "~/ui/quiet-posts";
import { Shell } from "~/ui/shell";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** "Koan" on a page without a title of its own; an error page caught here says what it is. */
export const meta: MetaFunction = ({ matches, error }) =>
  error == null ? [{ title: "Koan" }] : pageTitle(matches, errorHeadingKey(error));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = localeFor(request, user);
  return {
    locale,
    // The page's language catalog, which the browser's entry waits for before hydrating: preloaded.
    catalogChunk: context.catalogChunks?.[locale] ?? null,
    user: user ? { name: user.name, role: user.role } : null,
    // "Things that need you": unread, unresolved items that ask for an action, repeats folded.
    // The inbox page asks the same numbers in the same request: one query for both.
    unreadCount: user ? (await requestInboxCounts(request, db, user.id)).needsYou : 0,
    requestId: context.requestId ?? null,
    // The calendar the person's dates fall on (useT().day), the same on the server and in the browser.
    timeZone: personTimeZone(user),
    // The moment "3분 전" is counted from (useT().relative), the same on the server and in the
    // browser: counted from each one's own clock, a page rendered a minute's edge apart (or on a
    // browser whose clock is off) read differently while hydrating, and React rendered it again.
    renderedAt: new Date().toISOString(),
  };
}

/**
 * The root runs on every navigation, so the shell and the error page's request id stay current;
 * but not after a form refused at its fields (a 400 answered, not thrown to the error page),
 * which changed nothing: the refusal shows at once, without a second request for the same shell;
 * nor after a post that records what no page shows back (isQuietPost).
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  actionStatus,
  actionResult,
  formData,
}) => !isQuietPost(formData) && (actionStatus !== 400 || isRouteErrorResponse(actionResult));

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const { locale } = useIntl();
  // The language was changed elsewhere (Settings in another tab): load the page in it.
  const wanted = data?.locale;
  useEffect(() => {
    if (wanted && wanted !== locale) window.location.reload();
  }, [wanted, locale]);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <Meta />
        <Links />
        {data?.catalogChunk ? <link rel="modulepreload" href={data.catalogChunk} /> : null}
      </head>
      <body>
        <Shell user={data?.user ?? null} unreadCount={data?.unreadCount ?? 0}>
          {children}
        </Shell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useFocusManagement();
  useScrollableTablesFocusable();
  return <Outlet />;
}

export function ErrorBoundary() {
  useFocusManagement();
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  return <ErrorPage error={error} requestId={data?.requestId ?? null} />;
}
