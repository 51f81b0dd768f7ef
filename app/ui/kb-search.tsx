import { Form, Link, useNavigation, useSubmit } from "@remix-run/react";
import { useRef } from "react";
import type { Resolution } from "#db/schema";
import {
  MAX_SEARCH_QUERY_CHARS,
  type SearchResponse,
  type SnippetPart,
} from "~/knowledge/search-types";
import { RESOLUTION_LABELS, RESOLUTIONS } from "~/knowledge/templates";
import { formatDay } from "~/lib/time";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { ListLink, useListNavigation } from "~/ui/list-link";
import { worthHighlighting } from "./highlight";

// The knowledge base's front page (routes/kb._index.tsx): the search form with its filters, the
// results (or the recently published write-ups), the viewer's drafts and the links out.

/** A published write-up in the "Recently published" list. */
export interface RecentWriteup {
  id: number;
  title: string;
  component: string;
  resolution: Resolution;
  published_at: string | null;
}

/** One of the viewer's drafts. */
export interface DraftRow {
  id: number;
  title: string;
  updated_at: string;
}

/** The search as the URL says it: the form starts from these values. */
export interface SearchParams {
  q: string;
  component?: string;
  tag?: string;
  resolution?: (typeof RESOLUTIONS)[number];
  author?: number;
  verified?: "yes" | "no";
  from?: string;
  to?: string;
}

/** Searches as you type (after a short pause); the filters fold away until one is set. */
export function KbSearchForm({
  params,
  components,
  authors,
}: {
  params: SearchParams;
  components: string[];
  authors: { id: number; name: string }[];
}) {
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  return (
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
  );
}

function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <p className="snippet">
      {parts.map((p, i) =>
        // Parts are positional pieces of one snippet; their order never changes.
        p.hit && worthHighlighting(p.text) ? (
          <mark key={`${i}-${p.text}`}>{p.text}</mark>
        ) : (
          <span key={`${i}-${p.text}`}>{p.text}</span>
        ),
      )}
    </p>
  );
}

export function SearchResults({
  search,
  limit,
}: {
  search: SearchResponse;
  /** The most results the page shows: a full page reads "20+". */
  limit: number;
}) {
  const navigation = useNavigation();
  const openWriteup = useListNavigation();
  const searching = navigation.state === "loading" && navigation.location.pathname === "/kb";
  return (
    <section aria-labelledby="kb-results" aria-busy={searching || undefined} className="kb-results">
      <h2 id="kb-results" className="results-heading" aria-live="polite">
        {search.results.length === 0
          ? "No write-up matches yet"
          : `${search.results.length}${search.results.length === limit ? "+" : ""} ${search.results.length === 1 ? "write-up" : "write-ups"}`}
      </h2>
      {search.correctedQuery ? (
        <p className="muted">
          Showing results for <strong>{search.correctedQuery}</strong>.
          {search.originalQuery ? (
            <>
              {" "}
              Search instead for{" "}
              <Link to={`/kb?${new URLSearchParams({ q: search.originalQuery, exact: "1" })}`}>
                {search.originalQuery}
              </Link>
              .
            </>
          ) : null}
        </p>
      ) : null}
      {search.results.length === 0 ? (
        <EmptyState title="Nobody has written this up yet">
          <p>
            Try fewer or different words, or the exact error text. If you solve it,{" "}
            <Link to="/kb/new">write it up</Link> so the next person finds it: searches that find
            nothing are shown to leads as gaps to fill.
          </p>
        </EmptyState>
      ) : (
        <ol className="ticket-list">
          {search.results.map((r, i) => (
            <li key={r.id} className="ticket-row">
              <div className="ticket-main">
                <ListLink href={`/kb/${r.id}`} className="ticket-title" onNavigate={openWriteup}>
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
  );
}

export function RecentWriteups({ recent }: { recent: RecentWriteup[] }) {
  return (
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
              <span className="muted small">{w.published_at ? formatDay(w.published_at) : ""}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DraftList({ drafts }: { drafts: DraftRow[] }) {
  return (
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
  );
}

/** Toil board, review, gaps, import and export: each shown to whoever may use it. */
export function KbLinks({
  canReview,
  canSeeGaps,
  canImport,
  canExport,
}: {
  canReview: boolean;
  canSeeGaps: boolean;
  canImport: boolean;
  canExport: boolean;
}) {
  return (
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
        {canSeeGaps ? (
          <li>
            <Link to="/kb/synonyms">Search synonyms</Link>
          </li>
        ) : null}
        {canImport ? (
          <li>
            <Link to="/kb/import">Import</Link>
          </li>
        ) : null}
        {canExport ? (
          <>
            <li>
              <a href="/kb/export?format=json">Export as JSON</a>
            </li>
            <li>
              <a href="/kb/export?format=zip">Export as Markdown (zip)</a>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}
