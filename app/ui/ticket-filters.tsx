import { Form, Link, useSubmit } from "@remix-run/react";
import { DIFFICULTY_LEVELS, TICKET_STATUSES } from "~/tickets/labels";
import { SelectField } from "./form";
import { useT } from "./i18n";

/** The queue's filters as its address holds them (the loader's parse of `/tickets?…`). */
export interface QueueFilters {
  component?: string;
  label?: string;
  difficulty?: number;
  status: string;
  starter: boolean;
  q?: string;
  sort: string;
}

/** How many of the filters that narrow the queue (all but the search and the order) are set. */
export function activeFilterCount(filters: QueueFilters): number {
  return [
    filters.component,
    filters.label,
    filters.difficulty,
    filters.starter,
    filters.status !== "active",
  ].filter(Boolean).length;
}

/**
 * The ticket queue's filter form. The search box and its button are always in view; the other
 * filters fold behind "Filters (2 active)", open when any of them (or the order) is set. On a wide
 * screen they are always shown and the disclosure's summary is not (styles.css, where the browser
 * can style a closed <details>' content; elsewhere the disclosure stays). Rendered open or closed
 * by the server: nothing moves when the scripts load, and it works without them. With scripts, a
 * changed select or checkbox applies at once.
 */
export function QueueFilterForm({
  filters,
  facets,
  filtered,
}: {
  filters: QueueFilters;
  facets: { components: string[]; labels: string[] };
  /** Any filter or search set: the form offers to clear them. */
  filtered: boolean;
}) {
  const { t } = useT();
  const submit = useSubmit();
  const active = activeFilterCount(filters);
  return (
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
      <div className="filter-search-row">
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
        <button type="submit" className="button button-secondary">
          {t("tickets.filters.search")}
        </button>
      </div>
      {/*
        The clear link sits beside "Apply filters" wherever the filters show (open, or on a wide
        screen), and beside the folded filters' summary otherwise: styles.css shows one of the two.
      */}
      <div className="filter-more-line">
        <details className="filter-more" open={active > 0 || filters.sort !== "newest"}>
          <summary>{t("tickets.filters.more", { count: active })}</summary>
          <div className="filter-more-body">
            <div className="filter-grid">
              <SelectField
                label={t("tickets.filters.component")}
                name="component"
                defaultValue={filters.component ?? ""}
                options={[
                  { value: "", label: t("tickets.filters.allComponents") },
                  ...facets.components.map((c) => ({ value: c, label: c })),
                ]}
              />
              <SelectField
                label={t("tickets.filters.label")}
                name="label"
                defaultValue={filters.label ?? ""}
                options={[
                  { value: "", label: t("tickets.filters.allLabels") },
                  ...facets.labels.map((l) => ({ value: l, label: l })),
                ]}
              />
              <SelectField
                label={t("tickets.filters.difficulty")}
                name="difficulty"
                defaultValue={filters.difficulty === undefined ? "" : String(filters.difficulty)}
                options={[
                  { value: "", label: t("tickets.filters.anyDifficulty") },
                  ...DIFFICULTY_LEVELS.map((d) => ({
                    value: String(d),
                    label: t("tickets.difficulty.option", {
                      level: d,
                      name: t(`core.difficulty.${d}`),
                    }),
                  })),
                ]}
              />
              <SelectField
                label={t("tickets.filters.status")}
                name="status"
                defaultValue={filters.status}
                options={[
                  { value: "active", label: t("tickets.filters.active") },
                  ...TICKET_STATUSES.map((s) => ({ value: s, label: t(`core.ticketStatus.${s}`) })),
                  { value: "any", label: t("tickets.filters.anyStatus") },
                ]}
              />
              <SelectField
                label={t("tickets.filters.sort")}
                name="sort"
                defaultValue={filters.sort}
                options={[
                  { value: "newest", label: t("tickets.filters.newest") },
                  { value: "oldest", label: t("tickets.filters.oldest") },
                  { value: "difficulty", label: t("tickets.filters.easiest") },
                ]}
              />
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
                <Link to="/tickets" className="muted filter-clear">
                  {t("tickets.filters.clear")}
                </Link>
              ) : null}
            </div>
          </div>
        </details>
        {filtered ? (
          <Link to="/tickets" className="muted filter-clear filter-clear-folded">
            {t("tickets.filters.clear")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
