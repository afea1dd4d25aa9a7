// The member's own trades in the chart's period, under the chart: each links to its page.
import { Link } from "@remix-run/react";
import { Table } from "@tradecraft/ui";
import { Pnl } from "~/components/pnl";
import { PhoneCards } from "~/components/trade-cards";
import { formatPrice, formatQuantity } from "~/lib/format";

/** A trade as the table shows it (amounts as the journal's decimal strings, times in epoch ms). */
export interface SymbolTradeRow {
  id: string;
  assetClass: string;
  direction: "long" | "short";
  quantity: string;
  entryPrice: string;
  entryAt: number;
  exitPrice: string | null;
  exitAt: number | null;
  netPnl: string | null;
  option: { right: "call" | "put"; strike: string; expiry: string } | null;
}

/** Your trades on `symbol` in the period, newest first, or a sentence when there are none. */
export function SymbolTradesTable({
  symbol,
  trades,
  timeZone,
  truncated,
  inPeriod = true,
}: {
  /** False when there is no chart (market data unavailable): then the trades are all of the member's on it. */
  inPeriod?: boolean;
  symbol: string;
  trades: SymbolTradeRow[];
  timeZone: string;
  truncated: boolean;
}) {
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const title = `Your trades on ${symbol}${inPeriod ? " in this period" : ""} (times in ${timeZone})`;
  const empty = `You have no trades on ${symbol}${inPeriod ? " in this period" : ""}.`;
  const kind = (t: SymbolTradeRow) =>
    `${t.direction} ${t.option ? `${t.option.right} ${t.option.strike} ${t.option.expiry}` : t.assetClass}`;
  const exit = (t: SymbolTradeRow) =>
    t.exitPrice !== null && t.exitAt !== null
      ? `${formatPrice(t.exitPrice, t)} on ${when.format(t.exitAt)}`
      : "still open";
  return (
    <>
      {/* Phones get cards, wider screens the table: the stylesheet shows one of the two. */}
      <PhoneCards
        label={title}
        items={trades}
        empty={empty}
        card={(t) => (
          <>
            <div className="tc-trade-card__head">
              <Link to={`/app/journal/${t.id}`} className="tc-trade-card__symbol">
                {kind(t)}
              </Link>
              <span className="tc-trade-card__side">{formatQuantity(t.quantity)}</span>
              <span className="tc-trade-card__pnl">
                <Pnl value={t.netPnl} />
              </span>
            </div>
            <div className="tc-trade-card__meta">
              <span>Entry {`${formatPrice(t.entryPrice, t)} on ${when.format(t.entryAt)}`}</span>
              <span>Exit {exit(t)}</span>
            </div>
          </>
        )}
      />
      <div className="tc-wide-only">
        <Table
          caption={title}
          scrollLabel={`Your trades on ${symbol}`}
          rowKey={(t) => t.id}
          rows={trades}
          empty={empty}
          columns={[
            {
              key: "trade",
              header: "Trade",
              cell: (t) => <Link to={`/app/journal/${t.id}`}>{kind(t)}</Link>,
            },
            { key: "qty", header: "Quantity", numeric: true, cell: (t) => formatQuantity(t.quantity) },
            {
              key: "entry",
              header: "Entry",
              cell: (t) => `${formatPrice(t.entryPrice, t)} on ${when.format(t.entryAt)}`,
            },
            {
              key: "exit",
              header: "Exit",
              cell: exit,
            },
            { key: "pnl", header: "Net P&L", numeric: true, cell: (t) => <Pnl value={t.netPnl} /> },
          ]}
        />
      </div>
      {truncated ? <p className="tc-muted">Only your newest 500 trades on {symbol} are listed and marked.</p> : null}
    </>
  );
}
