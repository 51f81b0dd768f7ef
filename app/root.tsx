import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode, useEffect } from "react";
import { useIntl } from "react-intl";
import { getUser, requestLocale } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { needsYouCount } from "~/mentoring/notify.server";
import stylesheet from "~/styles.css?url";
import { useFocusManagement, useScrollableTablesFocusable } from "~/ui/focus";
import { useNonce } from "~/ui/nonce";
import { Shell } from "~/ui/shell";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Koan" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return {
    locale: await requestLocale(request),
    user: user ? { name: user.name, role: user.role } : null,
    // "Things that need you": unread, unresolved items that ask for an action, repeats folded.
    unreadCount: user ? await needsYouCount(db, user.id) : 0,
    requestId: context.requestId ?? null,
  };
}

/** The root runs on every navigation, so the shell and the error page's request id stay current. */
export const shouldRevalidate = () => true;

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
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  return <ErrorPage error={error} requestId={data?.requestId ?? null} />;
}

function messageOf(data: unknown): string | null {
  if (typeof data === "string") return data;
  if (data && typeof data === "object" && "message" in data && typeof data.message === "string") {
    return data.message;
  }
  return null;
}

/** Says what happened and what to do next; never shows a stack trace. */
export function ErrorPage({ error, requestId }: { error: unknown; requestId: string | null }) {
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <div className="page narrow">
        <h1>You don't have access to this page</h1>
        <p>{messageOf(error.data) ?? "Your role doesn't include this page."}</p>
        <p>
          If you need it, ask a lead to change your role. Meanwhile,{" "}
          <Link to="/">go to your home page</Link>.
        </p>
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="page narrow">
        <h1>Page not found</h1>
        <p>{messageOf(error.data) ?? "We couldn't find that page."}</p>
        <p>
          Check the address, or <Link to="/">go to your home page</Link>.
        </p>
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 503) {
    return (
      <div className="page narrow">
        <h1>Koan couldn't save that</h1>
        <p>{messageOf(error.data) ?? "The server can't take writes right now. Try again soon."}</p>
        <RequestIdNote requestId={requestId} />
        <p>
          <Link to="/">Go to your home page</Link>
        </p>
      </div>
    );
  }
  if (isRouteErrorResponse(error)) {
    return (
      <div className="page narrow">
        <h1>{error.status === 429 ? "Slow down a little" : "That request didn't work"}</h1>
        <p>{messageOf(error.data) ?? error.statusText}</p>
        <p>
          <Link to="/">Go to your home page</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>Something went wrong on our side</h1>
      <p>
        Nothing you did caused this. Try again in a moment; if it keeps happening, tell your lead.
      </p>
      <RequestIdNote requestId={requestId} />
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </div>
  );
}

function RequestIdNote({ requestId }: { requestId: string | null }) {
  return requestId ? (
    <p>
      Request id: <code>{requestId}</code> (it helps whoever looks into the logs).
    </p>
  ) : null;
}
