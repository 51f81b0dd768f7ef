import {
  Form,
  Link,
  useLocation,
  useNavigation,
  useNavigationType,
  useSearchParams,
  useSubmit,
} from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import type { Resolution } from "#db/schema";
import {
  MAX_SEARCH_QUERY_CHARS,
  type SearchResponse,
  type SnippetPart,
  tooShortForGap,
} from "~/knowledge/search-types";
import { RESOLUTIONS, resolutionLabelKey } from "~/knowledge/templates";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { ListLink, useListNavigation } from "~/ui/list-link";
import { worthHighlighting } from "./highlight";
import { Trans, useContentLang, useT } from "./i18n";

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

/** The search page's filters, as the URL names them. */
const FILTERS = [
  "component",
  "tag",
  "resolution",
  "author",
  "verified",
  "from",
  "to",
] as const satisfies readonly (keyof SearchParams)[];

/** Whether any filter is set, `value` reading one by its name. */
const anyFilter = (value: (name: (typeof FILTERS)[number]) => unknown) =>
  FILTERS.some((name) => Boolean(value(name)));

/**
 * How long typing must pause before the page searches: long enough to take a paste, an IME
 * composition step or a held key as one search, short enough that results follow each keystroke
 * (the search itself takes a few milliseconds on the demo data). A newer search cancels the one
 * still loading, and the previous results stay on screen until the new ones arrive.
 */
export const TYPING_PAUSE_MS = 30;

/**
 * Whether a change to the form searches. Not while an input method composes (a Korean syllable
 * being built, ㄱ → 결 → 결ㅈ): each step is a change, and searching it made the result count jump
 * through words nobody meant. The composition's end searches instead (Chromium sends its last
 * change while still composing, then compositionend; Firefox the other way round).
 */
export function searchesOn(event: { type: string; isComposing?: boolean }): boolean {
  return event.type === "compositionend" || !event.isComposing;
}

/** The history state of the searches the form makes as someone types. */
const TYPED = { kbTyped: true } as const;

/**
 * The fields as the address says them. The form's fields keep what was typed (they are not
 * controlled, so a result arriving mid-word never undoes a keystroke); a search the form did not
 * make — Back or Forward, the header's search box, the menu's "Knowledge base", "search without
 * the filters" — must set them to the search the page now shows, or the box names one search
 * above the results of another, and the next keystroke brings the old one back.
 */
function showSearch(
  form: HTMLFormElement,
  params: SearchParams,
  dateProblems: { from?: string; to?: string },
) {
  const shown: Record<string, string> = {
    q: params.q,
    component: params.component ?? "",
    tag: params.tag ?? "",
    resolution: params.resolution ?? "",
    author: params.author === undefined ? "" : String(params.author),
    verified: params.verified ?? "",
    from: shownDay(params.from, dateProblems.from),
    to: shownDay(params.to, dateProblems.to),
  };
  for (const [name, value] of Object.entries(shown)) {
    const field = form.elements.namedItem(name);
    if (
      (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) &&
      field.value !== value
    )
      field.value = value;
  }
  const details = form.querySelector("details");
  if (details && anyFilter((name) => params[name])) details.open = true;
}

/**
 * What a date field shows: the day as given, kept when it is refused for its order (an "until"
 * before the "from"); a day that isn't one is cleared, as a date field cannot show it.
 */
function shownDay(value: string | undefined, problem: string | undefined) {
  if (!value) return "";
  return problem && !/^\d{4}-\d{2}-\d{2}$/.test(value) ? "" : value;
}

/** Searches as you type; the filters fold away until one is set. */
export function KbSearchForm({
  params,
  dateProblems = {},
  components,
  authors,
}: {
  params: SearchParams;
  /** A from or until day in the address that isn't a date: searched without, and said so here. */
  dateProblems?: { from?: string; to?: string };
  components: string[];
  authors: { id: number; name: string }[];
}) {
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const { t, msg } = useT();
  const location = useLocation();
  const navigationType = useNavigationType();
  const typed = Boolean((location.state as typeof TYPED | null)?.kbTyped);
  const mountedAt = useRef(location.key);
  const latest = useRef({ params, dateProblems });
  latest.current = { params, dateProblems };
  useEffect(() => {
    if (location.key === mountedAt.current || !formRef.current) return;
    mountedAt.current = location.key;
    // This form's own search as typed (not Back or Forward to it): the fields already say more.
    if (typed && navigationType !== "POP") return;
    showSearch(formRef.current, latest.current.params, latest.current.dateProblems);
  }, [location.key, typed, navigationType]);
  /** Searches what the form says once typing pauses, unless `event` is a composition's step. */
  const searchSoon = (form: HTMLFormElement, event: Event & { isComposing?: boolean }) => {
    if (!searchesOn(event)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      // The URL keeps only what is set, so a search is short enough to share.
      const fields = new URLSearchParams();
      for (const [name, value] of new FormData(form))
        if (typeof value === "string" && value !== "") fields.append(name, value);
      submit(fields, {
        method: "get",
        action: "/kb",
        replace: true,
        preventScrollReset: true,
        state: TYPED,
      });
    }, TYPING_PAUSE_MS);
  };
  const dateInput = (which: "from" | "to") => {
    const id = `kb-${which}`;
    const problem = dateProblems[which];
    return (
      <div className="field">
        <label htmlFor={id}>{t(`knowledge.search.${which}`)}</label>
        <input
          id={id}
          name={which}
          type="date"
          defaultValue={shownDay(params[which], problem)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : undefined}
        />
        {problem ? (
          <p className="field-error" id={`${id}-error`}>
            {msg(problem)}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <Form
      method="get"
      ref={formRef}
      className="card stack kb-search"
      role="search"
      onChange={(e) => searchSoon(e.currentTarget, e.nativeEvent)}
      onCompositionEnd={(e) => searchSoon(e.currentTarget, e.nativeEvent)}
    >
      <div className="field">
        <label htmlFor="kb-q">{t("knowledge.search.label")}</label>
        <input
          id="kb-q"
          name="q"
          type="search"
          defaultValue={params.q}
          maxLength={MAX_SEARCH_QUERY_CHARS}
          autoComplete="off"
          placeholder={t("knowledge.search.placeholder")}
        />
      </div>
      <details open={anyFilter((name) => params[name])}>
        <summary>{t("knowledge.search.filters")}</summary>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="kb-component">{t("knowledge.search.component")}</label>
            <select id="kb-component" name="component" defaultValue={params.component ?? ""}>
              <option value="">{t("knowledge.search.anyComponent")}</option>
              {components.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="kb-resolution">{t("knowledge.search.resolution")}</label>
            <select id="kb-resolution" name="resolution" defaultValue={params.resolution ?? ""}>
              <option value="">{t("knowledge.search.anyResolution")}</option>
              {RESOLUTIONS.map((r) => (
                <option key={r} value={r}>
                  {t(resolutionLabelKey(r))}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="kb-verified">{t("knowledge.search.verified")}</label>
            <select id="kb-verified" name="verified" defaultValue={params.verified ?? ""}>
              <option value="">{t("knowledge.search.verifiedEither")}</option>
              <option value="yes">{t("knowledge.search.verifiedYes")}</option>
              <option value="no">{t("knowledge.search.verifiedNo")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="kb-author">{t("knowledge.search.author")}</label>
            <select id="kb-author" name="author" defaultValue={params.author ?? ""}>
              <option value="">{t("knowledge.search.anyone")}</option>
              {authors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="kb-tag">{t("knowledge.search.tag")}</label>
            <input id="kb-tag" name="tag" defaultValue={params.tag ?? ""} maxLength={60} />
          </div>
          {dateInput("from")}
          {dateInput("to")}
        </div>
      </details>
      <div>
        <button type="submit" className="button button-secondary">
          {t("knowledge.search.submit")}
        </button>
      </div>
    </Form>
  );
}

function Snippet({ parts }: { parts: SnippetPart[] }) {
  const { lang } = useContentLang();
  return (
    <p className="snippet" lang={lang(parts.map((p) => p.text).join(""))}>
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
  emptyAction,
}: {
  search: SearchResponse;
  /** The most results the page shows: a full page reads "20+". */
  limit: number;
  /** What the reader may do about a search that finds nothing, filters aside (a lead's ticket). */
  emptyAction?: ReactNode;
}) {
  const navigation = useNavigation();
  const openWriteup = useListNavigation();
  const searching = navigation.state === "loading" && navigation.location.pathname === "/kb";
  const { t } = useT();
  const { lang } = useContentLang();
  const [params] = useSearchParams();
  const count = search.results.length;
  // The words as typed, with the page's filters kept.
  const asTyped = new URLSearchParams(params);
  asTyped.set("q", search.originalQuery ?? "");
  asTyped.set("exact", "1");
  const exactLink = (chunks: ReactNode[]) =>
    search.originalQuery ? <Link to={`/kb?${asTyped}`}>{chunks}</Link> : chunks;
  // The same words with no filter: where a filtered search that found nothing goes next.
  const filtered = anyFilter((name) => params.get(name));
  const unfiltered = new URLSearchParams();
  for (const name of ["q", "exact"]) {
    const value = params.get(name);
    if (value) unfiltered.set(name, value);
  }
  return (
    <section aria-labelledby="kb-results" aria-busy={searching || undefined} className="kb-results">
      <h2 id="kb-results" className="results-heading" aria-live="polite">
        {count === 0
          ? t("knowledge.search.noMatch")
          : count === limit
            ? t("knowledge.search.countFull", { count })
            : t("knowledge.search.count", { count })}
      </h2>
      {search.correctedQuery ? (
        <p className="muted">
          <Trans
            k={
              search.originalQuery
                ? "knowledge.search.correctedInstead"
                : "knowledge.search.corrected"
            }
            values={{
              corrected: search.correctedQuery,
              original: search.originalQuery ?? "",
              b: (chunks) => <strong>{chunks}</strong>,
              link: exactLink,
            }}
          />
        </p>
      ) : null}
      {search.results.length === 0 && filtered ? (
        <EmptyState title={t("knowledge.search.emptyFiltered.title")}>
          <p>
            <Trans
              k="knowledge.search.emptyFiltered.body"
              values={{ link: (chunks) => <Link to={`/kb?${unfiltered}`}>{chunks}</Link> }}
            />
          </p>
        </EmptyState>
      ) : search.results.length === 0 && tooShortForGap(params.get("q") ?? "") ? (
        // A letter or two while typing: ask for more, rather than flash "nobody wrote this up".
        <EmptyState title={t("knowledge.search.short.title")}>
          <p>{t("knowledge.search.short.body")}</p>
        </EmptyState>
      ) : search.results.length === 0 ? (
        <EmptyState title={t("knowledge.search.empty.title")}>
          <p>
            <Trans
              k="knowledge.search.empty.body"
              values={{ link: (chunks) => <Link to="/kb/new">{chunks}</Link> }}
            />
          </p>
          {emptyAction}
        </EmptyState>
      ) : (
        <ol className="ticket-list">
          {search.results.map((r, i) => (
            <li key={r.id} className="ticket-row">
              <div className="ticket-main">
                <ListLink
                  href={`/kb/${r.id}`}
                  className="ticket-title"
                  lang={lang(r.title)}
                  onNavigate={openWriteup}
                >
                  {r.title}
                </ListLink>
                <Snippet parts={r.snippet} />
                <div className="ticket-meta">
                  <Badge tone={r.resolution === "works_as_designed" ? "accent" : "neutral"}>
                    {t(resolutionLabelKey(r.resolution))}
                  </Badge>
                  {r.component ? <span>{r.component}</span> : null}
                  {r.verified ? <Badge tone="good">{t("knowledge.badge.verified")}</Badge> : null}
                  {!r.matchedAll && (i === 0 || search.results[i - 1]?.matchedAll) ? (
                    <span className="muted">{t("knowledge.search.partial")}</span>
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
  const { t, day } = useT();
  const { lang } = useContentLang();
  return (
    <section aria-labelledby="kb-recent" className="card">
      <h2 id="kb-recent">{t("knowledge.search.recent.heading")}</h2>
      {recent.length === 0 ? (
        <EmptyState title={t("knowledge.search.recent.empty.title")}>
          <p>
            <Trans
              k="knowledge.search.recent.empty.body"
              values={{ link: (chunks) => <Link to="/kb/new">{chunks}</Link> }}
            />
          </p>
        </EmptyState>
      ) : (
        <ul className="plain-list">
          {recent.map((w) => (
            <li key={w.id} className="row">
              <span>
                <Link to={`/kb/${w.id}`} lang={lang(w.title)}>
                  {w.title}
                </Link>
                <span className="muted small">
                  {" "}
                  · {t(resolutionLabelKey(w.resolution))}
                  {w.component ? ` · ${w.component}` : ""}
                </span>
              </span>
              <span className="muted small">{w.published_at ? day(w.published_at) : ""}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DraftList({ drafts }: { drafts: DraftRow[] }) {
  const { t, day } = useT();
  return (
    <section aria-labelledby="kb-drafts" className="card">
      <h2 id="kb-drafts">{t("knowledge.search.drafts.heading")}</h2>
      <ul className="plain-list">
        {drafts.map((d) => (
          <li key={d.id} className="row">
            <Link to={`/kb/${d.id}/edit`}>{d.title}</Link>
            <span className="muted small">
              {t("knowledge.search.drafts.edited", { day: day(d.updated_at) })}
            </span>
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
  const { t } = useT();
  return (
    <nav aria-label={t("knowledge.search.links.label")} className="card">
      <ul className="inline-links">
        <li>
          <Link to="/kb/toil">{t("knowledge.search.links.toil")}</Link>
        </li>
        {canReview ? (
          <li>
            <Link to="/kb/review">{t("knowledge.search.links.review")}</Link>
          </li>
        ) : null}
        {canSeeGaps ? (
          <li>
            <Link to="/kb/gaps">{t("knowledge.search.links.gaps")}</Link>
          </li>
        ) : null}
        {canSeeGaps ? (
          <li>
            <Link to="/kb/synonyms">{t("knowledge.search.links.synonyms")}</Link>
          </li>
        ) : null}
        {canImport ? (
          <li>
            <Link to="/kb/import">{t("knowledge.search.links.import")}</Link>
          </li>
        ) : null}
        {canExport ? (
          <>
            <li>
              <a href="/kb/export?format=json">{t("knowledge.search.links.exportJson")}</a>
            </li>
            <li>
              <a href="/kb/export?format=zip">{t("knowledge.search.links.exportZip")}</a>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}
