import { Link } from "@remix-run/react";
// The top of a symbol's page: its last price, the change with its sign (colour only repeats what
// the sign says), the day's range and volume, and where the numbers come from: "simulated",
// "delayed <time>" when the provider failed and this is the last good value, or "unavailable".
import { formatCount, formatPrice, pnlTone } from "~/lib/format";

/** What the loader passes: the quote's figures and its freshness, or null when there is none. */
export interface QuoteView {
  price: number;
  change: number | null;
  changePercent: number | null;
  dayHigh: number | null;
  dayLow: number | null;
  open: number | null;
  previousClose: number | null;
  volume: number | null;
  at: number;
  simulated: boolean;
  stale: boolean;
  asOf: number;
  source: string;
}

const percent = new Intl.NumberFormat("en-US", {
  maximumFractionDigits: 2,
  minimumFractionDigits: 2,
  signDisplay: "exceptZero",
});

/** "+1.25 (+0.52%)", "-3.10 (-1.20%)", "0.00 (0.00%)": always signed, so no one needs the colour. */
export function formatChange(change: number | null, changePercent: number | null): string {
  if (change === null) return "—";
  const sign = Math.round(change * 100) > 0 ? "+" : "";
  const amount = `${sign}${formatPrice(change)}`;
  return changePercent === null ? amount : `${amount} (${percent.format(changePercent)}%)`;
}

/** The labels saying where a value comes from and how fresh it is. */
export function FreshnessLabels({
  simulated,
  stale,
  asOf,
  unavailable = false,
  timeZone,
}: {
  simulated: boolean;
  stale: boolean;
  asOf: number;
  unavailable?: boolean;
  timeZone: string;
}) {
  const time = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", dateStyle: "medium", timeZone }).format(asOf);
  return (
    <p className="tc-quote__labels">
      {unavailable ? <span className="tc-market-label tc-market-label--down">unavailable</span> : null}
      {simulated ? <span className="tc-market-label">simulated</span> : null}
      {stale ? <span className="tc-market-label tc-market-label--stale">delayed {time}</span> : null}
    </p>
  );
}

/** The symbol's heading and quote; with no quote, says market data is unavailable (the rest of the page still works). */
export function QuoteHeader({
  symbol,
  name,
  quote,
  timeZone,
}: {
  symbol: string;
  name: string | null;
  quote: QuoteView | null;
  timeZone: string;
}) {
  return (
    <header aria-labelledby="symbol-heading">
      <h1 id="symbol-heading">
        {symbol}
        {name ? <span className="tc-muted"> · {name}</span> : null}
      </h1>
      {quote ? (
        <>
          <p className="tc-quote">
            <span className="tc-quote__price" data-testid="quote-price">
              {formatPrice(quote.price)}
            </span>
            <span className={`tc-quote__change tc-pnl tc-pnl--${pnlTone(quote.change)}`}>
              <span className="tc-visually-hidden">Change from the previous close: </span>
              {formatChange(quote.change, quote.changePercent)}
            </span>
          </p>
          <FreshnessLabels simulated={quote.simulated} stale={quote.stale} asOf={quote.asOf} timeZone={timeZone} />
          <p>
            <Link to={`/app/alerts?symbol=${encodeURIComponent(symbol)}#alert-form-heading`}>
              Create an alert on {symbol}
            </Link>
          </p>
          <dl className="tc-facts">
            <dt>Day range</dt>
            <dd>
              {quote.dayLow !== null && quote.dayHigh !== null
                ? `${formatPrice(quote.dayLow)} – ${formatPrice(quote.dayHigh)}`
                : "—"}
            </dd>
            <dt>Open</dt>
            <dd>{formatPrice(quote.open)}</dd>
            <dt>Previous close</dt>
            <dd>{formatPrice(quote.previousClose)}</dd>
            <dt>Volume</dt>
            <dd>{formatCount(quote.volume)}</dd>
          </dl>
        </>
      ) : (
        <>
          <FreshnessLabels simulated={false} stale={false} asOf={Date.now()} unavailable timeZone={timeZone} />
          <p>Market data is unavailable right now. Your trades on {symbol} are still listed below.</p>
        </>
      )}
    </header>
  );
}
