import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { pageField } from "~/lib/fields";
import { pageLink } from "~/lib/paging";
import { getTicketQueue } from "~/mentoring/ticket-queue.server";
import { TICKET_STATUSES } from "~/tickets/labels";
import type { TicketFilters } from "~/tickets/tickets.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { pageTitle, Trans, useContentLang, useT } from "~/ui/i18n";
import { ListLink, useListNavigation } from "~/ui/list-link";
import { Pager } from "~/ui/pager";
import { Difficulty, StatusBadge } from "~/ui/ticket-badges";
import { QueueFilterForm } from "~/ui/ticket-filters";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tickets.queue.title");

const PAGE_SIZE = 50;

/** The URL is the filter: anything unexpected in it falls back to the default instead of failing. */
const filterSchema = z.object({
  component: z.string().trim().max(60).optional().catch(undefined),
  label: z.string().trim().max(60).optional().catch(undefined),
  difficulty: z.enum(["1", "2", "3"]).transform(Number).optional().catch(undefined),
  status: z
    .enum(["active", "any", ...TICKET_STATUSES])
    .default("active")
    .catch("active"),
  starter: z.enum(["1"]).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  sort: z.enum(["newest", "oldest", "difficulty"]).default("newest").catch("newest"),
  page: pageField,
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

export default function TicketQueue() {
  const { rows, total, page, pageCount, facets, filters, canManage } =
    useLoaderData<typeof loader>();
  const { t, relative } = useT();
  const { lang } = useContentLang();
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
          <h1>{t("tickets.queue.heading")}</h1>
          <p className="lede">{t("tickets.queue.lede")}</p>
        </div>
        {canManage ? (
          <div className="actions">
            <Link to="/tickets/new" className="button button-primary">
              {t("tickets.queue.new")}
            </Link>
            <Link to="/tickets/import" className="button button-secondary">
              {t("tickets.queue.import")}
            </Link>
          </div>
        ) : null}
      </header>

      <QueueFilterForm filters={filters} facets={facets} filtered={Boolean(filtered)} />

      <section aria-labelledby="results-heading" aria-busy={searching || undefined}>
        {/* Live: a filter applies as it changes, focus stays on it, and the new count is read. */}
        <h2 id="results-heading" className="results-heading" aria-live="polite">
          {t("tickets.queue.count", { count: total })}
          {pageCount > 1 ? (
            <span className="muted">
              {" · "}
              {t("tickets.queue.pageOf", { page, pageCount })}
            </span>
          ) : null}
        </h2>
        {rows.length === 0 ? (
          <EmptyState
            title={
              filters.starter && filters.component
                ? t("tickets.queue.empty.starterIn", { component: filters.component })
                : filtered
                  ? t("tickets.queue.empty.filtered")
                  : t("tickets.queue.empty.none")
            }
          >
            {filtered ? (
              <p>
                <Trans
                  k="tickets.queue.empty.tryFewer"
                  values={{ all: (chunks) => <Link to="/tickets">{chunks}</Link> }}
                />
              </p>
            ) : null}
            {/* Adding tickets is the way on from an empty queue, or from no starters in a component;
                a search that found nothing is changed, not answered with new tickets. */}
            {canManage && (!filtered || (filters.starter && filters.component)) ? (
              <p>
                <Trans
                  k="tickets.queue.empty.manage"
                  values={{
                    import: (chunks) => <Link to="/tickets/import">{chunks}</Link>,
                    new: (chunks) => <Link to="/tickets/new">{chunks}</Link>,
                  }}
                />
              </p>
            ) : null}
            {!filtered && !canManage ? <p>{t("tickets.queue.empty.wait")}</p> : null}
          </EmptyState>
        ) : (
          <ul className="ticket-list">
            {rows.map((row) => (
              <li key={row.id} className="ticket-row">
                <div className="ticket-main">
                  <ListLink
                    href={`/tickets/${row.id}`}
                    className="ticket-title"
                    lang={lang(row.title)}
                    onNavigate={openTicket}
                  >
                    {row.title}
                  </ListLink>
                  <div className="ticket-meta">
                    <StatusBadge status={row.status} closeReason={row.close_reason} />
                    {row.starter ? <Badge tone="good">{t("tickets.badge.starter")}</Badge> : null}
                    <span>{row.component}</span>
                    <Difficulty level={row.difficulty} />
                    <span className="muted">
                      {t("tickets.queue.opened", { when: relative(row.created_at) })}
                    </span>
                    {row.holder ? (
                      <span className="muted">
                        {"· "}
                        {t("tickets.queue.holder", { name: row.holder })}
                      </span>
                    ) : null}
                  </div>
                </div>
                {row.labels.length ? (
                  <div className="tags">
                    {row.labels.map((l) => (
                      <Badge key={l}>{l}</Badge>
                    ))}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <Pager
          page={page}
          pageCount={pageCount}
          href={(n) => pageLink(search, "page", n)}
          label={t("tickets.queue.pages")}
        />
      </section>
    </div>
  );
}
