// The Pro analytics (analytics.mistakePatterns, analytics.compareSetups) through the caller and
// over HTTP on a real database and Redis: the tier gate and its error data, an admin's upgrade
// seen on the very next call, hand-computed patterns, the journal's filters, and ownership.
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { appRouter, createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";
import { TierRequiredError } from "../usage/errors.ts";
import { TIER_REQUIRED_MESSAGE } from "../usage/tier.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function userOf(tier: "FREE" | "PRO", role: "MEMBER" | "ADMIN" = "MEMBER"): Promise<SessionUser> {
  return prisma.user.create({
    data: {
      email: `patterns-${randomUUID()}@example.test`,
      displayName: "Pat Terns",
      tier,
      role,
      profile: { create: { timeZone: "America/New_York" } },
    },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
}

async function apiOf(user: SessionUser, app: "web" | "admin" = "web") {
  const ctx = await createContext({
    headers: new Headers(),
    app,
    requestId: `patterns-${randomUUID()}`,
    ip: "2001:db8::7",
  });
  return createCaller({ ...ctx, user });
}
type Api = Awaited<ReturnType<typeof apiOf>>;

/** A GET through the real router's HTTP handler: the status and error data a browser receives. */
async function overHttp(user: SessionUser, path: string) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://localhost/api/trpc/${path}`),
    router: appRouter,
    createContext: async () => ({
      ...(await createContext({ headers: new Headers(), app: "web", requestId: `patterns-${randomUUID()}` })),
      user,
    }),
  });
  const body = (await response.json()) as { error?: { json: { message: string; data: Record<string, unknown> } } };
  return { status: response.status, error: body.error?.json };
}

async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** A closed long of `quantity` shares between two instants (UTC), fees 0. */
async function closed(
  api: Api,
  accountId: string,
  t: {
    symbol: string;
    quantity: string;
    entry: string;
    exit: string;
    entryPrice: string;
    exitPrice: string;
    stopLoss?: string;
    setupId?: string;
  },
) {
  return api.journal.create({
    accountId,
    symbol: t.symbol,
    direction: "long",
    quantity: t.quantity,
    entryPrice: t.entryPrice,
    entryAt: new Date(t.entry),
    exitPrice: t.exitPrice,
    exitAt: new Date(t.exit),
    stopLoss: t.stopLoss,
    setupId: t.setupId,
  });
}

// Alice trades from New York (EST in early March 2026). By hand, fees 0:
//   Mon 2 Mar  L1   AAPL 10 @100 → 95, 09:35–09:50, stop 95, ORB:  −50, −1R, notional 1,000, 15 min
//              R1   AAPL 30 @100 → 98, 10:00–10:20, stop 97, ORB:  −60, −0.67R, notional 3,000, 20 min
//                   (10 minutes after L1's loss, risking $90 against L1's $50: ×1.8, the revenge trade)
//              S1   MSFT  5 @100 → 101, 10:25–10:30:              +5, notional 500 (smaller: not revenge)
//   Tue 3 Mar  TUE  TSLA 10 @200 → 190, 09:40–11:40, stop 195, Fade: −100, −2R, 120 min
//   Wed 4 Mar  WED  TSLA 10 @200 → 205, 09:40–10:00, stop 195, Fade: +50, +1R, 20 min
//   Thu 5 Mar  6 × NVDA 10 @50 → 51 (+10 each, 10 min): five from 09:00 hourly and one at 23:30
//              (Friday 04:30 UTC, but Thursday in New York)
// Trades per day 3, 1, 1, 6: median 2, so Thursday (≥ 5 and ≥ 2 × 2) is an overtrading day, +60.
// Winners: S1, WED, 6 × NVDA = 8: average (5 + 50 + 60) ÷ 8 = 14.375, hold (5 + 20 + 60) ÷ 8 = 10.625 min, R 1 (only WED's is known).
// Losers: L1, R1, TUE: average −70, hold (15 + 20 + 120) ÷ 3 = 51.67 min, R (−1 − 0.667 − 2) ÷ 3 = −1.22.
let aliceApi: Api;
let bobApi: Api;
let adminApi: Api;
const ids: Record<string, string> = {};
let orbId: string;
let bobSetupId: string;

beforeAll(async () => {
  aliceApi = await apiOf(await userOf("PRO"));
  bobApi = await apiOf(await userOf("PRO"));
  adminApi = await apiOf(await userOf("FREE", "ADMIN"), "admin");

  const account = await aliceApi.accounts.create({ name: "Main" });
  const orb = await aliceApi.setups.create({ name: "ORB" });
  const fade = await aliceApi.setups.create({ name: "Fade" });
  orbId = orb.id;
  const add = async (key: string, t: Parameters<typeof closed>[2]) => {
    ids[key] = (await closed(aliceApi, account.id, t)).id;
  };
  await add("L1", {
    symbol: "AAPL",
    quantity: "10",
    entry: "2026-03-02T14:35:00Z",
    exit: "2026-03-02T14:50:00Z",
    entryPrice: "100",
    exitPrice: "95",
    stopLoss: "95",
    setupId: orb.id,
  });
  await add("R1", {
    symbol: "AAPL",
    quantity: "30",
    entry: "2026-03-02T15:00:00Z",
    exit: "2026-03-02T15:20:00Z",
    entryPrice: "100",
    exitPrice: "98",
    stopLoss: "97",
    setupId: orb.id,
  });
  await add("S1", {
    symbol: "MSFT",
    quantity: "5",
    entry: "2026-03-02T15:25:00Z",
    exit: "2026-03-02T15:30:00Z",
    entryPrice: "100",
    exitPrice: "101",
  });
  await add("TUE", {
    symbol: "TSLA",
    quantity: "10",
    entry: "2026-03-03T14:40:00Z",
    exit: "2026-03-03T16:40:00Z",
    entryPrice: "200",
    exitPrice: "190",
    stopLoss: "195",
    setupId: fade.id,
  });
  await add("WED", {
    symbol: "TSLA",
    quantity: "10",
    entry: "2026-03-04T14:40:00Z",
    exit: "2026-03-04T15:00:00Z",
    entryPrice: "200",
    exitPrice: "205",
    stopLoss: "195",
    setupId: fade.id,
  });
  for (const [i, entry] of ["14:00", "15:00", "16:00", "17:00", "18:00"].entries()) {
    await add(`THU${i}`, {
      symbol: "NVDA",
      quantity: "10",
      entry: `2026-03-05T${entry}:00Z`,
      exit: `2026-03-05T${entry.slice(0, 2)}:10:00Z`,
      entryPrice: "50",
      exitPrice: "51",
    });
  }
  await add("THU5", {
    symbol: "NVDA",
    quantity: "10",
    entry: "2026-03-06T04:30:00Z",
    exit: "2026-03-06T04:40:00Z",
    entryPrice: "50",
    exitPrice: "51",
  });
  // Still open: in no pattern.
  await aliceApi.journal.create({
    accountId: account.id,
    symbol: "AMD",
    direction: "long",
    quantity: "100",
    entryPrice: "150",
    entryAt: new Date("2026-03-02T15:05:00Z"),
  });

  // Bob: a loss then a much larger trade a minute later, with a setup of his own.
  const bobAccount = await bobApi.accounts.create({ name: "Bob's" });
  bobSetupId = (await bobApi.setups.create({ name: "Bob's breakout" })).id;
  await closed(bobApi, bobAccount.id, {
    symbol: "AAPL",
    quantity: "1",
    entry: "2026-03-02T14:00:00Z",
    exit: "2026-03-02T14:05:00Z",
    entryPrice: "100",
    exitPrice: "90",
    setupId: bobSetupId,
  });
  await closed(bobApi, bobAccount.id, {
    symbol: "AAPL",
    quantity: "100",
    entry: "2026-03-02T14:06:00Z",
    exit: "2026-03-02T14:10:00Z",
    entryPrice: "100",
    exitPrice: "99",
    setupId: bobSetupId,
  });
});

describe("the Pro gate", () => {
  it("refuses a Free member with FORBIDDEN and requiredTier PRO, through the caller and over HTTP", async () => {
    const member = await userOf("FREE");
    const api = await apiOf(member);
    for (const call of [() => api.analytics.mistakePatterns({}), () => api.analytics.compareSetups({})]) {
      const error = await refusalOf(call());
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toBe(TIER_REQUIRED_MESSAGE);
      expect(error.cause).toBeInstanceOf(TierRequiredError);
      expect((error.cause as TierRequiredError).requiredTier).toBe("PRO");
    }
    for (const path of ["analytics.mistakePatterns", "analytics.compareSetups"]) {
      const { status, error } = await overHttp(member, path);
      expect(status).toBe(403);
      expect(error?.message).toBe(TIER_REQUIRED_MESSAGE);
      expect(error?.data).toMatchObject({ code: "FORBIDDEN", httpStatus: 403, requiredTier: "PRO" });
    }
  });

  it("an admin's upgrade opens it on the very next call, and a downgrade closes it again", async () => {
    const member = await userOf("FREE");
    const api = await apiOf(member);
    // The refusal caches FREE for 5 minutes (in Redis when configured)...
    expect((await refusalOf(api.analytics.mistakePatterns({}))).code).toBe("FORBIDDEN");
    // ...and the admin's change clears it.
    await adminApi.admin.users.setTier({ userId: member.id, tier: "PRO" });
    expect(await api.analytics.mistakePatterns({})).toMatchObject({ tradeCount: 0, revengeTrading: { count: 0 } });
    expect(await api.analytics.compareSetups({})).toMatchObject({ setups: [], tradeCount: 0 });
    expect((await overHttp(member, "analytics.compareSetups")).status).toBe(200);
    await adminApi.admin.users.setTier({ userId: member.id, tier: "FREE" });
    expect((await refusalOf(api.analytics.compareSetups({}))).code).toBe("FORBIDDEN");
  });

  it("a signed-out caller is UNAUTHORIZED", async () => {
    const ctx = await createContext({ headers: new Headers(), app: "web", requestId: `patterns-${randomUUID()}` });
    expect((await refusalOf(createCaller(ctx).analytics.mistakePatterns({}))).code).toBe("UNAUTHORIZED");
  });
});

describe("analytics.mistakePatterns", () => {
  it("finds the revenge trade, the overtrading day and the exit asymmetry, computed by hand", async () => {
    const p = await aliceApi.analytics.mistakePatterns({});
    expect(p).toMatchObject({ tradeCount: 11, timeZone: "America/New_York", isLimited: false, tradeLimit: 2000 });

    expect(p.revengeTrading.count).toBe(1);
    expect(p.revengeTrading.netPnl).toBe(-60);
    expect(p.revengeTrading.examples).toEqual([
      {
        afterLossTradeId: ids.L1,
        tradeId: ids.R1,
        minutesAfter: 10,
        comparedBy: "risk",
        sizeRatio: 1.8,
        netPnl: -60,
        afterLoss: {
          id: ids.L1,
          symbol: "AAPL",
          entryAt: new Date("2026-03-02T14:35:00Z"),
          exitAt: new Date("2026-03-02T14:50:00Z"),
          netPnl: -50,
          notional: 1000,
          quantity: 10,
          initialRisk: 50,
        },
        trade: {
          id: ids.R1,
          symbol: "AAPL",
          entryAt: new Date("2026-03-02T15:00:00Z"),
          exitAt: new Date("2026-03-02T15:20:00Z"),
          netPnl: -60,
          notional: 3000,
          quantity: 30,
          initialRisk: 90,
        },
      },
    ]);

    expect(p.overtrading.medianTradesPerDay).toBe(2);
    expect(p.overtrading.days).toEqual([{ day: "2026-03-05", trades: 6, netPnl: 60 }]);
    expect(p.overtrading.netPnlOnThoseDays).toBe(60);

    expect(p.exits).toMatchObject({
      averageWin: 14.38,
      averageLoss: -70,
      averageWinHoldMinutes: 10.63,
      averageLossHoldMinutes: 51.67,
      averageWinR: 1,
      averageLossR: -1.22,
      cuttingWinnersLettingLosersRun: true,
    });
  });

  it("applies the journal's filters, with dates in the member's zone", async () => {
    const aapl = await aliceApi.analytics.mistakePatterns({ symbol: "AAPL" });
    expect(aapl.tradeCount).toBe(2);
    expect(aapl.revengeTrading.examples.map((e) => e.tradeId)).toEqual([ids.R1]);
    // Thursday in New York holds all six NVDA trades (one is Friday in UTC); alone, it is no one's outlier.
    const thursday = await aliceApi.analytics.mistakePatterns({ from: "2026-03-05", to: "2026-03-05" });
    expect(thursday).toMatchObject({
      tradeCount: 6,
      revengeTrading: { count: 0 },
      overtrading: { medianTradesPerDay: 6, days: [] },
    });
    // Losses only: no winners to compare.
    const losses = await aliceApi.analytics.mistakePatterns({ outcome: "loss" });
    expect(losses.tradeCount).toBe(3);
    expect(losses.exits).toMatchObject({ averageWin: null, averageLoss: -70, cuttingWinnersLettingLosersRun: false });
    // Open trades only: patterns are about closed trades, so nothing.
    expect((await aliceApi.analytics.mistakePatterns({ status: "open" })).tradeCount).toBe(0);
  });

  it("refuses bad filters with the field named", async () => {
    const error = await refusalOf(aliceApi.analytics.mistakePatterns({ from: "2026-03-09", to: "2026-03-01" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/end date is before the start date/);
    expect((await refusalOf(aliceApi.analytics.compareSetups({ side: "sideways" as never }))).code).toBe("BAD_REQUEST");
  });
});

describe("analytics.compareSetups", () => {
  it("each setup's trade count, win rate, expectancy, profit factor and mean R, computed by hand", async () => {
    const c = await aliceApi.analytics.compareSetups({});
    expect(c).toMatchObject({ tradeCount: 11, totalSetups: 3, isLimited: false });
    expect(
      c.setups.map((s) => [
        s.label,
        s.tradeCount,
        s.wins,
        s.losses,
        s.winRate,
        s.netPnl,
        s.expectancy,
        s.profitFactor,
        s.expectancyR,
      ]),
    ).toEqual([
      // S1 and the six NVDA trades: 65 ÷ 7 = 9.29 a trade, no losses.
      ["No setup", 7, 7, 0, 1, 65, 9.29, Infinity, null],
      // TUE and WED: (−100 + 50) ÷ 2; 50 ÷ 100; (−2 + 1) ÷ 2.
      ["Fade", 2, 1, 1, 0.5, -50, -25, 0.5, -0.5],
      // L1 and R1: no wins, so a profit factor of 0; (−1 − 0.6667) ÷ 2 (R is kept to 4 places).
      ["ORB", 2, 0, 2, 0, -110, -55, 0, -0.83335],
    ]);
    expect(c.setups.find((s) => s.label === "ORB")!.key).toBe(orbId);
  });

  it("applies the journal's filters", async () => {
    const orb = await aliceApi.analytics.compareSetups({ setupId: orbId });
    expect(orb.setups.map((s) => [s.label, s.tradeCount])).toEqual([["ORB", 2]]);
    const tsla = await aliceApi.analytics.compareSetups({ symbol: "TSLA", outcome: "win" });
    expect(tsla.setups.map((s) => [s.label, s.tradeCount, s.netPnl])).toEqual([["Fade", 1, 50]]);
  });
});

describe("ownership", () => {
  it("another member's trades and setups never appear, even with their setup in the filters", async () => {
    const bobsPatterns = await bobApi.analytics.mistakePatterns({});
    expect(bobsPatterns.tradeCount).toBe(2);
    expect(bobsPatterns.revengeTrading.count).toBe(1);
    const aliceIds = new Set(Object.values(ids));
    for (const e of bobsPatterns.revengeTrading.examples) {
      expect(aliceIds.has(e.tradeId) || aliceIds.has(e.afterLossTradeId)).toBe(false);
    }
    expect((await bobApi.analytics.compareSetups({})).setups.map((s) => [s.label, s.tradeCount])).toEqual([
      ["Bob's breakout", 2],
    ]);
    expect((await bobApi.analytics.compareSetups({ setupId: orbId })).setups).toEqual([]);
    expect((await bobApi.analytics.mistakePatterns({ setupId: orbId })).tradeCount).toBe(0);

    // And Alice sees none of Bob's: her revenge trade is still the only one, and his setup is empty for her.
    const alices = await aliceApi.analytics.mistakePatterns({});
    expect(alices.revengeTrading.examples.map((e) => e.tradeId)).toEqual([ids.R1]);
    expect((await aliceApi.analytics.compareSetups({ setupId: bobSetupId })).setups).toEqual([]);
    expect(
      (await aliceApi.analytics.compareSetups({})).setups.some(
        (s) => s.label === "Bob's breakout" || s.key === bobSetupId,
      ),
    ).toBe(false);
  });
});
