import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dec, sum } from "../domain/decimal.ts";
import { buildTrades } from "../domain/fifo.ts";
import { applyCorporateActions, cashMergerFill, type CorporateAction } from "./corporate-actions.ts";
import type { ParsedFill } from "./types.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 14, 30) + minute * 60_000);
const fill = (
  minute: number,
  symbol: string,
  side: "buy" | "sell",
  quantity: string,
  price: string,
  fees = "0",
): ParsedFill => ({
  line: minute + 2,
  symbol,
  assetClass: "stock",
  side,
  quantity,
  price,
  fees,
  executedAt: at(minute),
  executionId: `e${minute}`,
  multiplier: "1",
  option: null,
});
/** The closing fill of a cash merger; applyCorporateActions adds it to the fills it was given. */
const merger = (
  action: CorporateAction & { kind: "cashMerger" },
  quantity: ReturnType<typeof dec>,
  position: ReturnType<typeof dec>,
  price: ReturnType<typeof dec>,
) => cashMergerFill("test", action, quantity, position, price);
const bySymbol = (fills: ParsedFill[]) =>
  [...new Set(fills.map((f) => f.symbol))].flatMap((symbol) =>
    buildTrades(fills.filter((f) => f.symbol === symbol)).map((t) => ({ symbol, t })),
  );

describe("corporate actions", () => {
  it("a split adjusts the open position's quantity and price, not its cost; a closed trade before it is untouched", () => {
    const fills = [
      fill(0, "NVDA", "buy", "10", "900"),
      fill(1, "NVDA", "sell", "10", "950"),
      fill(2, "NVDA", "buy", "4", "1000"),
      fill(3, "NVDA", "buy", "6", "1100"),
      fill(10, "NVDA", "sell", "100", "110"),
    ];
    const applied = applyCorporateActions(
      fills,
      [{ kind: "split", line: 9, symbol: "NVDA", at: at(5), sharesAdded: "90" }],
      merger,
    );
    expect(applied).toEqual([
      {
        line: 9,
        kind: "split",
        symbol: "NVDA",
        description: "split 10 for 1: 10 shares became 100, prices divided by 10, cost unchanged",
      },
    ]);
    expect(fills.map((f) => [f.quantity, f.price])).toEqual([
      ["10", "900"],
      ["10", "950"],
      ["40", "100"],
      ["60", "110"],
      ["100", "110"],
    ]);
    // 10 × 50 = 500, then 40 bought at 100 (was 4 at 1,000) and 60 at 110, all sold at 110: 400.
    expect(bySymbol(fills).map(({ t }) => [t.status, t.quantity.toString(), t.netPnl.toString()])).toEqual([
      ["closed", "10", "500"],
      ["closed", "100", "400"],
    ]);
  });

  it("a reverse split by ratio, a symbol change carrying the open lots, a cash merger closing them; each reported", () => {
    const fills = [
      fill(0, "FB", "buy", "100", "3.10"),
      fill(1, "FB", "sell", "40", "3.20"),
      fill(20, "META", "buy", "5", "33"),
      fill(40, "XYZ", "buy", "10", "20"),
    ];
    const actions: CorporateAction[] = [
      { kind: "split", line: 20, symbol: "FB", at: at(5), ratio: "0.1" },
      { kind: "symbolChange", line: 21, from: "FB", to: "META", at: at(10) },
      { kind: "cashMerger", line: 22, symbol: "META", at: at(30), cash: "396" },
      { kind: "split", line: 23, symbol: "TSLA", at: at(31), ratio: "3" },
    ];
    const applied = applyCorporateActions(fills, actions, merger);
    expect(applied.map((a) => [a.line, a.symbol, a.description])).toEqual([
      [20, "FB", "split 0.1 for 1: 60 shares became 6, prices divided by 0.1, cost unchanged"],
      [21, "FB", "6 shares carried to META"],
      // 6 from FB and 5 bought as META: 11 shares for $396, 36 a share.
      [22, "META", "11 shares closed for cash at 36 a share"],
      [23, "TSLA", "no open TSLA position at that time: nothing to change"],
    ]);
    const trades = bySymbol(fills).map(({ symbol, t }) => [
      symbol,
      t.status,
      t.quantity.toString(),
      t.netPnl.toString(),
    ]);
    // The 40 sold before the split: 40 × 0.10 = 4 realised on the FB trade, which moved to META with
    // the 6 left (at 31.00): 6 × (36 − 31) = 30; the 5 bought at 33: 5 × 3 = 15.
    expect(trades).toEqual([
      ["META", "closed", "11", "49"],
      ["XYZ", "open", "10", "0"],
    ]);
  });
});

/** Random fills, splits (by ratios that divide prices exactly) and symbol changes, then a fill that closes what is left. */
const steps = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant("fill" as const),
        side: fc.constantFrom("buy" as const, "sell" as const),
        quantity: fc.integer({ min: 1, max: 50 }),
        cents: fc.integer({ min: 1, max: 100_000 }),
        feeCents: fc.integer({ min: 0, max: 500 }),
      }),
      fc.record({
        kind: fc.constant("split" as const),
        ratio: fc.constantFrom("2", "4", "5", "10", "0.5", "0.2", "0.1"),
      }),
      fc.record({ kind: fc.constant("rename" as const) }),
    ),
    { minLength: 1, maxLength: 30 },
  )
  .filter((plan) => plan.filter((s) => s.kind === "split").length <= 3); // beyond, a cent divided down passes 8 decimals, the stored precision

describe("corporate actions, properties", () => {
  it("for any fills, splits and symbol changes that end flat, total P&L is the cash flow minus fees", () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 100_000 }), (plan, closeCents) => {
        const fills: ParsedFill[] = [];
        const actions: CorporateAction[] = [];
        let symbol = "S0";
        let position = dec(0);
        plan.forEach((step, i) => {
          if (step.kind === "fill") {
            fills.push(
              fill(
                i,
                symbol,
                step.side,
                String(step.quantity),
                dec(step.cents).dividedBy(100).toString(),
                dec(step.feeCents).dividedBy(100).toString(),
              ),
            );
            position = position.plus(step.side === "buy" ? step.quantity : -step.quantity);
          } else if (step.kind === "split") {
            actions.push({ kind: "split", line: i, symbol, at: at(i), ratio: step.ratio });
            position = position.times(step.ratio);
          } else {
            actions.push({ kind: "symbolChange", line: i, from: symbol, to: `S${i + 1}`, at: at(i) });
            symbol = `S${i + 1}`;
          }
        });
        if (!position.isZero())
          fills.push(
            fill(
              plan.length,
              symbol,
              position.greaterThan(0) ? "sell" : "buy",
              position.abs().toString(),
              dec(closeCents).dividedBy(100).toString(),
            ),
          );
        // What the broker booked: the cash of each fill as the file has it, before any adjustment.
        const cash = sum(
          fills.map((f) =>
            dec(f.quantity)
              .times(f.price)
              .times(f.side === "sell" ? 1 : -1),
          ),
        );
        const fees = sum(fills.map((f) => f.fees));
        // Actions are applied a moment after the fill of the same step.
        applyCorporateActions(
          fills,
          actions.map((a) => ({ ...a, at: new Date(a.at.getTime() + 30_000) })),
          merger,
        );
        const trades = bySymbol(fills);
        expect(trades.every(({ t }) => t.status === "closed")).toBe(true);
        expect(sum(trades.map(({ t }) => t.netPnl)).toString()).toBe(cash.minus(fees).toString());
      }),
      { numRuns: 300 },
    );
  });
});
