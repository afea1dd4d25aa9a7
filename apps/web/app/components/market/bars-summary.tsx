// What the chart shows, in words and numbers, rendered on the server: the period's open, high,
// low, close, range and volume, and its bars as a table (newest first, the last 60: the page stays light enough to keep rendered), so the
// page is complete without JavaScript and for screen readers.
import { Table } from "@tradecraft/ui";
import { formatCount, formatPrice, pnlTone } from "~/lib/format";
import type { CompactBar } from "./chart-markers";
import { formatChange } from "./quote-header";

/** How many bars the table lists: the chart has them all; a table of thousands helps no one. */
export const TABLE_ROWS = 60;

/** The period's figures from its bars (oldest first); null when there are none. */
export function summarise(bars: CompactBar[]) {
  if (bars.length === 0) return null;
  const open = bars[0]![1];
  const close = bars[bars.length - 1]![4];
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  for (const [, , h, l, , v] of bars) {
    high = Math.max(high, h);
    low = Math.min(low, l);
    volume += v;
  }
  const change = close - open;
  return {
    open,
    high,
    low,
    close,
    range: high - low,
    change,
    changePercent: open ? (change / open) * 100 : null,
    volume,
  };
}

/** The summary list and the bars' table, in a <details> so the chart stays near the top. */
export function BarsSummary({
  bars,
  timeZone,
  intraday,
  period,
}: {
  bars: CompactBar[];
  timeZone: string;
  intraday: boolean;
  period: string;
}) {
  const summary = summarise(bars);
  if (!summary) return <p>No bars in {period}: the market may have been closed.</p>;
  const when = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    ...(intraday ? { timeStyle: "short" } : {}),
    timeZone: intraday ? timeZone : "UTC",
  });
  const rows = bars.slice(-TABLE_ROWS).reverse();
  return (
    <>
      <dl className="tc-facts" aria-label={`Summary of ${period}`}>
        <dt>Open</dt>
        <dd>{formatPrice(summary.open)}</dd>
        <dt>High</dt>
        <dd>{formatPrice(summary.high)}</dd>
        <dt>Low</dt>
        <dd>{formatPrice(summary.low)}</dd>
        <dt>Close</dt>
        <dd>
          {formatPrice(summary.close)}{" "}
          <span className={`tc-pnl tc-pnl--${pnlTone(summary.change)}`}>
            {formatChange(summary.change, summary.changePercent)}
          </span>
        </dd>
        <dt>Range</dt>
        <dd>{formatPrice(summary.range)}</dd>
        <dt>Volume</dt>
        <dd>{formatCount(summary.volume)}</dd>
      </dl>
      <details>
        <summary>
          Prices bar by bar ({rows.length < bars.length ? `the last ${rows.length} of ${bars.length}` : bars.length})
        </summary>
        <Table
          caption={`${bars.length > rows.length ? `The last ${rows.length} of ${bars.length}` : `The ${bars.length}`} ${period}, newest first${intraday ? ` (times in ${timeZone})` : ""}`}
          scrollLabel="Prices bar by bar"
          rowKey={(b) => String(b[0])}
          rows={rows}
          columns={[
            { key: "t", header: "Start", cell: (b) => when.format(b[0]) },
            { key: "o", header: "Open", numeric: true, cell: (b) => formatPrice(b[1]) },
            { key: "h", header: "High", numeric: true, cell: (b) => formatPrice(b[2]) },
            { key: "l", header: "Low", numeric: true, cell: (b) => formatPrice(b[3]) },
            { key: "c", header: "Close", numeric: true, cell: (b) => formatPrice(b[4]) },
            { key: "v", header: "Volume", numeric: true, cell: (b) => formatCount(b[5]) },
          ]}
        />
      </details>
    </>
  );
}
