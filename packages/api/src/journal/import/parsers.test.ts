import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildTrades } from "../domain/fifo.ts";
import { ImportFormatError, readBrokerFile } from "./detect.ts";
import { writeGeneric } from "./generic.ts";
import { instrumentKey, type ParsedFill } from "./types.ts";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const NY = { timeZone: "America/New_York" };

/** Groups fills by instrument and builds the trades, as an import will. */
function tradesOf(fills: ParsedFill[]) {
  const groups = new Map<string, ParsedFill[]>();
  for (const f of fills) groups.set(instrumentKey(f), [...(groups.get(instrumentKey(f)) ?? []), f]);
  return [...groups.entries()].flatMap(([key, group]) =>
    buildTrades(group, { multiplier: group[0]!.multiplier }).map((t) => ({
      key,
      status: t.status,
      direction: t.direction,
      net: t.netPnl.toFixed(2),
    })),
  );
}

describe("Interactive Brokers Flex trade confirmation", () => {
  const result = readBrokerFile(fixture("ibkr-trade-confirmation.csv"), NY);

  it("is recognised by its header, skips currency conversions, and reads every execution", () => {
    expect(result.broker).toBe("ibkr");
    expect(result.errors).toEqual([]);
    expect(result.skipped).toBe(1);
    expect(result.fills).toHaveLength(10);
    expect(result.fills[0]).toMatchObject({
      symbol: "AAPL",
      side: "buy",
      quantity: "100",
      price: "190.1",
      fees: "1",
      executionId: "1001",
      line: 2,
    });
    // 20260302;093512 is New York time: 14:35:12 UTC in winter.
    expect(result.fills[0]!.executedAt.toISOString()).toBe("2026-03-02T14:35:12.000Z");
    expect(result.fills.find((f) => f.executionId === "1008")).toMatchObject({
      symbol: "AAPL",
      assetClass: "option",
      multiplier: "100",
      option: { expiry: "2026-03-20", strike: "195", right: "call" },
    });
  });

  it("builds the right trades: scale-in, a short reversed through zero, an option, an open future", () => {
    expect(tradesOf(result.fills)).toEqual([
      // 100×0.90 + 50×0.60 − 3.00 fees
      { key: "stock:AAPL", status: "closed", direction: "long", net: "117.00" },
      // short 20 @250 covered @248 (+40), fees 1 + 20/50 of 1 = 1.40
      { key: "stock:TSLA", status: "closed", direction: "short", net: "38.60" },
      // long 30 @248 sold @249.50 (+45), fees 30/50 of 1 + 1 = 1.60
      { key: "stock:TSLA", status: "closed", direction: "long", net: "43.40" },
      // 2 × (4.25 − 3.10) × 100 − 2.60
      { key: "AAPL 2026-03-20 195 call", status: "closed", direction: "long", net: "227.40" },
      // still long 2 MES: realised 1 × 10 × 5 − 2.48 so far
      { key: "future:MES", status: "open", direction: "long", net: "47.52" },
    ]);
  });

  it("gives the same trades whatever the order of the rows", () => {
    const [header, ...rows] = fixture("ibkr-trade-confirmation.csv").trim().split("\n");
    const reversed = readBrokerFile([header, ...rows.reverse()].join("\n"), NY);
    const byKey = (trades: ReturnType<typeof tradesOf>) => [...trades].sort((a, b) => a.key.localeCompare(b.key));
    expect(byKey(tradesOf(reversed.fills))).toEqual(byKey(tradesOf(result.fills)));
  });
});

describe("the generic format", () => {
  it("reads a file with a BOM, semicolons and decimal commas", () => {
    const { broker, fills, errors } = readBrokerFile(fixture("generic-semicolon.csv"), NY);
    expect(broker).toBe("generic");
    expect(errors).toEqual([]);
    expect(fills.map((f) => [f.price, f.fees])).toEqual([
      ["410.5", "1"],
      ["1412.25", "1"],
    ]);
  });

  it("names the line and column of each bad row, and keeps the good ones", () => {
    const csv = [
      "time,symbol,side,quantity,price,fees,asset_class,execution_id",
      "2026-03-02T09:30:00-05:00,AAPL,buy,10,190,0,stock,x1",
      "2026-03-02T09:31:00-05:00,AAPL,hold,10,190,0,stock,x2",
      "2026-03-02T09:32:00-05:00,AAPL,sell,10,(190),0,stock,x3",
      "someday,AAPL,sell,10,190,0,stock,x4",
      "2026-03-02T09:33:00-05:00,NQZ5,buy,1,20000,0,future,x5",
      "2026-03-02T09:34:00-05:00,XYZ1,buy,1,20,0,future,x6",
      "2026-03-02T09:35:00-05:00,AAPL,sell,10,1000000,0,stock,x7",
    ].join("\n");
    const { fills, errors } = readBrokerFile(csv, NY);
    expect(fills.map((f) => [f.executionId, f.multiplier])).toEqual([
      ["x1", "1"],
      ["x5", "20"],
    ]);
    expect(errors).toEqual([
      { line: 3, column: "side", message: 'must be "buy" or "sell"' },
      { line: 4, column: "price", message: "must be at least 0" },
      { line: 5, column: "time", message: expect.stringContaining('"someday" is not a date and time') },
      { line: 7, column: "multiplier", message: "is needed for XYZ1: we don't know its point value" },
      { line: 8, column: "price", message: "must be at most 999,999" },
    ]);
  });

  it("an export imports back unchanged", () => {
    const original = readBrokerFile(fixture("ibkr-trade-confirmation.csv"), NY).fills;
    const exported = writeGeneric(original.map(({ line: _line, ...f }) => ({ ...f, account: "U1234567" })));
    const back = readBrokerFile(exported, { timeZone: "Asia/Tokyo" });
    expect(back.broker).toBe("generic");
    expect(back.errors).toEqual([]);
    const strip = (fills: ParsedFill[]) => fills.map(({ line: _line, ...f }) => f);
    expect(strip(back.fills)).toEqual(strip(original));
  });
});

describe("files we cannot read", () => {
  it("an unknown format lists what we expect", () => {
    expect(() => readBrokerFile("Date,Amount\n2026-01-01,5", NY)).toThrow(ImportFormatError);
    expect(() => readBrokerFile("Date,Amount\n2026-01-01,5", NY)).toThrow(
      /We don't recognise this file. We read: Tradecraft CSV \(generic\) \(columns time, symbol/,
    );
  });

  it("a chosen format names the columns the file lacks", () => {
    expect(() => readBrokerFile("TradeID,Symbol\n1,AAPL", { ...NY, broker: "ibkr" })).toThrow(
      /missing the columns "ClientAccountID", "Date\/Time"/,
    );
  });

  it("text that is not UTF-8 and empty files are refused with a reason", () => {
    expect(() => readBrokerFile("time,symbol\n\uFFFD", NY)).toThrow(/not UTF-8/);
    expect(() => readBrokerFile("", NY)).toThrow(/empty/);
  });
});
