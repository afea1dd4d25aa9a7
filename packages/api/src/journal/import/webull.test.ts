import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };

describe("Webull orders", () => {
  const result = readBrokerFile(fixture("webull-orders.csv"), NY);

  it("is recognised by its header, reads Filled orders only, oldest first", () => {
    expect(result.broker).toBe("webull");
    expect(result.errors).toEqual([]);
    expect(result.skipped).toBe(1);
    expect(result.fills).toHaveLength(10);
    // The file lists newest first: its last row is the first execution.
    expect(result.fills.map((f) => f.line)).toEqual([12, 11, 10, 8, 7, 6, 5, 4, 3, 2]);
    expect(result.fills[0]).toMatchObject({
      symbol: "AAPL",
      assetClass: "stock",
      side: "buy",
      quantity: "100",
      price: "187.4",
      fees: "0",
      multiplier: "1",
    });
    // "EST" is −05:00 whatever the member's zone; "EDT" (after 8 March) is −04:00.
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-03-02T14:31:05.000Z");
    expect(result.fills.at(-1)).toMatchObject({ symbol: "NVDA", line: 2 });
    expect(result.fills.at(-1)!.executedAt.toISOString()).toBe("2026-03-09T14:00:00.000Z");
    expect(
      readBrokerFile(fixture("webull-orders.csv"), { timeZone: "Asia/Tokyo" }).fills[0]!.executedAt.toISOString(),
    ).toBe("2026-03-02T14:31:05.000Z");
  });

  it("reads an OCC option symbol as its underlying, expiry, strike and right", () => {
    expect(result.fills.find((f) => f.line === 4)).toMatchObject({
      symbol: "SPY",
      assetClass: "option",
      multiplier: "100",
      price: "3.5",
      option: { expiry: "2026-03-20", strike: "580", right: "call" },
    });
  });

  it("derives a deterministic id per execution: identical orders stay two, re-reading gives the same ids", () => {
    const ids = result.fills.map((f) => f.executionId);
    expect(new Set(ids).size).toBe(10);
    expect(ids[0]).toMatch(/^webull-[0-9a-f]{24}$/);
    expect(readBrokerFile(fixture("webull-orders.csv"), NY).fills.map((f) => f.executionId)).toEqual(ids);
    // The same rows sorted oldest first (as a member might) name the same executions.
    const [header, ...rows] = fixture("webull-orders.csv").trim().split("\n");
    const sorted = readBrokerFile([header, ...rows.reverse()].join("\n"), NY);
    expect(sorted.fills.map((f) => f.executionId)).toEqual(ids);
  });

  it("builds the trades: scale-in with identical fills, scale-out, a short reversed through zero, an option, a position left open", () => {
    expect(tradesOf(result.fills)).toEqual([
      // Long 2 × 100 @187.40; sell 150 @188.10 → 150 × 0.70 = 105; sell 50 @189.00 → 50 × 1.60 = 80.
      { key: "stock:AAPL", status: "closed", direction: "long", quantity: "200", fees: "0.00", net: "185.00" },
      // Short 30 @250.00 covered by the buy of 50 @248.50: 30 × 1.50 = 45.
      { key: "stock:TSLA", status: "closed", direction: "short", quantity: "30", fees: "0.00", net: "45.00" },
      // The other 20 @248.50 sold @249.25: 20 × 0.75 = 15.
      { key: "stock:TSLA", status: "closed", direction: "long", quantity: "20", fees: "0.00", net: "15.00" },
      // 2 contracts × (4.25 − 3.50) × 100 = 150.
      {
        key: "SPY 2026-03-20 580 call",
        status: "closed",
        direction: "long",
        quantity: "2",
        fees: "0.00",
        net: "150.00",
      },
      { key: "stock:NVDA", status: "open", direction: "long", quantity: "10", fees: "0.00", net: "0.00" },
    ]);
  });

  it("reads the columns by name in any order, with extra columns", () => {
    const reorder = (line: string) => ["extra", ...line.split(",").reverse()].join(",");
    const shuffled = readBrokerFile(fixture("webull-orders.csv").trim().split("\n").map(reorder).join("\n"), NY);
    expect(shuffled.broker).toBe("webull");
    expect(shuffled.fills).toEqual(result.fills);
  });

  it("names the line and column of each bad row", () => {
    const csv = [
      "Symbol,Side,Status,Filled,Avg Price,Filled Time,Commission",
      "AAPL,Buy,Filled,10,190.00,03/02/2026 09:30:00 EST,0.50",
      "AAPL,Hold,Filled,10,190.00,03/02/2026 09:31:00 EST,",
      "AAPL,Sell,Filled,10,,03/02/2026 09:32:00 EST,",
      "AAPL,Sell,Filled,10,191.00,03/02/2026 09:33:00 XST,",
      "AAPL,Sell,Filled,0,191.00,03/02/2026 09:34:00 EST,",
      "AAPL,Sell,Filled,10,191.00,03/02/2026 09:35:00 EST,-0.02",
    ].join("\n");
    const { fills, errors } = readBrokerFile(csv, NY);
    expect(fills.map((f) => [f.line, f.fees])).toEqual([
      [2, "0.5"],
      [7, "0.02"],
    ]);
    expect(errors).toEqual([
      { line: 3, column: "Side", message: 'must be "Buy", "Sell" or "Short"' },
      { line: 4, column: "Avg Price", message: "is empty" },
      { line: 5, column: "Filled Time", message: expect.stringContaining('unknown time zone "XST"') },
      { line: 6, column: "Filled", message: "must not be 0 for a filled order" },
    ]);
  });

  it("a file without a needed column is refused, naming it", () => {
    const csv = "Symbol,Side,Status,Filled,Avg Price\nAAPL,Buy,Filled,10,190";
    expect(() => readBrokerFile(csv, { ...NY, broker: "webull" })).toThrow(
      'This Webull orders file is missing the column "Filled Time".',
    );
  });
});
