// Analytics through the caller on a real database: breakdowns, the equity curve and the P&L
// calendar, in the member's time zone, with the journal's filters, and only the member's trades.
import { closePrisma, closeRedis } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function memberApi(timeZone: string) {
  return (await newMember({ label: "analytics", displayName: "Ana Lytics", timeZone })).api;
}
type Api = Awaited<ReturnType<typeof memberApi>>;

/** A closed long or short of `quantity` shares, entered and exited at the given instants. */
async function closed(
  api: Api,
  accountId: string,
  t: {
    symbol: string;
    direction?: "long" | "short";
    entry: string;
    exit: string;
    entryPrice: string;
    exitPrice: string;
    quantity?: string;
    fees?: string;
    stopLoss?: string;
    tags?: string[];
    setupId?: string;
  },
) {
  return api.journal.create({
    accountId,
    symbol: t.symbol,
    direction: t.direction ?? "long",
    quantity: t.quantity ?? "10",
    entryPrice: t.entryPrice,
    entryAt: new Date(t.entry),
    exitPrice: t.exitPrice,
    exitAt: new Date(t.exit),
    fees: t.fees ?? "0",
    stopLoss: t.stopLoss,
    tags: t.tags ?? [],
    setupId: t.setupId,
  });
}

// Alice trades from New York. By hand:
//   T1 AAPL long 10 @100 → 110, Mon 2 Mar 23:30–23:45 EST (Tue 04:30–04:45 UTC), stop 95: +100, 2R, setup ORB, tag "late"
//   T2 AAPL short 10 @50 → 52, Tue 3 Mar 10:00–10:03 EST, fees 1: −21, tags "late", "gap"
//   T3 MSFT long 1 @100 → 130, Fri 6 Mar 09:45 EST → Mon 9 Mar 11:00 EDT (a swing, other account): +30
//   T4 NVDA long, still open: in no statistic.
let alice: Api;
let bob: Api;
let main: { id: string };
let swing: { id: string };

beforeAll(async () => {
  alice = await memberApi("America/New_York");
  bob = await memberApi("America/New_York");
  main = await alice.accounts.create({ name: "Main", startingBalance: "10000" });
  swing = await alice.accounts.create({ name: "Swing" });
  const orb = await alice.setups.create({ name: "ORB" });
  await closed(alice, main.id, {
    symbol: "AAPL",
    entry: "2026-03-03T04:30:00Z",
    exit: "2026-03-03T04:45:00Z",
    entryPrice: "100",
    exitPrice: "110",
    stopLoss: "95",
    tags: ["late"],
    setupId: orb.id,
  });
  await closed(alice, main.id, {
    symbol: "AAPL",
    direction: "short",
    entry: "2026-03-03T15:00:00Z",
    exit: "2026-03-03T15:03:00Z",
    entryPrice: "50",
    exitPrice: "52",
    fees: "1",
    tags: ["late", "gap"],
  });
  await closed(alice, swing.id, {
    symbol: "MSFT",
    quantity: "1",
    entry: "2026-03-06T14:45:00Z",
    exit: "2026-03-09T15:00:00Z",
    entryPrice: "100",
    exitPrice: "130",
  });
  await alice.journal.create({
    accountId: main.id,
    symbol: "NVDA",
    direction: "long",
    quantity: "1",
    entryPrice: "900",
    entryAt: new Date("2026-03-04T15:00:00Z"),
  });
});

const rows = (groups: { label: string; tradeCount: number; netPnl: number }[]) =>
  groups.map((g) => [g.label, g.tradeCount, g.netPnl]);

describe("analytics.summary", () => {
  it("returns every statistic the issue lists, computed by hand", async () => {
    const s = await alice.analytics.summary({});
    expect(Object.keys(s).sort()).toEqual(
      [
        "tradeCount",
        "wins",
        "losses",
        "scratches",
        "winRate",
        "netPnl",
        "grossPnl",
        "fees",
        "averageWin",
        "averageLoss",
        "payoffRatio",
        "profitFactor",
        "expectancy",
        "expectancyR",
        "maxDrawdown",
        "maxDrawdownPct",
        "longestWinStreak",
        "longestLossStreak",
        "bestTrade",
        "worstTrade",
        "averageHoldMinutes",
        "sqn",
        "distributions",
        "excursions",
      ].sort(),
    );
    expect(s).toMatchObject({
      tradeCount: 3,
      wins: 2,
      losses: 1,
      scratches: 0,
      netPnl: 109,
      grossPnl: 110,
      fees: 1,
      averageWin: 65,
      averageLoss: -21,
      bestTrade: 100,
      worstTrade: -21,
    });
    expect(s.profitFactor).toBeCloseTo(130 / 21);
    expect(s.expectancy).toBe(36.33); // 109 ÷ 3
    expect(s.expectancyR).toBe(2); // only T1's risk is known
    expect(s.sqn).toBeNull(); // N = 1
    expect(s.maxDrawdown).toBe(21);
    expect(s.maxDrawdownPct).toBeNull(); // Swing has no starting balance
    expect(s).toMatchObject({ longestWinStreak: 1, longestLossStreak: 1 });
    // (15 + 3 + 3 days 0 h 15 min) ÷ 3: 14:45 EST Friday to 15:00 UTC Monday is 72 h 15 min.
    expect(s.averageHoldMinutes).toBeCloseTo((15 + 3 + 72 * 60 + 15) / 3);
    // The three trades (+100, +30, −21) in round bands with 0 as an edge; the one known R (2) alone.
    expect(s.distributions.netPnl.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(s.distributions.netPnl[0]).toMatchObject({ from: -40, to: -20, count: 1 }); // bands of 20 over −21…100
    expect(s.distributions.netPnl.at(-1)).toMatchObject({ from: 100, count: 1 });
    expect(s.distributions.rMultiple.at(-1)).toMatchObject({ from: 2, count: 1 });
  });
});

describe("analytics.breakdown", () => {
  it("by symbol, setup, tag and account, with each group's statistics", async () => {
    const bySymbol = await alice.analytics.breakdown({ by: "symbol" });
    expect(rows(bySymbol.groups)).toEqual([
      ["AAPL", 2, 79],
      ["MSFT", 1, 30],
    ]);
    const aapl = bySymbol.groups[0]!;
    expect(aapl).toMatchObject({
      key: "AAPL",
      wins: 1,
      losses: 1,
      scratches: 0,
      winRate: 0.5,
      averageNetPnl: 39.5,
      expectancy: 39.5,
      expectancyR: 2,
    });
    expect(aapl.profitFactor).toBeCloseTo(100 / 21);
    expect(bySymbol.groups[1]!.profitFactor).toBe(Infinity);

    expect(rows((await alice.analytics.breakdown({ by: "setup" })).groups)).toEqual([
      ["No setup", 2, 9],
      ["ORB", 1, 100],
    ]);
    // A trade counts under each of its tags.
    expect(rows((await alice.analytics.breakdown({ by: "tag" })).groups)).toEqual([
      ["late", 2, 79],
      ["gap", 1, -21],
      ["No tag", 1, 30],
    ]);
    expect(rows((await alice.analytics.breakdown({ by: "account" })).groups)).toEqual([
      ["Main", 2, 79],
      ["Swing", 1, 30],
    ]);
  });

  it("weekday and hour of entry are the member's, holding time is exit − entry", async () => {
    expect(rows((await alice.analytics.breakdown({ by: "weekday" })).groups)).toEqual([
      ["Mon", 1, 100],
      ["Tue", 1, -21],
      ["Fri", 1, 30],
    ]);
    expect(rows((await alice.analytics.breakdown({ by: "hour" })).groups)).toEqual([
      ["09:00–10:00", 1, 30],
      ["10:00–11:00", 1, -21],
      ["23:00–00:00", 1, 100],
    ]);
    expect(rows((await alice.analytics.breakdown({ by: "holding" })).groups)).toEqual([
      ["<5m", 1, -21],
      ["5–30m", 1, 100],
      ["1–7d", 1, 30],
    ]);
    // The same late trade for a member in Tokyo is Tuesday afternoon's.
    const tokyo = await memberApi("Asia/Tokyo");
    const acct = await tokyo.accounts.create({ name: "Main" });
    await closed(tokyo, acct.id, {
      symbol: "AAPL",
      entry: "2026-03-03T04:30:00Z",
      exit: "2026-03-03T04:45:00Z",
      entryPrice: "100",
      exitPrice: "110",
    });
    expect(rows((await tokyo.analytics.breakdown({ by: "weekday" })).groups)).toEqual([["Tue", 1, 100]]);
    expect(rows((await tokyo.analytics.breakdown({ by: "hour" })).groups)).toEqual([["13:00–14:00", 1, 100]]);
  });

  it("applies the journal's filters", async () => {
    expect(rows((await alice.analytics.breakdown({ by: "weekday", filters: { symbol: "aapl" } })).groups)).toEqual([
      ["Mon", 1, 100],
      ["Tue", 1, -21],
    ]);
    expect(rows((await alice.analytics.breakdown({ by: "symbol", filters: { tag: "gap" } })).groups)).toEqual([
      ["AAPL", 1, -21],
    ]);
    expect(rows((await alice.analytics.breakdown({ by: "symbol", filters: { accountId: swing.id } })).groups)).toEqual([
      ["MSFT", 1, 30],
    ]);
    // Entry dates are the member's days: Monday 2 March holds only the 23:30 trade.
    expect(
      rows(
        (await alice.analytics.breakdown({ by: "symbol", filters: { from: "2026-03-02", to: "2026-03-02" } })).groups,
      ),
    ).toEqual([["AAPL", 1, 100]]);
    expect(rows((await alice.analytics.breakdown({ by: "symbol", filters: { outcome: "loss" } })).groups)).toEqual([
      ["AAPL", 1, -21],
    ]);
  });
});

describe("analytics.equityCurve", () => {
  it("cumulative P&L in exit order with the drawdown at each point", async () => {
    const curve = await alice.analytics.equityCurve({});
    expect(curve.points.map((p) => [p.tradeNumber, p.netPnl, p.cumulative, p.drawdown])).toEqual([
      [1, 100, 100, 0],
      [2, -21, 79, 21],
      [3, 30, 109, 0],
    ]);
    expect(curve.points.map((p) => p.exitAt.toISOString())).toEqual([
      "2026-03-03T04:45:00.000Z",
      "2026-03-03T15:03:00.000Z",
      "2026-03-09T15:00:00.000Z",
    ]);
    expect(curve).toMatchObject({
      tradeCount: 3,
      downsampled: false,
      netPnl: 109,
      maxDrawdown: 21,
      startingBalance: null,
    });
  });

  it("with one account's filter, its starting balance gives the drawdown as a share of peak equity", async () => {
    const curve = await alice.analytics.equityCurve({ filters: { accountId: main.id } });
    expect(curve.startingBalance).toBe(10_000);
    expect(curve.points.map((p) => p.cumulative)).toEqual([100, 79]);
    expect(curve.points[1]!.drawdownPct).toBeCloseTo(21 / 10_100);
    expect((await alice.analytics.equityCurve({ filters: { side: "short" } })).points.map((p) => p.netPnl)).toEqual([
      -21,
    ]);
  });
});

describe("analytics.calendar", () => {
  it("a month of the member's days: each trade on the day it closed, in their zone", async () => {
    const march = await alice.analytics.calendar({ month: "2026-03" });
    expect(march).toMatchObject({
      month: "2026-03",
      start: "2026-03-01",
      end: "2026-03-31",
      timeZone: "America/New_York",
      netPnl: 109,
      tradeCount: 3,
    });
    expect(march.days).toHaveLength(31);
    expect(march.days.filter((d) => d.tradeCount).map((d) => [d.day, d.weekday, d.netPnl, d.tradeCount])).toEqual([
      ["2026-03-02", "Mon", 100, 1], // 23:45 New York, though Tuesday in UTC
      ["2026-03-03", "Tue", -21, 1],
      ["2026-03-09", "Mon", 30, 1],
    ]);
    expect(
      (await alice.analytics.calendar({ month: "2026-03", filters: { tag: "gap" } })).days
        .filter((d) => d.tradeCount)
        .map((d) => d.day),
    ).toEqual(["2026-03-03"]);
    expect((await alice.analytics.calendar({ month: "2026-02" })).tradeCount).toBe(0);
  });

  it("day boundaries are midnight in the member's zone, across a DST change and a month's end", async () => {
    const api = await memberApi("America/New_York");
    const acct = await api.accounts.create({ name: "Edges" });
    const at = (exit: string, exitPrice: string) =>
      closed(api, acct.id, {
        symbol: "SPY",
        quantity: "1",
        entry: new Date(new Date(exit).getTime() - 60_000).toISOString(),
        exit,
        entryPrice: "100",
        exitPrice,
      });
    await at("2026-03-03T04:59:59.999Z", "101"); // Mon 2 Mar 23:59:59.999 EST: +1
    await at("2026-03-03T05:00:00.000Z", "102"); // Tue 3 Mar 00:00 EST: +2
    await at("2026-03-09T03:59:59.000Z", "104"); // Sun 8 Mar 23:59:59 EDT (the 23-hour day): +4
    await at("2026-03-09T04:00:00.000Z", "108"); // Mon 9 Mar 00:00 EDT: +8
    await at("2026-04-01T03:30:00.000Z", "116"); // Tue 31 Mar 23:30 EDT, 1 April in UTC: +16
    const march = await api.analytics.calendar({ month: "2026-03" });
    expect(march.days.filter((d) => d.tradeCount).map((d) => [d.day, d.netPnl])).toEqual([
      ["2026-03-02", 1],
      ["2026-03-03", 2],
      ["2026-03-08", 4],
      ["2026-03-09", 8],
      ["2026-03-31", 16],
    ]);
    expect((await api.analytics.calendar({ month: "2026-04" })).tradeCount).toBe(0);
    const range = await api.analytics.calendar({ start: "2026-03-03", end: "2026-03-08" });
    expect(range).toMatchObject({ month: null, start: "2026-03-03", end: "2026-03-08", netPnl: 6, tradeCount: 2 });
    expect(range.days).toHaveLength(6);

    // The same instants for a member in UTC fall on other days.
    const utc = await memberApi("UTC");
    const utcAcct = await utc.accounts.create({ name: "Edges" });
    await closed(utc, utcAcct.id, {
      symbol: "SPY",
      quantity: "1",
      entry: "2026-03-03T04:58:00Z",
      exit: "2026-03-03T04:59:59.999Z",
      entryPrice: "100",
      exitPrice: "101",
    });
    await closed(utc, utcAcct.id, {
      symbol: "SPY",
      quantity: "1",
      entry: "2026-04-01T03:29:00Z",
      exit: "2026-04-01T03:30:00Z",
      entryPrice: "100",
      exitPrice: "116",
    });
    expect(
      (await utc.analytics.calendar({ month: "2026-03" })).days
        .filter((d) => d.tradeCount)
        .map((d) => [d.day, d.netPnl]),
    ).toEqual([["2026-03-03", 1]]);
    expect(
      (await utc.analytics.calendar({ month: "2026-04" })).days
        .filter((d) => d.tradeCount)
        .map((d) => [d.day, d.netPnl]),
    ).toEqual([["2026-04-01", 16]]);
  });

  it("without a month, the member's current month", async () => {
    const now = new Intl.DateTimeFormat("en-CA", {
      timeZone: "America/New_York",
      year: "numeric",
      month: "2-digit",
    }).format(new Date());
    const calendar = await alice.analytics.calendar({});
    expect(calendar.month).toBe(now.slice(0, 7));
    expect(calendar.start).toBe(`${now.slice(0, 7)}-01`);
  });

  it("refuses a range over 370 days, half a range, a month with a range, and impossible dates", async () => {
    expect(await failureOf(alice.analytics.calendar({ start: "2025-01-01", end: "2026-01-06" }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { end: ["A calendar covers at most 370 days"] },
    });
    expect((await alice.analytics.calendar({ start: "2025-01-01", end: "2026-01-05" })).days).toHaveLength(370);
    expect((await failureOf(alice.analytics.calendar({ start: "2026-03-01" }))).fields).toHaveProperty("end");
    expect(
      (await failureOf(alice.analytics.calendar({ month: "2026-03", start: "2026-03-01", end: "2026-03-02" }))).fields,
    ).toHaveProperty("month");
    expect(
      (await failureOf(alice.analytics.calendar({ start: "2026-02-30", end: "2026-03-02" }))).fields,
    ).toHaveProperty("start");
    expect((await failureOf(alice.analytics.calendar({ month: "2026-13" }))).fields).toHaveProperty("month");
    expect(
      (await failureOf(alice.analytics.calendar({ start: "2026-03-05", end: "2026-03-01" }))).fields,
    ).toHaveProperty("end");
    expect((await failureOf(alice.analytics.breakdown({ by: "mood" as never }))).fields).toHaveProperty("by");
  });
});

describe("ownership", () => {
  it("another member sees none of Alice's trades, even with her account in the filter", async () => {
    for (const filters of [{}, { accountId: main.id }]) {
      expect((await bob.analytics.summary(filters)).tradeCount).toBe(0);
      for (const by of ["symbol", "weekday", "account", "tag"] as const)
        expect((await bob.analytics.breakdown({ by, filters })).groups).toEqual([]);
      expect(await bob.analytics.equityCurve({ filters })).toMatchObject({ tradeCount: 0, points: [] });
      const calendar = await bob.analytics.calendar({ month: "2026-03", filters });
      expect(calendar.tradeCount).toBe(0);
      expect(calendar.days.every((d) => d.tradeCount === 0 && d.netPnl === 0)).toBe(true);
    }
    // Her starting balance is not his either.
    expect((await bob.analytics.equityCurve({ filters: { accountId: main.id } })).startingBalance).toBeNull();
  });
});

describe("the member's breakeven band", () => {
  it("counts net P&L within ± band as a scratch in the summary, the breakdowns and the list's outcome filter", async () => {
    const carol = await memberApi("America/New_York");
    const account = await carol.accounts.create({ name: "Band" });
    // Net P&L by hand (10 shares, no fees): +3, +10, −4, −20.
    const day = (hour: number) => ({ entry: `2026-03-02T${hour}:00:00Z`, exit: `2026-03-02T${hour}:30:00Z` });
    await closed(carol, account.id, { symbol: "AAA", ...day(14), entryPrice: "10", exitPrice: "10.30" });
    await closed(carol, account.id, { symbol: "AAA", ...day(15), entryPrice: "10", exitPrice: "11" });
    await closed(carol, account.id, { symbol: "AAA", ...day(16), entryPrice: "10", exitPrice: "9.60" });
    await closed(carol, account.id, { symbol: "AAA", ...day(17), entryPrice: "10", exitPrice: "8" });

    expect(await carol.analytics.summary({})).toMatchObject({ wins: 2, losses: 2, scratches: 0 });

    const profile = await carol.account.profile();
    await carol.account.updateProfile({
      displayName: profile.displayName,
      bio: "",
      timeZone: profile.timeZone,
      coachStyle: profile.coachStyle,
      breakevenBand: "5",
    });
    expect((await carol.account.profile()).breakevenBand).toBe(5);

    // A $5 band: +3 and −4 are scratches; +10 wins, −20 loses.
    expect(await carol.analytics.summary({})).toMatchObject({
      tradeCount: 4,
      wins: 1,
      losses: 1,
      scratches: 2,
      winRate: 0.5,
    });
    const [symbol] = (await carol.analytics.breakdown({ filters: {}, by: "symbol" })).groups;
    expect(symbol).toMatchObject({ label: "AAA", wins: 1, losses: 1 });
    const netOf = async (outcome: "win" | "loss" | "scratch") =>
      (await carol.journal.list({ filters: { outcome } })).trades.map((t) => Number(t.netPnl)).sort((a, b) => a - b);
    expect(await netOf("scratch")).toEqual([-4, 3]);
    expect(await netOf("win")).toEqual([10]);
    expect(await netOf("loss")).toEqual([-20]);
    expect((await carol.analytics.summary({ outcome: "scratch" })).tradeCount).toBe(2);
  });

  it("refuses a negative or huge band with a field error", async () => {
    const dave = await memberApi("UTC");
    const base = { displayName: "Dave", bio: "", timeZone: "UTC", coachStyle: "concise" as const };
    expect(
      (await failureOf(dave.account.updateProfile({ ...base, breakevenBand: "-1" }))).fields.breakevenBand,
    ).toBeDefined();
    expect(
      (await failureOf(dave.account.updateProfile({ ...base, breakevenBand: "20000" }))).fields.breakevenBand,
    ).toBeDefined();
    expect(
      (await failureOf(dave.account.updateProfile({ ...base, breakevenBand: "five" }))).fields.breakevenBand,
    ).toBeDefined();
  });
});
