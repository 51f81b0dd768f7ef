import { Link } from "@remix-run/react";
import { useT } from "./i18n";

/** Says how much of a long list is shown, with a link to the rest (or back to the top rows). */
export function ShownOf(props: {
  shown: number;
  total: number;
  /** What the list holds ("mentors"), already in the page's language. */
  what: string;
  /** Its order ("fullest first"), already in the page's language. */
  order: string;
  more: string;
  fewer: string;
  anchor: string;
  /** How many rows a cut list shows. */
  top: number;
}) {
  const { t } = useT();
  if (props.total <= props.top) return null;
  return props.shown < props.total ? (
    <p className="muted small">
      {t("core.shownOf.some", {
        shown: props.shown,
        total: props.total,
        what: props.what,
        order: props.order,
      })}{" "}
      <Link to={`${props.more}#${props.anchor}`} preventScrollReset>
        {t("core.shownOf.showAll", { total: props.total })}
      </Link>
    </p>
  ) : (
    <p className="muted small">
      {t("core.shownOf.all", { total: props.total, what: props.what })}{" "}
      <Link to={`${props.fewer}#${props.anchor}`} preventScrollReset>
        {t("core.shownOf.showFirst", { top: props.top })}
      </Link>
    </p>
  );
}
