import { describe, expect, it } from "vitest";
import { type DeliveryFill, matchDeliveries } from "./deliveries.ts";

const DAY = new Date("2026-03-20T20:00:00.000Z");
const at = (hours: number) => new Date(DAY.getTime() + hours * 3_600_000);

function end(
  id: string,
  side: "buy" | "sell",
  right: "call" | "put",
  { strike = "150", quantity = "2", when = DAY } = {},
): DeliveryFill {
  return {
    executionId: id,
    symbol: "AAPL",
    assetClass: "option",
    side,
    quantity,
    price: "0",
    multiplier: "100",
    executedAt: when,
    option: { expiry: "2026-03-20", strike, right },
  };
}

function shares(
  id: string,
  side: "buy" | "sell",
  { price = "150", quantity = "200", when = DAY, symbol = "AAPL" } = {},
): DeliveryFill {
  return {
    executionId: id,
    symbol,
    assetClass: "stock",
    side,
    quantity,
    price,
    multiplier: "1",
    executedAt: when,
    option: null,
  };
}

describe("matchDeliveries", () => {
  it("links a short put's assignment (bought back at 0) to the 200 shares bought at the strike", () => {
    expect(matchDeliveries([end("o1", "buy", "put"), shares("s1", "buy")])).toEqual([{ option: "o1", shares: "s1" }]);
  });

  it("links a short call's assignment to shares sold, a long call's exercise to shares bought, a long put's to shares sold", () => {
    expect(matchDeliveries([end("o1", "buy", "call"), shares("s1", "sell")])).toEqual([{ option: "o1", shares: "s1" }]);
    expect(matchDeliveries([end("o2", "sell", "call"), shares("s2", "buy")])).toEqual([{ option: "o2", shares: "s2" }]);
    expect(matchDeliveries([end("o3", "sell", "put"), shares("s3", "sell")])).toEqual([{ option: "o3", shares: "s3" }]);
  });

  it("does not link shares on the wrong side, at another price, of another size, symbol, or more than four days away", () => {
    expect(matchDeliveries([end("o1", "buy", "put"), shares("s1", "sell")])).toEqual([]);
    expect(matchDeliveries([end("o1", "buy", "put"), shares("s1", "buy", { price: "150.01" })])).toEqual([]);
    expect(matchDeliveries([end("o1", "buy", "put"), shares("s1", "buy", { quantity: "100" })])).toEqual([]);
    expect(matchDeliveries([end("o1", "buy", "put"), shares("s1", "buy", { symbol: "MSFT" })])).toEqual([]);
    expect(matchDeliveries([end("o1", "buy", "put"), shares("s1", "buy", { when: at(24 * 4 + 1) })])).toEqual([]);
  });

  it("links a Monday booking of Friday's assignment, and takes the closest share row when two qualify", () => {
    expect(
      matchDeliveries([
        end("o1", "buy", "put"),
        shares("far", "buy", { when: at(72) }),
        shares("near", "buy", { when: at(1) }),
      ]),
    ).toEqual([{ option: "o1", shares: "near" }]);
  });

  it("uses each share row once: two assignments of the same series need two deliveries", () => {
    const pairs = matchDeliveries([end("o1", "buy", "put"), end("o2", "buy", "put"), shares("s1", "buy")]);
    expect(pairs).toEqual([{ option: "o1", shares: "s1" }]);
  });

  it("an option closed at a price (not an end) and a plain sale at a price are never paired", () => {
    expect(matchDeliveries([{ ...end("o1", "sell", "call"), price: "1.25" }, shares("s1", "buy")])).toEqual([]);
  });
});
