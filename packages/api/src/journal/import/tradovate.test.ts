import { describe, expect, it } from "vitest";
import { ImportFormatError, readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };

describe("Tradovate orders", () => {
  const result = readBrokerFile(fixture("tradovate-orders.csv"), NY);

  it("is recognised by its header, reads Filled orders only, and names each by its orderId", () => {
    expect(result.broker).toBe("tradovate");
    expect(result.errors).toEqual([]);
    // One Working and one Canceled order.
    expect(result.skipped).toBe(2);
    expect(result.fills.map((f) => f.executionId)).toEqual([
      "5210001001",
      "5210001002",
      "5210001003",
      "5210001005",
      "5210001006",
      "5210001007",
    ]);
    expect(result.fills[0]).toMatchObject({
      line: 9,
      symbol: "MES",
      assetClass: "future",
      side: "buy",
      quantity: "2",
      price: "5000.25",
      multiplier: "5",
      fees: "1.44",
      option: null,
    });
    // Fill Time has no zone: read in the member's, New York (EST in March before the 8th).
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-03-02T14:30:15.000Z");
    expect(result.fills.at(-1)).toMatchObject({ symbol: "ES", side: "sell", multiplier: "50", fees: "2.69" });
  });

  it("builds the trades: scale-in, partial exit, a reversal through zero, a short left open", () => {
    expect(tradesOf(result.fills)).toEqual([
      // Long 2 @5000.25 + 1 @5001.00; sell 1 @5004 → 1 × 3.75 × 5 = 18.75; the sell of 4 @5006.50
      // closes 2: 1 × 6.25 × 5 + 1 × 5.50 × 5 = 58.75. Gross 77.50. Fees 0.72 a contract:
      // 1.44 + 0.72 + 0.72 + half of 2.88 = 4.32. Net 73.18.
      { key: "future:MES", status: "closed", direction: "long", quantity: "3", fees: "4.32", net: "73.18" },
      // The other 2 of that sell open a short, covered 2 @5003.25: 2 × 3.25 × 5 = 32.50 − 2.88.
      { key: "future:MES", status: "closed", direction: "short", quantity: "2", fees: "2.88", net: "29.62" },
      // Short 1 ES @5010, still open: only its fee so far.
      { key: "future:ES", status: "open", direction: "short", quantity: "1", fees: "2.69", net: "-2.69" },
    ]);
  });

  it("takes the member's fee per contract over our estimate", () => {
    const own = readBrokerFile(fixture("tradovate-orders.csv"), { ...NY, feesPerContract: { MES: "0.50" } });
    // The short again: 32.50 − 4 contracts × 0.50.
    expect(tradesOf(own.fills)[1]).toMatchObject({ direction: "short", fees: "2.00", net: "30.50" });
    expect(own.fills.find((f) => f.symbol === "ES")?.fees).toBe("2.69");
  });

  it("reads the columns by name in any order, with extra columns", () => {
    const [header, ...rows] = fixture("tradovate-orders.csv").trim().split("\n");
    const reorder = (line: string) => {
      const cells = line.split(",");
      return ["extra", ...cells.reverse()].join(",");
    };
    const shuffled = readBrokerFile([reorder(header!), ...rows.map(reorder)].join("\n"), NY);
    expect(shuffled.broker).toBe("tradovate");
    expect(shuffled.fills.map(({ line: _line, ...f }) => f)).toEqual(result.fills.map(({ line: _line, ...f }) => f));
  });

  it("names the line and column of each bad row", () => {
    const header = "orderId,B/S,Contract,Product,Status,Fill Time,Filled Qty,Avg Fill Price";
    const csv = [
      header,
      "1,Buy,MESH6,MES,Filled,03/02/2026 09:30:00,1,5000",
      "2,Hold,MESH6,MES,Filled,03/02/2026 09:31:00,1,5000",
      "3,Sell,XYZH6,XYZ,Filled,03/02/2026 09:32:00,1,20",
      "4,Sell,MESH6,MES,Filled,03/02/2026 09:33:00,1,abc",
      "5,Sell,MESH6,MES,Filled,yesterday,1,5001",
      "6,Sell,MESH6,,Filled,03/02/2026 09:34:00,1,5001",
    ].join("\n");
    const { fills, errors, warnings } = readBrokerFile(csv, NY);
    // Without a Product the root comes from the contract.
    expect(fills.map((f) => [f.executionId, f.symbol])).toEqual([
      ["1", "MES"],
      ["6", "MES"],
    ]);
    expect(errors).toEqual([
      { line: 3, column: "B/S", message: 'must be "Buy" or "Sell"' },
      { line: 5, column: "Avg Fill Price", message: '"abc" is not a number' },
      { line: 6, column: "Fill Time", message: expect.stringContaining('"yesterday" is not a date and time') },
    ]);
    // A contract we don't know stops nothing: set aside, and said so.
    expect(warnings).toEqual([
      {
        line: 4,
        column: "Product",
        message: "set aside: we don't know the point value of XYZ, so its P&L cannot be computed",
        futuresRoot: "XYZ",
      },
    ]);
    // Given the member's point value, the row is read; our own table stays first (MES is 5).
    const given = readBrokerFile(csv, {
      ...NY,
      pointValues: { XYZ: "27.5", MES: "50" },
      feesPerContract: { XYZ: "1" },
    });
    expect(given.warnings).toEqual([]);
    expect(given.fills.map((f) => [f.executionId, f.symbol, f.multiplier])).toEqual([
      ["1", "MES", "5"],
      ["3", "XYZ", "27.5"],
      ["6", "MES", "5"],
    ]);
  });

  it("a file without a needed column is refused, naming it", () => {
    const csv =
      "orderId,B/S,Contract,Product,Status,Fill Time,Avg Fill Price\n1,Buy,MESH6,MES,Filled,03/02/2026 09:30:00,5000";
    expect(() => readBrokerFile(csv, { ...NY, broker: "tradovate" })).toThrow(ImportFormatError);
    expect(() => readBrokerFile(csv, { ...NY, broker: "tradovate" })).toThrow(
      'This Tradovate orders file is missing the column "Filled Qty".',
    );
  });
});
