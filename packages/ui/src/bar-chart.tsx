// A server-rendered bar chart (daily net P&L, distributions): SVG bars from a zero line, coloured
// by sign and never by colour alone (each bar's value is in its tooltip and in the table below).
import { useId } from "react";
import { valueTicks } from "./chart-axes.ts";
import { Table } from "./table.tsx";

export interface ChartBar {
  key: string;
  /** The bar's axis label ("2", "−$20"). */
  label: string;
  value: number;
  tone: "gain" | "loss" | "flat";
  /** The bar in words for its tooltip and the table ("Tue 3 Mar: -$21.00, 2 trades"). */
  text: string;
}

const TONE = { gain: "#10B981", loss: "#F87171", flat: "#A8A29E" } as const;
const MUTED = "#A8A29E";
const GRID = "#2E2E33";

// As the equity curve: a wide drawing and a narrow one whose 13-unit text is ≥ 12 px on a phone.
const DRAWINGS = [
  {
    width: 720,
    height: 200,
    left: 56,
    right: 12,
    top: 12,
    bottom: 30,
    fontSize: 12,
    labels: 16,
    className: "tc-wide-only",
  },
  {
    width: 360,
    height: 200,
    left: 44,
    right: 8,
    top: 12,
    bottom: 30,
    fontSize: 13,
    labels: 7,
    className: "tc-narrow-only",
  },
] as const;

/** Bars with a value axis, one label every few bars so labels never overlap, and the bars as a table. */
export function BarChart({
  title,
  description,
  bars,
  formatAxis,
  tableCaption,
  valueHeader,
  empty = "No closed trades match.",
}: {
  title: string;
  description: string;
  bars: readonly ChartBar[];
  formatAxis: (value: number) => string;
  tableCaption: string;
  valueHeader: string;
  /** What to say when there are no bars. */
  empty?: string;
}) {
  const id = useId();
  if (bars.length === 0) return <p className="tc-muted">{empty}</p>;
  const min = Math.min(0, ...bars.map((b) => b.value));
  const max = Math.max(0, ...bars.map((b) => b.value));
  const top = max === min ? min + 1 : max;
  return (
    <figure className="tc-chart">
      {DRAWINGS.map((d) => {
        const plot = d.width - d.left - d.right;
        const slot = plot / bars.length;
        const y = (v: number) =>
          Math.round((d.top + ((top - v) / (top - min)) * (d.height - d.top - d.bottom)) * 10) / 10;
        const every = Math.ceil(bars.length / d.labels);
        return (
          <svg
            key={d.className}
            className={`tc-chart__svg ${d.className}`}
            viewBox={`0 0 ${d.width} ${d.height}`}
            role="img"
            aria-labelledby={`${id}${d.className}-t ${id}${d.className}-d`}
            fontSize={d.fontSize}
          >
            <title id={`${id}${d.className}-t`}>{title}</title>
            <desc id={`${id}${d.className}-d`}>{description}</desc>
            {valueTicks(min, top, 4).map((v) => (
              <g key={v}>
                <line x1={d.left} x2={d.width - d.right} y1={y(v)} y2={y(v)} stroke={v === 0 ? MUTED : GRID} />
                <text x={d.left - 6} y={y(v) + d.fontSize / 3} textAnchor="end" fill={MUTED}>
                  {formatAxis(v)}
                </text>
              </g>
            ))}
            {bars.map((b, i) => {
              const x = d.left + i * slot;
              const y0 = y(0);
              const y1 = y(b.value);
              return (
                <g key={b.key}>
                  <rect
                    x={Math.round((x + slot * 0.15) * 10) / 10}
                    y={Math.min(y0, y1)}
                    width={Math.max(1, Math.round(slot * 0.7 * 10) / 10)}
                    height={Math.max(b.value === 0 ? 0 : 1, Math.abs(y1 - y0))}
                    fill={TONE[b.tone]}
                  >
                    <title>{b.text}</title>
                  </rect>
                  {i % every === 0 ? (
                    <text x={Math.round((x + slot / 2) * 10) / 10} y={d.height - 10} textAnchor="middle" fill={MUTED}>
                      {b.label}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </svg>
        );
      })}
      <details className="tc-chart__data">
        <summary>{tableCaption} as a table</summary>
        <Table
          caption={tableCaption}
          rowKey={(b) => b.key}
          rows={[...bars]}
          columns={[
            { key: "bar", header: "Bar", cell: (b) => b.text.split(": ")[0] },
            { key: "value", header: valueHeader, cell: (b) => b.text.split(": ").slice(1).join(": "), numeric: true },
          ]}
        />
      </details>
    </figure>
  );
}
