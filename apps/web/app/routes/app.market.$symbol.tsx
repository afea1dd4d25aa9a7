import { data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert, Button, Card, ErrorSummary, TextField } from "@tradecraft/ui";
import { BarsSummary } from "~/components/market/bars-summary";
import { CandleChart } from "~/components/market/candle-chart";
import { chartMarkers } from "~/components/market/chart-markers";
import {
  BAR_SPAN_MS,
  barsOrDefault,
  compactBars,
  fieldErrorsOf,
  isMarketOutage,
  suggestionsOf,
} from "~/components/market/market-page.server";
import { FreshnessLabels, QuoteHeader } from "~/components/market/quote-header";
import { SymbolSearch } from "~/components/market/symbol-search";
import { SymbolTradesTable } from "~/components/market/symbol-trades-table";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && "symbol" in data ? data.symbol : "Market"} · Market · Tradecraft` },
];

const TIMESPANS = [
  { value: "minute", label: "Minutes", hint: "the last session" },
  { value: "hour", label: "Hours", hint: "the last month" },
  { value: "day", label: "Days", hint: "the last year" },
] as const;

/** "minute bars from 4 Dec 2026, 14:30 to 4 Dec 2026, 21:00" in the member's time zone (day bars: UTC dates). */
function describePeriod(bars: { timespan: string; from: number; to: number }, timeZone: string): string {
  const intraday = bars.timespan !== "day";
  const format = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    ...(intraday ? { timeStyle: "short" } : {}),
    timeZone: intraday ? timeZone : "UTC",
  });
  return `${bars.timespan} bars from ${format.format(bars.from)} to ${format.format(bars.to)}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const url = new URL(request.url);
  const raw = (params.symbol ?? "").slice(0, 64);
  // Query values as typed, bounded before they reach the router (which parses and checks them).
  const param = (key: string) => url.searchParams.get(key)?.slice(0, 64) || undefined;
  const asked = { timespan: param("timespan"), from: param("from"), to: param("to") };
  const [quoted, charted, profile] = await Promise.all([
    api.market.quote({ symbol: raw }).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    barsOrDefault(api, raw, asked).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    api.account.profile(),
  ]);
  const timeZone = profile.timeZone;
  if ("error" in quoted) {
    const symbolError = fieldErrorsOf(quoted.error)?.symbol?.[0];
    if (symbolError) return data({ kind: "bad-symbol" as const, typed: raw, symbolError, timeZone }, { status: 400 });
    const suggestions = suggestionsOf(quoted.error);
    if (suggestions)
      return data({ kind: "not-found" as const, symbol: raw.toUpperCase(), suggestions }, { status: 404 });
    if (!isMarketOutage(quoted.error)) throw quoted.error;
  }
  const quote = "value" in quoted ? quoted.value : null;
  // "aapl" and " AAPL" are AAPL: one address per symbol (the query, its period, is kept). Only
  // case and spaces: a provider's own spelling (X:BTCUSD for BTC) could send BTC round in a loop.
  const symbol = raw.trim().toUpperCase();
  if (symbol !== raw) throw redirect(`/app/market/${encodeURIComponent(symbol)}${url.search}`);
  if ("error" in charted) throw charted.error;
  const { bars, errors: periodErrors } = charted.value;
  const { trades, truncated } = await api.market.symbolTrades(
    bars ? { symbol, from: bars.from, to: bars.to } : { symbol },
  );
  const timespan = bars?.timespan ?? "day";
  const compact = bars ? compactBars(bars.data) : [];
  const page = {
    kind: "symbol" as const,
    symbol,
    timeZone,
    quote: quote
      ? { ...quote.data, simulated: quote.simulated, stale: quote.stale, asOf: quote.asOf, source: quote.source }
      : null,
    chart: bars
      ? {
          bars: compact,
          timespan,
          from: bars.from,
          to: bars.to,
          simulated: bars.simulated,
          stale: bars.stale,
          asOf: bars.asOf,
          warnings: bars.warnings,
        }
      : null,
    // Worded here, once: Node's and the browser's Intl may differ in spaces, and hydration compares text.
    period: bars ? describePeriod(bars, timeZone) : "",
    markers: chartMarkers(compact, trades, BAR_SPAN_MS[timespan]),
    trades,
    truncated,
    asked,
    periodErrors,
  };
  return Object.keys(periodErrors).length ? data(page, { status: 400 }) : page;
}

type SymbolPage = Extract<Awaited<ReturnType<typeof useLoaderData<typeof loader>>>, { kind: "symbol" }>;

function PeriodControls({ page }: { page: SymbolPage }) {
  const current = page.chart?.timespan ?? page.asked.timespan;
  const base = `/app/market/${encodeURIComponent(page.symbol)}`;
  return (
    <>
      <nav className="tc-timespans" aria-label="Bar size">
        <ul>
          {TIMESPANS.map((t) => (
            <li key={t.value}>
              <Link
                to={`${base}?timespan=${t.value}`}
                aria-current={t.value === current && !page.asked.from && !page.asked.to ? "page" : undefined}
              >
                {t.label}
                <span className="tc-visually-hidden">, {t.hint}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={base} className="tc-period-form" aria-label="Period">
        <input type="hidden" name="timespan" value={current ?? "day"} />
        <TextField
          name="from"
          id="period-from"
          label="From"
          defaultValue={page.asked.from ?? ""}
          error={page.periodErrors.from}
          hint="2026-03-02 or 2026-03-02T14:30Z (UTC)"
        />
        <TextField
          name="to"
          id="period-to"
          label="To"
          defaultValue={page.asked.to ?? ""}
          error={page.periodErrors.to}
          hint="Empty: up to now"
        />
        <Button type="submit" variant="secondary">
          Show this period
        </Button>
      </form>
    </>
  );
}

function SymbolView({ page }: { page: SymbolPage }) {
  const { chart, timeZone } = page;
  const { period } = page;
  return (
    <div className="tc-stack">
      <QuoteHeader symbol={page.symbol} name={null} quote={page.quote} timeZone={timeZone} />
      <ErrorSummary fieldErrors={page.periodErrors} fieldIds={{ from: "period-from", to: "period-to" }} />
      <Card aria-labelledby="chart-heading">
        <h2 id="chart-heading">Chart</h2>
        <PeriodControls page={page} />
        {page.periodErrors.timespan ? (
          <Alert tone="error">{page.periodErrors.timespan[0]}: showing day bars.</Alert>
        ) : null}
        {chart ? (
          <>
            {chart.warnings.map((w) => (
              <Alert key={w}>{w}</Alert>
            ))}
            {/* Said again only when the chart's source or freshness differs from the quote's. */}
            {chart.stale || !page.quote || page.quote.simulated !== chart.simulated ? (
              <FreshnessLabels simulated={chart.simulated} stale={chart.stale} asOf={chart.asOf} timeZone={timeZone} />
            ) : null}
            <CandleChart
              bars={chart.bars}
              markers={page.markers}
              timeZone={timeZone}
              intraday={chart.timespan !== "day"}
              description={`${page.symbol}, ${period}; ${page.markers.length} mark${page.markers.length === 1 ? "" : "s"} for your trades (arrows at entries, circles at exits with their P&L). The same prices are in the table below.`}
            />
            <BarsSummary bars={chart.bars} timeZone={timeZone} intraday={chart.timespan !== "day"} period={period} />
          </>
        ) : (
          <p>Market data is unavailable right now, so there is no chart. Please try again in a minute.</p>
        )}
      </Card>
      <Card aria-labelledby="trades-heading">
        <h2 id="trades-heading">Your trades</h2>
        <SymbolTradesTable
          symbol={page.symbol}
          trades={page.trades}
          timeZone={timeZone}
          truncated={page.truncated}
          inPeriod={page.chart !== null}
        />
      </Card>
    </div>
  );
}

export default function MarketSymbol() {
  const page = useLoaderData<typeof loader>();
  if (page.kind === "bad-symbol")
    return (
      <div className="tc-stack">
        <h1>Market</h1>
        <ErrorSummary
          fieldErrors={{ q: [`“${page.typed}” is not a symbol. ${page.symbolError}.`] }}
          fieldIds={{ q: "symbol-again" }}
        />
        <SymbolSearch
          landmark="Search again"
          id="symbol-again"
          defaultValue={page.typed}
          error={page.symbolError}
          visibleLabel
        />
      </div>
    );
  if (page.kind === "not-found")
    return (
      <div className="tc-stack">
        <h1>No market data for {page.symbol}</h1>
        {page.suggestions.length ? (
          <>
            <h2>Did you mean</h2>
            <ul>
              {page.suggestions.map((s) => (
                <li key={s.symbol}>
                  <Link to={`/app/market/${encodeURIComponent(s.symbol)}`}>{s.symbol}</Link> {s.name}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>No symbol looks like it. Check the spelling, or search by company name.</p>
        )}
        <SymbolSearch landmark="Search again" visibleLabel />
      </div>
    );
  return <SymbolView page={page} />;
}
