import { describe, expect, it } from "vitest";
import { readBrokerFile } from "./detect.ts";
import { fixture, tradesOf } from "./fixtures/helpers.ts";

const NY = { timeZone: "America/New_York" };

describe("Robinhood options", () => {
  const result = readBrokerFile(fixture("robinhood-options.csv"), NY);

  it("reads BTO/STO/BTC/STC as option executions priced from the Amount (100 shares a contract)", () => {
    expect(result.errors).toEqual([]);
    expect(result.fills.find((f) => f.line === 5)).toMatchObject({
      symbol: "AAPL",
      assetClass: "option",
      side: "sell",
      effect: "open",
      quantity: "1",
      // $199.96 for 1 contract of 100 shares: the fees are inside the Amount.
      price: "1.9996",
      multiplier: "100",
      option: { expiry: "2026-02-20", strike: "200", right: "call" },
    });
    // Two-digit years, as Robinhood writes them in some files.
    expect(result.fills.find((f) => f.line === 3)!.executedAt.toISOString()).toBe("2026-03-02T17:00:00.000Z");
  });

  it("closes expired, assigned and exercised options at 0 on the side that closes the position", () => {
    expect(tradesOf(result.fills)).toEqual([
      // −200.00 premium, expired worthless.
      {
        key: "PSTH 2024-12-06 30 call",
        status: "closed",
        direction: "long",
        quantity: "2",
        fees: "0.00",
        net: "-200.00",
      },
      // Short put: +499.95 kept, assigned (closed at 0); the 100 shares are the file's own Buy row.
      {
        key: "TSLA 2026-01-16 440 put",
        status: "closed",
        direction: "short",
        quantity: "1",
        fees: "0.00",
        net: "499.95",
      },
      { key: "stock:TSLA", status: "open", direction: "long", quantity: "100", fees: "0.00", net: "0.00" },
      // 199.96 − 50.04 = 149.92.
      {
        key: "AAPL 2026-02-20 200 call",
        status: "closed",
        direction: "short",
        quantity: "1",
        fees: "0.00",
        net: "149.92",
      },
      // A long call exercised: −1,000.00 premium, and 100 shares bought at the strike (no row of the file's own).
      {
        key: "MSFT 2026-03-20 400 call",
        status: "closed",
        direction: "long",
        quantity: "1",
        fees: "0.00",
        net: "-1000.00",
      },
      { key: "stock:MSFT", status: "open", direction: "long", quantity: "100", fees: "0.00", net: "0.00" },
    ]);
    const expiry = result.fills.find((f) => f.line === 12)!;
    expect(expiry).toMatchObject({ side: "sell", price: "0", effect: "close" });
    // Booked on 12/9, closed on its expiry day.
    expect(expiry.executedAt.toISOString()).toBe("2024-12-06T17:00:00.000Z");
    expect(result.fills.find((f) => f.symbol === "MSFT" && f.assetClass === "stock")).toMatchObject({
      side: "buy",
      quantity: "100",
      price: "400",
    });
  });

  it("lists each option's end for the preview and never guesses the side of a contract the file never opened", () => {
    expect(result.notices).toEqual([
      expect.objectContaining({
        line: 12,
        kind: "expiration",
        description: expect.stringContaining("expired: closed at 0 on 2024-12-06"),
      }),
      expect.objectContaining({
        line: 9,
        kind: "assignment",
        description: expect.stringContaining("100 TSLA bought at 440 (line 6)"),
      }),
      expect.objectContaining({
        line: 2,
        kind: "exercise",
        description: expect.stringContaining("100 MSFT bought at 400"),
      }),
    ]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        line: 11,
        message: expect.stringContaining("QQQ 2024-12-06 400 put expired, but this file never opened it"),
      }),
    ]);
    expect(result.fills.some((f) => f.symbol === "QQQ")).toBe(false);
  });

  it("names the line of an option row whose description is not an option", () => {
    const csv = [
      '"Activity Date","Instrument","Description","Trans Code","Quantity","Price","Amount"',
      '"3/2/2026","SPY","SPY March call","BTO","1","$3.50","($350.00)"',
    ].join("\n");
    expect(readBrokerFile(csv, NY).errors).toEqual([
      { line: 2, column: "Description", message: expect.stringContaining("should name the option") },
    ]);
  });
});
