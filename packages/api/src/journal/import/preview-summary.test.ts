import { expect, it } from "vitest";
import { pageOf, summariseBySymbol } from "./preview-summary.ts";

it("sums each symbol's fills, trades, closed P&L (known entries only), open positions and events", () => {
  const trades = [
    { symbol: "AAPL", direction: "long", status: "closed", quantity: "10", netPnl: "12.5" },
    { symbol: "AAPL", direction: "short", status: "closed", quantity: "5", netPnl: "-20.26" },
    { symbol: "AAPL", direction: "long", status: "open", quantity: "3", netPnl: null },
    // Sold before this import opened it: no P&L, counted as a closed trade.
    { symbol: "MSFT", direction: "long", status: "closed", quantity: "2", netPnl: null },
    { symbol: "ES", direction: "short", status: "open", quantity: "1", netPnl: null },
  ];
  const fills = [...Array.from({ length: 5 }, () => ({ symbol: "AAPL" })), { symbol: "MSFT" }, { symbol: "ES" }];
  expect(summariseBySymbol(trades, fills, [{ symbol: "MSFT" }, { symbol: "GME" }])).toEqual([
    { symbol: "AAPL", fills: 5, trades: 3, closedTrades: 2, netPnl: "-7.76", openPositions: ["long 3"], events: 0 },
    { symbol: "ES", fills: 1, trades: 1, closedTrades: 0, netPnl: "0", openPositions: ["short 1"], events: 0 },
    // An event on a symbol the file has no fills on still gets its row.
    { symbol: "GME", fills: 0, trades: 0, closedTrades: 0, netPnl: "0", openPositions: [], events: 1 },
    { symbol: "MSFT", fills: 1, trades: 1, closedTrades: 1, netPnl: "0", openPositions: [], events: 1 },
  ]);
});

it("pages: 250 items in pages of 100 are 3 pages, the last of 50; a page past the end is the last", () => {
  const items = Array.from({ length: 250 }, (_, i) => i);
  expect(pageOf(items, 1, 100)).toMatchObject({ page: 1, pageCount: 3 });
  expect(pageOf(items, 1, 100).items.at(-1)).toBe(99);
  expect(pageOf(items, 3, 100).items).toEqual(items.slice(200));
  expect(pageOf(items, 9, 100)).toMatchObject({ page: 3, pageCount: 3 });
  expect(pageOf([], 1, 100)).toEqual({ items: [], page: 1, pageCount: 1 });
});
