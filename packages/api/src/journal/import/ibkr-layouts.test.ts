// Interactive Brokers' other layouts, each read as the Flex reader reads a Trade Confirmation (issue 12).
import { describe, expect, it } from "vitest";
import { ImportFormatError, readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";
import { ibkrOptionSymbol } from "./ibkr-layouts.ts";

const NY = { timeZone: "America/New_York" };

// The same three round trips in each layout, computed by hand:
// AAPL 100: −19,010.00 + 19,150.00 − 1.00 − 1.02 = 137.98.
// SPY 20 MAR 26 580 call × 2: (4.25 − 3.50) × 200 − 1.30 − 1.32 = 147.38.
// MES × 1 (5 a point): 10.25 × 5 − 0.62 − 0.62 = 50.01.
const EXPECTED = [
  { key: "stock:AAPL", status: "closed", direction: "long", quantity: "100", fees: "2.02", net: "137.98" },
  { key: "SPY 2026-03-20 580 call", status: "closed", direction: "long", quantity: "2", fees: "2.62", net: "147.38" },
  { key: "future:MES", status: "closed", direction: "long", quantity: "1", fees: "1.24", net: "50.01" },
];

describe("Interactive Brokers layouts", () => {
  it("an Activity Statement: its Trades section's Order rows, sums and currency trades skipped", () => {
    const result = readBrokerFile(fixture("ibkr-activity-statement.csv"), NY);
    expect(result.broker).toBe("ibkr");
    expect(result.errors).toEqual([]);
    expect(tradesOf(result.fills)).toEqual(EXPECTED);
    // Each fill keeps the statement's own line; the ClosedLot and the Forex conversion are skipped.
    expect(result.fills.map((f) => f.line)).toEqual([9, 10, 13, 14, 16, 17]);
    expect(result.skipped).toBe(2);
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-03-02T14:35:12.000Z");
    // The same statement read twice names its executions the same way (it has no trade ids).
    expect(readBrokerFile(fixture("ibkr-activity-statement.csv"), NY).fills.map((f) => f.executionId)).toEqual(
      result.fills.map((f) => f.executionId),
    );
    expect(new Set(result.fills.map((f) => f.executionId)).size).toBe(6);
  });

  it("an Activity Flex Query CSV: TradePrice, IBCommission, Notes/Codes; only EXECUTION rows", () => {
    const csv = [
      "ClientAccountID,CurrencyPrimary,AssetClass,Symbol,UnderlyingSymbol,Multiplier,Strike,Expiry,Put/Call,TradeID,DateTime,Buy/Sell,Quantity,TradePrice,Proceeds,IBCommission,Notes/Codes,LevelOfDetail,IBOrderID",
      "U1,USD,STK,AAPL,,1,,,,9001,20260302;093512,BUY,100,190.1,-19010,-1,O,EXECUTION,501",
      "U1,USD,STK,AAPL,,1,,,,,20260302;093512,BUY,100,190.1,-19010,-1,O,ORDER,501",
      "U1,USD,STK,AAPL,,1,,,,9002,20260302;101244,SELL,-100,191.5,19150,-1.02,C,EXECUTION,502",
      "U1,USD,OPT,SPY   260320C00580000,SPY,100,580,20260320,C,9003,20260303;100000,BUY,2,3.5,-700,-1.3,O,EXECUTION,503",
      "U1,USD,OPT,SPY   260320C00580000,SPY,100,580,20260320,C,9004,20260303;113000,SELL,-2,4.25,850,-1.32,C,EXECUTION,504",
      "U1,USD,FUT,MESM6,MES,5,,,,9005,20260303;093000,BUY,1,5000.25,-25001.25,-0.62,O,EXECUTION,505",
      "U1,USD,FUT,MESM6,MES,5,,,,9006,20260303;094500,SELL,-1,5010.5,25052.5,-0.62,C,EXECUTION,506",
    ].join("\n");
    const result = readBrokerFile(csv, NY);
    expect(result.broker).toBe("ibkr");
    expect(result.errors).toEqual([]);
    expect(tradesOf(result.fills)).toEqual(EXPECTED);
    expect(result.fills.map((f) => [f.line, f.executionId])).toEqual([
      [2, "9001"],
      [4, "9002"],
      [5, "9003"],
      [6, "9004"],
      [7, "9005"],
      [8, "9006"],
    ]);
    expect(result.skipped).toBe(1);
  });

  it("a Flex Query XML: its <Trade> elements, each with the line it starts on", () => {
    const trade = (attributes: string) =>
      `      <Trade accountId="U1" currency="USD" ${attributes} levelOfDetail="EXECUTION" />`;
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<FlexQueryResponse queryName="Trades" type="AF">',
      '<FlexStatements count="1">',
      '  <FlexStatement accountId="U1" fromDate="20260302" toDate="20260303">',
      "    <Trades>",
      trade(
        'assetCategory="STK" symbol="AAPL" tradeID="9001" dateTime="20260302;093512" buySell="BUY" quantity="100" tradePrice="190.1" proceeds="-19010" ibCommission="-1" openCloseIndicator="O" multiplier="1"',
      ),
      trade(
        'assetCategory="STK" symbol="AAPL" tradeID="9002" dateTime="20260302;101244" buySell="SELL" quantity="-100" tradePrice="191.5" proceeds="19150" ibCommission="-1.02" openCloseIndicator="C" multiplier="1"',
      ),
      '      <Order accountId="U1" assetCategory="STK" symbol="AAPL" quantity="100" levelOfDetail="ORDER" />',
      trade(
        'assetCategory="OPT" symbol="SPY   260320C00580000" underlyingSymbol="SPY" putCall="C" strike="580" expiry="20260320" tradeID="9003" dateTime="20260303;100000" buySell="BUY" quantity="2" tradePrice="3.5" proceeds="-700" ibCommission="-1.3" openCloseIndicator="O" multiplier="100"',
      ),
      trade(
        'assetCategory="OPT" symbol="SPY   260320C00580000" underlyingSymbol="SPY" putCall="C" strike="580" expiry="20260320" tradeID="9004" dateTime="20260303;113000" buySell="SELL" quantity="-2" tradePrice="4.25" proceeds="850" ibCommission="-1.32" openCloseIndicator="C" multiplier="100"',
      ),
      trade(
        'assetCategory="FUT" symbol="MESM6" underlyingSymbol="MES" tradeID="9005" dateTime="20260303;093000" buySell="BUY" quantity="1" tradePrice="5000.25" proceeds="-25001.25" ibCommission="-0.62" openCloseIndicator="O" multiplier="5"',
      ),
      trade(
        'assetCategory="FUT" symbol="MESM6" underlyingSymbol="MES" tradeID="9006" dateTime="20260303;094500" buySell="SELL" quantity="-1" tradePrice="5010.5" proceeds="25052.5" ibCommission="-0.62" openCloseIndicator="C" multiplier="5"',
      ),
      "    </Trades>",
      "  </FlexStatement>",
      "</FlexStatements>",
      "</FlexQueryResponse>",
    ].join("\n");
    const result = readBrokerFile(xml, NY);
    expect(result.broker).toBe("ibkr");
    expect(result.errors).toEqual([]);
    expect(tradesOf(result.fills)).toEqual(EXPECTED);
    expect(result.fills.map((f) => f.line)).toEqual([6, 7, 9, 10, 11, 12]);
    // A row error names the XML line of its <Trade>.
    const bad = readBrokerFile(xml.replace('tradePrice="191.5"', 'tradePrice="abc"'), NY);
    expect(bad.errors).toEqual([{ line: 7, column: "Price", message: '"abc" is not a number' }]);
  });

  it("a broken XML is refused with its line; an XML chosen as another broker's file says what it is", () => {
    expect(() =>
      readBrokerFile('<FlexQueryResponse>\n<FlexStatements>\n<Trade a="1">\n</FlexQueryResponse>', NY),
    ).toThrow(/^This Flex Query XML is not well-formed \(line \d+/);
    expect(() =>
      readBrokerFile("<FlexQueryResponse><FlexStatements/></FlexQueryResponse>", { ...NY, broker: "webull" }),
    ).toThrow(ImportFormatError);
  });

  it("reads an option's statement and OCC names", () => {
    expect(ibkrOptionSymbol("AAPL 28MAR25 222.5 C")).toEqual({
      UnderlyingSymbol: "AAPL",
      Expiry: "20250328",
      Strike: "222.5",
      "Put/Call": "C",
    });
    expect(ibkrOptionSymbol("SPY   250825P00643000")).toEqual({
      UnderlyingSymbol: "SPY",
      Expiry: "20250825",
      Strike: "643",
      "Put/Call": "P",
    });
    expect(ibkrOptionSymbol("AAPL")).toBeNull();
  });
});
