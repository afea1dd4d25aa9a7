// What a preview says of a whole file at a glance: one row per symbol, and the trades a page at a time.
import { type Dec, ZERO } from "../domain/decimal.ts";

export interface PreviewTrade {
  symbol: string;
  direction: string;
  status: string;
  quantity: string;
  /** Null while open or when the cost basis is unknown. */
  netPnl: string | null;
}

export interface SymbolSummary {
  symbol: string;
  /** New fills of the file on the symbol (its options and futures included). */
  fills: number;
  trades: number;
  closedTrades: number;
  /** Net P&L of the closed trades whose entry is known. */
  netPnl: string;
  /** Open at the end, e.g. "long 10"; several instruments are joined ("long 10, short 1"). */
  openPositions: string[];
  /** Corporate actions and option expirations, assignments or exercises on the symbol. */
  events: number;
}

/** One row per symbol (alphabetical) summing up the trades, fills and events the import makes on it. */
export function summariseBySymbol(
  trades: PreviewTrade[],
  fills: { symbol: string }[],
  events: { symbol: string }[],
): SymbolSummary[] {
  const rows = new Map<string, SymbolSummary & { pnl: Dec }>();
  const row = (symbol: string) => {
    let r = rows.get(symbol);
    if (!r) {
      r = { symbol, fills: 0, trades: 0, closedTrades: 0, netPnl: "0", openPositions: [], events: 0, pnl: ZERO };
      rows.set(symbol, r);
    }
    return r;
  };
  for (const f of fills) row(f.symbol).fills++;
  for (const e of events) row(e.symbol).events++;
  for (const t of trades) {
    const r = row(t.symbol);
    r.trades++;
    if (t.status === "closed") r.closedTrades++;
    else r.openPositions.push(`${t.direction} ${t.quantity}`);
    if (t.netPnl !== null) r.pnl = r.pnl.plus(t.netPnl);
  }
  return [...rows.values()]
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .map(({ pnl, ...r }) => ({ ...r, netPnl: pnl.toDecimalPlaces(2).toString() }));
}

/** Page `page` (from 1, clamped to the last) of `items`, and how many pages there are (at least 1). */
export function pageOf<T>(items: T[], page: number, size: number): { items: T[]; page: number; pageCount: number } {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, page), pageCount);
  return { items: items.slice((current - 1) * size, current * size), page: current, pageCount };
}
