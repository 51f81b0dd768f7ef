import { Link } from "@remix-run/react";

/** Says how much of a long list is shown, with a link to the rest (or back to the top rows). */
export function ShownOf(props: {
  shown: number;
  total: number;
  what: string;
  order: string;
  more: string;
  fewer: string;
  anchor: string;
  /** How many rows a cut list shows. */
  top: number;
}) {
  if (props.total <= props.top) return null;
  return props.shown < props.total ? (
    <p className="muted small">
      Showing {props.shown} of {props.total} {props.what}, {props.order}.{" "}
      <Link to={`${props.more}#${props.anchor}`} preventScrollReset>
        Show all {props.total}
      </Link>
    </p>
  ) : (
    <p className="muted small">
      Showing all {props.total} {props.what}.{" "}
      <Link to={`${props.fewer}#${props.anchor}`} preventScrollReset>
        Show the first {props.top}
      </Link>
    </p>
  );
}
