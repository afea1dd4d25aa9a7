import { Link } from "@remix-run/react";
import { Card, Table } from "@tradecraft/ui";
import { Pnl } from "~/components/pnl";
import { formatPrice, formatQuantity } from "~/lib/format";
import { contractName } from "~/lib/option-contract";

interface StrategyLeg {
  id: string;
  symbol: string;
  assetClass: string;
  option: { expiry: string; strike: string; right: "call" | "put" } | null;
  direction: "long" | "short";
  status: "open" | "closed";
  quantity: string;
  entryPrice: string;
  exitPrice: string | null;
  netPnl: string | null;
}

export interface TradeStrategyData {
  id: string;
  name: string;
  underlying: string;
  legs: StrategyLeg[];
  totals: { status: "open" | "closed"; netPnl: string | null; realizedPnl: string; closedLegs: number };
}

/**
 * The option strategy a trade is a leg of: its name, legs and net P&L (its legs' sum, once every
 * leg is closed), each leg linking to its own trade page.
 */
export function TradeStrategy({ strategy, tradeId }: { strategy: TradeStrategyData; tradeId: string }) {
  const { totals, legs } = strategy;
  return (
    <Card aria-labelledby="strategy-heading">
      <h2 id="strategy-heading">
        Strategy: {strategy.name} · {legs.length} legs ·{" "}
        {totals.status === "closed" ? (
          <>
            net <Pnl value={totals.netPnl} />
          </>
        ) : (
          <>
            open, {totals.closedLegs} of {legs.length} legs closed, realised <Pnl value={totals.realizedPnl} />
          </>
        )}
      </h2>
      <p className="tc-muted">
        Legs opened together on {strategy.underlying} (one order, or the same second). The strategy&apos;s P&amp;L is
        the sum of its legs&apos;.
      </p>
      <Table
        caption={`Legs of this ${strategy.name.toLowerCase()}`}
        rowKey={(l) => l.id}
        rows={legs}
        columns={[
          {
            key: "contract",
            header: "Contract",
            cell: (l) =>
              l.id === tradeId ? (
                <span aria-current="page">{contractName(l)} (this trade)</span>
              ) : (
                <Link to={`/app/journal/${l.id}`}>{contractName(l)}</Link>
              ),
          },
          { key: "side", header: "Side", cell: (l) => l.direction },
          { key: "qty", header: "Quantity", numeric: true, cell: (l) => formatQuantity(l.quantity) },
          { key: "entry", header: "Entry", numeric: true, cell: (l) => formatPrice(l.entryPrice, l) },
          {
            key: "exit",
            header: "Exit",
            numeric: true,
            cell: (l) => (l.status === "closed" ? formatPrice(l.exitPrice, l) : "open"),
          },
          { key: "pnl", header: "Net P&L", numeric: true, cell: (l) => <Pnl value={l.netPnl} /> },
        ]}
      />
    </Card>
  );
}
