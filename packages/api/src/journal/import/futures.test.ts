// Futures point values and contracts we don't know (issue 12): the table covers the CME, CBOT,
// NYMEX, COMEX, CFE and ICE US contracts; one contract we don't know is set aside with a warning
// instead of stopping the file.
import { describe, expect, it } from "vitest";
import { defaultMultiplier, FUTURES_MULTIPLIERS, futuresRoot } from "../domain/instruments.ts";
import { readBrokerFile } from "./detect.ts";
import { tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };

describe("futures point values", () => {
  it.each([
    ["MBT", 0.1],
    ["BTC", 5],
    ["MET", 0.1],
    ["ETH", 50],
    ["ZC", 50],
    ["ZS", 50],
    ["ZW", 50],
    ["HE", 400],
    ["LE", 400],
    ["NG", 10000],
    ["QM", 500],
    ["QG", 2500],
    ["RB", 42000],
    ["HO", 42000],
    ["HG", 25000],
    ["MHG", 2500],
    ["PL", 50],
    ["PA", 100],
    ["SIL", 1000],
    ["ZF", 1000],
    ["ZT", 2000],
    ["UB", 1000],
    ["TN", 1000],
    ["6B", 62500],
    ["6J", 12500000],
    ["6A", 100000],
    ["6C", 100000],
    ["M6E", 12500],
    ["EMD", 100],
    ["NKD", 5],
    ["MES", 5],
    ["M2K", 5],
    ["MYM", 0.5],
    ["MNQ", 2],
  ])("%s is %s a point", (root, value) => {
    expect(FUTURES_MULTIPLIERS[root]).toBe(value);
  });

  it("finds the root of a dated contract, digits and micros included", () => {
    expect(["MBTF6", "SILH26", "M6EM6", "6JZ5", "ZCN26", "MHGK6", "HEJ6"].map(futuresRoot)).toEqual([
      "MBT",
      "SIL",
      "M6E",
      "6J",
      "ZC",
      "MHG",
      "HE",
    ]);
    expect(defaultMultiplier("future", "MBTF6")?.toString()).toBe("0.1");
  });
});

describe("futures we don't know", () => {
  it("Tradovate: MBT reads with a warning that no fee is set; an unknown contract is set aside, the rest imports", () => {
    const csv = [
      "orderId,Account,B/S,Contract,Product,Status,Fill Time,Filled Qty,Avg Fill Price",
      "1,DEMO1,Buy,MBTF6,MBT,Filled,01/05/2026 09:30:00,2,95000",
      "2,DEMO1,Sell,MBTF6,MBT,Filled,01/05/2026 10:00:00,2,95500",
      "3,DEMO1,Buy,ZZXF6,ZZX,Filled,01/05/2026 10:05:00,1,100",
      "4,DEMO1,Buy,MESH6,MES,Filled,01/05/2026 10:10:00,1,6000",
      "5,DEMO1,Sell,MESH6,MES,Filled,01/05/2026 10:20:00,1,6010",
    ].join("\n");
    const { fills, errors, warnings, skipped } = readBrokerFile(csv, NY);
    expect(errors).toEqual([]);
    expect(skipped).toBe(1);
    expect(warnings).toEqual([
      {
        line: 2,
        column: "Product",
        message: "no fee per contract is set for MBT: 0 used (set yours in the fees per contract)",
      },
      {
        line: 3,
        column: "Product",
        message: "no fee per contract is set for MBT: 0 used (set yours in the fees per contract)",
      },
      {
        line: 4,
        column: "Product",
        message: "set aside: we don't know the point value of ZZX, so its P&L cannot be computed",
        futuresRoot: "ZZX",
      },
    ]);
    expect(tradesOf(fills)).toEqual([
      // 2 × 500 × 0.1.
      { key: "future:MBT", status: "closed", direction: "long", quantity: "2", fees: "0.00", net: "100.00" },
      // 10 × 5 − 2 × 0.72.
      { key: "future:MES", status: "closed", direction: "long", quantity: "1", fees: "1.44", net: "48.56" },
    ]);
  });

  it("thinkorswim: an unknown contract and its fees are set aside; /MBT reads", () => {
    const csv = [
      "Account Statement for 12345678SCHW (Individual) since 1/5/26 through 1/5/26",
      "",
      "Futures Statements",
      "Trade Date,Exec Date,Exec Time,Type,Ref #,Description,Misc Fees,Commissions & Fees,Amount,Balance",
      "1/5/26,1/5/26,09:30:00,TRD,1,BOT +1 /MBTF26:XCME @95000,-0.10,-2.50,--,-2.60",
      "1/5/26,1/5/26,10:00:00,TRD,2,SOLD -1 /MBTF26:XCME @95500,-0.10,-2.50,50.00,44.80",
      "1/5/26,1/5/26,10:05:00,TRD,3,BOT +1 /ZZXF26:XCME @100,-0.10,-1.00,--,43.70",
      "",
      "Cash Balance",
      "DATE,TIME,TYPE,REF #,DESCRIPTION,Misc Fees,Commissions & Fees,AMOUNT,BALANCE",
      "",
      "Account Trade History",
      ",Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,Order Type",
      ",1/5/26 09:30:00,FUTURE,BUY,+1,TO OPEN,/MBTF26,JAN 26,,FUTURE,95000,95000,MKT",
      ",1/5/26 10:00:00,FUTURE,SELL,-1,TO CLOSE,/MBTF26,JAN 26,,FUTURE,95500,95500,MKT",
      ",1/5/26 10:05:00,FUTURE,BUY,+1,TO OPEN,/ZZXF26,JAN 26,,FUTURE,100,100,MKT",
    ].join("\n");
    const { fills, errors, warnings } = readBrokerFile(csv, NY);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        line: 16,
        column: "Symbol",
        message: "set aside: we don't know the point value of ZZXF26, so its P&L cannot be computed",
        futuresRoot: "ZZXF26",
      },
    ]);
    // 500 × 0.1 − 2 × 2.60.
    expect(tradesOf(fills)).toEqual([
      { key: "future:MBT", status: "closed", direction: "long", quantity: "1", fees: "5.20", net: "44.80" },
    ]);
  });
});
