// Server-rendered charts for the journal's analytics: plain SVG and tables, no script needed.
// Colours never carry meaning alone: every amount is printed with its sign, every chart has a
// text description and a data table. SVG colours are presentation attributes, which the
// production CSP (no inline styles) allows.
import { type ReactNode, useId, useState } from "react";
import { dateTickLabel, dateTicks, valueTicks } from "./chart-axes.ts";
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

// Two drawings of one curve: the wide one for desktops, a narrow one whose 13-unit text renders at
// 12 px or more on a 390 px phone (an SVG's text scales with its width). The stylesheet shows one.
const CURVE_BOX: ChartBox = { width: 720, height: 260, left: 84, right: 16, top: 14, bottom: 34 };
const NARROW_BOX: ChartBox = { width: 360, height: 240, left: 50, right: 10, top: 12, bottom: 32 };
const r1 = (v: number) => Math.round(v * 10) / 10;
const HOUR_MS = 3_600_000;

/**
 * Paths of an equity curve placed by exit time, starting at 0 just before the first trade: the
 * cumulative P&L line and the "underwater" area between the running peak and the curve (the
 * drawdown). `start`/`end` are the time axis' ends (epoch ms).
 */
export function curveGeometry(points: readonly CurvePoint[], box: ChartBox = CURVE_BOX) {
  const times = points.map((p) => new Date(p.exitAt).getTime());
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  const pad = Math.max((last - first) * 0.03, 3 * HOUR_MS);
  const start = first - pad;
  const end = last + pad / 3;
  let min = 0;
  let max = 0;
  for (const p of points) {
    min = Math.min(min, p.cumulative);
    max = Math.max(max, p.cumulative + p.drawdown);
  }
  if (min === max) max = min + 1;
  const xAt = (ms: number) => r1(box.left + ((ms - start) / (end - start)) * (box.width - box.left - box.right));
  const x = (i: number) => xAt(times[i]!);
  const y = (value: number) => r1(box.top + ((max - value) / (max - min)) * (box.height - box.top - box.bottom));
  const line = `M${xAt(start)} ${y(0)}${points.map((p, i) => `L${x(i)} ${y(p.cumulative)}`).join("")}`;
  const peaks = points.map((p, i) => `L${x(i)} ${y(p.cumulative + p.drawdown)}`).join("");
  const troughs = points
    .map((p, i) => `L${x(i)} ${y(p.cumulative)}`)
    .reverse()
    .join("");
  return {
    line,
    underwater: `M${xAt(start)} ${y(0)}${peaks}${troughs}Z`,
    zeroY: y(0),
    min,
    max,
    start,
    end,
    x,
    xAt,
    y,
  };
}

/** Up to `count` indices spread evenly over `length` points, always with the last and `keep`. */
export function spreadIndices(length: number, count: number, keep: number[] = []): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const picked = new Set(keep.filter((i) => i >= 0 && i < length));
  picked.add(length - 1);
  for (let k = 0; picked.size < count && k < count; k++) picked.add(Math.round((k * (length - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b);
}

interface CurveDrawing {
  box: ChartBox;
  fontSize: number;
  valueTicks: number;
  dateTicks: number;
  focusPoints: number;
  className: string;
}
const DRAWINGS: CurveDrawing[] = [
  { box: CURVE_BOX, fontSize: 12, valueTicks: 5, dateTicks: 7, focusPoints: 40, className: "tc-wide-only" },
  { box: NARROW_BOX, fontSize: 13, valueTicks: 4, dateTicks: 4, focusPoints: 16, className: "tc-narrow-only" },
];

/**
 * The cumulative net P&L after each closed trade as an SVG line over a date axis, with drawdowns
 * shaded, a focusable point per trade (spread out on long curves) whose read-out shows on hover
 * and on focus (CSS, no script), and its data table.
 */
export function EquityCurveChart({
  title,
  points,
  tradeCount,
  downsampled,
  formatMoney,
  formatAxis = formatMoney,
  formatDate,
}: {
  title: string;
  points: readonly CurvePoint[];
  tradeCount: number;
  downsampled: boolean;
  formatMoney: (value: number) => string;
  /** The value axis' labels (shorter on a phone: "+1.2K"); formatMoney by default. */
  formatAxis?: (value: number) => string;
  formatDate: (value: string | Date) => string;
}) {
  const id = useId();
  if (points.length === 0)
    return <p className="tc-muted">No closed trades match: the curve starts with the first one.</p>;
  const first = points[0]!;
  const last = points.at(-1)!;
  let deepestIndex = 0;
  points.forEach((p, i) => {
    if (p.drawdown > points[deepestIndex]!.drawdown) deepestIndex = i;
  });
  const deepest = points[deepestIndex]!;
  const g0 = curveGeometry(points);
  const description =
    `${tradeCount} closed trade${tradeCount === 1 ? "" : "s"} from ${formatDate(first.exitAt)} to ${formatDate(last.exitAt)}. ` +
    `Cumulative net P&L ends at ${formatMoney(last.cumulative)}, highest ${formatMoney(g0.max)}, lowest ${formatMoney(g0.min)}; ` +
    `deepest drawdown ${formatMoney(-deepest.drawdown)} after trade ${deepest.tradeNumber}.`;
  return (
    <figure className="tc-chart">
      {DRAWINGS.map((d) => (
        <CurveSvg
          key={d.className}
          id={`${id}${d.className}`}
          drawing={d}
          title={title}
          description={description}
          points={points}
          keep={[deepestIndex]}
          formatMoney={formatMoney}
          formatAxis={d.className === "tc-narrow-only" ? formatAxis : formatMoney}
          formatDate={formatDate}
        />
      ))}
      <figcaption className="tc-muted">
        <span className="tc-legend tc-legend--gain">Line: cumulative net P&amp;L</span>{" "}
        <span className="tc-legend tc-legend--loss">Shaded: drawdown from the running peak.</span>{" "}
        <span>Hover over or focus a point for its trade.</span>
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

function CurveSvg({
  id,
  drawing,
  title,
  description,
  points,
  keep,
  formatMoney,
  formatAxis,
  formatDate,
}: {
  id: string;
  drawing: CurveDrawing;
  title: string;
  description: string;
  points: readonly CurvePoint[];
  keep: number[];
  formatMoney: (value: number) => string;
  formatAxis: (value: number) => string;
  formatDate: (value: string | Date) => string;
}) {
  const { box, fontSize } = drawing;
  const g = curveGeometry(points, box);
  const yTicks = valueTicks(g.min, g.max, drawing.valueTicks);
  const xTicks = dateTicks(g.start, g.end, drawing.dateTicks);
  const right = box.width - box.right;
  const readoutWidth = Math.min(box.width - 8, fontSize * 17);
  const readoutHeight = Math.round(fontSize * 3.2);
  return (
    <svg
      className={`tc-chart__svg ${drawing.className}`}
      viewBox={`0 0 ${box.width} ${box.height}`}
      role="group"
      aria-labelledby={`${id}-t ${id}-d`}
      fontSize={fontSize}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      <g aria-hidden="true">
        {yTicks.map((v) => (
          <g key={v}>
            <line
              x1={box.left}
              x2={right}
              y1={g.y(v)}
              y2={g.y(v)}
              stroke={v === 0 ? MUTED : GRID}
              strokeDasharray={v === 0 ? "4 4" : undefined}
            />
            <text x={box.left - 6} y={r1(g.y(v) + fontSize / 3)} textAnchor="end" fill={MUTED}>
              {formatAxis(v)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => {
          const x = g.xAt(t.at);
          const anchor = x - box.left < fontSize * 2.5 ? "start" : right - x < fontSize * 2.5 ? "end" : "middle";
          return (
            <g key={t.at} className="tc-chart__tick">
              <line x1={x} x2={x} y1={box.height - box.bottom} y2={box.height - box.bottom + 5} stroke={MUTED} />
              <text x={x} y={box.height - box.bottom + 5 + fontSize} textAnchor={anchor} fill={MUTED}>
                {dateTickLabel(t)}
              </text>
            </g>
          );
        })}
        <line x1={box.left} x2={right} y1={box.height - box.bottom} y2={box.height - box.bottom} stroke={GRID} />
        <path d={g.underwater} fill={LOSS_COLOUR} fillOpacity={0.28} />
        <path d={g.line} fill="none" stroke={GAIN_COLOUR} strokeWidth={2} strokeLinejoin="round" />
      </g>
      {spreadIndices(points.length, drawing.focusPoints, keep).map((i) => {
        const p = points[i]!;
        const px = g.x(i);
        const py = g.y(p.cumulative);
        const rx = Math.min(Math.max(px - readoutWidth / 2, 4), box.width - 4 - readoutWidth);
        const ry = py - readoutHeight - 10 >= 2 ? py - readoutHeight - 10 : py + 10;
        const label = `Trade ${p.tradeNumber}, closed ${formatDate(p.exitAt)}: ${formatMoney(p.netPnl)}, cumulative ${formatMoney(p.cumulative)}`;
        return (
          <g key={p.tradeNumber} className="tc-point" tabIndex={0} role="img" aria-label={label}>
            <circle cx={px} cy={py} r={12} fill="transparent" />
            <circle className="tc-point__dot" cx={px} cy={py} r={3.5} fill={GAIN_COLOUR} stroke="#0A0A0B" />
            <g className="tc-readout" aria-hidden="true">
              <rect
                x={r1(rx)}
                y={r1(ry)}
                width={readoutWidth}
                height={readoutHeight}
                rx={6}
                fill="#1C1C1F"
                stroke={MUTED}
              />
              <text x={r1(rx + 8)} y={r1(ry + fontSize * 1.3)} fill="#EDEDED">
                {`Trade ${p.tradeNumber} · ${formatDate(p.exitAt)}`}
              </text>
              <text x={r1(rx + 8)} y={r1(ry + fontSize * 2.6)} fill="#EDEDED">
                {`${formatMoney(p.netPnl)} · total ${formatMoney(p.cumulative)}`}
              </text>
            </g>
          </g>
        );
      })}
    </svg>
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
  weeks,
  formatMoney,
  formatCompact = formatMoney,
  formatDay,
}: {
  caption: string;
  days: readonly HeatDay[];
  /** Monday-to-Sunday totals, one per row of the calendar: shown as a last "Week" column. */
  weeks?: readonly HeatWeek[];
  formatMoney: (value: number) => string;
  /** A short amount for phones' narrow cells ("+$1.2K"); the full one is in the table below. */
  formatCompact?: (value: number) => string;
  formatDay: (day: string) => string;
}) {
  const largest = Math.max(0, ...days.map((d) => Math.abs(d.netPnl)));
  const traded = days.filter((d) => d.tradeCount > 0);
  const amount = (value: number) => (
    <>
      <span className="tc-heat__pnl tc-heat__pnl--full">{formatMoney(value)}</span>
      <span className="tc-heat__pnl tc-heat__pnl--short">{formatCompact(value)}</span>
    </>
  );
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
              {weeks ? (
                <th scope="col" className="tc-heat__week-head">
                  Week
                </th>
              ) : null}
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
                          {amount(d.netPnl)}
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
                {weeks?.[i] ? (
                  <td className={`tc-heat tc-heat--week tc-pnl--${pnlToneOf(weeks[i].netPnl)}`}>
                    <span className="tc-visually-hidden">Week total:</span>
                    {weeks[i].tradeCount ? amount(weeks[i].netPnl) : <span className="tc-heat__pnl">—</span>}
                  </td>
                ) : weeks ? (
                  <td className="tc-heat tc-heat--outside" />
                ) : null}
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

export interface HeatWeek {
  start: string;
  end: string;
  netPnl: number;
  tradeCount: number;
}

const pnlToneOf = (value: number) => {
  const cents = Math.round(value * 100);
  return cents > 0 ? "gain" : cents < 0 ? "loss" : "flat";
};

/**
 * An amount in a chart's data table, coloured by its sign (tc-pnl--gain/loss) on the cents shown,
 * so "$0.00" is never coloured. The formatter prints the sign itself.
 */
function PnlText({ value, format }: { value: number; format: (value: number) => string }) {
  return <span className={`tc-pnl tc-pnl--${pnlToneOf(value)}`}>{format(value)}</span>;
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
