// Options that end (issue 12): an expiration closes the option at 0 on its expiry; an assignment or
// exercise closes it at 0 and buys or sells the shares at the strike.
import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };

describe("option lifecycles", () => {
  it("Tastytrade Receive Deliver: expiration, assignment with the file's share row, assignment without one", () => {
    const { fills, errors, skipped, notices } = readBrokerFile(fixture("tastytrade-option-lifecycle.csv"), NY);
    expect(errors).toEqual([]);
    expect(skipped).toBe(0);
    expect(notices).toEqual([
      {
        line: 2,
        kind: "expiration",
        symbol: "QQQ",
        description: "1 QQQ 2026-04-17 500 call expired: closed at 0 on 2026-04-17",
      },
      {
        line: 3,
        kind: "assignment",
        symbol: "AAPL",
        description: "1 AAPL 2026-03-20 200 call assigned: closed at 0; 100 AAPL sold at 200",
      },
      {
        line: 5,
        kind: "assignment",
        symbol: "SPY",
        description: "1 SPY 2026-03-20 580 put assigned: closed at 0; 100 SPY bought at 580 (line 4)",
      },
    ]);
    // The AAPL shares sold at the strike are no row of the file: made from the assignment.
    expect(fills.find((f) => f.symbol === "AAPL" && f.assetClass === "stock")).toMatchObject({
      side: "sell",
      quantity: "100",
      price: "200",
      line: 3,
    });
    expect(tradesOf(fills)).toEqual([
      // Sold at 4.20, assigned: 420 − 1.14.
      {
        key: "SPY 2026-03-20 580 put",
        status: "closed",
        direction: "short",
        quantity: "1",
        fees: "1.14",
        net: "418.86",
      },
      // Sold at 2.00, assigned: 200 − 1.14.
      {
        key: "AAPL 2026-03-20 200 call",
        status: "closed",
        direction: "short",
        quantity: "1",
        fees: "1.14",
        net: "198.86",
      },
      // Bought at 6.40, expired worthless: −640 − 1.14.
      {
        key: "QQQ 2026-04-17 500 call",
        status: "closed",
        direction: "long",
        quantity: "1",
        fees: "1.14",
        net: "-641.14",
      },
      { key: "stock:SPY", status: "open", direction: "long", quantity: "100", fees: "0.00", net: "0.00" },
      { key: "stock:AAPL", status: "open", direction: "short", quantity: "100", fees: "0.00", net: "0.00" },
    ]);
  });

  it("Interactive Brokers Code Ep, A and Ex: the option closed at the file's price, the shares its own row", () => {
    const csv = [
      "ClientAccountID,Date/Time,CurrencyPrimary,AssetClass,Put/Call,Buy/Sell,Code,Symbol,UnderlyingSymbol,Strike,Expiry,Multiplier,Quantity,Price,Commission,Proceeds,TradeID",
      "U1,20260303;100000,USD,OPT,P,SELL,O,SPY   260320P00580000,SPY,580,20260320,100,-1,4.20,-1.00,420,1",
      "U1,20260320;162000,USD,OPT,P,BUY,A;C,SPY   260320P00580000,SPY,580,20260320,100,1,0,0,0,2",
      "U1,20260320;162000,USD,STK,,BUY,A;O,SPY,SPY,,,1,100,580,0,-58000,3",
      "U1,20260309;100000,USD,OPT,C,BUY,O,QQQ   260417C00500000,QQQ,500,20260417,100,1,6.40,-1.00,-640,4",
      "U1,20260417;162000,USD,OPT,C,SELL,C;Ep,QQQ   260417C00500000,QQQ,500,20260417,100,-1,0,0,0,5",
    ].join("\n");
    const { fills, errors, notices } = readBrokerFile(csv, NY);
    expect(errors).toEqual([]);
    expect(notices?.map((n) => [n.line, n.kind, n.symbol])).toEqual([
      [3, "assignment", "SPY"],
      [6, "expiration", "QQQ"],
    ]);
    expect(tradesOf(fills)).toEqual([
      {
        key: "SPY 2026-03-20 580 put",
        status: "closed",
        direction: "short",
        quantity: "1",
        fees: "1.00",
        net: "419.00",
      },
      { key: "stock:SPY", status: "open", direction: "long", quantity: "100", fees: "0.00", net: "0.00" },
      {
        key: "QQQ 2026-04-17 500 call",
        status: "closed",
        direction: "long",
        quantity: "1",
        fees: "1.00",
        net: "-641.00",
      },
    ]);
  });
});
