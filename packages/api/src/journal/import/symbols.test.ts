// Symbols as brokers write them (issue 12): warrants, units and share classes are symbols, and one
// of them must not stop a file of 1,600 rows.
import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };

describe("unusual symbols", () => {
  it("reads OXY-WS, BRK.B, BF/B and XYZ.U and builds their trades", () => {
    const { fills, errors } = readBrokerFile(fixture("webull-unusual-symbols.csv"), NY);
    expect(errors).toEqual([]);
    expect(tradesOf(fills)).toEqual([
      { key: "stock:BRK.B", status: "closed", direction: "long", quantity: "5", fees: "0.00", net: "5.00" },
      { key: "stock:XYZ.U", status: "closed", direction: "long", quantity: "200", fees: "0.00", net: "10.00" },
      { key: "stock:BF/B", status: "closed", direction: "long", quantity: "10", fees: "0.00", net: "10.00" },
      { key: "stock:OXY-WS", status: "closed", direction: "long", quantity: "100", fees: "0.00", net: "50.00" },
    ]);
  });

  it('a 1,600-row file with a warrant among its symbols reads every row; IBKR\'s "BRK B" is BRK.B', () => {
    const [header, ...rows] = fixture("webull-unusual-symbols.csv").trim().split("\n");
    const many = Array.from({ length: 200 }, (_, day) =>
      rows.map((r) =>
        r.replace(
          /03\/0([23])\/2026 (\d\d):(\d\d):(\d\d)/g,
          (_m, d: string, h: string, min: string) => `03/0${d}/2026 ${h}:${min}:${String(day % 60).padStart(2, "0")}`,
        ),
      ),
    ).flat();
    const { fills, errors } = readBrokerFile([header, ...many].join("\n"), NY);
    expect(errors).toEqual([]);
    expect(fills).toHaveLength(1_600);
    const ibkr = [
      "ClientAccountID,Date/Time,AssetClass,Buy/Sell,Symbol,Quantity,Price,Commission,TradeID",
      "U1,20260302;093000,STK,BUY,BRK B,5,420,-1,1",
    ].join("\n");
    expect(readBrokerFile(ibkr, NY).fills[0]).toMatchObject({ symbol: "BRK.B" });
  });

  it("what is no symbol at all is still named on its line", () => {
    const csv = [
      "Symbol,Side,Status,Filled,Avg Price,Filled Time",
      "AAPL;DROP,Buy,Filled,1,1.00,03/02/2026 09:30:00 EST",
    ].join("\n");
    expect(readBrokerFile(csv, NY).errors).toEqual([
      { line: 2, column: "Symbol", message: expect.stringContaining('"AAPL;DROP" is not a symbol') },
    ]);
  });
});
