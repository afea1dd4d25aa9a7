// Server-rendered charts for the journal's analytics: plain SVG and tables, no script needed.
// Colours never carry meaning alone: every amount is printed with its sign, every chart has a
// text description and a data table. SVG colours are presentation attributes, which the
// production CSP (no inline styles) allows.
import { type ReactNode, useId, useState } from "react";
import { Table } from "./table.tsx";

/** Gains: the brand's emerald (8.3:1 on the page). */
export const GAIN_COLOUR = "#10B981";
/** Losses: a light red, 6.9:1 on the page and 3:1 or better on every surface. */
export const LOSS_COLOUR = "#F87171";
const MUTED = "#A8A29E";
const GRID = "#2E2E33";

/**
 * A term whose definition shows on hover and on keyboard focus (a tooltip the screen reader
 * reads as the button's description); Escape hides it again without moving focus.
 */
export function MetricTerm({ term, definition }: { term: ReactNode; definition: ReactNode }) {
  const id = useId();
  const [dismissed, setDismissed] = useState(false);
  return (
    <span className="tc-tip" data-dismissed={dismissed || undefined} onMouseLeave={() => setDismissed(false)}>
      <button
        type="button"
        className="tc-tip__term"
        aria-describedby={id}
        onKeyDown={(e) => {
          if (e.key === "Escape") setDismissed(true);
        }}
        onBlur={() => setDismissed(false)}
      >
        {term}
      </button>
      <span role="tooltip" id={id} className="tc-tip__text">
        {definition}
      </span>
    </span>
  );
}

export interface CurvePoint {
  tradeNumber: number;
  exitAt: string | Date;
  netPnl: number;
  cumulative: number;
  drawdown: number;
}

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const CURVE_BOX: ChartBox = { width: 720, height: 260, left: 84, right: 16, top: 14, bottom: 34 };
const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Paths of an equity curve that starts at 0 before the first trade: the cumulative P&L line
 * and the "underwater" area between the running peak and the curve (the drawdown).
 */
export function curveGeometry(points: readonly CurvePoint[], box: ChartBox = CURVE_BOX) {
  const last = points.at(-1)?.tradeNumber ?? 0;
  let min = 0;
  let max = 0;
  for (const p of points) {
    min = Math.min(min, p.cumulative);
    max = Math.max(max, p.cumulative + p.drawdown);
  }
  if (min === max) max = min + 1;
  const x = (tradeNumber: number) =>
    r1(box.left + (last ? tradeNumber / last : 0) * (box.width - box.left - box.right));
  const y = (value: number) => r1(box.top + ((max - value) / (max - min)) * (box.height - box.top - box.bottom));
  const line = `M${x(0)} ${y(0)}${points.map((p) => `L${x(p.tradeNumber)} ${y(p.cumulative)}`).join("")}`;
  const peaks = points.map((p) => `L${x(p.tradeNumber)} ${y(p.cumulative + p.drawdown)}`).join("");
  const troughs = [...points]
    .reverse()
    .map((p) => `L${x(p.tradeNumber)} ${y(p.cumulative)}`)
    .join("");
  return { line, underwater: `M${x(0)} ${y(0)}${peaks}${troughs}Z`, zeroY: y(0), min, max, x, y };
}

/** The cumulative net P&L after each closed trade as an SVG line, with drawdowns shaded, and its data table. */
export function EquityCurveChart({
  title,
  points,
  tradeCount,
  downsampled,
  formatMoney,
  formatDate,
}: {
  title: string;
  points: readonly CurvePoint[];
  tradeCount: number;
  downsampled: boolean;
  formatMoney: (value: number) => string;
  formatDate: (value: string | Date) => string;
}) {
  const id = useId();
  if (points.length === 0)
    return <p className="tc-muted">No closed trades match: the curve starts with the first one.</p>;
  const box = CURVE_BOX;
  const g = curveGeometry(points, box);
  const first = points[0]!;
  const last = points.at(-1)!;
  const deepest = points.reduce((a, b) => (b.drawdown > a.drawdown ? b : a));
  const description =
    `${tradeCount} closed trade${tradeCount === 1 ? "" : "s"} from ${formatDate(first.exitAt)} to ${formatDate(last.exitAt)}. ` +
    `Cumulative net P&L ends at ${formatMoney(last.cumulative)}, highest ${formatMoney(g.max)}, lowest ${formatMoney(g.min)}; ` +
    `deepest drawdown ${formatMoney(-deepest.drawdown)} after trade ${deepest.tradeNumber}.`;
  const ticks = [...new Set([g.max, 0, g.min])];
  return (
    <figure className="tc-chart">
      <svg
        className="tc-chart__svg"
        viewBox={`0 0 ${box.width} ${box.height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line
              x1={box.left}
              x2={box.width - box.right}
              y1={g.y(v)}
              y2={g.y(v)}
              stroke={v === 0 ? MUTED : GRID}
              strokeDasharray={v === 0 ? "4 4" : undefined}
            />
            <text x={box.left - 8} y={g.y(v) + 4} textAnchor="end" fill={MUTED} fontSize="12">
              {formatMoney(v)}
            </text>
          </g>
        ))}
        <path d={g.underwater} fill={LOSS_COLOUR} fillOpacity={0.28} />
        <path d={g.line} fill="none" stroke={GAIN_COLOUR} strokeWidth={2} strokeLinejoin="round" />
        <text x={box.left} y={box.height - 10} fill={MUTED} fontSize="12">
          {formatDate(first.exitAt)}
        </text>
        <text x={box.width - box.right} y={box.height - 10} textAnchor="end" fill={MUTED} fontSize="12">
          {`${formatDate(last.exitAt)} · trade ${last.tradeNumber}`}
        </text>
      </svg>
      <figcaption className="tc-muted">
        <span className="tc-legend tc-legend--gain">Line: cumulative net P&amp;L</span>{" "}
        <span className="tc-legend tc-legend--loss">Shaded: drawdown from the running peak</span>
      </figcaption>
      <details className="tc-chart__data">
        <summary>The equity curve as a table</summary>
        <Table
          caption={
            downsampled
              ? `Equity curve: ${points.length} of ${tradeCount} trades (every peak, trough and deepest drawdown kept)`
              : `Equity curve: ${tradeCount} trades`
          }
          rowKey={(p) => String(p.tradeNumber)}
          rows={[...points]}
          columns={[
            { key: "n", header: "Trade", cell: (p) => p.tradeNumber, numeric: true },
            { key: "when", header: "Closed", cell: (p) => formatDate(p.exitAt) },
            {
              key: "net",
              header: "Net P&L",
              cell: (p) => <PnlText value={p.netPnl} format={formatMoney} />,
              numeric: true,
            },
            {
              key: "cum",
              header: "Cumulative",
              cell: (p) => <PnlText value={p.cumulative} format={formatMoney} />,
              numeric: true,
            },
            {
              key: "dd",
              header: "Drawdown",
              cell: (p) => <PnlText value={-p.drawdown} format={formatMoney} />,
              numeric: true,
            },
          ]}
        />
      </details>
    </figure>
  );
}

export interface HeatDay {
  /** YYYY-MM-DD. */
  day: string;
  weekday: string;
  netPnl: number;
  tradeCount: number;
}

const WEEK = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const WEEKDAY_NAMES: Record<string, string> = {
  Mon: "Monday",
  Tue: "Tuesday",
  Wed: "Wednesday",
  Thu: "Thursday",
  Fri: "Friday",
  Sat: "Saturday",
  Sun: "Sunday",
};

/** The days laid out in Monday-first weeks, with empty cells before the first and after the last. */
export function calendarWeeks<T extends { weekday: string }>(days: readonly T[]): (T | null)[][] {
  const weeks: (T | null)[][] = [];
  let week: (T | null)[] = Array.from(
    { length: Math.max(0, WEEK.indexOf(days[0]?.weekday as (typeof WEEK)[number])) },
    () => null,
  );
  for (const d of days) {
    week.push(d);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return weeks;
}

/** The heat class of a day: its sign, and its size against the range's largest day in four steps. */
export function heatClass(netPnl: number, tradeCount: number, largest: number): string {
  if (!tradeCount) return "tc-heat";
  if (netPnl === 0 || largest === 0) return "tc-heat tc-heat--flat";
  const level = Math.min(4, Math.max(1, Math.ceil((Math.abs(netPnl) / largest) * 4)));
  return `tc-heat tc-heat--${netPnl > 0 ? "gain" : "loss"}-${level}`;
}

/**
 * A calendar of days (a month, Monday first) shaded by net P&L, each day with its amount and
 * trade count in text, and a table of the days with trades.
 */
export function CalendarHeatmap({
  caption,
  days,
  formatMoney,
  formatDay,
}: {
  caption: string;
  days: readonly HeatDay[];
  formatMoney: (value: number) => string;
  formatDay: (day: string) => string;
}) {
  const largest = Math.max(0, ...days.map((d) => Math.abs(d.netPnl)));
  const traded = days.filter((d) => d.tradeCount > 0);
  return (
    <div className="tc-stack">
      <div className="tc-table-wrap">
        <table className="tc-heatmap">
          <caption>{caption}</caption>
          <thead>
            <tr>
              {WEEK.map((w) => (
                <th key={w} scope="col">
                  <abbr title={WEEKDAY_NAMES[w]}>{w}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {calendarWeeks(days).map((week, i) => (
              <tr key={week.find(Boolean)?.day ?? i}>
                {week.map((d, j) =>
                  d ? (
                    <td key={d.day} className={heatClass(d.netPnl, d.tradeCount, largest)}>
                      <time className="tc-heat__day" dateTime={d.day}>
                        {Number(d.day.slice(8))}
                      </time>
                      {d.tradeCount ? (
                        <>
                          <span className="tc-heat__pnl">{formatMoney(d.netPnl)}</span>
                          <span className="tc-heat__count">
                            {d.tradeCount} trade{d.tradeCount === 1 ? "" : "s"}
                          </span>
                        </>
                      ) : (
                        <span className="tc-visually-hidden">no trades</span>
                      )}
                    </td>
                  ) : (
                    <td key={`empty-${j}`} className="tc-heat tc-heat--outside" />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details className="tc-chart__data">
        <summary>The days with trades as a table</summary>
        <Table
          caption={`${caption}: days with trades`}
          rowKey={(d) => d.day}
          rows={traded}
          empty="No closed trades on these days."
          columns={[
            { key: "day", header: "Day", cell: (d) => formatDay(d.day) },
            { key: "count", header: "Trades", cell: (d) => d.tradeCount, numeric: true },
            {
              key: "net",
              header: "Net P&L",
              cell: (d) => <PnlText value={d.netPnl} format={formatMoney} />,
              numeric: true,
            },
          ]}
        />
      </details>
    </div>
  );
}

/**
 * An amount in a chart's data table, coloured by its sign (tc-pnl--gain/loss) on the cents shown,
 * so "$0.00" is never coloured. The formatter prints the sign itself.
 */
function PnlText({ value, format }: { value: number; format: (value: number) => string }) {
  const cents = Math.round(value * 100);
  return <span className={`tc-pnl tc-pnl--${cents > 0 ? "gain" : cents < 0 ? "loss" : "flat"}`}>{format(value)}</span>;
}

/** A small bar from a centre line, right for gains and left for losses (decoration: the amount is printed beside it). */
export function PnlBar({ value, largest }: { value: number; largest: number }) {
  const half = 48;
  const length = largest > 0 ? Math.max(1, (Math.abs(value) / largest) * half) : 0;
  return (
    <svg
      className="tc-pnl-bar"
      width={2 * half + 4}
      height={12}
      viewBox={`0 0 ${2 * half + 4} 12`}
      aria-hidden="true"
      focusable="false"
    >
      <line x1={half + 2} x2={half + 2} y1={0} y2={12} stroke={MUTED} />
      {value !== 0 ? (
        <rect
          x={value > 0 ? half + 2 : half + 2 - length}
          y={2}
          width={length}
          height={8}
          rx={2}
          fill={value > 0 ? GAIN_COLOUR : LOSS_COLOUR}
        />
      ) : null}
    </svg>
  );
}
