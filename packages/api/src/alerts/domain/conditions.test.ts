import { describe, expect, it } from "vitest";
import {
  type AlertCondition,
  AlertConditionSchema,
  type ConditionState,
  bucketMs,
  evaluateCondition,
} from "./conditions.ts";

const T0 = Date.UTC(2026, 2, 2, 15, 0, 0); // a multiple of every bucket width used below

/** Feeds prices at the given offsets (seconds from T0) and returns which samples met the condition. */
function run(condition: AlertCondition, samples: [seconds: number, price: number][], sessionStart?: number) {
  let state: ConditionState = {};
  return samples.map(([seconds, price]) => {
    const result = evaluateCondition(
      condition,
      state,
      { symbol: "AAPL", price, at: T0 + seconds * 1000 },
      { sessionStart },
    );
    state = result.state;
    return result.met;
  });
}
const every5s = (prices: number[]) => prices.map((p, i): [number, number] => [i * 5, p]);

describe("above and below", () => {
  it("are true while the price is strictly beyond the level", () => {
    expect(run({ type: "above", level: 100 }, every5s([99, 100, 100.01, 150, 100]))).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
    expect(run({ type: "below", level: 100 }, every5s([101, 100, 99.99, 50, 100]))).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
  });
  it("are true on the very first sample (no previous needed)", () => {
    expect(run({ type: "above", level: 100 }, every5s([105]))).toEqual([true]);
  });
});

describe("crossing", () => {
  const up: AlertCondition = { type: "crossing_up", level: 100 };
  const down: AlertCondition = { type: "crossing_down", level: 100 };
  const either: AlertCondition = { type: "crossing", level: 100 };

  it("never fires on the first sample, whatever side it is on", () => {
    expect(run(up, every5s([105]))).toEqual([false]);
    expect(run(down, every5s([95]))).toEqual([false]);
    expect(run(either, every5s([100]))).toEqual([false]);
  });
  it("fires on a gap across the level", () => {
    expect(run(up, every5s([99, 105]))).toEqual([false, true]);
    expect(run(down, every5s([105, 99]))).toEqual([false, true]);
    expect(run(either, every5s([99, 105, 99]))).toEqual([false, true, true]);
  });
  it("fires once when the price passes through the level, on the sample beyond it", () => {
    expect(run(up, every5s([99, 100, 101, 102]))).toEqual([false, false, true, false]);
    expect(run(down, every5s([101, 100, 99, 98]))).toEqual([false, false, true, false]);
  });
  it("does not fire while flat at the level, nor on a touch that turns back", () => {
    expect(run(either, every5s([100, 100, 100, 100]))).toEqual([false, false, false, false]);
    expect(run(up, every5s([101, 100, 100, 101]))).toEqual([false, false, false, false]);
    expect(run(down, every5s([99, 100, 99]))).toEqual([false, false, false]);
    // Below, resting on the level, then above: one cross up, on leaving the level.
    expect(run(up, every5s([99, 100, 100, 100, 101]))).toEqual([false, false, false, false, true]);
  });
  it("ignores the other direction", () => {
    expect(run(up, every5s([101, 99, 101, 99]))).toEqual([false, false, true, false]);
    expect(run(down, every5s([101, 99, 101, 99]))).toEqual([false, true, false, true]);
  });
  it("keeps the state object when the side does not change, so nothing needs storing", () => {
    const first = evaluateCondition(up, {}, { symbol: "AAPL", price: 99, at: T0 });
    expect(first.state).toEqual({ side: "below" });
    const second = evaluateCondition(up, first.state, { symbol: "AAPL", price: 98, at: T0 + 5000 });
    expect(second.state).toBe(first.state);
  });
});

describe("moving within N minutes", () => {
  const up5pct: AlertCondition = {
    type: "moving_up",
    amount: 5,
    unit: "percent",
    window: { kind: "minutes", minutes: 1 },
  };
  const down2usd: AlertCondition = {
    type: "moving_down",
    amount: 2,
    unit: "dollars",
    window: { kind: "minutes", minutes: 1 },
  };

  it("moving up by percent measures from the window's low", () => {
    // Low 100 at 10 s; 104.99 is 4.99 % above it, 105 is exactly 5 %.
    expect(
      run(up5pct, [
        [0, 102],
        [10, 100],
        [20, 104.99],
        [30, 105],
      ]),
    ).toEqual([false, false, false, true]);
  });
  it("moving down by dollars measures from the window's high", () => {
    // High 50.5 at 5 s; 48.51 is 1.99 below, 48.5 exactly 2.
    expect(
      run(down2usd, [
        [0, 50],
        [5, 50.5],
        [10, 48.51],
        [15, 48.5],
      ]),
    ).toEqual([false, false, false, true]);
  });
  it("counts a move equal to the amount despite binary fractions (0.3 - 0.1 is not 0.2 in doubles)", () => {
    const up = { ...down2usd, type: "moving_up", amount: 0.2 } as const;
    expect(
      run(up, [
        [0, 0.1],
        [5, 0.3],
      ]),
    ).toEqual([false, true]);
  });
  it("never fires on the first sample", () => {
    expect(run(up5pct, [[0, 100]])).toEqual([false]);
  });
  it("a sample older than the window no longer counts", () => {
    // 1-minute window, 5 s buckets. The low of 100 at 0 s is inside the window at 60 s, outside at 61 s.
    expect(
      run(up5pct, [
        [0, 100],
        [60, 105],
      ]),
    ).toEqual([false, true]);
    expect(
      run(up5pct, [
        [0, 100],
        [61, 105],
      ]),
    ).toEqual([false, false]);
    expect(
      run(up5pct, [
        [0, 100],
        [30, 103],
        [65, 105],
      ]),
    ).toEqual([false, false, false]); // 103 → 105 is 1.9 %
  });
  it("keeps a 30-minute window in 30 s buckets and drops the whole bucket that begins before the window", () => {
    expect(bucketMs(1)).toBe(5_000);
    expect(bucketMs(30)).toBe(30_000);
    expect(bucketMs(1440)).toBe(1_440_000);
    const up10usd: AlertCondition = {
      ...up5pct,
      amount: 10,
      unit: "dollars",
      window: { kind: "minutes", minutes: 30 },
    };
    // Low 90 at 10 s lies in the bucket [0 s, 30 s). At 1805 s the window starts at 5 s: that bucket
    // begins before it, so it is dropped although 10 s is inside (the documented trade-off).
    expect(
      run(up10usd, [
        [10, 90],
        [1800, 100],
      ]),
    ).toEqual([false, true]);
    expect(
      run(up10usd, [
        [10, 90],
        [1805, 100],
      ]),
    ).toEqual([false, false]);
  });
  it("keeps at most 61 buckets for a one-day window", () => {
    const day: AlertCondition = { ...up5pct, window: { kind: "minutes", minutes: 1440 } };
    let state: ConditionState = {};
    for (let s = 0; s < 3 * 86_400; s += 600) {
      state = evaluateCondition(day, state, { symbol: "AAPL", price: 1000 - s / 600, at: T0 + s * 1000 }).state;
    }
    expect(state.extremes!.length).toBeLessThanOrEqual(61);
    expect(state.extremes!.length).toBeGreaterThanOrEqual(59);
  });
});

describe("moving within the session", () => {
  const session1 = T0;
  const session2 = T0 + 86_400_000;
  const up1pct: AlertCondition = { type: "moving_up", amount: 1, unit: "percent", window: { kind: "session" } };
  const down1usd: AlertCondition = { type: "moving_down", amount: 1, unit: "dollars", window: { kind: "session" } };

  it("measures from the session's low or high so far", () => {
    let state: ConditionState = {};
    const feed = (condition: AlertCondition, at: number, price: number, sessionStart: number) => {
      const r = evaluateCondition(condition, state, { symbol: "BTC", price, at }, { sessionStart });
      state = r.state;
      return r.met;
    };
    // Low 200 → 202 is exactly 1 %.
    expect([
      feed(up1pct, T0, 201, session1),
      feed(up1pct, T0 + 5e3, 200, session1),
      feed(up1pct, T0 + 6e5, 202, session1),
    ]).toEqual([false, false, true]);
    // A new session forgets yesterday's low: 202 → 203 is 0.5 %.
    expect(feed(up1pct, session2, 202, session2)).toBe(false);
    expect(feed(up1pct, session2 + 5e3, 203, session2)).toBe(false);
    state = {};
    expect([
      feed(down1usd, T0, 10, session1),
      feed(down1usd, T0 + 5e3, 9.01, session1),
      feed(down1usd, T0 + 1e4, 9, session1),
    ]).toEqual([false, false, true]);
  });
  it("needs the session's start", () => {
    expect(() => evaluateCondition(up1pct, {}, { symbol: "BTC", price: 1, at: T0 })).toThrow(/session/);
  });
});

describe("AlertConditionSchema", () => {
  const message = (input: unknown) => AlertConditionSchema.safeParse(input).error?.issues[0]?.message;

  it("accepts each condition", () => {
    expect(AlertConditionSchema.parse({ type: "crossing_up", level: 0.00000001 })).toEqual({
      type: "crossing_up",
      level: 1e-8,
    });
    expect(message({ type: "above", level: 1_000_000_000 })).toBeUndefined();
    expect(
      message({ type: "moving_down", amount: 1000, unit: "percent", window: { kind: "session" } }),
    ).toBeUndefined();
  });
  it("explains a bad level in words fit for the form", () => {
    expect(message({ type: "above", level: 0 })).toBe("Enter a price above 0");
    expect(message({ type: "above", level: -5 })).toBe("Enter a price above 0");
    expect(message({ type: "above", level: 1_000_000_000.01 })).toBe("Enter a price of at most 1,000,000,000");
    expect(message({ type: "above", level: 1.123456789 })).toBe("Use at most 8 decimal places");
    expect(message({ type: "above", level: Infinity })).toBe("Enter a price");
    expect(message({ type: "above", level: Number.NaN })).toBe("Enter a price");
    expect(message({ type: "nearby", level: 1 })).toBe("Choose a condition");
  });
  it("bounds the amount by its unit and the window to a day", () => {
    const moving = (amount: number, unit: string, window: unknown = { kind: "minutes", minutes: 30 }) =>
      message({ type: "moving_up", amount, unit, window });
    expect(moving(0.01, "percent")).toBeUndefined();
    expect(moving(0.009, "percent")).toBe("Enter a percentage between 0.01 and 1000");
    expect(moving(1000.5, "percent")).toBe("Enter a percentage between 0.01 and 1000");
    expect(moving(0, "dollars")).toBe("Enter an amount above 0");
    expect(moving(0.5, "dollars")).toBeUndefined();
    expect(moving(1, "dollars", { kind: "minutes", minutes: 1441 })).toBe("Enter at most 1440 minutes (one day)");
    expect(moving(1, "dollars", { kind: "minutes", minutes: 0 })).toBe("Enter at least 1 minute");
    expect(moving(1, "dollars", { kind: "minutes", minutes: 1.5 })).toBe("Enter whole minutes");
    expect(
      AlertConditionSchema.safeParse({ type: "moving_up", amount: 0, unit: "dollars", window: { kind: "session" } })
        .error?.issues[0]?.path,
    ).toEqual(["amount"]);
  });
});
