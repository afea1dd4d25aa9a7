import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };
const HEADER =
  "Date,Type,Sub Type,Action,Symbol,Instrument Type,Description,Value,Quantity,Average Price,Commissions,Fees,Multiplier,Root Symbol,Underlying Symbol,Expiration Date,Strike Price,Call or Put,Order #,Total,Currency";

describe("Tastytrade history", () => {
  const result = readBrokerFile(fixture("tastytrade-history.csv"), NY);

  it("is recognised by its header, reads Trade rows only, oldest first", () => {
    expect(result.broker).toBe("tastytrade");
    expect(result.errors).toEqual([]);
    // A deposit and a balance adjustment.
    expect(result.skipped).toBe(2);
    expect(result.fills.map((f) => f.line)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 2]);
    // The offset in the Date wins over the member's zone.
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-03-02T14:30:05.000Z");
    expect(result.fills.at(-1)!.executedAt.toISOString()).toBe("2026-03-09T14:00:00.000Z");
  });

  it("turns signed money into positive prices and fees, and an option's price per share", () => {
    expect(result.fills[0]).toMatchObject({
      symbol: "AAPL",
      assetClass: "stock",
      side: "buy",
      quantity: "100",
      price: "190.1",
      fees: "0.08",
      multiplier: "1",
      option: null,
    });
    // Commissions "--" count as none.
    expect(result.fills[2]).toMatchObject({ side: "sell", quantity: "150", price: "191", fees: "0.31" });
    // Average Price 420.00 for a contract of 100: 4.20 a share; commission 2.00 + fees 0.28.
    expect(result.fills[3]).toMatchObject({
      symbol: "SPY",
      assetClass: "option",
      side: "sell",
      quantity: "2",
      price: "4.2",
      fees: "2.28",
      multiplier: "100",
      option: { expiry: "2026-03-20", strike: "580", right: "put" },
    });
  });

  it("builds the trades: partial fills of one order, a short option, a position reversed through zero, an option left open", () => {
    expect(tradesOf(result.fills)).toEqual([
      // One order filled as 100 + 50 @190.10, sold 150 @191.00: 150 × 0.90 = 135 − 0.43 fees.
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "150", fees: "0.43", net: "134.57" },
      // Sold 2 puts @4.20, bought back @2.95: 2 × 1.25 × 100 = 250 − (2.28 + 0.26).
      {
        key: "SPY 2026-03-20 580 put",
        status: "closed",
        direction: "short",
        quantity: "2",
        fees: "2.54",
        net: "247.46",
      },
      // Short 20 @250.00 closed @248.00 in the same order that opened 30 long: 40 − 0.07.
      { key: "stock:TSLA", status: "closed", direction: "short", quantity: "20", fees: "0.07", net: "39.93" },
      // Long 30 @248.00 sold @249.50: 45 − (0.03 + 0.07).
      { key: "stock:TSLA", status: "closed", direction: "long", quantity: "30", fees: "0.10", net: "44.90" },
      { key: "QQQ 2026-04-17 500 call", status: "open", direction: "long", quantity: "1", fees: "1.14", net: "-1.14" },
    ]);
  });

  it("derives ids that tell apart the parts of one order and stay the same on re-reading", () => {
    const ids = result.fills.map((f) => f.executionId);
    expect(new Set(ids).size).toBe(10);
    expect(ids.every((i) => /^tastytrade-[0-9a-f]{24}$/.test(i))).toBe(true);
    const [header, ...rows] = fixture("tastytrade-history.csv").trim().split("\n");
    expect(readBrokerFile([header, ...rows.reverse()].join("\n"), NY).fills.map((f) => f.executionId)).toEqual(ids);
  });

  it("reads a future under its root, priced from the Description", () => {
    const csv = [
      HEADER,
      '2026-03-02T09:30:00-0500,Trade,Buy to Open,BUY_TO_OPEN,/MESH6,Future,"Bought 1 /MESH6 @ 5,000.25",0.00,1,0.00,-0.75,-0.37,5,/MES,/MES,3/20/26,,,1,-1.12,USD',
    ].join("\n");
    expect(readBrokerFile(csv, NY).fills[0]).toMatchObject({
      symbol: "MES",
      assetClass: "future",
      multiplier: "5",
      price: "5000.25",
      fees: "1.12",
    });
  });

  it("reads the columns by name in any order, with extra columns", () => {
    const reorder = (line: string) => ["extra", ...line.split(",").reverse()].join(",");
    const shuffled = readBrokerFile(fixture("tastytrade-history.csv").trim().split("\n").map(reorder).join("\n"), NY);
    expect(shuffled.broker).toBe("tastytrade");
    expect(shuffled.fills).toEqual(result.fills);
  });

  it("names the line and column of each bad row", () => {
    const row = (action: string, type: string, extra = "") =>
      `2026-03-02T09:30:00-0500,Trade,x,${action},AAPL,${type},Bought 1 AAPL,-190.00,1,-190.00,0.00,-0.01,${extra}`;
    const csv = [
      HEADER,
      row("BUY_TO_OPEN", "Equity", ",,AAPL,,,,1,,USD"),
      row("HOLD", "Equity", ",,AAPL,,,,2,,USD"),
      row("BUY_TO_OPEN", "Bond", ",,AAPL,,,,3,,USD"),
      row("BUY_TO_OPEN", "Equity Option", "100,AAPL,AAPL,someday,195,CALL,4,,USD"),
      row("BUY_TO_OPEN", "Equity Option", "100,AAPL,AAPL,3/20/26,195,X,5,,USD"),
      row("BUY_TO_OPEN", "Future", "5,/MES,/MES,3/20/26,,,6,,USD"),
    ].join("\n");
    const { fills, errors } = readBrokerFile(csv, NY);
    expect(fills.map((f) => f.line)).toEqual([2]);
    expect(errors).toEqual([
      { line: 3, column: "Action", message: "must be BUY_TO_OPEN, SELL_TO_CLOSE, SELL_TO_OPEN or BUY_TO_CLOSE" },
      { line: 4, column: "Instrument Type", message: '"Bond" is not Equity, Equity Option, Future or Cryptocurrency' },
      { line: 5, column: "Expiration Date", message: "must be a date like 3/20/26 for an option" },
      { line: 6, column: "Call or Put", message: 'must be "CALL" or "PUT" for an option' },
      { line: 7, column: "Description", message: 'has no "@ price" for this future' },
    ]);
  });

  it("a file without a needed column is refused, naming it", () => {
    const header = HEADER.replace("Average Price,", "");
    expect(() => readBrokerFile(`${header}\n`, { ...NY, broker: "tastytrade" })).toThrow(
      'This Tastytrade history file is missing the column "Average Price".',
    );
  });
});
