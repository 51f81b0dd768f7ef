import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "./i18n";

/**
 * Previous and next links for a long list cut into pages, with where the reader is. Nothing
 * when it all fits on one page. `href(page)` keeps the rest of the page's address as it is (and
 * may end in `#list`, to land on the list rather than the top of the page).
 */
export function Pager(props: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  /** The navigation's name, for a page with more than one list in pages. */
  label: string;
  /** What the whole list holds and in which order, said above the links ("1,500 pairings…"). */
  summary?: ReactNode;
}) {
  const { t } = useT();
  const { page, pageCount, href } = props;
  if (pageCount <= 1) return null;
  const nav = (
    <nav aria-label={props.label} className="pagination">
      {page > 1 ? <Link to={href(page - 1)}>{t("core.pager.previous")}</Link> : <span />}
      <span className="muted">{t("core.pager.page", { page, pageCount })}</span>
      {page < pageCount ? <Link to={href(page + 1)}>{t("core.pager.next")}</Link> : <span />}
    </nav>
  );
  if (!props.summary) return nav;
  return (
    <>
      <p className="muted small">{props.summary}</p>
      {nav}
    </>
  );
}
