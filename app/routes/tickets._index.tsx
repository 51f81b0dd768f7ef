import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { db } from "~/lib/db.server";
import { pageField } from "~/lib/fields";
import { pageLink } from "~/lib/paging";
import { getTicketQueue } from "~/mentoring/ticket-queue.server";
import { DIFFICULTY_LEVELS, TICKET_STATUSES } from "~/tickets/labels";
import type { TicketFilters } from "~/tickets/tickets.server";
import { Badge } from "~/ui/badge";
import { EmptyState } from "~/ui/empty-state";
import { pageTitle, Trans, useContentLang, useT } from "~/ui/i18n";
import { ListLink, useListNavigation } from "~/ui/list-link";
import { Pager } from "~/ui/pager";
import { Difficulty, StatusBadge } from "~/ui/ticket-badges";

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

      <Form
        method="get"
        className="filters card"
        aria-label={t("tickets.filters.aria")}
        onChange={(e) => {
          const target = e.target as HTMLElement;
          if (target.tagName === "SELECT" || (target as HTMLInputElement).type === "checkbox") {
            submit(e.currentTarget, { preventScrollReset: true, replace: true });
          }
        }}
      >
        <div className="filter-grid">
          <div className="field filter-search">
            <label htmlFor="filter-q">{t("tickets.filters.q")}</label>
            <input
              id="filter-q"
              name="q"
              type="search"
              defaultValue={filters.q ?? ""}
              maxLength={200}
            />
          </div>
          <div className="field">
            <label htmlFor="filter-component">{t("tickets.filters.component")}</label>
            <select id="filter-component" name="component" defaultValue={filters.component ?? ""}>
              <option value="">{t("tickets.filters.allComponents")}</option>
              {facets.components.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-label">{t("tickets.filters.label")}</label>
            <select id="filter-label" name="label" defaultValue={filters.label ?? ""}>
              <option value="">{t("tickets.filters.allLabels")}</option>
              {facets.labels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-difficulty">{t("tickets.filters.difficulty")}</label>
            <select
              id="filter-difficulty"
              name="difficulty"
              defaultValue={filters.difficulty ?? ""}
            >
              <option value="">{t("tickets.filters.anyDifficulty")}</option>
              {DIFFICULTY_LEVELS.map((d) => (
                <option key={d} value={d}>
                  {t("tickets.difficulty.option", { level: d, name: t(`core.difficulty.${d}`) })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-status">{t("tickets.filters.status")}</label>
            <select id="filter-status" name="status" defaultValue={filters.status}>
              <option value="active">{t("tickets.filters.active")}</option>
              {TICKET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`core.ticketStatus.${s}`)}
                </option>
              ))}
              <option value="any">{t("tickets.filters.anyStatus")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-sort">{t("tickets.filters.sort")}</label>
            <select id="filter-sort" name="sort" defaultValue={filters.sort}>
              <option value="newest">{t("tickets.filters.newest")}</option>
              <option value="oldest">{t("tickets.filters.oldest")}</option>
              <option value="difficulty">{t("tickets.filters.easiest")}</option>
            </select>
          </div>
        </div>
        <div className="filter-actions">
          <label className="checkbox">
            <input type="checkbox" name="starter" value="1" defaultChecked={filters.starter} />{" "}
            {t("tickets.filters.starterOnly")}
          </label>
          <button type="submit" className="button button-secondary">
            {t("tickets.filters.apply")}
          </button>
          {filtered ? (
            <Link to="/tickets" className="muted">
              {t("tickets.filters.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      <section aria-labelledby="results-heading" aria-busy={searching || undefined}>
        <h2 id="results-heading" className="results-heading">
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
            {canManage ? (
              <p>
                <Trans
                  k="tickets.queue.empty.manage"
                  values={{
                    import: (chunks) => <Link to="/tickets/import">{chunks}</Link>,
                    new: (chunks) => <Link to="/tickets/new">{chunks}</Link>,
                  }}
                />
              </p>
            ) : filtered ? (
              <p>
                <Trans
                  k="tickets.queue.empty.tryFewer"
                  values={{ all: (chunks) => <Link to="/tickets">{chunks}</Link> }}
                />
              </p>
            ) : (
              <p>{t("tickets.queue.empty.wait")}</p>
            )}
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
