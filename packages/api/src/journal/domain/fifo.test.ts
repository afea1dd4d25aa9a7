import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dec, sum } from "./decimal.ts";
import { buildTrades, type FillInput } from "./fifo.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 14, 30 + minute));
const fill = (
  minute: number,
  side: "buy" | "sell",
  quantity: number | string,
  price: number | string,
  fees: number | string = 0,
  executionId?: string,
): FillInput => ({
  executedAt: at(minute),
  side,
  quantity,
  price,
  fees,
  executionId,
});
const str = (d: { toFixed(n: number): string } | null) => (d === null ? null : d.toFixed(4));

describe("fills into trades", () => {
  it("a long round trip: weighted prices, P&L net of every fee", () => {
    const [trade] = buildTrades([fill(0, "buy", 100, "190.10", "1.00"), fill(5, "sell", 100, "191.35", "1.05")]);
    expect(trade).toMatchObject({ direction: "long", status: "closed", entryAt: at(0), exitAt: at(5) });
    expect(str(trade!.grossPnl)).toBe("125.0000");
    expect(str(trade!.fees)).toBe("2.0500");
    expect(str(trade!.netPnl)).toBe("122.9500");
  });

  it("scaling in and out stays one trade, matched first in first out", () => {
    // Buy 100 @10, buy 100 @12 (avg 11), sell 150 @13, sell 50 @9.
    const trades = buildTrades([
      fill(0, "buy", 100, 10),
      fill(1, "buy", 100, 12),
      fill(2, "sell", 150, 13),
      fill(3, "sell", 50, 9),
    ]);
    expect(trades).toHaveLength(1);
    const [t] = trades;
    // FIFO: 100×(13−10) + 50×(13−12) + 50×(9−12) = 300 + 50 − 150 = 200.
    expect(str(t!.grossPnl)).toBe("200.0000");
    expect(str(t!.entryPrice)).toBe("11.0000");
    expect(str(t!.exitPrice)).toBe("12.0000"); // (150×13 + 50×9) / 200
    expect(str(t!.quantity)).toBe("200.0000");
  });

  it("a short: profit when the price falls", () => {
    const [t] = buildTrades([fill(0, "sell", 10, 50), fill(1, "buy", 4, 48), fill(2, "buy", 6, 51)]);
    expect(t!.direction).toBe("short");
    expect(str(t!.grossPnl)).toBe("2.0000"); // 4×2 − 6×1
  });

  it("a fill through zero closes the trade and opens the opposite one, fees split pro rata", () => {
    const trades = buildTrades([
      fill(0, "buy", 100, 10, "1.00", "A"),
      fill(1, "sell", 300, 11, "3.00", "B"),
      fill(2, "buy", 200, "10.50", "2.00", "C"),
    ]);
    expect(trades.map((t) => [t.direction, t.status, str(t.grossPnl), str(t.fees)])).toEqual([
      ["long", "closed", "100.0000", "2.0000"],
      ["short", "closed", "100.0000", "4.0000"],
    ]);
    expect(trades[1]!.fills[0]).toMatchObject({ executionId: "B", part: 2 });
    expect(str(trades[1]!.fills[0]!.quantity)).toBe("200.0000");
  });

  it("futures use the point value: 2 MES from 5000 to 5010.25 is 2 × 10.25 × 5", () => {
    const [t] = buildTrades([fill(0, "buy", 2, 5000), fill(1, "sell", 2, "5010.25", "1.24")], { multiplier: 5 });
    expect(str(t!.grossPnl)).toBe("102.5000");
    expect(str(t!.netPnl)).toBe("101.2600");
  });

  it("a position still open at the end stays an open trade with what it realised so far", () => {
    const trades = buildTrades([fill(0, "buy", 10, 100), fill(1, "sell", 4, 105)]);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ status: "open", exitAt: null });
    expect(str(trades[0]!.openQuantity)).toBe("6.0000");
    expect(str(trades[0]!.grossPnl)).toBe("20.0000");
  });

  it("the fills' order in the file does not matter, only their times", () => {
    const fills = [fill(0, "buy", 100, 10), fill(1, "buy", 100, 12), fill(2, "sell", 150, 13), fill(3, "sell", 50, 9)];
    const forward = buildTrades(fills);
    const reversed = buildTrades([...fills].reverse());
    expect(reversed.map((t) => str(t.grossPnl))).toEqual(forward.map((t) => str(t.grossPnl)));
  });

  it("a sale the broker says closes, from flat, is no short: a trade opened before these fills, entry unknown", () => {
    const close = (f: FillInput): FillInput => ({ ...f, effect: "close" });
    const trades = buildTrades([
      close(fill(0, "sell", 30, 200, "0.02")),
      close(fill(1, "sell", 10, 204, "0.01")),
      fill(2, "buy", 5, 199),
      fill(3, "sell", 5, 201),
    ]);
    expect(
      trades.map((t) => [t.direction, t.status, t.costBasisUnknown, str(t.quantity), str(t.exitPrice), str(t.fees)]),
    ).toEqual([
      // Two sales of the same old position are one trade: (30 × 200 + 10 × 204) / 40 = 201.
      ["long", "closed", true, "40.0000", "201.0000", "0.0300"],
      ["long", "closed", false, "5.0000", "201.0000", "0.0000"],
    ]);
    expect(trades[0]).toMatchObject({ entryAt: at(0), exitAt: at(1) });
    expect(str(trades[1]!.netPnl)).toBe("10.0000");
    // Told nothing, a sale from flat still opens a short; told "open", too.
    expect(buildTrades([fill(0, "sell", 30, 200)])[0]).toMatchObject({
      direction: "short",
      status: "open",
      costBasisUnknown: false,
    });
    expect(buildTrades([{ ...fill(0, "sell", 30, 200), effect: "open" }])[0]).toMatchObject({
      direction: "short",
      status: "open",
    });
    // A buy to close from flat covers a short opened before.
    expect(buildTrades([close(fill(0, "buy", 2, "1.5"))])[0]).toMatchObject({
      direction: "short",
      status: "closed",
      costBasisUnknown: true,
    });
  });

  it("a closing sale larger than the position closes it and the rest is a trade opened before, not a short", () => {
    const trades = buildTrades([fill(0, "buy", 50, 10), { ...fill(1, "sell", 80, 12, "0.80", "S"), effect: "close" }]);
    expect(
      trades.map((t) => [t.direction, t.status, t.costBasisUnknown, str(t.quantity), str(t.fees), str(t.netPnl)]),
    ).toEqual([
      // 50 × 2 − 50/80 of the fee.
      ["long", "closed", false, "50.0000", "0.5000", "99.5000"],
      ["long", "closed", true, "30.0000", "0.3000", "-0.3000"],
    ]);
    expect(trades[1]!.fills[0]).toMatchObject({ executionId: "S", part: 2 });
  });

  it("refuses a fill without a positive quantity", () => {
    expect(() => buildTrades([fill(0, "buy", 0, 10)])).toThrow(RangeError);
  });
});

/** A random sequence of fills that ends flat (the last fill brings the position to zero). */
const flatFills = fc
  .array(
    fc.record({
      side: fc.constantFrom("buy" as const, "sell" as const),
      quantity: fc.integer({ min: 1, max: 500 }),
      priceCents: fc.integer({ min: 1, max: 5_000_000 }),
      feeCents: fc.integer({ min: 0, max: 2_000 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .chain((steps) => {
    const position = steps.reduce((p, s) => p + (s.side === "buy" ? s.quantity : -s.quantity), 0);
    const closing =
      position === 0
        ? []
        : [{ side: position > 0 ? ("sell" as const) : ("buy" as const), quantity: Math.abs(position) }];
    return fc.tuple(
      fc.constant(steps),
      fc.constant(closing),
      fc.integer({ min: 1, max: 5_000_000 }),
      fc.constantFrom(1, 5, 50, 100, 0.5),
    );
  })
  .map(([steps, closing, closePriceCents, multiplier]) => {
    const fills: FillInput[] = [
      ...steps.map((s, i) =>
        fill(
          i,
          s.side,
          s.quantity,
          dec(s.priceCents).dividedBy(100).toString(),
          dec(s.feeCents).dividedBy(100).toString(),
        ),
      ),
      ...closing.map((c) => fill(steps.length, c.side, c.quantity, dec(closePriceCents).dividedBy(100).toString())),
    ];
    return { fills, multiplier };
  });

describe("FIFO properties", () => {
  it("for any fills that end flat, the trades' net P&L adds up to the cash flow minus fees", () => {
    fc.assert(
      fc.property(flatFills, ({ fills, multiplier }) => {
        const trades = buildTrades(fills, { multiplier });
        const cash = sum(
          fills.map((f) =>
            dec(f.quantity)
              .times(f.price)
              .times(multiplier)
              .times(f.side === "sell" ? 1 : -1),
          ),
        );
        const fees = sum(fills.map((f) => f.fees ?? 0));
        expect(sum(trades.map((t) => t.netPnl)).toString()).toBe(cash.minus(fees).toString());
        expect(trades.every((t) => t.status === "closed")).toBe(true);
        // Every fill's quantity and fees are accounted for exactly once across the trades.
        expect(sum(trades.flatMap((t) => t.fills.map((f) => f.quantity))).toString()).toBe(
          sum(fills.map((f) => f.quantity)).toString(),
        );
        expect(sum(trades.map((t) => t.fees)).toString()).toBe(fees.toString());
      }),
      { numRuns: 300 },
    );
  });

  it("no trade ever holds a position of the opposite sign: each is long-only or short-only", () => {
    fc.assert(
      fc.property(flatFills, ({ fills }) => {
        for (const trade of buildTrades(fills)) {
          let position = dec(0);
          for (const f of trade.fills) {
            position = position.plus(f.side === "buy" ? f.quantity : f.quantity.negated());
            expect(trade.direction === "long" ? position.greaterThanOrEqualTo(0) : position.lessThanOrEqualTo(0)).toBe(
              true,
            );
          }
          expect(position.isZero()).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
