import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { errorHeadingKey } from "~/ui/error-heading";
import { Trans, useT } from "~/ui/i18n";

// The page an error or a refusal shows, in the reader's language and inside Koan's header.

/**
 * A route's own error boundary: every route with a page and an action exports it as its
 * `ErrorBoundary` (app/architecture.test.ts checks). When an action refuses a form sent without
 * scripts, Remix runs only the loaders of the routes above the boundary that catches the refusal:
 * caught by the root's boundary, that is none, and the refused page came without the header and
 * navigation (the root loader's person and inbox count). Caught here, below the root, the root's
 * loader runs and the page keeps its shell.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData("root") as { requestId?: unknown } | undefined;
  const requestId = typeof root?.requestId === "string" ? root.requestId : null;
  return <ErrorPage error={error} requestId={requestId} />;
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

/**
 * The file a refused import sent (`forbiddenNotImported`): its name, "" when unknown, or null when
 * the refusal is not an import's.
 */
function notImportedOf(data: unknown): string | null {
  if (!data || typeof data !== "object" || !("notImported" in data)) return null;
  return typeof data.notImported === "string" ? data.notImported : "";
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
    const notImported = notImportedOf(error.data);
    return (
      <div className="page narrow">
        <h1>{t(errorHeadingKey(error))}</h1>
        <p>{said(t("core.error.forbidden.body"))}</p>
        {kept.length ? <p>{t("core.error.kept.intro")}</p> : null}
        {notImported === null ? null : (
          <p>
            {notImported
              ? t("core.error.notImported.named", { file: notImported })
              : t("core.error.notImported.unnamed")}
          </p>
        )}
        <KeptBoxes kept={kept} />
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
    // A form sent to something gone meanwhile (`notFoundKeeping`): what was typed, to copy.
    const kept = keptOf(error.data);
    return (
      <div className="page narrow">
        <h1>{t(errorHeadingKey(error))}</h1>
        <p>{said(t("core.error.notFound.body"))}</p>
        {kept.length ? <p>{t("core.error.kept.intro")}</p> : null}
        <KeptBoxes kept={kept} />
        <p>
          <Trans
            k={kept.length ? "core.error.kept.next" : "core.error.notFound.next"}
            values={{ home }}
          />
        </p>
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 503) {
    return (
      <div className="page narrow">
        <h1>{t(errorHeadingKey(error))}</h1>
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
        <h1>{t(errorHeadingKey(error))}</h1>
        <p>{said(error.statusText)}</p>
        <p>
          <Link to="/">{t("core.error.goHome")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t(errorHeadingKey(error))}</h1>
      <p>{t("core.error.server.body")}</p>
      <RequestIdNote requestId={requestId} />
      <p>
        <Link to="/">{t("core.error.goHome")}</Link>
      </p>
    </div>
  );
}

/** What the sender of a refused form had typed, each under its label, read-only. */
function KeptBoxes({ kept }: { kept: { label: string; text: string }[] }) {
  const { msg } = useT();
  return kept.map((field, i) => (
    <div className="field" key={`${i}:${field.label}`}>
      <label htmlFor={`kept-${i}`}>{msg(field.label)}</label>
      <textarea
        id={`kept-${i}`}
        readOnly
        rows={Math.min(12, Math.max(3, field.text.split("\n").length + 1))}
        defaultValue={field.text}
      />
    </div>
  ));
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
