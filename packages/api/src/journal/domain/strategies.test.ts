import { describe, expect, it } from "vitest";
import { classifyStrategy, findStrategies, openedTogetherKey, type StrategyLeg, strategyTotals } from "./strategies.ts";

const AT = new Date("2026-03-02T14:30:05.000Z");
let next = 0;

/** An option leg: "+1 C 500 2026-03-20" style arguments. */
function opt(
  direction: "long" | "short",
  right: "call" | "put",
  strike: string,
  { expiry = "2026-03-20", quantity = "1", at = AT, underlying = "SPY", orderId = null as string | null } = {},
): StrategyLeg {
  next += 1;
  return {
    id: `t${next}`,
    underlying,
    assetClass: "option",
    option: { expiry, strike, right },
    direction,
    quantity,
    multiplier: "100",
    entryAt: at,
    orderId,
  };
}

function shares(direction: "long" | "short", quantity: string, { at = AT, underlying = "SPY" } = {}): StrategyLeg {
  next += 1;
  return {
    id: `t${next}`,
    underlying,
    assetClass: "stock",
    option: null,
    direction,
    quantity,
    multiplier: "1",
    entryAt: at,
  };
}

const name = (legs: StrategyLeg[]) => classifyStrategy(legs)?.name ?? null;
const kind = (legs: StrategyLeg[]) => classifyStrategy(legs)?.kind ?? null;

describe("classifyStrategy", () => {
  it("names no single leg", () => {
    expect(classifyStrategy([opt("long", "call", "500")])).toBeNull();
    expect(classifyStrategy([])).toBeNull();
  });

  it("names verticals by right and by debit or credit (from the strikes)", () => {
    // Bull call: buy the lower strike, pay for it.
    expect(name([opt("long", "call", "500"), opt("short", "call", "505")])).toBe("Call debit spread");
    // Bear call: sell the lower strike, collect.
    expect(name([opt("short", "call", "500"), opt("long", "call", "505")])).toBe("Call credit spread");
    // Bull put: sell the higher strike, collect.
    expect(name([opt("short", "put", "580"), opt("long", "put", "575")])).toBe("Put credit spread");
    // Bear put: buy the higher strike, pay.
    expect(name([opt("long", "put", "580"), opt("short", "put", "575")])).toBe("Put debit spread");
    expect(kind([opt("long", "put", "580"), opt("short", "put", "575")])).toBe("vertical");
  });

  it("tells a ratio spread from a vertical by the quantities", () => {
    expect(classifyStrategy([opt("long", "call", "500"), opt("short", "call", "510", { quantity: "2" })])).toEqual({
      kind: "ratio_spread",
      name: "Call ratio spread",
    });
    // 10 × 10 is still a vertical.
    expect(
      name([opt("long", "call", "500", { quantity: "10" }), opt("short", "call", "510", { quantity: "10" })]),
    ).toBe("Call debit spread");
  });

  it("names straddles and strangles, long or short", () => {
    expect(name([opt("long", "call", "500"), opt("long", "put", "500")])).toBe("Long straddle");
    expect(name([opt("short", "put", "500"), opt("short", "call", "500")])).toBe("Short straddle");
    expect(name([opt("long", "call", "510"), opt("long", "put", "490")])).toBe("Long strangle");
    expect(kind([opt("short", "call", "510"), opt("short", "put", "490")])).toBe("strangle");
  });

  it("names calendars and diagonals across expiries", () => {
    expect(
      classifyStrategy([
        opt("short", "call", "500", { expiry: "2026-03-20" }),
        opt("long", "call", "500", { expiry: "2026-04-17" }),
      ]),
    ).toEqual({ kind: "calendar", name: "Call calendar" });
    expect(
      name([opt("short", "put", "500", { expiry: "2026-03-20" }), opt("long", "put", "495", { expiry: "2026-04-17" })]),
    ).toBe("Put diagonal");
  });

  it("names an iron condor, an iron butterfly and their reverses", () => {
    const condor = [
      opt("long", "put", "570"),
      opt("short", "put", "575"),
      opt("short", "call", "600"),
      opt("long", "call", "605"),
    ];
    expect(classifyStrategy(condor)).toEqual({ kind: "iron_condor", name: "Iron condor" });
    expect(
      name([
        opt("short", "put", "570"),
        opt("long", "put", "575"),
        opt("long", "call", "600"),
        opt("short", "call", "605"),
      ]),
    ).toBe("Reverse iron condor");
    expect(
      classifyStrategy([
        opt("long", "put", "580"),
        opt("short", "put", "590"),
        opt("short", "call", "590"),
        opt("long", "call", "600"),
      ]),
    ).toEqual({ kind: "iron_butterfly", name: "Iron butterfly" });
  });

  it("names butterflies, broken-wing and short ones, from three legs 1:2:1", () => {
    expect(
      classifyStrategy([
        opt("long", "call", "500"),
        opt("short", "call", "505", { quantity: "2" }),
        opt("long", "call", "510"),
      ]),
    ).toEqual({ kind: "butterfly", name: "Call butterfly" });
    expect(
      name([opt("long", "put", "500"), opt("short", "put", "505", { quantity: "2" }), opt("long", "put", "515")]),
    ).toBe("Broken-wing put butterfly");
    expect(
      name([opt("short", "call", "500"), opt("long", "call", "505", { quantity: "2" }), opt("short", "call", "510")]),
    ).toBe("Short call butterfly");
  });

  it("calls other shapes custom, with their number of legs", () => {
    // Four legs of unequal size are no iron condor.
    expect(
      classifyStrategy([
        opt("long", "put", "570"),
        opt("short", "put", "575", { quantity: "2" }),
        opt("short", "call", "600"),
        opt("long", "call", "605"),
      ]),
    ).toEqual({ kind: "custom", name: "Custom 4-leg" });
    // A 1:1:1 "butterfly" is not one.
    expect(name([opt("long", "call", "500"), opt("short", "call", "505"), opt("long", "call", "510")])).toBe(
      "Custom 3-leg",
    );
    // A risk reversal: a put sold, a call bought.
    expect(name([opt("short", "put", "490"), opt("long", "call", "510")])).toBe("Custom 2-leg");
    expect(
      name([
        opt("long", "call", "500"),
        opt("short", "call", "505"),
        opt("long", "put", "490"),
        opt("short", "put", "485"),
        opt("long", "call", "520"),
      ]),
    ).toBe("Custom 5-leg");
  });

  it("names shares with a short call a covered call, and with a long put as well a collar", () => {
    expect(classifyStrategy([shares("long", "100"), opt("short", "call", "510")])).toEqual({
      kind: "covered_call",
      name: "Covered call",
    });
    expect(
      name([
        shares("long", "200"),
        opt("short", "call", "510", { quantity: "2" }),
        opt("long", "put", "480", { quantity: "2" }),
      ]),
    ).toBe("Collar");
    // Not covered: 50 shares under a 100-share call; shares sold short; shares with a long call.
    expect(classifyStrategy([shares("long", "50"), opt("short", "call", "510")])).toBeNull();
    expect(classifyStrategy([shares("short", "100"), opt("short", "call", "510")])).toBeNull();
    expect(classifyStrategy([shares("long", "100"), opt("long", "call", "510")])).toBeNull();
  });
});

describe("findStrategies", () => {
  it("groups legs opened in the same second on one underlying", () => {
    const condor = [
      opt("long", "put", "570"),
      opt("short", "put", "575"),
      opt("short", "call", "600"),
      opt("long", "call", "605"),
    ];
    const vertical = [
      opt("short", "put", "580", { at: new Date("2026-03-03T15:00:00Z") }),
      opt("long", "put", "575", { at: new Date("2026-03-03T15:00:00.900Z") }),
    ];
    const found = findStrategies([...vertical, ...condor]);
    expect(found.map((s) => [s.name, s.legs.length, s.underlying, s.openedAt.toISOString()])).toEqual([
      ["Iron condor", 4, "SPY", AT.toISOString()],
      ["Put credit spread", 2, "SPY", "2026-03-03T15:00:00.000Z"],
    ]);
    expect(found[0]!.legs.map((l) => l.id)).toEqual(condor.map((l) => l.id));
  });

  it("does not group two unrelated single options opened a minute apart", () => {
    const found = findStrategies([
      opt("long", "call", "500"),
      opt("short", "call", "505", { at: new Date(AT.getTime() + 60_000) }),
    ]);
    expect(found).toEqual([]);
  });

  it("does not group legs a second apart, nor on two underlyings at the same second", () => {
    expect(
      findStrategies([opt("long", "call", "500"), opt("short", "call", "505", { at: new Date(AT.getTime() + 1000) })]),
    ).toEqual([]);
    expect(findStrategies([opt("long", "call", "500"), opt("short", "call", "505", { underlying: "QQQ" })])).toEqual(
      [],
    );
  });

  it("does not group a stock trade with an option unless it is a covered call", () => {
    expect(findStrategies([shares("long", "100"), opt("long", "put", "480")])).toEqual([]);
    expect(findStrategies([shares("long", "100")])).toEqual([]);
    expect(findStrategies([shares("long", "100"), opt("short", "call", "510")]).map((s) => s.name)).toEqual([
      "Covered call",
    ]);
    // Shares bought with a vertical leave the vertical on its own.
    const found = findStrategies([shares("long", "100"), opt("long", "call", "500"), opt("short", "call", "505")]);
    expect(found.map((s) => [s.name, s.legs.every((l) => l.assetClass === "option")])).toEqual([
      ["Call debit spread", true],
    ]);
  });

  it("groups by the order when the file gives one, whatever the legs' times", () => {
    const a = opt("long", "call", "500", { orderId: "400010" });
    const b = opt("short", "call", "505", { orderId: "400010", at: new Date(AT.getTime() + 3000) });
    // Same second, another order: its own (single) trade.
    const c = opt("long", "put", "480", { orderId: "400011" });
    const found = findStrategies([a, b, c]);
    expect(found.map((s) => [s.name, s.legs.map((l) => l.id)])).toEqual([["Call debit spread", [a.id, b.id]]]);
    expect(openedTogetherKey(a)).toBe("SPY|order 400010 2026-03-02");
    expect(openedTogetherKey({ underlying: "SPY", entryAt: AT })).toBe(`SPY|at ${AT.getTime() / 1000}`);
  });

  it("does not group one order number seen on two days (some brokers start their numbers again)", () => {
    const a = opt("long", "call", "500", { orderId: "7" });
    const b = opt("short", "call", "505", { orderId: "7", at: new Date(AT.getTime() + 86_400_000) });
    expect(findStrategies([a, b])).toEqual([]);
  });

  it("leaves out trades opened before the import and futures", () => {
    const before = { ...opt("short", "call", "505"), costBasisUnknown: true };
    expect(findStrategies([opt("long", "call", "500"), before])).toEqual([]);
    const future = { ...shares("long", "1"), assetClass: "future", underlying: "SPY" };
    expect(findStrategies([opt("long", "call", "500"), future])).toEqual([]);
  });
});

describe("strategyTotals", () => {
  it("sums the legs' net P&L and fees once every leg is closed", () => {
    expect(
      strategyTotals([
        { status: "closed", netPnl: "150.5", fees: "1.3" },
        { status: "closed", netPnl: "-80.25", fees: "1.3" },
        { status: "closed", netPnl: "-0.25", fees: "0.01" },
      ]),
    ).toEqual({ status: "closed", netPnl: "70", realizedPnl: "70", fees: "2.61", closedLegs: 3 });
  });

  it("is open with no net P&L while a leg is open, and counts what is realised", () => {
    expect(
      strategyTotals([
        { status: "closed", netPnl: "40", fees: "1" },
        { status: "open", netPnl: null, fees: "0.65" },
      ]),
    ).toEqual({ status: "open", netPnl: null, realizedPnl: "40", fees: "1.65", closedLegs: 1 });
  });
});
