// A plain sale is not a short (issue 12): where the broker tells opening from closing fills, a
// sale with nothing open to close sold a position held from before the file. It becomes a trade
// whose entry is unknown, never an invented short.
import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };

describe("sales of positions opened before the file", () => {
  it("Webull: a Sell with nothing bought is shares held from before; a Short is a short", () => {
    const { fills, errors } = readBrokerFile(fixture("webull-sold-before-period.csv"), NY);
    expect(errors).toEqual([]);
    expect(fills.map((f) => [f.symbol, f.side, f.effect])).toEqual([
      ["AAPL", "sell", "close"],
      ["TSLA", "sell", "open"],
      ["AAPL", "buy", null],
      ["TSLA", "buy", null],
      ["AAPL", "sell", "close"],
    ]);
    expect(tradesOf(fills)).toEqual([
      // 50 sold @189.00 at 09:40 before any buy: bought before the file, entry unknown.
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "50", fees: "0.00", net: "unknown" },
      // Bought 10 @190.00; the next day's sale of 40 @192.00 closes them: 10 × 2 = 20 …
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "10", fees: "0.00", net: "20.00" },
      // … and its other 30 are more shares held from before, not a short of 30.
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "30", fees: "0.00", net: "unknown" },
      // Short 10 @250.00 covered @245.00: 50.
      { key: "stock:TSLA", status: "closed", direction: "short", quantity: "10", fees: "0.00", net: "50.00" },
    ]);
  });

  it("Interactive Brokers: Code C with nothing open closes an older position; O opens; C;O reverses", () => {
    const csv = [
      "ClientAccountID,Date/Time,CurrencyPrimary,AssetClass,Buy/Sell,Code,Symbol,Quantity,Price,Commission,Proceeds,TradeID",
      "U1,20260302;093000,USD,STK,SELL,C,AAPL,-100,190.00,-1.00,19000,1",
      "U1,20260302;100000,USD,STK,SELL,O,TSLA,-10,250.00,-1.00,2500,2",
      "U1,20260302;110000,USD,STK,BUY,C;O,TSLA,30,248.00,-1.00,-7440,3",
      "U1,20260302;120000,USD,STK,SELL,C,TSLA,-20,249.00,-1.00,4980,4",
    ].join("\n");
    const { fills, errors } = readBrokerFile(csv, NY);
    expect(errors).toEqual([]);
    expect(fills.map((f) => f.effect)).toEqual(["close", "open", null, "close"]);
    expect(tradesOf(fills)).toEqual([
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "100", fees: "1.00", net: "unknown" },
      // Short 10 @250 covered @248: 20 − 1 − 10/30 of 1.
      { key: "stock:TSLA", status: "closed", direction: "short", quantity: "10", fees: "1.33", net: "18.67" },
      // Long 20 @248 sold @249: 20 − 2/3 of 1 − 1.
      { key: "stock:TSLA", status: "closed", direction: "long", quantity: "20", fees: "1.67", net: "18.33" },
    ]);
  });

  it("Tastytrade: SELL_TO_CLOSE with nothing open closes an older position; SELL_TO_OPEN is a short", () => {
    const header =
      "Date,Type,Sub Type,Action,Symbol,Instrument Type,Description,Value,Quantity,Average Price,Commissions,Fees,Multiplier,Root Symbol,Underlying Symbol,Expiration Date,Strike Price,Call or Put,Order #,Total,Currency";
    const csv = [
      header,
      "2026-03-03T10:00:00-0500,Trade,Sell to Open,SELL_TO_OPEN,TSLA,Equity,Sold 5 TSLA @ 250.00,1250.00,5,250.00,0.00,-0.01,,,TSLA,,,,2,1249.99,USD",
      "2026-03-02T10:00:00-0500,Trade,Sell to Close,SELL_TO_CLOSE,AAPL,Equity,Sold 20 AAPL @ 190.00,3800.00,20,190.00,0.00,-0.02,,,AAPL,,,,1,3799.98,USD",
    ].join("\n");
    const { fills } = readBrokerFile(csv, NY);
    expect(tradesOf(fills)).toEqual([
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "20", fees: "0.02", net: "unknown" },
      { key: "stock:TSLA", status: "open", direction: "short", quantity: "5", fees: "0.01", net: "-0.01" },
    ]);
  });

  it("thinkorswim: TO CLOSE with nothing open closes an older position", () => {
    const csv = [
      "Cash Balance",
      "DATE,TIME,TYPE,REF #,DESCRIPTION,Misc Fees,Commissions & Fees,AMOUNT,BALANCE",
      '3/2/26,09:35:12,TRD,="1",SOLD -100 AAPL @190.00,-0.05,,"18,999.95","50,000.00"',
      "",
      "Account Trade History",
      ",Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,Order Type",
      ",3/2/26 09:35:12,STOCK,SELL,-100,TO CLOSE,AAPL,,,STOCK,190.00,190.00,LMT",
    ].join("\n");
    const { fills, errors } = readBrokerFile(csv, NY);
    expect(errors).toEqual([]);
    expect(tradesOf(fills)).toEqual([
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "100", fees: "0.05", net: "unknown" },
    ]);
  });
});
