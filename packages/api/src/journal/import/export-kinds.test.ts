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
  it("an IBKR Activity Statement without a Trades section says which period or export to choose", () => {
    const statement = [
      "Statement,Header,Field Name,Field Value",
      "Statement,Data,BrokerName,Interactive Brokers LLC",
      'Statement,Data,Period,"March 2, 2026"',
      "Cash Report,Header,Currency Summary,Currency,Total",
      "Cash Report,Data,Ending Cash,USD,40",
    ].join("\n");
    expect(refusal(statement)).toMatch(/^This Interactive Brokers Activity Statement has no Trades section/);
    expect(refusal(statement, "ibkr")).toMatch(/^This Interactive Brokers Activity Statement has no Trades section/);
  });

  it("a thinkorswim file without its trade history", () => {
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
