// Partial failure of bars (issue 14): minute bars failing while hour or day bars work gives the
// coarser series with a warning and its real bar size, when the caller opts in; a stale series of
// the asked size is still preferred, and nothing working is still "unavailable".
import { createLogger } from "@tradecraft/config";
import { describe, expect, it } from "vitest";
import { createMarket } from "./index.ts";
import { type Bar, type MarketDataProvider, MarketUnavailableError, ProviderError, type Timespan } from "./types.ts";

const T0 = Date.UTC(2026, 2, 10, 20, 30);
const FROM = Date.UTC(2026, 2, 10, 14, 30);
const TO = Date.UTC(2026, 2, 10, 20, 0);
const HOUR = 3_600_000;

const bar = (t: number, c: number): Bar => ({ t, o: c - 1, h: c + 1, l: c - 2, c, v: 100, vw: null, n: null });
const SERIES: Record<Timespan, Bar[]> = {
  minute: [bar(FROM, 190), bar(FROM + 60_000, 191)],
  hour: [13, 14, 15, 19, 20].map((h, i) => bar(Date.UTC(2026, 2, 10, h), 180 + i)),
  day: [bar(Date.UTC(2026, 2, 9), 170), bar(Date.UTC(2026, 2, 10), 171)],
};

/** A stock provider whose bar sizes in `failing` answer 502; records every bars call. */
function setup() {
  const clock = { now: T0 };
  const failing = new Set<Timespan>();
  const calls: [Timespan, number, number][] = [];
  const massive: MarketDataProvider = {
    name: "massive",
    simulated: false,
    handles: (_symbol, assetClass) => assetClass === "stock",
    quotes: async () => [],
    async bars(_symbol, timespan, from, to) {
      calls.push([timespan, from, to]);
      if (failing.has(timespan)) throw new ProviderError("massive", "http", "upstream answered 502", 502);
      return SERIES[timespan].filter((b) => b.t >= from && b.t < to);
    },
    search: async () => [],
  };
  const market = createMarket({
    providers: { massive },
    logger: createLogger({ level: "silent" }),
    now: () => clock.now,
  });
  return { clock, failing, calls, market };
}

describe("bars when the asked size fails", () => {
  it("serves day bars with a warning when minute and hour bars fail, from the day holding the start", async () => {
    const { failing, calls, market } = setup();
    failing.add("minute").add("hour");
    const result = await market.bars("AAPL", "minute", FROM, TO, { coarser: true });
    expect(result).toMatchObject({ timespan: "day", source: "massive", stale: false, data: [SERIES.day[1]] });
    expect(result.warnings).toEqual(["Minute bars are unavailable right now; showing day bars."]);
    // The day call starts one day (less 1 ms) before FROM, rounded down to the minute: 9 March 14:30.
    expect(calls).toEqual([
      ["minute", FROM, TO],
      ["hour", FROM - HOUR, TO],
      ["day", Date.UTC(2026, 2, 9, 14, 30), TO],
    ]);
  });

  it("serves hour bars when they work: the 14:00 bar holds 14:30, the 13:00 bar is left out", async () => {
    const { failing, market } = setup();
    failing.add("minute");
    const result = await market.bars("AAPL", "minute", FROM, TO, { coarser: true });
    expect(result.timespan).toBe("hour");
    expect(result.data.map((b) => b.c)).toEqual([181, 182, 183]);
    expect(result.warnings).toEqual(["Minute bars are unavailable right now; showing hour bars."]);
  });

  it("prefers the asked size's last good series, marked stale, over coarser bars", async () => {
    const { clock, failing, calls, market } = setup();
    expect((await market.bars("AAPL", "minute", FROM, TO, { coarser: true })).data).toEqual(SERIES.minute);
    clock.now = T0 + 60_000;
    failing.add("minute");
    const result = await market.bars("AAPL", "minute", FROM, TO, { coarser: true });
    expect(result).toMatchObject({ timespan: "minute", stale: true, asOf: T0, data: SERIES.minute });
    expect(calls.map(([timespan]) => timespan)).toEqual(["minute", "minute"]);
  });

  it("still says unavailable without the option, and when every size fails", async () => {
    const { failing, calls, market } = setup();
    failing.add("minute");
    await expect(market.bars("AAPL", "minute", FROM, TO)).rejects.toBeInstanceOf(MarketUnavailableError);
    expect(calls.map(([timespan]) => timespan)).toEqual(["minute"]);
    failing.add("hour").add("day");
    await expect(market.bars("AAPL", "minute", FROM, TO, { coarser: true })).rejects.toBeInstanceOf(
      MarketUnavailableError,
    );
  });

  it("answers the asked size, untouched, when it works", async () => {
    const { market } = setup();
    const result = await market.bars("AAPL", "hour", FROM, TO, { coarser: true });
    expect(result).toMatchObject({ timespan: "hour", warnings: [], data: SERIES.hour.slice(2, 4) });
  });
});
