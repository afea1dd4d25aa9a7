import { Card } from "@tradecraft/ui";
import { formatPrice, formatR, type PriceInstrument } from "~/lib/format";
import { plannedR } from "~/lib/trade-plan";

/** What the plan section reads of a trade (decimals arrive as exact strings). */
export interface TradePlanView extends PriceInstrument {
  direction: "long" | "short";
  status: string;
  entryPrice: string;
  stopLoss: string | null;
  takeProfit: string | null;
  rMultiple: string | null;
  rating: number | null;
  emotions: string[];
  mistakes: string[];
  tags: string[];
  costBasisUnknown: boolean;
  /** Excursions, once the market data step records them; left out of the page until then. */
  maxFavorableExcursion?: string | null;
  maxAdverseExcursion?: string | null;
}

const list = (items: string[]) => (items.length ? items.join(", ") : "—");

/** The trade's plan next to what happened: stop, target, planned R against realised R, and how it felt. */
export function TradePlan({ trade, setup }: { trade: TradePlanView; setup: string | null }) {
  const planned = trade.costBasisUnknown ? null : plannedR(trade);
  const hasExcursions = trade.maxFavorableExcursion != null || trade.maxAdverseExcursion != null;
  return (
    <Card aria-labelledby="plan-heading">
      <h2 id="plan-heading">Plan</h2>
      <dl className="tc-facts">
        <dt>Stop</dt>
        <dd>{formatPrice(trade.stopLoss, trade)}</dd>
        <dt>Target</dt>
        <dd>{formatPrice(trade.takeProfit, trade)}</dd>
        <dt>Planned R</dt>
        <dd>{planned === null ? "—" : formatR(planned)}</dd>
        <dt>Realised R</dt>
        <dd>{trade.status === "closed" ? formatR(trade.rMultiple) : "— (still open)"}</dd>
        {hasExcursions ? (
          <>
            <dt>Best move for you (MFE)</dt>
            <dd>{formatPrice(trade.maxFavorableExcursion, trade)}</dd>
            <dt>Worst move against you (MAE)</dt>
            <dd>{formatPrice(trade.maxAdverseExcursion, trade)}</dd>
          </>
        ) : null}
        <dt>Setup</dt>
        <dd>{setup ?? "—"}</dd>
        <dt>Rating</dt>
        <dd>{trade.rating ? `${trade.rating} of 5` : "—"}</dd>
        <dt>Emotions</dt>
        <dd>{list(trade.emotions)}</dd>
        <dt>Mistakes</dt>
        <dd>{list(trade.mistakes)}</dd>
        <dt>Tags</dt>
        <dd>{list(trade.tags)}</dd>
      </dl>
    </Card>
  );
}
