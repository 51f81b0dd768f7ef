import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { namesOf } from "~/auth/users.server";
import { recordSearchMiss } from "~/knowledge/health.server";
import { cachedSearchWriteups } from "~/knowledge/search.server";
import {
  MAX_SEARCH_QUERY_CHARS,
  type SearchFilters,
  type SnippetPart,
} from "~/knowledge/search-types";
import { RESOLUTION_LABELS, RESOLUTIONS } from "~/knowledge/templates";
import { listDrafts, listRecentWriteups, listWriteupFacets } from "~/knowledge/writeups.server";
import { db } from "~/lib/db.server";
import { readForm } from "~/lib/http.server";
import { formatDay } from "~/lib/time";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { ListLink, useListNavigation } from "~/ui/list-link";

export const meta: MetaFunction = () => [{ title: "Knowledge base · Koan" }];

const paramsSchema = z.object({
  q: z.string().max(MAX_SEARCH_QUERY_CHARS).optional().catch(undefined),
  component: z.string().trim().max(60).optional().catch(undefined),
  tag: z.string().trim().max(60).optional().catch(undefined),
  resolution: z.enum(RESOLUTIONS).optional().catch(undefined),
  author: z.coerce
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .catch(undefined),
  verified: z.enum(["yes", "no"]).optional().catch(undefined),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
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
    from: params.from,
    to: params.to,
  };
  const q = params.q ?? "";
  const [search, recent, drafts, facets] = await Promise.all([
    q.trim() ? cachedSearchWriteups(db, { q, filters, limit: 20 }) : Promise.resolve(null),
    q.trim() ? Promise.resolve([]) : listRecentWriteups(db, 10),
    listDrafts(db, user.id),
    listWriteupFacets(db),
  ]);
  // The filter lists the most prolific authors; someone filtered by stays listed.
  let authors = facets.authors;
  if (params.author !== undefined && !authors.some((a) => a.id === params.author)) {
    const name = (await namesOf(db, [params.author])).get(params.author);
    if (name) authors = [...authors, { id: params.author, name }];
  }
  return {
    params: { ...params, q },
    search,
    recent,
    drafts,
    components: facets.components,
    authors,
    canSeeGaps: user.role === "lead",
    canReview: user.role !== "newcomer",
  };
}

/** The page reports a search that found nothing once typing settles; a GET never writes. */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request);
  const formData = await readForm(request);
  const parsed = z
    .object({ intent: z.literal("miss"), q: z.string().min(1).max(MAX_SEARCH_QUERY_CHARS) })
    .safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ ok: false }, { status: 400 });
  const { results } = await cachedSearchWriteups(db, { q: parsed.data.q, limit: 1 });
  if (results.length === 0) await recordSearchMiss(db, parsed.data.q);
  return { ok: true };
}

function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <p className="snippet">
      {parts.map((p, i) =>
        // Parts are positional pieces of one snippet; their order never changes.
        p.hit ? (
          <mark key={`${i}-${p.text}`}>{p.text}</mark>
        ) : (
          <span key={`${i}-${p.text}`}>{p.text}</span>
        ),
      )}
    </p>
  );
}

export default function KnowledgeBase() {
  const { params, search, recent, drafts, components, authors, canSeeGaps, canReview } =
    useLoaderData<typeof loader>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const miss = useFetcher();
  const openWriteup = useListNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const searching = navigation.state === "loading" && navigation.location.pathname === "/kb";

  // Report a search that found nothing, once the query has stayed put for a moment.
  const query = params.q.trim();
  const empty = search !== null && search.results.length === 0;
  const missLoad = miss.submit;
  useEffect(() => {
    if (!empty || query.length < 3) return;
    const t = setTimeout(() => missLoad({ intent: "miss", q: query }, { method: "post" }), 1500);
    return () => clearTimeout(t);
  }, [empty, query, missLoad]);

  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>Knowledge base</h1>
          <p className="lede">Has anyone seen this before? Type the symptom or paste the error.</p>
        </div>
        <div className="actions">
          <Link to="/kb/new" className="button button-primary">
            New write-up
          </Link>
        </div>
      </header>

      <Form
        method="get"
        ref={formRef}
        className="card stack kb-search"
        role="search"
        onChange={(e) => {
          const form = e.currentTarget;
          clearTimeout(timer.current);
          timer.current = setTimeout(
            () => submit(form, { replace: true, preventScrollReset: true }),
            200,
          );
        }}
      >
        <div className="field">
          <label htmlFor="kb-q">Search write-ups</label>
          <input
            id="kb-q"
            name="q"
            type="search"
            defaultValue={params.q}
            maxLength={MAX_SEARCH_QUERY_CHARS}
            autoComplete="off"
            placeholder="e.g. invoice total shows $ for KRW"
          />
        </div>
        <details
          open={Boolean(
            params.component ||
              params.tag ||
              params.resolution ||
              params.verified ||
              params.from ||
              params.to,
          )}
        >
          <summary>Filters</summary>
          <div className="filter-grid">
            <div className="field">
              <label htmlFor="kb-component">Component</label>
              <select id="kb-component" name="component" defaultValue={params.component ?? ""}>
                <option value="">Any component</option>
                {components.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="kb-resolution">Resolution</label>
              <select id="kb-resolution" name="resolution" defaultValue={params.resolution ?? ""}>
                <option value="">Any resolution</option>
                {RESOLUTIONS.map((r) => (
                  <option key={r} value={r}>
                    {RESOLUTION_LABELS[r]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="kb-verified">Verified</label>
              <select id="kb-verified" name="verified" defaultValue={params.verified ?? ""}>
                <option value="">Either</option>
                <option value="yes">Verified by a mentor</option>
                <option value="no">Not verified yet</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="kb-author">Author</label>
              <select id="kb-author" name="author" defaultValue={params.author ?? ""}>
                <option value="">Anyone</option>
                {authors.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="kb-tag">Tag</label>
              <input id="kb-tag" name="tag" defaultValue={params.tag ?? ""} maxLength={60} />
            </div>
            <div className="field">
              <label htmlFor="kb-from">Published from</label>
              <input id="kb-from" name="from" type="date" defaultValue={params.from ?? ""} />
            </div>
            <div className="field">
              <label htmlFor="kb-to">Published until</label>
              <input id="kb-to" name="to" type="date" defaultValue={params.to ?? ""} />
            </div>
          </div>
        </details>
        <div>
          <button type="submit" className="button button-secondary">
            Search
          </button>
        </div>
      </Form>

      {search ? (
        <section
          aria-labelledby="kb-results"
          aria-busy={searching || undefined}
          className="kb-results"
        >
          <h2 id="kb-results" className="results-heading" aria-live="polite">
            {search.results.length === 0
              ? "No write-up matches yet"
              : `${search.results.length}${search.results.length === 20 ? "+" : ""} ${search.results.length === 1 ? "write-up" : "write-ups"}`}
          </h2>
          {search.correctedQuery ? (
            <p className="muted">
              Showing results for <strong>{search.correctedQuery}</strong>.
            </p>
          ) : null}
          {search.results.length === 0 ? (
            <EmptyState title="Nobody has written this up yet">
              <p>
                Try fewer or different words, or the exact error text. If you solve it,{" "}
                <Link to="/kb/new">write it up</Link> so the next person finds it: searches that
                find nothing are shown to leads as gaps to fill.
              </p>
            </EmptyState>
          ) : (
            <ol className="ticket-list">
              {search.results.map((r, i) => (
                <li key={r.id} className="ticket-row">
                  <div className="ticket-main">
                    <ListLink
                      href={`/kb/${r.id}`}
                      className="ticket-title"
                      onNavigate={openWriteup}
                    >
                      {r.title}
                    </ListLink>
                    <Snippet parts={r.snippet} />
                    <div className="ticket-meta">
                      <Badge tone={r.resolution === "works_as_designed" ? "accent" : "neutral"}>
                        {RESOLUTION_LABELS[r.resolution]}
                      </Badge>
                      {r.component ? <span>{r.component}</span> : null}
                      {r.verified ? <Badge tone="good">verified</Badge> : null}
                      {!r.matchedAll && (i === 0 || search.results[i - 1]?.matchedAll) ? (
                        <span className="muted">matches some of your words</span>
                      ) : null}
                    </div>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : (
        <section aria-labelledby="kb-recent" className="card">
          <h2 id="kb-recent">Recently published</h2>
          {recent.length === 0 ? (
            <EmptyState title="The knowledge base is empty">
              <p>
                Write-ups appear here as fixes are finished.{" "}
                <Link to="/kb/new">Write the first one</Link>.
              </p>
            </EmptyState>
          ) : (
            <ul className="plain-list">
              {recent.map((w) => (
                <li key={w.id} className="row">
                  <span>
                    <Link to={`/kb/${w.id}`}>{w.title}</Link>
                    <span className="muted small">
                      {" "}
                      · {RESOLUTION_LABELS[w.resolution]}
                      {w.component ? ` · ${w.component}` : ""}
                    </span>
                  </span>
                  <span className="muted small">
                    {w.published_at ? formatDay(w.published_at) : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {drafts.length ? (
        <section aria-labelledby="kb-drafts" className="card">
          <h2 id="kb-drafts">Your drafts</h2>
          <ul className="plain-list">
            {drafts.map((d) => (
              <li key={d.id} className="row">
                <Link to={`/kb/${d.id}/edit`}>{d.title}</Link>
                <span className="muted small">edited {formatDay(d.updated_at)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <nav aria-label="More of the knowledge base" className="card">
        <ul className="inline-links">
          <li>
            <Link to="/kb/toil">Toil board</Link>
          </li>
          {canReview ? (
            <li>
              <Link to="/kb/review">Due for review</Link>
            </li>
          ) : null}
          {canSeeGaps ? (
            <li>
              <Link to="/kb/gaps">Knowledge gaps</Link>
            </li>
          ) : null}
          {canReview ? (
            <li>
              <Link to="/kb/import">Import</Link>
            </li>
          ) : null}
          <li>
            <a href="/kb/export?format=json">Export as JSON</a>
          </li>
          <li>
            <a href="/kb/export?format=zip">Export as Markdown (zip)</a>
          </li>
        </ul>
      </nav>
    </div>
  );
}
