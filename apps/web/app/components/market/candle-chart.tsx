// The candlestick chart: an island over the server-rendered summary and table. lightweight-charts
// draws on a canvas and reads `window`, so it is imported only in the browser, after hydration;
// without JavaScript the page's summary and table carry the same data.
import type { TickMarkType as TickMark } from "lightweight-charts";
import { useEffect, useRef, useState } from "react";
import { CHART_COLOURS, type ChartMarker, type CompactBar } from "./chart-markers";

type ChartState = "idle" | "loading" | "ready" | "failed";

/** Formats the chart's times (seconds, UTC) in the member's time zone; lightweight-charts itself only knows UTC. */
function timeFormat(timeZone: string, options: Intl.DateTimeFormatOptions) {
  const format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
  return (seconds: number) => format.format(seconds * 1000);
}

/** A candlestick chart of `bars` with the member's trades marked; `data-marker-count` says how many marks it drew. */
export function CandleChart({
  bars,
  markers,
  timeZone,
  intraday,
  description,
}: {
  bars: CompactBar[];
  markers: ChartMarker[];
  timeZone: string;
  /** Minute and hour bars show times on the axis; day bars only dates. */
  intraday: boolean;
  description: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<ChartState>("idle");
  const [drawn, setDrawn] = useState(0);

  // First show the box (hidden while there is no script), so it has a size when the chart measures it.
  useEffect(() => setState((s) => (s === "idle" ? "loading" : s)), []);

  useEffect(() => {
    if (state === "idle") return;
    let cancelled = false;
    let remove: (() => void) | null = null;
    import("lightweight-charts")
      .then(({ createChart, CandlestickSeries, ColorType, createSeriesMarkers, TickMarkType }) => {
        const element = container.current;
        if (cancelled || !element) return;
        const dateTime = timeFormat(
          timeZone,
          intraday ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" },
        );
        const tick = {
          [TickMarkType.Year]: timeFormat(timeZone, { year: "numeric" }),
          [TickMarkType.Month]: timeFormat(timeZone, { month: "short" }),
          [TickMarkType.DayOfMonth]: timeFormat(timeZone, { day: "numeric", month: "short" }),
          [TickMarkType.Time]: timeFormat(timeZone, { hour: "2-digit", minute: "2-digit" }),
          [TickMarkType.TimeWithSeconds]: timeFormat(timeZone, { timeStyle: "medium" }),
        };
        const chart = createChart(element, {
          autoSize: true,
          layout: {
            // The logo injects a <style> element our CSP refuses; the caption carries the attribution instead.
            attributionLogo: false,
            background: { type: ColorType.Solid, color: CHART_COLOURS.surface },
            textColor: CHART_COLOURS.text,
            fontFamily: getComputedStyle(element).fontFamily,
          },
          grid: { vertLines: { color: CHART_COLOURS.grid }, horzLines: { color: CHART_COLOURS.grid } },
          rightPriceScale: { borderColor: CHART_COLOURS.grid },
          timeScale: {
            borderColor: CHART_COLOURS.grid,
            timeVisible: intraday,
            // Room after the last bar, so marks on the latest bars are not cut at the price scale.
            rightOffset: 4,
            tickMarkFormatter: (time: unknown, type: TickMark) => tick[type](Number(time)),
          },
          localization: { timeFormatter: (time: unknown) => dateTime(Number(time)) },
        });
        const series = chart.addSeries(CandlestickSeries, {
          upColor: CHART_COLOURS.gain,
          downColor: CHART_COLOURS.loss,
          borderVisible: false,
          wickUpColor: CHART_COLOURS.gain,
          wickDownColor: CHART_COLOURS.loss,
        });
        series.setData(
          bars.map(([t, open, high, low, close]) => ({ time: (t / 1000) as never, open, high, low, close })),
        );
        createSeriesMarkers(
          series,
          markers.map((m) => ({ ...m, time: m.time as never })),
        );
        chart.timeScale().fitContent();
        remove = () => chart.remove();
        setDrawn(markers.length);
        setState("ready");
      })
      .catch(() => {
        if (!cancelled) setState("failed");
      });
    return () => {
      cancelled = true;
      remove?.();
    };
    // Redrawn when the data changes, not when its own state does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bars, markers, timeZone, intraday, state === "idle"]);

  return (
    <figure className="tc-market-chart">
      <div
        ref={container}
        className="tc-market-chart__canvas"
        data-chart-state={state}
        data-marker-count={state === "ready" ? drawn : undefined}
        data-testid="market-chart"
      />
      <figcaption>
        {description} Charting by{" "}
        <a href="https://www.tradingview.com/" rel="noopener noreferrer">
          TradingView
        </a>
        .{state === "failed" ? " The chart could not be drawn; the table below has the same prices." : null}
      </figcaption>
    </figure>
  );
}
