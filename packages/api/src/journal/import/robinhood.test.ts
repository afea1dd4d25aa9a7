import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };

describe("Robinhood activity", () => {
  const result = readBrokerFile(fixture("robinhood-activity.csv"), NY);

  it("is recognised by its header and reads the executions, counting what it skips", () => {
    expect(result.broker).toBe("robinhood");
    expect(result.errors).toEqual([]);
    // A deposit, a Gold fee and a dividend; the closing disclaimer is no activity.
    expect(result.skipped).toBe(3);
    expect(result.fills[0]).toMatchObject({
      symbol: "AAPL",
      assetClass: "stock",
      side: "buy",
      quantity: "100",
      price: "187.4",
      fees: "0",
      multiplier: "1",
      option: null,
    });
    expect(result.fills.find((f) => f.symbol === "NVDA")).toMatchObject({ quantity: "0.5", price: "120" });
  });

  it("reverses the newest-first file, keeping each day's executions in sequence, at noon in the member's zone", () => {
    // Records start on these lines (descriptions span two); the last Buy of the file is the first execution.
    expect(result.fills.map((f) => f.line)).toEqual([19, 17, 14, 12, 9, 7, 5, 2]);
    expect(result.fills.map((f) => f.executedAt.toISOString())).toEqual([
      "2026-03-02T17:00:00.000Z",
      "2026-03-02T17:00:01.000Z",
      "2026-03-03T17:00:00.000Z",
      "2026-03-03T17:00:01.000Z",
      "2026-03-04T17:00:00.000Z",
      "2026-03-04T17:00:01.000Z",
      "2026-03-04T17:00:02.000Z",
      "2026-03-05T17:00:00.000Z",
    ]);
    // A member in Tokyo sees the same days: noon there is 03:00 UTC.
    expect(
      readBrokerFile(fixture("robinhood-activity.csv"), { timeZone: "Asia/Tokyo" }).fills[0]!.executedAt.toISOString(),
    ).toBe("2026-03-02T03:00:00.000Z");
  });

  it("prices each execution at its Amount per share (the Price column is rounded); the file names no fees", () => {
    // $22,679.86 for 120 (Price says $189.00: the SEC and FINRA fees are inside the Amount); $5,594.97 for 30.
    expect(result.fills.filter((f) => f.symbol === "AAPL").map((f) => [f.side, f.price, f.fees])).toEqual([
      ["buy", "187.4", "0"],
      ["buy", "187.8", "0"],
      ["sell", "188.99883333", "0"],
      ["sell", "186.499", "0"],
    ]);
  });

  it("builds the trades: scale-in and out, a fractional position left open", () => {
    expect(tradesOf(result.fills)).toEqual([
      // The cash: −18,740.00 − 9,390.00 + 22,679.86 + 5,594.97 = 144.83.
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "150", fees: "0.00", net: "144.83" },
      // −11,880.00 + 7,999.89 + 3,981.95 = 101.84.
      { key: "stock:AMD", status: "closed", direction: "long", quantity: "60", fees: "0.00", net: "101.84" },
      { key: "stock:NVDA", status: "open", direction: "long", quantity: "0.5", fees: "0.00", net: "0.00" },
    ]);
  });

  it("derives ids that are the same on every read and whether the file is newest or oldest first", () => {
    const ids = result.fills.map((f) => f.executionId);
    expect(new Set(ids).size).toBe(8);
    expect(ids.every((i) => /^robinhood-[0-9a-f]{24}$/.test(i))).toBe(true);
    const records = fixture("robinhood-activity.csv")
      .trim()
      .split(/\n(?=")/);
    const [header, ...rows] = records;
    const oldestFirst = readBrokerFile([header, ...rows.filter((r) => !r.startsWith('""')).reverse()].join("\n"), NY);
    expect(oldestFirst.fills.map((f) => [f.executionId, f.executedAt.toISOString()])).toEqual(
      result.fills.map((f) => [f.executionId, f.executedAt.toISOString()]),
    );
  });

  it("names the line and column of each bad row", () => {
    const csv = [
      '"Activity Date","Instrument","Trans Code","Quantity","Price","Amount"',
      '"3/2/2026","AAPL","Buy","10","$190.00","($1,900.00)"',
      '"March 2","AAPL","Sell","10","$191.00","$1,910.00"',
      '"3/2/2026","AAPL","Sell","","$191.00","$1,910.00"',
      '"3/2/2026","AAPL","Sell","10","191,00","$1,910.00"',
      '"3/2/2026","","Sell","10","$191.00","$1,910.00"',
    ].join("\n");
    const { fills, errors } = readBrokerFile(csv, NY);
    expect(fills.map((f) => f.line)).toEqual([2]);
    expect(errors).toEqual([
      { line: 3, column: "Activity Date", message: '"March 2" is not a date like 3/2/2026' },
      { line: 4, column: "Quantity", message: "is empty" },
      { line: 5, column: "Price", message: '"191,00" is not a number' },
      { line: 6, column: "Instrument", message: expect.stringContaining("is not a symbol") },
    ]);
  });

  it("a file without a needed column is refused, naming it", () => {
    const csv = '"Activity Date","Instrument","Trans Code","Quantity","Price"\n"3/2/2026","AAPL","Buy","1","$1.00"';
    expect(() => readBrokerFile(csv, { ...NY, broker: "robinhood" })).toThrow(
      'This Robinhood activity file is missing the column "Amount".',
    );
  });
});
