import { Form } from "@remix-run/react";
import { Button, Card } from "@tradecraft/ui";
import { Pnl } from "~/components/pnl";
import { formatPercent, formatPrice, formatR, type PriceInstrument } from "~/lib/format";

export interface ExcursionsView {
  mfePrice: string | null;
  maePrice: string | null;
  mfe: string;
  mae: string;
  mfeR: string | null;
  maeR: string | null;
  bestExitPnl: string;
  exitEfficiency: number | null;
  timeAssumed: boolean;
  simulated: boolean;
  source: string | null;
}

interface TradeExcursionsProps {
  instrument: PriceInstrument;
  excursions: ExcursionsView | null;
  /** Why this trade cannot be measured (open, options, unknown entry), or null. */
  unmeasurable: string | null;
  chartHref: string | null;
  /** What the last "Calculate" said when it measured nothing (no data, provider down). */
  message: string | null;
  calculated: boolean;
}

/**
 * The trade's excursions: how far price went for (MFE) and against (MAE) it between entry and
 * exit, what the best exit would have made, and how much of it the member took; a Calculate
 * button (a plain POST form, no script needed) while they are missing, and the chart link.
 */
export function TradeExcursions({
  instrument,
  excursions: e,
  unmeasurable,
  chartHref,
  message,
  calculated,
}: TradeExcursionsProps) {
  return (
    <Card aria-labelledby="excursions-heading">
      <h2 id="excursions-heading">Excursions</h2>
      {calculated && e ? <p role="status">Excursions calculated.</p> : null}
      {message ? (
        <p role="alert" className="tc-field__error">
          {message}
        </p>
      ) : null}
      {e ? (
        <>
          <dl className="tc-facts">
            <dt>Maximum favourable excursion</dt>
            <dd>
              <Pnl value={e.mfe} />
              {e.mfeR === null ? null : ` (${formatR(e.mfeR)})`} at {formatPrice(e.mfePrice, instrument)}
            </dd>
            <dt>Maximum adverse excursion</dt>
            <dd>
              <Pnl value={e.mae} />
              {e.maeR === null ? null : ` (${formatR(e.maeR)})`} at {formatPrice(e.maePrice, instrument)}
            </dd>
            <dt>Best exit P&amp;L</dt>
            <dd>
              <Pnl value={e.bestExitPnl} /> after fees, out at the best price
            </dd>
            <dt>Exit efficiency</dt>
            <dd>
              {e.exitEfficiency === null
                ? "not meaningful: the trade was never in profit"
                : `${formatPercent(e.exitEfficiency)} of the best exit taken`}
            </dd>
          </dl>
          {e.timeAssumed ? (
            <p>
              <strong>Times assumed 10:00–15:00 New York:</strong> this trade has dates only, so its window is the
              session&apos;s middle on its entry and exit days.
            </p>
          ) : null}
          {e.simulated ? (
            <p>
              <strong>Simulated market data:</strong> these figures come from made-up prices, not the market&apos;s.
            </p>
          ) : e.source ? (
            <p>From {e.source} minute bars.</p>
          ) : null}
        </>
      ) : unmeasurable ? (
        <p>{unmeasurable}</p>
      ) : (
        <Form method="post" className="tc-stack">
          <p>Not calculated yet: they come from the market&apos;s minute bars between your entry and exit.</p>
          <input type="hidden" name="intent" value="excursions" />
          <div className="tc-actions">
            <Button type="submit">Calculate</Button>
          </div>
        </Form>
      )}
      {chartHref ? (
        <p>
          <a href={chartHref}>See on the chart</a>
        </p>
      ) : null}
    </Card>
  );
}
