// The older tastyworks history layout: no Sub Type, Total or Currency; removals named in the Description.
import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };
const HEADER =
  "Date,Type,Action,Symbol,Instrument Type,Description,Value,Quantity,Average Price,Commissions,Fees,Multiplier,Underlying Symbol,Expiration Date,Strike Price,Call or Put";

describe("older tastyworks history", () => {
  // Newest first, as tastyworks writes it.
  const csv = [
    HEADER,
    "2020-03-24T09:00:00-0400,Receive Deliver,,QQQ   200320P00180000,Equity Option,Removal of option due to expiration,0.00,1,0.00,--,0.00,100,QQQ,3/20/20,180,PUT",
    "2020-03-23T22:00:00-0400,Receive Deliver,,SPY   200320P00250000,Equity Option,Removal of option due to expiration,0.00,1,0.00,--,0.00,100,SPY,3/20/20,250,PUT",
    '2020-03-20T17:00:00-0400,Receive Deliver,SELL_TO_CLOSE,AAPL,Equity,Sell to Close 100 AAPL @ 300.00,"30,000.00",100,300.00,--,-5.00,1,AAPL,,,',
    "2020-03-20T17:00:00-0400,Receive Deliver,,AAPL  200320C00300000,Equity Option,Removal of option due to assignment,0.00,1,0.00,--,0.00,100,AAPL,3/20/20,300,CALL",
    "2020-03-02T10:05:00-0500,Trade,SELL_TO_OPEN,AAPL  200320C00300000,Equity Option,Sold 1 AAPL 03/20/20 Call 300.00 @ 4.00,400.00,1,400.00,-1.00,-0.14,100,AAPL,3/20/20,300,CALL",
    "2020-03-02T10:00:00-0500,Trade,SELL_TO_OPEN,SPY   200320P00250000,Equity Option,Sold 1 SPY 03/20/20 Put 250.00 @ 2.00,200.00,1,200.00,-1.00,-0.14,100,SPY,3/20/20,250,PUT",
    '2020-02-28T10:00:00-0500,Trade,BUY_TO_OPEN,AAPL,Equity,Bought 100 AAPL @ 280.00,"-28,000.00",100,-280.00,-1.00,-0.08,1,AAPL,,,',
  ];
  const result = readBrokerFile(csv.join("\n"), NY);

  it("closes an expired short put and an assigned short call at 0 on the closing side", () => {
    expect(result.broker).toBe("tastytrade");
    expect(result.errors).toEqual([]);
    expect(tradesOf(result.fills)).toEqual([
      // Bought at 280.00 (1.08 in fees), called away at 300.00 (5.00): 2,000.00 − 6.08.
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "100", fees: "6.08", net: "1993.92" },
      // 200.00 − 1.14, expired: closed at 0.
      {
        key: "SPY 2020-03-20 250 put",
        status: "closed",
        direction: "short",
        quantity: "1",
        fees: "1.14",
        net: "198.86",
      },
      // 400.00 − 1.14, assigned: closed at 0.
      {
        key: "AAPL 2020-03-20 300 call",
        status: "closed",
        direction: "short",
        quantity: "1",
        fees: "1.14",
        net: "398.86",
      },
    ]);
    expect(result.notices?.map((n) => n.kind).sort()).toEqual(["assignment", "expiration"]);
  });

  it("does not guess the side of an expiration the file never opened", () => {
    expect(result.warnings).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining("QQQ 2020-03-20 180 put expired") }),
    ]);
    expect(result.fills.some((f) => f.symbol === "QQQ")).toBe(false);
  });
});
