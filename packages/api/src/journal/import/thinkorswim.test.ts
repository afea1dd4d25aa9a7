import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";
import { statementSections } from "./thinkorswim.ts";
import { parseCsv } from "./csv.ts";

const NY = { timeZone: "America/New_York" };
const statement = (...sections: string[][]) =>
  [
    "Account Statement for 12345678SCHW (Individual) since 3/2/26 through 3/2/26",
    "",
    ...sections.flatMap((s) => [...s, ""]),
  ].join("\n");
const CASH = "DATE,TIME,TYPE,REF #,DESCRIPTION,Misc Fees,Commissions & Fees,AMOUNT,BALANCE";
const TRADES = ",Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,Order Type";

describe("thinkorswim account statement", () => {
  const result = readBrokerFile(fixture("thinkorswim-statement.csv"), NY);

  it("is recognised by its Account Trade History section, though its first row is a title", () => {
    expect(result.broker).toBe("thinkorswim");
    expect(result.errors).toEqual([]);
    expect(result.fills.map((f) => f.line)).toEqual([37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52]);
    expect(result.fills[0]).toMatchObject({
      symbol: "AAPL",
      assetClass: "stock",
      side: "buy",
      quantity: "100",
      price: "190.12",
      multiplier: "1",
      option: null,
    });
    // Exec Time has no zone: the member's.
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-03-02T14:35:12.000Z");
  });

  it("splits the file into its titled sections", () => {
    const titles = statementSections(parseCsv(fixture("thinkorswim-statement.csv")).records).map((s) => [
      s.title,
      s.rows.length,
    ]);
    expect(titles).toContainEqual(["Cash Balance", 14]);
    expect(titles).toContainEqual(["Account Trade History", 16]);
  });

  it("reads options, a spread's legs (which leave Exec Time empty) and futures", () => {
    expect(result.fills.find((f) => f.line === 40)).toMatchObject({
      symbol: "SPY",
      assetClass: "option",
      side: "sell",
      quantity: "2",
      price: "4.2",
      multiplier: "100",
      option: { expiry: "2026-03-20", strike: "580", right: "put" },
    });
    const leg = result.fills.find((f) => f.line === 48)!;
    expect(leg).toMatchObject({ side: "sell", option: { strike: "595", right: "call" } });
    expect(leg.executedAt.toISOString()).toBe("2026-03-06T15:15:00.000Z");
    expect(result.fills.find((f) => f.line === 51)).toMatchObject({
      symbol: "MES",
      assetClass: "future",
      multiplier: "5",
      price: "5000.25",
    });
  });

  it("takes each execution's fees from the Cash Balance and Futures Statements sections", () => {
    expect(result.fills.map((f) => [f.line, f.fees])).toEqual([
      // Two fills in the same second at the same price: the descriptions' quantities tell them apart.
      [37, "0"],
      [38, "0"],
      [39, "0.12"],
      // The cash row is one second after the execution.
      [40, "1.34"],
      [41, "1.33"],
      [42, "0.01"],
      // A cover and a new long in the same second: one cash row (no fees) for both.
      [43, "0"],
      [44, "0"],
      [45, "0.01"],
      [46, "0.65"],
      // A vertical's one cash row (1.34) is shared by its two legs.
      [47, "0.67"],
      [48, "0.67"],
      [49, "0.67"],
      [50, "0.67"],
      [51, "1.22"],
      [52, "1.22"],
    ]);
  });

  it("builds the trades: partial fills, a short option, a short reversed through zero, spread legs, a future, an option left open", () => {
    expect(tradesOf(result.fills)).toEqual([
      // 100 + 50 @190.12 sold 150 @191.05: 150 × 0.93 = 139.50 − 0.12.
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "150", fees: "0.12", net: "139.38" },
      // Sold 2 puts @4.20, bought @2.95: 2 × 1.25 × 100 = 250 − (1.34 + 1.33).
      {
        key: "SPY 2026-03-20 580 put",
        status: "closed",
        direction: "short",
        quantity: "2",
        fees: "2.67",
        net: "247.33",
      },
      // Short 20 @250 covered by a buy of 50 @248: 40 − 0.01.
      { key: "stock:TSLA", status: "closed", direction: "short", quantity: "20", fees: "0.01", net: "39.99" },
      // The other 30 @248 sold @249.50: 45 − 0.01.
      { key: "stock:TSLA", status: "closed", direction: "long", quantity: "30", fees: "0.01", net: "44.99" },
      { key: "QQQ 2026-04-17 500 call", status: "open", direction: "long", quantity: "1", fees: "0.65", net: "-0.65" },
      // The vertical's long leg: (3.70 − 3.10) × 100 = 60 − 1.34; its short leg: (1.90 − 1.95) × 100 = −5 − 1.34.
      {
        key: "SPY 2026-03-20 590 call",
        status: "closed",
        direction: "long",
        quantity: "1",
        fees: "1.34",
        net: "58.66",
      },
      {
        key: "SPY 2026-03-20 595 call",
        status: "closed",
        direction: "short",
        quantity: "1",
        fees: "1.34",
        net: "-6.34",
      },
      // 1 MES from 5000.25 to 5010.50: 10.25 × 5 = 51.25 − 2 × 1.22.
      { key: "future:MES", status: "closed", direction: "long", quantity: "1", fees: "2.44", net: "48.81" },
    ]);
  });

  it("derives ids that tell apart the two same-second fills and stay the same on re-reading", () => {
    const ids = result.fills.map((f) => f.executionId);
    expect(new Set(ids).size).toBe(16);
    expect(ids.every((i) => /^tos-[0-9a-f]{24}$/.test(i))).toBe(true);
    expect(readBrokerFile(fixture("thinkorswim-statement.csv"), NY).fills.map((f) => f.executionId)).toEqual(ids);
  });

  it("matches a cash row's fees to executions of the same minute when the trade history has minutes only", () => {
    const content = statement(
      [
        "Cash Balance",
        "DATE,TIME,TYPE,REF #,DESCRIPTION,Misc Fees,Commissions & Fees,AMOUNT,BALANCE",
        '3/2/26,09:35:12,TRD,="1",BOT +100 AAPL @190.12,-0.01,-0.65,"-19,012.66","1.00"',
        '3/2/26,09:41:59,TRD,="2",SOLD -100 AAPL @191.00,-0.02,-0.65,"19,099.33","2.00"',
      ],
      [
        "Account Trade History",
        ",Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,Order Type",
        ",3/2/26 09:35,STOCK,BUY,+100,TO OPEN,AAPL,,,STOCK,190.12,190.12,LMT",
        ",3/2/26 09:41,STOCK,SELL,-100,TO CLOSE,AAPL,,,STOCK,191.00,191.00,LMT",
      ],
    );
    const { fills, errors } = readBrokerFile(content, NY);
    expect(errors).toEqual([]);
    expect(fills.map((f) => [f.executedAt.toISOString(), f.fees])).toEqual([
      ["2026-03-02T14:35:00.000Z", "0.66"],
      ["2026-03-02T14:41:00.000Z", "0.67"],
    ]);
  });

  it("reads the sections' columns by name, in any order", () => {
    const content = statement(
      [
        "Account Trade History",
        "Price,Type,Symbol,Qty,Side,Exp,Strike,Exec Time,Extra",
        "190.12,STOCK,AAPL,+100,BUY,,,3/2/26 09:35:12,x",
      ],
      [
        "Cash Balance",
        "AMOUNT,Commissions & Fees,DESCRIPTION,TYPE,TIME,DATE",
        '"-19,012.00",-0.65,BOT +100 AAPL @190.12,TRD,09:35:12,3/2/26',
      ],
    );
    expect(readBrokerFile(content, NY).fills.map((f) => [f.symbol, f.quantity, f.price, f.fees])).toEqual([
      ["AAPL", "100", "190.12", "0.65"],
    ]);
  });

  it("gives a spread's fees to the legs its description names, not to another execution in the same second", () => {
    const content = statement(
      [
        "Cash Balance",
        CASH,
        "3/2/26,10:15:00,TRD,,BOT +1 VERTICAL SPY 100 20 MAR 26 590/595 CALL @1.20 CBOE,-0.04,-1.30,-120.00,0",
        "3/2/26,10:15:00,TRD,,BOT +10 MSFT @410.00,,-0.65,-4100.00,0",
      ],
      [
        "Account Trade History",
        TRADES,
        ",3/2/26 10:15:00,STOCK,BUY,+10,TO OPEN,MSFT,,,STOCK,410.10,410.10,LMT",
        ",3/2/26 10:15:00,VERTICAL,BUY,+1,TO OPEN,SPY,20 MAR 26,590,CALL,3.10,1.20,LMT",
        ",,,SELL,-1,TO OPEN,SPY,20 MAR 26,595,CALL,1.90,DEBIT,",
      ],
    );
    // The MSFT description's price (410.00) differs from the execution's (410.10): it is still the MSFT row's.
    expect(readBrokerFile(content, NY).fills.map((f) => [f.symbol, f.option?.strike ?? null, f.fees])).toEqual([
      ["MSFT", null, "0.65"],
      ["SPY", "590", "0.67"],
      ["SPY", "595", "0.67"],
    ]);
  });

  it("names the line and column of bad rows, and of fees that match no execution", () => {
    const content = statement(
      [
        "Cash Balance",
        CASH,
        "3/2/26,09:35:12,TRD,,BOT +100 AAPL @190.12,,-0.65,-19012.00,0",
        "3/2/26,11:00:00,TRD,,SOLD -100 AAPL @191.00,-0.02,-0.65,19100.00,0",
        "3/2/26,11:05:00,TRD,,BOT +1 AAPL @191.00,,,-191.00,0",
        "3/2/26,25:00:00,TRD,,SOLD -1 AAPL @191.00,,-0.65,191.00,0",
      ],
      [
        "Account Trade History",
        TRADES,
        ",3/2/26 09:35:12,STOCK,BUY,+100,TO OPEN,AAPL,,,STOCK,190.12,190.12,LMT",
        ",3/2/26 09:40:00,STOCK,SELL,-100,TO CLOSE,AAPL,,,BOND,191.00,191.00,LMT",
        ",3/2/26 09:41:00,SINGLE,BUY,+1,TO OPEN,AAPL,MAR 26,195,CALL,3.10,3.10,LMT",
        ",3/2/26 09:42:00,SINGLE,BUY,+1,TO OPEN,AAPL,,195,CALL,abc,3.10,LMT",
      ],
    );
    // Lines: 1 title, 2 blank, 3 "Cash Balance", 4 header, 5–8 rows, 9 blank, 10 title, 11 header, 12–15 rows.
    const { fills, errors } = readBrokerFile(content, NY);
    expect(fills.map((f) => [f.line, f.fees])).toEqual([[12, "0.65"]]);
    expect(errors).toEqual([
      // A commission-free row with nothing to match does no harm; one with fees does.
      {
        line: 6,
        column: "DESCRIPTION",
        message: 'no execution at 3/2/26 11:00:00 in the "Account Trade History" takes these fees',
      },
      { line: 8, column: "TIME", message: expect.stringContaining('"3/2/26 25:00:00" is not a date and time') },
      { line: 13, column: "Type", message: '"BOND" is not STOCK, ETF, CALL, PUT or FUTURE' },
      { line: 14, column: "Exp", message: "must be a date like 20 MAR 26 for an option" },
      { line: 15, column: "Exp", message: "must be a date like 20 MAR 26 for an option" },
    ]);
  });

  it("refuses a statement without the sections it needs, naming what is missing", () => {
    expect(() => readBrokerFile(statement(["Account Trade History", TRADES]), NY)).toThrow(
      /has no "Cash Balance" section, where thinkorswim puts the fees/,
    );
    expect(() => readBrokerFile(statement(["Cash Balance", CASH]), { ...NY, broker: "thinkorswim" })).toThrow(
      /has no "Account Trade History" section/,
    );
    expect(() =>
      readBrokerFile(
        statement(["Account Trade History", ",Exec Time,Side,Qty,Symbol,Type,Price"], ["Cash Balance", CASH]),
        NY,
      ),
    ).toThrow(
      'The "Account Trade History" section of this thinkorswim account statement is missing the columns "Exp", "Strike".',
    );
  });
});
