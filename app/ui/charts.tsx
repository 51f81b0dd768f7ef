import { Fragment, type ReactNode, useId } from "react";
import { EmptyState } from "./empty-state";
import { useT } from "./i18n";

// Small, dependency-free SVG charts. Each is a <figure> with a caption, an SVG that screen readers
// hear as one image (its <title> and a description that reads the data out), and the same numbers
// in a real table behind "Show the numbers". No inline styles (the CSP forbids them): geometry goes in
// SVG attributes, colours in classes from styles.css. Values are printed as text on the chart, so
// nothing relies on colour alone.

const WIDTH = 640;

interface ChartFrame {
  /** The figure's caption, the SVG's title and the table's caption. */
  title: string;
  /** One sentence for the SVG's description, before the data is read out. */
  description: string;
  /** Shown instead of the chart when there is nothing to draw. */
  emptyMessage: string;
  /** Optional help under the empty message: what will fill the chart. */
  emptyHelp?: ReactNode;
  labelHeading: string;
  valueHeading: string;
  formatValue: (value: number) => string;
}

export interface BarDatum {
  label: string;
  /** The label's language, when it is not the page's (people's own words: useContentLang). */
  lang?: string;
  value: number;
  /** Drawn in the highlight colour, with `highlightNote` written beside its value. */
  highlight?: boolean;
}

function truncate(text: string, max: number) {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

function NumbersTable({
  title,
  labelHeading,
  valueHeading,
  rows,
}: {
  title: string;
  labelHeading: string;
  valueHeading: string;
  rows: { key: string; label: string; lang?: string; value: string }[];
}) {
  const table = (
    <table>
      <caption className="visually-hidden">{title}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeading}</th>
          <th scope="col">{valueHeading}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row" lang={r.lang}>
              {r.label}
            </th>
            <td>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  const { t } = useT();
  // On a phone the chart's text would be a few pixels high: the table is shown instead.
  return (
    <>
      <details className="chart-numbers wide-only">
        <summary>{t("team.charts.showNumbers")}</summary>
        <div className="table-wrap">{table}</div>
      </details>
      <div className="table-wrap narrow-only">{table}</div>
    </>
  );
}

function Empty({ title, message, help }: { title: string; message: string; help?: ReactNode }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <EmptyState title={message}>{help ?? null}</EmptyState>
    </figure>
  );
}

/** Horizontal bars, one per row, each labelled with its value. */
export function BarChart({
  data,
  highlightNote = "",
  ...frame
}: ChartFrame & { data: readonly BarDatum[]; highlightNote?: string }) {
  const id = useId();
  if (data.length === 0) {
    return <Empty title={frame.title} message={frame.emptyMessage} help={frame.emptyHelp} />;
  }
  const labelWidth = 190;
  const valueWidth = 150;
  const row = 36;
  const barHeight = 22;
  const top = 8;
  const height = top * 2 + data.length * row;
  const plot = WIDTH - labelWidth - valueWidth;
  const max = Math.max(...data.map((d) => d.value), 0);
  const valueText = (d: BarDatum) =>
    `${frame.formatValue(d.value)}${d.highlight && highlightNote ? ` · ${highlightNote}` : ""}`;
  return (
    <figure className="chart">
      <figcaption>{frame.title}</figcaption>
      <svg
        className="chart-svg wide-only"
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{frame.title}</title>
        <line
          className="chart-axis"
          x1={labelWidth}
          x2={labelWidth}
          y1={top / 2}
          y2={height - top / 2}
        />
        {data.map((d, i) => {
          const y = top + i * row + (row - barHeight) / 2;
          const width = max > 0 ? Math.max((d.value / max) * plot, d.value > 0 ? 2 : 0) : 0;
          return (
            <g key={`${d.label}-${i}`}>
              <text
                className="chart-label"
                x={labelWidth - 10}
                y={y + barHeight / 2}
                textAnchor="end"
                dominantBaseline="central"
                lang={d.lang}
              >
                {truncate(d.label, 24)}
              </text>
              <rect
                className={d.highlight ? "chart-bar chart-bar-highlight" : "chart-bar"}
                x={labelWidth}
                y={y}
                width={width}
                height={barHeight}
                rx={3}
              />
              <text
                className={d.highlight ? "chart-value chart-value-highlight" : "chart-value"}
                x={labelWidth + width + 8}
                y={y + barHeight / 2}
                dominantBaseline="central"
              >
                {valueText(d)}
              </text>
            </g>
          );
        })}
      </svg>
      {/* The image's description: markup rather than the SVG's one-string <desc>, so that a
          label in another language than the page's (a lead's own step name) carries its lang.
          Hidden, it is read only as the description, not a second time beside the chart. */}
      <p id={`${id}-desc`} hidden>
        {frame.description}{" "}
        {data.map((d, i) => (
          <Fragment key={`${d.label}-${i}`}>
            {i > 0 ? "; " : null}
            <span lang={d.lang}>{d.label}</span>
            {`: ${valueText(d)}`}
          </Fragment>
        ))}
        .
      </p>
      <NumbersTable
        title={frame.title}
        labelHeading={frame.labelHeading}
        valueHeading={frame.valueHeading}
        rows={data.map((d, i) => ({
          key: `${d.label}-${i}`,
          label: d.label,
          lang: d.lang,
          value: valueText(d),
        }))}
      />
    </figure>
  );
}

export interface LinePoint {
  /** Short, under the axis: "Sep 14". */
  label: string;
  /** Long, in the description and the table: "Sep 14 – 20". */
  detail?: string;
  value: number;
}

/** A step between ticks of 1, 2 or 5 × 10ⁿ giving about four intervals; whole for counts. */
function tickStep(max: number, whole: boolean) {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return whole ? Math.max(1, Math.ceil(step)) : step;
}

/** A line over time with a labelled point per period. */
export function LineChart({ data, ...frame }: ChartFrame & { data: readonly LinePoint[] }) {
  const id = useId();
  if (data.length === 0 || data.every((d) => d.value === 0)) {
    return <Empty title={frame.title} message={frame.emptyMessage} help={frame.emptyHelp} />;
  }
  const height = 240;
  const margin = { top: 28, right: 24, bottom: 36, left: 44 };
  const plotW = WIDTH - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const whole = data.every((d) => Number.isInteger(d.value));
  const max = Math.max(...data.map((d) => d.value));
  const step = tickStep(max, whole);
  const top = Math.ceil(max / step) * step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const inset = 20; // keeps the first and last points clear of the axis labels
  const x = (i: number) =>
    margin.left +
    (data.length === 1 ? plotW / 2 : inset + (i * (plotW - 2 * inset)) / (data.length - 1));
  const y = (v: number) => margin.top + plotH - (v / top) * plotH;
  const describe = (d: LinePoint) => `${d.detail ?? d.label}: ${frame.formatValue(d.value)}`;
  return (
    <figure className="chart">
      <figcaption>{frame.title}</figcaption>
      <svg
        className="chart-svg wide-only"
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{frame.title}</title>
        <desc id={`${id}-desc`}>{`${frame.description} ${data.map(describe).join("; ")}.`}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              className={tick === 0 ? "chart-axis" : "chart-grid"}
              x1={margin.left}
              x2={WIDTH - margin.right}
              y1={y(tick)}
              y2={y(tick)}
            />
            <text
              className="chart-tick"
              x={margin.left - 8}
              y={y(tick)}
              textAnchor="end"
              dominantBaseline="central"
            >
              {Number.isInteger(tick) ? tick : tick.toFixed(1)}
            </text>
          </g>
        ))}
        <polyline
          className="chart-line"
          points={data.map((d, i) => `${x(i)},${y(d.value)}`).join(" ")}
        />
        {data.map((d, i) => (
          <g key={`${d.label}-${i}`}>
            <circle className="chart-point" cx={x(i)} cy={y(d.value)} r={4} />
            <text className="chart-value" x={x(i)} y={y(d.value) - 10} textAnchor="middle">
              {Number.isInteger(d.value) ? d.value : d.value.toFixed(1)}
            </text>
            <text className="chart-tick" x={x(i)} y={height - 12} textAnchor="middle">
              {d.label}
            </text>
          </g>
        ))}
      </svg>
      <NumbersTable
        title={frame.title}
        labelHeading={frame.labelHeading}
        valueHeading={frame.valueHeading}
        rows={data.map((d, i) => ({
          key: `${d.label}-${i}`,
          label: d.detail ?? d.label,
          value: frame.formatValue(d.value),
        }))}
      />
    </figure>
  );
}
