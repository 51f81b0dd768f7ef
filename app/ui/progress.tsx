import { useId } from "react";

/**
 * A labelled progress bar. Without `value` it is indeterminate (the work has started but its size
 * is not known yet). Only the label is a live region, so screen readers hear it once, not at
 * every tick; the bar itself carries the current value.
 */
export function ProgressBar({
  label,
  value,
  max,
  detail,
}: {
  label: string;
  value?: number;
  max?: number;
  detail?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <p role="status" id={id}>
        {label}
      </p>
      <progress className="progress" aria-labelledby={id} value={value} max={max}>
        {detail}
      </progress>
      {detail ? <p className="help">{detail}</p> : null}
    </div>
  );
}
