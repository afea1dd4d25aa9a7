// Prices from the cash the broker booked (issue 12): a rounded Price column must not move P&L, and
// a fee is what the file says, never the remainder of a rounding.
import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };
const TASTY_HEADER =
  "Date,Type,Sub Type,Action,Symbol,Instrument Type,Description,Value,Quantity,Average Price,Commissions,Fees,Multiplier,Root Symbol,Underlying Symbol,Expiration Date,Strike Price,Call or Put,Order #,Total,Currency";

describe("prices from cash amounts", () => {
  it("Robinhood: the Amount per share, fees 0, P&L the cash in minus the cash out", () => {
    const { fills, errors } = readBrokerFile(fixture("robinhood-rounded-prices.csv"), NY);
    expect(errors).toEqual([]);
    expect(fills.map((f) => [f.symbol, f.side, f.price, f.fees])).toEqual([
      ["F", "buy", "11.14428571", "0"],
      ["F", "sell", "11.25571429", "0"],
      ["SNDL", "buy", "0.1249", "0"],
      ["SNDL", "sell", "0.1349", "0"],
    ]);
    expect(tradesOf(fills)).toEqual([
      // $78.79 − $78.01 (the rounded prices said 7 × 0.11 = 0.77, less an invented 0.03 "fee").
      { key: "stock:F", status: "closed", direction: "long", quantity: "7", fees: "0.00", net: "0.78" },
      // $134.90 − $124.90 (the rounded prices said 1,000 × 0.01 = 10, less an invented 4.90 "fee").
      { key: "stock:SNDL", status: "closed", direction: "long", quantity: "1000", fees: "0.00", net: "10.00" },
    ]);
  });

  it("Tastytrade: Value per unit (Average Price is rounded); commissions and fees as the file gives them", () => {
    const csv = [
      TASTY_HEADER,
      "2026-03-04T10:00:00-0500,Trade,Sell to Close,SELL_TO_CLOSE,SPY   260320C00580000,Equity Option,Sold 3 SPY 03/20/26 Call 580.00 @ 3.67,1100.00,3,366.67,-3.00,-0.39,100,SPY,SPY,3/20/26,580,CALL,2,1096.61,USD",
      "2026-03-03T10:00:00-0500,Trade,Buy to Open,BUY_TO_OPEN,SPY   260320C00580000,Equity Option,Bought 3 SPY 03/20/26 Call 580.00 @ 3.33,-1000.00,3,-333.33,-3.00,-0.36,100,SPY,SPY,3/20/26,580,CALL,1,-1003.36,USD",
    ].join("\n");
    const { fills } = readBrokerFile(csv, NY);
    expect(fills.map((f) => [f.price, f.fees])).toEqual([
      ["3.33333333", "3.36"],
      ["3.66666667", "3.39"],
    ]);
    // 1,100.00 − 1,000.00 − 6.75 (the rounded 333.33 and 366.67 said 100.02).
    expect(tradesOf(fills)).toEqual([
      {
        key: "SPY 2026-03-20 580 call",
        status: "closed",
        direction: "long",
        quantity: "3",
        fees: "6.75",
        net: "93.25",
      },
    ]);
  });

  it("Interactive Brokers: Proceeds per unit when given (futures without Proceeds keep Price)", () => {
    const csv = [
      "ClientAccountID,Date/Time,CurrencyPrimary,AssetClass,Buy/Sell,Code,Symbol,Multiplier,Quantity,Price,Commission,Proceeds,TradeID",
      "U1,20260302;093000,USD,STK,BUY,O,XYZ,1,300,0.3333,-1.00,-100,1",
      "U1,20260302;100000,USD,STK,SELL,C,XYZ,1,-300,0.4167,-1.00,125,2",
    ].join("\n");
    const { fills } = readBrokerFile(csv, NY);
    expect(fills.map((f) => f.price)).toEqual(["0.33333333", "0.41666667"]);
    // 125 − 100 − 2 (the rounded prices said 25.02 − 2).
    expect(tradesOf(fills)).toEqual([
      { key: "stock:XYZ", status: "closed", direction: "long", quantity: "300", fees: "2.00", net: "23.00" },
    ]);
  });
});
