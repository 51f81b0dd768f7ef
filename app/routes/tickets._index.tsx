import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { formatRelative } from "~/lib/time";
import { getTicketQueue } from "~/mentoring/ticket-queue.server";
import { DIFFICULTY_LABELS, STATUS_LABELS, TICKET_STATUSES } from "~/tickets/labels";
import type { TicketFilters } from "~/tickets/tickets.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { ListLink, useListNavigation } from "~/ui/list-link";
import { Difficulty, StatusBadge } from "~/ui/ticket-badges";

export const meta: MetaFunction = () => [{ title: "Tickets · Koan" }];

const PAGE_SIZE = 50;

/** The URL is the filter: anything unexpected in it falls back to the default instead of failing. */
const filterSchema = z.object({
  component: z.string().trim().max(60).optional().catch(undefined),
  label: z.string().trim().max(60).optional().catch(undefined),
  difficulty: z.coerce.number().int().min(1).max(3).optional().catch(undefined),
  status: z
    .enum(["active", "any", ...TICKET_STATUSES])
    .default("active")
    .catch("active"),
  starter: z.enum(["1"]).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  sort: z.enum(["newest", "oldest", "difficulty"]).default("newest").catch("newest"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const params = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  const parsed = filterSchema.parse(params);
  const filters: TicketFilters = {
    component: parsed.component || undefined,
    label: parsed.label || undefined,
    difficulty: parsed.difficulty,
    status: parsed.status,
    starterOnly: parsed.starter === "1",
    q: parsed.q?.trim() || undefined,
    sort: parsed.sort,
    page: parsed.page,
    pageSize: PAGE_SIZE,
  };
  const queue = await getTicketQueue(db, { filters, viewer: user });
  return { ...queue, filters: { ...parsed, starter: parsed.starter === "1" } };
}

function pageHref(search: URLSearchParams, page: number) {
  const next = new URLSearchParams(search);
  next.set("page", String(page));
  return `?${next}`;
}

export default function TicketQueue() {
  const { rows, total, page, pageCount, facets, filters, canManage } =
    useLoaderData<typeof loader>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const openTicket = useListNavigation();
  const searching = navigation.state === "loading" && navigation.location.pathname === "/tickets";
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (key === "page" || value === undefined || value === false) continue;
    search.set(key, value === true ? "1" : String(value));
  }
  const filtered =
    filters.component ||
    filters.label ||
    filters.difficulty ||
    filters.q ||
    filters.starter ||
    filters.status !== "active";
  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>Tickets</h1>
          <p className="lede">
            The support queue. Starter tickets are sized for learning: pick one that teaches you an
            area you don't know yet.
          </p>
        </div>
        {canManage ? (
          <div className="actions">
            <Link to="/tickets/new" className="button button-primary">
              New ticket
            </Link>
            <Link to="/tickets/import" className="button button-secondary">
              Import
            </Link>
          </div>
        ) : null}
      </header>

      <Form
        method="get"
        className="filters card"
        aria-label="Filter tickets"
        onChange={(e) => {
          const target = e.target as HTMLElement;
          if (target.tagName === "SELECT" || (target as HTMLInputElement).type === "checkbox") {
            submit(e.currentTarget, { preventScrollReset: true, replace: true });
          }
        }}
      >
        <div className="filter-grid">
          <div className="field filter-search">
            <label htmlFor="filter-q">Search title and description</label>
            <input
              id="filter-q"
              name="q"
              type="search"
              defaultValue={filters.q ?? ""}
              maxLength={200}
            />
          </div>
          <div className="field">
            <label htmlFor="filter-component">Component</label>
            <select id="filter-component" name="component" defaultValue={filters.component ?? ""}>
              <option value="">All components</option>
              {facets.components.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-label">Label</label>
            <select id="filter-label" name="label" defaultValue={filters.label ?? ""}>
              <option value="">All labels</option>
              {facets.labels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-difficulty">Difficulty</label>
            <select
              id="filter-difficulty"
              name="difficulty"
              defaultValue={filters.difficulty ?? ""}
            >
              <option value="">Any difficulty</option>
              {[1, 2, 3].map((d) => (
                <option key={d} value={d}>
                  {d} · {DIFFICULTY_LABELS[d]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-status">Status</label>
            <select id="filter-status" name="status" defaultValue={filters.status}>
              <option value="active">Not yet resolved</option>
              {TICKET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
              <option value="any">Any status</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-sort">Sort</label>
            <select id="filter-sort" name="sort" defaultValue={filters.sort}>
              <option value="newest">Newest first</option>
              <option value="oldest">Oldest first</option>
              <option value="difficulty">Easiest first</option>
            </select>
          </div>
        </div>
        <div className="filter-actions">
          <label className="checkbox">
            <input type="checkbox" name="starter" value="1" defaultChecked={filters.starter} />{" "}
            Starter tickets only
          </label>
          <button type="submit" className="button button-secondary">
            Apply filters
          </button>
          {filtered ? (
            <Link to="/tickets" className="muted">
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>

      <section aria-labelledby="results-heading" aria-busy={searching || undefined}>
        <h2 id="results-heading" className="results-heading">
          {total === 0 ? "No tickets" : `${total} ${total === 1 ? "ticket" : "tickets"}`}
          {pageCount > 1 ? (
            <span className="muted">
              {" "}
              · page {page} of {pageCount}
            </span>
          ) : null}
        </h2>
        {rows.length === 0 ? (
          <EmptyState
            title={
              filters.starter && filters.component
                ? `No starter tickets in ${filters.component} yet`
                : filtered
                  ? "Nothing matches these filters"
                  : "The queue is empty"
            }
          >
            {canManage ? (
              <p>
                <Link to="/tickets/import">Import some</Link>,{" "}
                <Link to="/tickets/new">write one</Link>, or label a ticket as starter.
              </p>
            ) : filtered ? (
              <p>
                Try fewer filters, or <Link to="/tickets">see every ticket</Link>.
              </p>
            ) : (
              <p>
                New starter tickets arrive as your team files them. Your mentor or lead can add
                some.
              </p>
            )}
          </EmptyState>
        ) : (
          <ul className="ticket-list">
            {rows.map((t) => (
              <li key={t.id} className="ticket-row">
                <div className="ticket-main">
                  <ListLink
                    href={`/tickets/${t.id}`}
                    className="ticket-title"
                    onNavigate={openTicket}
                  >
                    {t.title}
                  </ListLink>
                  <div className="ticket-meta">
                    <StatusBadge status={t.status} closeReason={t.close_reason} />
                    {t.starter ? <Badge tone="good">starter</Badge> : null}
                    <span>{t.component}</span>
                    <Difficulty level={t.difficulty} />
                    <span className="muted">opened {formatRelative(t.created_at)}</span>
                    {t.holder ? <span className="muted">· {t.holder} has it</span> : null}
                  </div>
                </div>
                {t.labels.length ? (
                  <div className="tags">
                    {t.labels.map((l) => (
                      <Badge key={l}>{l}</Badge>
                    ))}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {pageCount > 1 ? (
          <nav aria-label="Pages" className="pagination">
            {page > 1 ? <Link to={pageHref(search, page - 1)}>← Previous</Link> : <span />}
            <span className="muted">
              Page {page} of {pageCount}
            </span>
            {page < pageCount ? <Link to={pageHref(search, page + 1)}>Next →</Link> : <span />}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
