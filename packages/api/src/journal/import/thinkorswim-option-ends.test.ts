import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };
const CASH = "DATE,TIME,TYPE,REF #,DESCRIPTION,Misc Fees,Commissions & Fees,AMOUNT,BALANCE";
const TRADES = ",Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,Order Type";

// A short put that expires, a long call exercised, a short call assigned (shares from the trade
// history), and a removal of a put the statement never opened.
const file = [
  "Account Statement for 12345678SCHW (Individual) since 3/2/26 through 3/23/26",
  "",
  "Cash Balance",
  CASH,
  "3/2/26,10:00:00,TRD,1,SOLD -2 SPY 100 20 MAR 26 560 PUT @3.00 CBOE,-0.04,-1.30,600.00,1",
  "3/2/26,10:05:00,TRD,2,BOT +1 MSFT 100 20 MAR 26 400 CALL @10.00 CBOE,,-0.65,-1000.00,1",
  "3/2/26,10:10:00,TRD,3,SOLD -1 AAPL 100 20 MAR 26 200 CALL @2.00 CBOE,,-0.65,200.00,1",
  "3/23/26,00:00:00,RAD,4,REMOVAL OF OPTION DUE TO EXPIRATION 2 SPY 100 (Weeklys) 20 MAR 26 560 PUT,,,,1",
  "3/23/26,00:00:00,RAD,5,REMOVAL OF OPTION DUE TO EXERCISE -1 MSFT 100 20 MAR 26 400 CALL,,,,1",
  "3/23/26,00:00:00,RAD,6,REMOVAL OF OPTION DUE TO ASSIGNMENT 1 AAPL 100 20 MAR 26 200 CALL,,,,1",
  "3/23/26,00:00:00,RAD,7,REMOVAL OF OPTION DUE TO EXPIRATION -1 QQQ 100 20 MAR 26 450 PUT,,,,1",
  "",
  "Account Trade History",
  TRADES,
  ",3/2/26 10:00:00,SINGLE,SELL,-2,TO OPEN,SPY,20 MAR 26,560,PUT,3.00,3.00,LMT",
  ",3/2/26 10:05:00,SINGLE,BUY,+1,TO OPEN,MSFT,20 MAR 26,400,CALL,10.00,10.00,LMT",
  ",3/2/26 10:10:00,SINGLE,SELL,-1,TO OPEN,AAPL,20 MAR 26,200,CALL,2.00,2.00,LMT",
  ",3/1/26 09:40:00,STOCK,BUY,+100,TO OPEN,AAPL,,,STOCK,190.00,190.00,LMT",
  ",3/23/26 00:00:00,STOCK,SELL,-100,TO CLOSE,AAPL,,,STOCK,200.00,200.00,",
].join("\n");

describe("thinkorswim option removals", () => {
  const result = readBrokerFile(file, NY);

  it("closes expired, exercised and assigned options at 0 on the closing side, with their shares", () => {
    expect(result.errors).toEqual([]);
    expect(tradesOf(result.fills)).toEqual([
      // Bought at 190.00, called away at 200.00: +1,000.00.
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "100", fees: "0.00", net: "1000.00" },
      // 600.00 premium − 1.34 fees; expired.
      {
        key: "SPY 2026-03-20 560 put",
        status: "closed",
        direction: "short",
        quantity: "2",
        fees: "1.34",
        net: "598.66",
      },
      // −1,000.00 − 0.65; exercised: 100 MSFT bought at 400 (the statement has no row of its own).
      {
        key: "MSFT 2026-03-20 400 call",
        status: "closed",
        direction: "long",
        quantity: "1",
        fees: "0.65",
        net: "-1000.65",
      },
      // 200.00 − 0.65; assigned: the 100 AAPL called away are the trade history's own sale at 200.
      {
        key: "AAPL 2026-03-20 200 call",
        status: "closed",
        direction: "short",
        quantity: "1",
        fees: "0.65",
        net: "199.35",
      },
      { key: "stock:MSFT", status: "open", direction: "long", quantity: "100", fees: "0.00", net: "0.00" },
    ]);
    // Booked the Monday after, closed on the expiry day at the close.
    expect(result.fills.find((f) => f.line === 8)!.executedAt.toISOString()).toBe("2026-03-20T20:00:00.000Z");
  });

  it("lists each removal and sets aside an expiration of a contract the statement never opened", () => {
    expect(result.notices?.map((n) => [n.line, n.kind])).toEqual([
      [8, "expiration"],
      [9, "exercise"],
      [10, "assignment"],
    ]);
    expect(result.notices?.[2]?.description).toContain("100 AAPL sold at 200 (line 19)");
    expect(result.warnings).toEqual([
      expect.objectContaining({ line: 11, message: expect.stringContaining("QQQ 2026-03-20 450 put expired") }),
    ]);
  });
});
