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
import { getUser, localeFor, personTimeZone } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { requestInboxCounts } from "~/mentoring/notify.server";
import stylesheet from "~/styles.css?url";
import { useFocusManagement, useScrollableTablesFocusable } from "~/ui/focus";
import { Trans, useT } from "~/ui/i18n";
import { useNonce } from "~/ui/nonce";
import { Shell } from "~/ui/shell";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Koan" }];

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

function messageOf(data: unknown): string | null {
  if (typeof data === "string") return data;
  if (data && typeof data === "object" && "message" in data && typeof data.message === "string") {
    return data.message;
  }
  return null;
}

/** What the sender of a refused form had typed (`forbiddenKeeping`), to copy before leaving. */
function keptOf(data: unknown): { label: string; text: string }[] {
  if (!data || typeof data !== "object" || !("kept" in data) || !Array.isArray(data.kept))
    return [];
  return data.kept.flatMap((v: unknown) =>
    v &&
    typeof v === "object" &&
    "label" in v &&
    "text" in v &&
    typeof v.label === "string" &&
    typeof v.text === "string"
      ? [{ label: v.label, text: v.text }]
      : [],
  );
}

/** The page a refusal points to instead (`forbiddenElsewhere`): a path on this site only. */
function elsewhereOf(data: unknown): { to: string; label: string } | null {
  if (!data || typeof data !== "object" || !("elsewhere" in data)) return null;
  const v = data.elsewhere;
  return v &&
    typeof v === "object" &&
    "to" in v &&
    "label" in v &&
    typeof v.to === "string" &&
    typeof v.label === "string" &&
    /^\/(?![/\\])/.test(v.to)
    ? { to: v.to, label: v.label }
    : null;
}

/** Says what happened and what to do next; never shows a stack trace. */
export function ErrorPage({ error, requestId }: { error: unknown; requestId: string | null }) {
  const { t, msg } = useT();
  const home = (chunks: ReactNode[]) => <Link to="/">{chunks}</Link>;
  const said = (fallback: string) => {
    const message = isRouteErrorResponse(error) ? messageOf(error.data) : null;
    return message ? msg(message) : fallback;
  };
  if (isRouteErrorResponse(error) && error.status === 403) {
    const kept = keptOf(error.data);
    const elsewhere = elsewhereOf(error.data);
    return (
      <div className="page narrow">
        <h1>{t("core.error.forbidden.heading")}</h1>
        <p>{said(t("core.error.forbidden.body"))}</p>
        {kept.length ? <p>{t("core.error.kept.intro")}</p> : null}
        {kept.map((field, i) => (
          <div className="field" key={`${i}:${field.label}`}>
            <label htmlFor={`kept-${i}`}>{msg(field.label)}</label>
            <textarea
              id={`kept-${i}`}
              readOnly
              rows={Math.min(12, Math.max(3, field.text.split("\n").length + 1))}
              defaultValue={field.text}
            />
          </div>
        ))}
        <p>
          {elsewhere && !kept.length ? (
            <Trans
              k="core.error.forbidden.elsewhere"
              values={{
                home,
                label: msg(elsewhere.label),
                there: (chunks) => <Link to={elsewhere.to}>{chunks}</Link>,
              }}
            />
          ) : (
            <Trans
              k={kept.length ? "core.error.kept.next" : "core.error.forbidden.next"}
              values={{ home }}
            />
          )}
        </p>
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="page narrow">
        <h1>{t("core.error.notFound.heading")}</h1>
        <p>{said(t("core.error.notFound.body"))}</p>
        <p>
          <Trans k="core.error.notFound.next" values={{ home }} />
        </p>
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 503) {
    return (
      <div className="page narrow">
        <h1>{t("core.error.unavailable.heading")}</h1>
        <p>{said(t("core.error.unavailable.body"))}</p>
        <RequestIdNote requestId={requestId} />
        <p>
          <Link to="/">{t("core.error.goHome")}</Link>
        </p>
      </div>
    );
  }
  if (isRouteErrorResponse(error)) {
    return (
      <div className="page narrow">
        <h1>
          {error.status === 429 ? t("core.error.tooMany.heading") : t("core.error.other.heading")}
        </h1>
        <p>{said(error.statusText)}</p>
        <p>
          <Link to="/">{t("core.error.goHome")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("core.error.server.heading")}</h1>
      <p>{t("core.error.server.body")}</p>
      <RequestIdNote requestId={requestId} />
      <p>
        <Link to="/">{t("core.error.goHome")}</Link>
      </p>
    </div>
  );
}

function RequestIdNote({ requestId }: { requestId: string | null }) {
  return requestId ? (
    <p>
      <Trans
        k="core.error.requestId"
        values={{ id: requestId, code: (chunks: ReactNode[]) => <code>{chunks}</code> }}
      />
    </p>
  ) : null;
}
