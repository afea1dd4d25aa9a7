// Which of the member's trades the chart marks, and how: pure, so the marks and the count the
// page exposes (data-marker-count) come from one place. An entry is an arrow (up for a long,
// down for a short); an exit is a circle with the trade's net P&L as its text.
import { formatPnl, pnlTone } from "~/lib/format";

/** A bar as the page sends it to the browser: [start ms, open, high, low, close, volume]. */
export type CompactBar = [number, number, number, number, number, number];

/** A trade as the chart needs it (times in epoch ms). */
export interface MarkedTrade {
  id: string;
  direction: "long" | "short";
  entryAt: number;
  exitAt: number | null;
  netPnl: string | null;
}

/** One marker in lightweight-charts' terms, its time in seconds (the chart's UTCTimestamp). */
export interface ChartMarker {
  time: number;
  position: "aboveBar" | "belowBar";
  shape: "arrowUp" | "arrowDown" | "circle";
  color: string;
  text: string;
}

// The theme's --gain, --loss and --text-muted (styles.css): canvas cannot read CSS variables.
export const CHART_COLOURS = {
  gain: "#34d399",
  loss: "#f87171",
  flat: "#a8a29e",
  text: "#a8a29e",
  surface: "#141416",
  grid: "#2e2e33",
} as const;

/** The start of the bar holding `at`, or null when `at` is outside the bars (bars oldest first, `spanMs` long). */
export function barStartOf(bars: CompactBar[], at: number, spanMs: number): number | null {
  if (bars.length === 0 || at < bars[0]![0] || at >= bars[bars.length - 1]![0] + spanMs) return null;
  let low = 0;
  let high = bars.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (bars[mid]![0] <= at) low = mid;
    else high = mid - 1;
  }
  return bars[low]![0];
}

/** The markers for the trades whose entry or exit falls on the bars, sorted by time as the chart requires. */
export function chartMarkers(bars: CompactBar[], trades: MarkedTrade[], spanMs: number): ChartMarker[] {
  const markers: ChartMarker[] = [];
  for (const trade of trades) {
    const entry = barStartOf(bars, trade.entryAt, spanMs);
    if (entry !== null) {
      const long = trade.direction === "long";
      markers.push({
        time: entry / 1000,
        position: long ? "belowBar" : "aboveBar",
        shape: long ? "arrowUp" : "arrowDown",
        color: long ? CHART_COLOURS.gain : CHART_COLOURS.loss,
        text: long ? "Buy" : "Sell short",
      });
    }
    const exit = trade.exitAt === null ? null : barStartOf(bars, trade.exitAt, spanMs);
    if (exit !== null) {
      markers.push({
        time: exit / 1000,
        position: trade.direction === "long" ? "aboveBar" : "belowBar",
        shape: "circle",
        color: CHART_COLOURS[pnlTone(trade.netPnl)],
        text: `Exit ${formatPnl(trade.netPnl)}`,
      });
    }
  }
  return markers.sort((a, b) => a.time - b.time);
}
