// Tradovate's paired-trade exports read as the fills they pair (issue 12).
import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };

describe("Tradovate paired trades", () => {
  it("a Performance report: each fill once with its whole quantity, fees from the table, P&L ours", () => {
    // Buy fill 100 (2 MNQ) is sold in two fills, 200 (1) and 300 (1); then a short MES: sold 400, bought back 500.
    const csv = [
      "symbol,_priceFormat,_priceFormatType,_tickSize,buyFillId,sellFillId,qty,buyPrice,sellPrice,pnl,boughtTimestamp,soldTimestamp,duration",
      "MNQZ6,-2,0,0.25,100,200,1,20000.00,20005.00,$10.00,10/05/2026 09:30:00,10/05/2026 09:35:10,5min 10sec",
      "MNQZ6,-2,0,0.25,100,300,1,20000.00,20010.00,$20.00,10/05/2026 09:30:00,10/05/2026 09:36:00,6min",
      "MESZ6,-2,0,0.25,500,400,1,6000.00,6002.00,$10.00,10/05/2026 10:05:00,10/05/2026 10:00:00,5min",
      ",,,,,,,,,,,,",
    ].join("\n");
    const result = readBrokerFile(csv, { ...NY, feesPerContract: { MNQ: "0.50", MES: "0.50" } });
    expect(result.broker).toBe("tradovate");
    expect(result.errors).toEqual([]);
    expect(result.fills.map((f) => [f.executionId, f.side, f.quantity, f.price])).toEqual([
      ["100", "buy", "2", "20000"],
      ["200", "sell", "1", "20005"],
      ["300", "sell", "1", "20010"],
      ["400", "sell", "1", "6002"],
      ["500", "buy", "1", "6000"],
    ]);
    expect(tradesOf(result.fills)).toEqual([
      // (5 + 10) points × $2 = 30.00 − 4 contract sides × 0.50.
      { key: "future:MNQ", status: "closed", direction: "long", quantity: "2", fees: "2.00", net: "28.00" },
      // Short 1 MES: 2 points × $5 = 10.00 − 2 × 0.50.
      { key: "future:MES", status: "closed", direction: "short", quantity: "1", fees: "1.00", net: "9.00" },
    ]);
  });

  it("a Position History: Contract, Product, Paired Qty, Buy/Sell Price", () => {
    const csv = [
      "Position ID,Timestamp,Trade Date,Net Pos,Net Price,Bought,Avg. Buy,Sold,Avg. Sell,Account,Contract,Product,Product Description,_priceFormat,_priceFormatType,_tickSize,Pair ID,Buy Fill ID,Sell Fill ID,Paired Qty,Buy Price,Sell Price,P/L,Currency,Bought Timestamp,Sold Timestamp",
      "4001,08/04/2026 10:20:44,2026-08-04,0,,1,29219.25,1,29248.50,DEMO1,MNQU6,MNQ,Micro E-mini NASDAQ-100,-2,0,0.25,4002,4003,4004,1,29219.25,29248.50,58.50,USD,08/04/2026 10:05:09,08/04/2026 10:20:44",
    ].join("\n");
    const result = readBrokerFile(csv, { ...NY, feesPerContract: { MNQ: "0.25" } });
    expect(result.errors).toEqual([]);
    // 29.25 points × $2 = 58.50 − 2 × 0.25.
    expect(tradesOf(result.fills)).toEqual([
      { key: "future:MNQ", status: "closed", direction: "long", quantity: "1", fees: "0.50", net: "58.00" },
    ]);
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-08-04T14:05:09.000Z");
  });

  it("a pair without its fill ids is a row error naming its line", () => {
    const csv = [
      "symbol,buyFillId,sellFillId,qty,buyPrice,sellPrice,pnl,boughtTimestamp,soldTimestamp",
      "MNQZ6,,200,1,20000.00,20005.00,$10.00,10/05/2026 09:30:00,10/05/2026 09:35:10",
    ].join("\n");
    expect(readBrokerFile(csv, NY).errors).toEqual([expect.objectContaining({ line: 2, column: "orderId" })]);
  });
});
