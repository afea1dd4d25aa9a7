// A broker's file of the wrong kind says what it is and which export to make instead (issue 12).
import { describe, expect, it } from "vitest";
import { ImportFormatError, readBrokerFile } from "./detect.ts";

const NY = { timeZone: "America/New_York" };
const refusal = (content: string, broker?: "ibkr") => {
  try {
    readBrokerFile(content, { ...NY, ...(broker ? { broker } : {}) });
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFormatError);
    return (error as Error).message;
  }
  throw new Error("not refused");
};

describe("the wrong kind of export", () => {
  it("an IBKR Activity Statement names itself and the Flex Query to make, even when IBKR was chosen", () => {
    const statement = [
      "Statement,Header,Field Name,Field Value",
      "Statement,Data,BrokerName,Interactive Brokers LLC",
      'Statement,Data,Period,"March 2, 2026"',
      "Trades,Header,DataDiscriminator,Asset Category,Currency,Symbol,Date/Time,Quantity,T. Price,C. Price,Proceeds,Comm/Fee,Basis,Realized P/L,MTM P/L,Code",
      'Trades,Data,Order,Stocks,USD,AAPL,"2026-03-02, 09:35:12",100,190.1,190.5,-19010,-1,19011,0,40,O',
    ].join("\n");
    expect(refusal(statement)).toMatch(
      /^This is an Interactive Brokers Activity Statement\. We read Flex Queries: .*Trade Confirmation Flex Query/,
    );
    expect(refusal(statement, "ibkr")).toMatch(/^This is an Interactive Brokers Activity Statement/);
  });

  it("an IBKR Activity Flex Query, a Tradovate Performance report and a thinkorswim file without its trade history", () => {
    expect(
      refusal("ClientAccountID,TradeDate,Symbol,Quantity,TradePrice,IBCommission\nU1,20260302,AAPL,100,190.1,-1"),
    ).toMatch(/^This is an Interactive Brokers Activity Flex Query/);
    expect(
      refusal(
        "symbol,_priceFormat,_tickSize,buyFillId,sellFillId,qty,buyPrice,sellPrice,pnl,boughtTimestamp,soldTimestamp,duration\nMESH6,-2,0.25,1,2,1,5000,5010,$50.00,03/02/2026 09:30:00,03/02/2026 09:40:00,10min",
      ),
    ).toMatch(/^This is a Tradovate Performance report: round trips, not executions\. Export your Orders/);
    const tos = [
      "Account Statement for 1 since 3/2/26 through 3/2/26",
      "",
      "Account Order History",
      "Notes,,Time Placed,Spread,Side,Qty",
      ",,3/2/26 09:35:10,STOCK,BUY,+150",
    ].join("\n");
    expect(refusal(tos)).toMatch(/^This thinkorswim file has orders but no "Account Trade History"/);
  });
});
