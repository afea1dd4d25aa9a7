import { describe, expect, it } from "vitest";
import { blackScholes } from "./black-scholes.ts";
import { createSimulatedProvider } from "./simulated.ts";
import { SIMULATED_RATE } from "./simulated-options.ts";
import type { Bar } from "./types.ts";

const utc = (month: number, day: number, hour = 0, minute = 0) => Date.UTC(2026, month - 1, day, hour, minute);
const LATER = utc(12, 7, 16); // a clock after every day the tests look at
const at = (now: number) => createSimulatedProvider({ now: () => now });
const iso = (t: number) => new Date(t).toISOString().slice(0, 16);

/** The bars' aggregate as the contract defines it, written out here rather than taken from the code. */
function expected(minutes: Bar[], t: number) {
  return {
    t,
    o: minutes[0]!.o,
    h: Math.max(...minutes.map((b) => b.h)),
    l: Math.min(...minutes.map((b) => b.l)),
    c: minutes.at(-1)!.c,
    v: minutes.reduce((sum, b) => sum + b.v, 0),
  };
}
const ohlcv = ({ t, o, h, l, c, v }: Bar) => ({ t, o, h, l, c, v });
function byDay(bars: Bar[]): Map<string, Bar[]> {
  const days = new Map<string, Bar[]>();
  for (const bar of bars) days.set(iso(bar.t).slice(0, 10), [...(days.get(iso(bar.t).slice(0, 10)) ?? []), bar]);
  return days;
}

describe("the simulated provider", () => {
  it("gives the same bars for the same symbol and time, in any instance and at any later clock", async () => {
    const a = await at(LATER).bars("AAPL", "minute", utc(3, 9), utc(3, 10));
    const b = await at(LATER + 86_400_000).bars("AAPL", "minute", utc(3, 9), utc(3, 10));
    expect(a).toHaveLength(390);
    expect(b).toEqual(a);
    expect(await at(LATER).bars("MSFT", "minute", utc(3, 9), utc(3, 10))).not.toEqual(a);
  });

  it("anchors well-known symbols near their price and every price is finite", async () => {
    const quotes = await at(LATER).quotes(["AAPL", "BTC", "ES", "ZZZZ"]);
    const price = Object.fromEntries(quotes.map((q) => [q.symbol, q.price]));
    expect(price.AAPL).toBeGreaterThan(190 / 2);
    expect(price.AAPL).toBeLessThan(190 * 2);
    expect(price.BTC).toBeGreaterThan(95_000 / 3);
    expect(price.BTC).toBeLessThan(95_000 * 3);
    expect(price.ES).toBeGreaterThan(5600 / 2);
    for (const q of quotes)
      for (const value of Object.values(q)) if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
  });

  it("trades stocks 09:30–16:00 New York, Monday to Friday, across the March DST change", async () => {
    const days = byDay(await at(LATER).bars("AAPL", "minute", utc(3, 6), utc(3, 10)));
    expect([...days.keys()]).toEqual(["2026-03-06", "2026-03-09"]);
    // Friday in EST (UTC−5), Monday in EDT (UTC−4).
    expect([
      days.get("2026-03-06")!.length,
      iso(days.get("2026-03-06")![0]!.t),
      iso(days.get("2026-03-06")!.at(-1)!.t),
    ]).toEqual([390, "2026-03-06T14:30", "2026-03-06T20:59"]);
    expect([
      days.get("2026-03-09")!.length,
      iso(days.get("2026-03-09")![0]!.t),
      iso(days.get("2026-03-09")!.at(-1)!.t),
    ]).toEqual([390, "2026-03-09T13:30", "2026-03-09T19:59"]);
  });

  it("moves the session back an hour in UTC after the November change", async () => {
    const days = byDay(await at(LATER).bars("SPY", "minute", utc(10, 30), utc(11, 3)));
    expect(iso(days.get("2026-10-30")![0]!.t)).toBe("2026-10-30T13:30");
    expect(iso(days.get("2026-11-02")![0]!.t)).toBe("2026-11-02T14:30");
    expect(days.has("2026-10-31")).toBe(false);
  });

  it("trades futures Sunday 18:00 to Friday 17:00 New York with the daily 17:00–18:00 break", async () => {
    const weekend = await at(LATER).bars("ES", "minute", utc(3, 6, 12), utc(3, 9));
    const gapFrom = weekend.findIndex((b, i) => weekend[i + 1] && weekend[i + 1]!.t - b.t > 60_000);
    expect(iso(weekend[gapFrom]!.t)).toBe("2026-03-06T21:59"); // Friday 16:59 EST
    expect(iso(weekend[gapFrom + 1]!.t)).toBe("2026-03-08T22:00"); // Sunday 18:00 EDT
    const tuesday = await at(LATER).bars("ES", "minute", utc(3, 10, 20), utc(3, 10, 23));
    expect(tuesday.filter((b) => b.t >= utc(3, 10, 21) && b.t < utc(3, 10, 22))).toEqual([]);
    expect(tuesday).toHaveLength(120);
  });

  it("trades crypto around the clock, weekends included", async () => {
    const saturday = await at(LATER).bars("BTC", "minute", utc(3, 7), utc(3, 8));
    expect(saturday).toHaveLength(1440);
    expect(saturday.every((b, i) => b.t === utc(3, 7) + i * 60_000)).toBe(true);
  });

  it("makes hour and day bars the exact aggregates of the minute bars", async () => {
    const provider = at(LATER);
    const minutes = await provider.bars("AAPL", "minute", utc(3, 9), utc(3, 10));
    const hours = await provider.bars("AAPL", "hour", utc(3, 9), utc(3, 10));
    expect(hours.map((b) => iso(b.t).slice(11))).toEqual([
      "13:00",
      "14:00",
      "15:00",
      "16:00",
      "17:00",
      "18:00",
      "19:00",
    ]);
    for (const hour of hours)
      expect(ohlcv(hour)).toEqual(
        expected(
          minutes.filter((m) => m.t >= hour.t && m.t < hour.t + 3_600_000),
          hour.t,
        ),
      );
    const [day] = await provider.bars("AAPL", "day", utc(3, 9), utc(3, 10));
    expect(ohlcv(day!)).toEqual(expected(minutes, utc(3, 9, 4))); // New York midnight (EDT)
    expect(ohlcv(day!)).toEqual(expected(hours, utc(3, 9, 4)));
    // Crypto days are UTC days.
    const btc = await provider.bars("BTC", "minute", utc(3, 7), utc(3, 8));
    const [btcDay] = await provider.bars("BTC", "day", utc(3, 7), utc(3, 8));
    expect(ohlcv(btcDay!)).toEqual(expected(btc, utc(3, 7)));
  });

  it("ends the bars at its clock: today's day bar is the session so far", async () => {
    const now = utc(3, 10, 15, 0); // Tuesday 11:00 EDT
    const minutes = await at(now).bars("AAPL", "minute", utc(3, 10), utc(3, 11));
    expect(iso(minutes.at(-1)!.t)).toBe("2026-03-10T14:59");
    const [day] = await at(now).bars("AAPL", "day", utc(3, 10), utc(3, 11));
    expect(ohlcv(day!)).toEqual(expected(minutes, utc(3, 10, 4)));
  });

  it("quotes the last minute's close with the day so far and the change from the previous close", async () => {
    const now = utc(3, 10, 15, 0);
    const [quote] = await at(now).quotes(["AAPL"]);
    const today = await at(now).bars("AAPL", "minute", utc(3, 10), now);
    const monday = await at(now).bars("AAPL", "minute", utc(3, 9), utc(3, 10));
    const day = expected(today, 0);
    const previousClose = monday.at(-1)!.c;
    expect(quote).toEqual({
      symbol: "AAPL",
      price: day.c,
      change: Math.round((day.c - previousClose) * 100) / 100,
      changePercent: Math.round((Math.round((day.c - previousClose) * 100) / 100 / previousClose) * 1_000_000) / 10_000,
      open: day.o,
      dayHigh: day.h,
      dayLow: day.l,
      previousClose,
      volume: day.v,
      at: now,
    });
  });

  it("quotes Friday's close on Saturday, made at the close", async () => {
    const [quote] = await at(utc(3, 7, 12)).quotes(["AAPL"]);
    const friday = await at(LATER).bars("AAPL", "minute", utc(3, 6), utc(3, 7));
    const thursday = await at(LATER).bars("AAPL", "minute", utc(3, 5), utc(3, 6));
    expect(quote).toMatchObject({ price: friday.at(-1)!.c, previousClose: thursday.at(-1)!.c, at: utc(3, 6, 21) });
  });

  it("lists an options chain with a 0DTE expiry on a weekday, sane greeks and put–call parity within a cent", async () => {
    const now = utc(3, 10, 15, 0);
    const chain = await at(now).optionsChain("SPY");
    const spot = chain.underlyingPrice!;
    expect([...new Set(chain.contracts.map((c) => c.expiration))]).toEqual([
      "2026-03-10",
      "2026-03-13",
      "2026-03-20",
      "2026-03-27",
      "2026-04-17",
    ]);
    for (const c of chain.contracts) {
      const dte = c.expiration !== "2026-03-10";
      if (c.type === "call") expect(c.delta!).toSatisfy((d: number) => (dte ? d > 0 && d < 1 : d >= 0 && d <= 1));
      else expect(c.delta!).toSatisfy((d: number) => (dte ? d < 0 && d > -1 : d <= 0 && d >= -1));
      expect(c.gamma).toBeGreaterThanOrEqual(0);
      expect(c.bid!).toBeLessThanOrEqual(c.ask!);
    }
    for (const call of chain.contracts.filter((c) => c.type === "call")) {
      const put = chain.contracts.find(
        (c) => c.type === "put" && c.strike === call.strike && c.expiration === call.expiration,
      )!;
      const [y, m, d] = call.expiration.split("-").map(Number) as [number, number, number];
      const years = (Date.UTC(y, m - 1, d, 20) - now) / (365 * 86_400_000); // 16:00 EDT
      expect(
        Math.abs(call.last! - put.last! - (spot - call.strike * Math.exp(-SIMULATED_RATE * years))),
      ).toBeLessThanOrEqual(0.0100001);
      // The greeks are Black–Scholes' at the listed volatility.
      const bs = blackScholes({
        type: "call",
        spot,
        strike: call.strike,
        years,
        volatility: call.impliedVolatility!,
        rate: SIMULATED_RATE,
      });
      expect(call.delta).toBeCloseTo(bs.delta, 3);
    }
    const saturday = await at(utc(3, 7, 12)).optionsChain("SPY");
    expect(saturday.contracts.some((c) => c.expiration === "2026-03-07")).toBe(false);
    await expect(at(now).optionsChain("BTC")).rejects.toThrow("Options chains are for stocks");
  });

  it("reports quarterly earnings: the last four and the next, on weekdays", async () => {
    const events = await at(utc(3, 10, 15)).earnings("AAPL");
    expect(events).toHaveLength(5);
    expect(events.slice(0, 4).every((e) => e.epsActual !== null && e.date < "2026-03-10")).toBe(true);
    expect(events[4]!.epsActual).toBeNull();
    expect(events[4]!.date > "2026-03-10").toBe(true);
    for (const e of events) expect([0, 6]).not.toContain(new Date(`${e.date}T12:00Z`).getUTCDay());
    expect(await at(LATER).earnings("BTC")).toEqual([]);
  });

  it("searches well-known symbols: exact symbol first, then prefixes, then names, at most 10", async () => {
    const provider = at(LATER);
    expect((await provider.search("es"))[0]!.symbol).toBe("ES");
    expect((await provider.search("apple")).map((m) => m.symbol)).toEqual(["AAPL"]);
    expect((await provider.search("micro")).map((m) => m.symbol)).toContain("MES");
    expect(await provider.search("m")).toHaveLength(10);
    expect(await provider.search("  ")).toEqual([]);
  });

  it("computes five days of minute bars in well under 50 ms", async () => {
    const provider = at(LATER);
    await provider.bars("QQQ", "minute", LATER - 5 * 86_400_000, LATER); // warm up the JIT and time zone data
    const times: number[] = [];
    for (const symbol of ["ETH", "TSLA", "NQ"]) {
      const start = performance.now();
      await provider.bars(symbol, "minute", LATER - 5 * 86_400_000, LATER);
      times.push(performance.now() - start);
    }
    expect(times.sort((a, b) => a - b)[1]).toBeLessThan(50);
  });

  it("lets other work run while it walks years of cold crypto days", async () => {
    const provider = at(LATER);
    let longest = 0;
    let last = performance.now();
    let done = false;
    const watch = (async () => {
      while (!done) {
        await new Promise((resolve) => setImmediate(resolve));
        longest = Math.max(longest, performance.now() - last);
        last = performance.now();
      }
    })();
    // Five years of UTC days: 2.6 million minutes, about a second of work in one piece.
    const days = await provider.bars("AVAX", "day", LATER - 5 * 365 * 86_400_000, LATER);
    done = true;
    await watch;
    expect(days).toHaveLength(5 * 365);
    expect(longest).toBeLessThan(250);
  });
});
