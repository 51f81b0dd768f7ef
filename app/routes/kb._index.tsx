import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { localeFor, personTimeZone, requireUser } from "~/auth/current-user.server";
import {
  getSearchPage,
  reportSearchMiss,
  ticketForMissedSearch,
} from "~/knowledge/search-page.server";
import {
  MAX_SEARCH_QUERY_CHARS,
  type SearchFilters,
  tooShortForGap,
} from "~/knowledge/search-types";
import { RESOLUTIONS } from "~/knowledge/templates";
import { clip } from "~/lib/clip";
import { db } from "~/lib/db.server";
import { idField } from "~/lib/fields";
import { forbidden, readForm } from "~/lib/http.server";
import { k } from "~/lib/i18n/messages";
import { FormMessage, SubmitButton } from "~/ui/form";
import { pageTitle, Trans, useT } from "~/ui/i18n";
import { DraftList, KbLinks, KbSearchForm, RecentWriteups, SearchResults } from "~/ui/kb-search";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "knowledge.search.title");

const paramsSchema = z.object({
  /** A longer query (a link made by hand, a paste past the box) is searched by its start. */
  q: z
    .string()
    .transform((q) => clip(q, MAX_SEARCH_QUERY_CHARS))
    .optional()
    .catch(undefined),
  component: z.string().trim().max(60).optional().catch(undefined),
  tag: z.string().trim().max(60).optional().catch(undefined),
  resolution: z.enum(RESOLUTIONS).optional().catch(undefined),
  author: idField.optional().catch(undefined),
  verified: z.enum(["yes", "no"]).optional().catch(undefined),
  /** "1": search the words as typed, without typo corrections ("search instead for …"). */
  exact: z.enum(["1"]).optional().catch(undefined),
  /** Days in the viewer's time zone; one that isn't a date is named at its field, not applied. */
  from: z.string().trim().max(40).optional().catch(undefined),
  to: z.string().trim().max(40).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const params = paramsSchema.parse(
    Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")),
  );
  const filters: SearchFilters = {
    component: params.component,
    tag: params.tag,
    resolution: params.resolution,
    authorId: params.author,
    verified: params.verified === undefined ? undefined : params.verified === "yes",
  };
  const q = params.q ?? "";
  const page = await getSearchPage(db, {
    q,
    filters,
    days: { from: params.from, to: params.to },
    timeZone: personTimeZone(user),
    viewer: user,
    exact: params.exact === "1",
  });
  return { params: { ...params, q }, ...page };
}

const actionSchema = z.object({
  intent: z.enum(["miss", "gapTicket"]),
  q: z.string().min(1).max(MAX_SEARCH_QUERY_CHARS),
});

/**
 * The page reports a search that found nothing once typing settles (a GET never writes); a lead
 * may make one a documentation ticket from the empty result itself.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ ok: false, message: null }, { status: 400 });
  const { intent, q } = parsed.data;
  if (intent === "miss") {
    await reportSearchMiss(db, { q, reporterId: user.id });
    return { ok: true, message: null };
  }
  const made = await ticketForMissedSearch(db, {
    q,
    viewer: user,
    locale: localeFor(request, user),
  });
  if (made.ok) throw redirect(`/tickets/${made.ticketId}`);
  if (made.reason === "forbidden") throw forbidden(k("knowledge.gaps.forbidden"));
  const message =
    made.reason === "answered"
      ? k("knowledge.search.gapTicket.answered")
      : k("knowledge.search.gapTicket.tooShort");
  return data({ ok: false, message }, { status: made.reason === "answered" ? 409 : 400 });
}

export default function KnowledgeBase() {
  const {
    params,
    search,
    dateProblems,
    resultLimit,
    recent,
    drafts,
    components,
    authors,
    canSeeGaps,
    gapTicketId,
    canReview,
    canImport,
    canExport,
  } = useLoaderData<typeof loader>();
  const miss = useFetcher();
  const reported = useActionData<typeof action>();
  const { t, msg } = useT();

  // Report a search that found nothing, once the query has stayed put for a moment.
  const query = params.q.trim();
  const longEnough = !tooShortForGap(query);
  const empty = search !== null && search.results.length === 0;
  const missLoad = miss.submit;
  useEffect(() => {
    if (!empty || !longEnough) return;
    const pause = setTimeout(
      () => missLoad({ intent: "miss", q: query }, { method: "post" }),
      1500,
    );
    return () => clearTimeout(pause);
  }, [empty, longEnough, query, missLoad]);

  // A lead turns the gap into a documentation ticket right here (or finds the one made before).
  const gapAction =
    canSeeGaps && empty && longEnough ? (
      gapTicketId !== null ? (
        <p>
          <Trans
            k="knowledge.search.gapTicket.open"
            values={{
              link: (chunks) => <Link to={`/tickets/${gapTicketId}`}>{chunks}</Link>,
            }}
          />
        </p>
      ) : (
        <Form method="post" className="gap-ticket-form">
          <input type="hidden" name="q" value={query} />
          {reported?.message ? (
            <FormMessage tone="error">{msg(reported.message)}</FormMessage>
          ) : null}
          <p className="muted">{t("knowledge.search.gapTicket.help")}</p>
          <SubmitButton
            intent="gapTicket"
            variant="secondary"
            pendingLabel={t("knowledge.gaps.creating")}
          >
            {t("knowledge.search.gapTicket.make")}
          </SubmitButton>
        </Form>
      )
    ) : null;

  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>{t("knowledge.search.heading")}</h1>
          <p className="lede">{t("knowledge.search.lede")}</p>
        </div>
        <div className="actions">
          <Link to="/kb/new" className="button button-primary">
            {t("knowledge.search.newWriteup")}
          </Link>
        </div>
      </header>

      <KbSearchForm
        params={params}
        dateProblems={dateProblems}
        components={components}
        authors={authors}
      />

      {search ? (
        <SearchResults search={search} limit={resultLimit} emptyAction={gapAction} />
      ) : (
        <RecentWriteups recent={recent} />
      )}

      {empty && longEnough ? (
        reported?.ok ? (
          <FormMessage tone="success">{t("knowledge.search.missNoted")}</FormMessage>
        ) : (
          // With scripts the miss is reported by itself (above); without, the reader sends it,
          // or the empty result's promise ("shown to leads as gaps to fill") would not hold.
          <noscript>
            <Form method="post" className="miss-form">
              <input type="hidden" name="intent" value="miss" />
              <input type="hidden" name="q" value={query} />
              <button type="submit" className="button button-secondary">
                {t("knowledge.search.reportMiss")}
              </button>
            </Form>
          </noscript>
        )
      ) : null}

      {drafts.length ? <DraftList drafts={drafts} /> : null}

      <KbLinks
        canReview={canReview}
        canSeeGaps={canSeeGaps}
        canImport={canImport}
        canExport={canExport}
      />
    </div>
  );
}

/** A refusal or error from this page keeps the header and navigation, scripts or not. */
export { RouteErrorBoundary as ErrorBoundary } from "~/ui/error-page";
