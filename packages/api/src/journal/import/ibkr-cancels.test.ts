// IBKR trade cancels (issue 12): "BUY (Ca.)", "SELL (Ca.)" or Code Ca take the cancelled execution
// and its commission out; the execution booked again stays, even under the same trade id.
import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };
const HEADER =
  "ClientAccountID,Date/Time,CurrencyPrimary,AssetClass,Buy/Sell,Code,Symbol,Quantity,Price,Commission,Proceeds,TradeID";

describe("Interactive Brokers trade cancels", () => {
  it("removes the cancelled execution and keeps the one booked again under the same trade id", () => {
    const csv = [
      HEADER,
      "U1,20260302;093000,USD,STK,BUY,O,AAPL,100,190.00,-1.00,-19000,1001",
      "U1,20260302;093500,USD,STK,BUY (Ca.),Ca,AAPL,-100,190.00,1.00,19000,1001",
      "U1,20260302;093500,USD,STK,BUY,O,AAPL,100,190.05,-1.00,-19005,1001",
      "U1,20260302;100000,USD,STK,SELL,C,AAPL,-100,191.00,-1.00,19100,1002",
      "U1,20260302;110000,USD,STK,SELL,O,TSLA,-10,250.00,-1.00,2500,2001",
      "U1,20260302;110500,USD,STK,SELL,Ca,TSLA,10,250.00,1.00,-2500,2002",
    ].join("\n");
    const { fills, errors, skipped } = readBrokerFile(csv, NY);
    expect(errors).toEqual([]);
    expect(skipped).toBe(4);
    expect(fills.map((f) => [f.line, f.executionId, f.price, f.fees])).toEqual([
      [4, "1001", "190.05", "1"],
      [5, "1002", "191", "1"],
    ]);
    // 100 × (191.00 − 190.05) − 2: the cancelled 190.00 buy and its commission are gone; no TSLA short.
    expect(tradesOf(fills)).toEqual([
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "100", fees: "2.00", net: "93.00" },
    ]);
  });

  it("a cancel of an execution not in the file is refused on its line", () => {
    const csv = [HEADER, "U1,20260302;093500,USD,STK,SELL (Ca.),Ca,AAPL,100,190.00,1.00,-19000,1001"].join("\n");
    expect(readBrokerFile(csv, NY).errors).toEqual([
      {
        line: 2,
        column: "Buy/Sell",
        message: "cancels an execution that is not in this file: export the period that holds it too",
      },
    ]);
  });
});
