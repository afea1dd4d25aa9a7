// watchlists.* through createCaller on a real database: CRUD, the 20-list and 50-symbol limits,
// duplicates, unknown symbols, reordering, ownership, and a market that is down (the real Massive
// client against the local market stub answering 503).
import { randomUUID } from "node:crypto";
import { rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { type MarketStub, startMarketStub } from "@tradecraft/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createMarket } from "../market/index.ts";
import { createMassiveProvider } from "../market/massive.ts";
import type { MarketData } from "../market/types.ts";
import { createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";
import { failureOf, newMember } from "../testing/members.ts";
import { SYMBOL_MESSAGE } from "../validation/market.ts";
import { MAX_PRICED_SYMBOLS, MAX_SYMBOLS_PER_LIST, MAX_WATCHLISTS } from "./limits.ts";

const prisma = getPrisma();
let stub: MarketStub;

beforeAll(async () => {
  stub = await startMarketStub();
});

afterAll(async () => {
  await stub.close();
  await closePrisma();
  await closeRedis();
});

/** A member on the simulated market (its own cache). */
const member = (label = "watch") => newMember({ label, context: { market: createMarket() } });

/** A market service over Massive at the stub, with its own empty cache; retries do not wait. */
function massiveMarket(): MarketData {
  const massive = createMassiveProvider({
    baseUrl: stub.massiveUrl,
    apiKey: "test-key",
    logger: rootLogger(),
    sleep: async () => {},
  });
  return createMarket({ providers: { massive } });
}

/** The same member's router on another market service. */
async function callerOn(user: { id: string }, market: MarketData) {
  const ctx = await createContext({
    headers: new Headers(),
    app: "web",
    requestId: `watch-${randomUUID()}`,
    ip: "2001:db8::7",
  });
  const full = await prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  return createCaller({ ...ctx, market, user: full as SessionUser });
}

const names = async (api: Awaited<ReturnType<typeof member>>["api"]) =>
  (await api.watchlists.list()).lists.map((l) => l.name);

describe("watchlists CRUD", () => {
  it("creates lists in order, renames and deletes them, refusing blank, long and duplicate names", async () => {
    const { api, user } = await member();
    const tech = await api.watchlists.create({ name: "  Tech  " });
    const crypto = await api.watchlists.create({ name: "Crypto" });
    expect(tech.name).toBe("Tech");
    expect(await names(api)).toEqual(["Tech", "Crypto"]);

    expect((await failureOf(api.watchlists.create({ name: "Crypto" }))).fields.name).toEqual([
      "You already have a watchlist with this name.",
    ]);
    expect((await failureOf(api.watchlists.create({ name: "   " }))).fields.name).toEqual(["Give the list a name"]);
    const long = await failureOf(api.watchlists.create({ name: "x".repeat(61) }));
    expect(long.code).toBe("BAD_REQUEST");
    expect(long.fields.name).toEqual(["List names are at most 60 characters"]);
    expect(await api.watchlists.create({ name: "y".repeat(60) })).toMatchObject({ name: "y".repeat(60) });

    expect(await api.watchlists.rename({ watchlistId: tech.id, name: "Megacaps" })).toMatchObject({
      id: tech.id,
      name: "Megacaps",
    });
    const clash = await failureOf(api.watchlists.rename({ watchlistId: tech.id, name: "Crypto" }));
    expect(clash.fields.name).toEqual(["You already have a watchlist with this name."]);

    await api.watchlists.addItem({ watchlistId: crypto.id, symbol: "BTC" });
    expect(await api.watchlists.delete({ watchlistId: crypto.id })).toEqual({ deleted: true });
    expect(await names(api)).toEqual(["Megacaps", "y".repeat(60)]);
    expect(await prisma.watchlistItem.count({ where: { watchlistId: crypto.id } })).toBe(0);
    expect(await prisma.watchlist.count({ where: { userId: user.id } })).toBe(2);
  });

  it("lists each symbol with a simulated quote, signed change and a month of closes", async () => {
    const { api } = await member();
    const list = await api.watchlists.create({ name: "Mixed" });
    await api.watchlists.addItem({ watchlistId: list.id, symbol: "aapl" });
    await api.watchlists.addItem({ watchlistId: list.id, symbol: " btc " });
    const { lists, marketUnavailable, warnings } = await api.watchlists.list();
    expect(marketUnavailable).toBe(false);
    expect(warnings).toEqual([]);
    const items = lists[0]!.items;
    expect(items.map((i) => i.symbol)).toEqual(["AAPL", "BTC"]);
    for (const item of items) {
      expect(item.quote?.price).toBeGreaterThan(0);
      expect(typeof item.quote?.changePercent).toBe("number");
      expect(item).toMatchObject({ simulated: true, stale: false, priced: true });
      expect(item.sparkline?.length).toBeGreaterThanOrEqual(20);
      expect(item.sparkline?.length).toBeLessThanOrEqual(30);
      expect(item.sparkline!.every(Number.isFinite)).toBe(true);
    }
  });
});

describe("watchlists.list's pricing budget", () => {
  it(`prices at most ${MAX_PRICED_SYMBOLS} distinct symbols per call, the asked-for list first`, async () => {
    const { api } = await member();
    const first = await api.watchlists.create({ name: "First" });
    const second = await api.watchlists.create({ name: "Second" });
    // 30 symbols each, 10 of them on both lists: 50 distinct, so the second list's last 10 are past the budget.
    const rows = (listId: string, from: number) =>
      Array.from({ length: 30 }, (_, i) => ({ watchlistId: listId, symbol: `Q${from + i}`, position: i }));
    await prisma.watchlistItem.createMany({ data: [...rows(first.id, 0), ...rows(second.id, 20)] });
    await prisma.watchlistItem.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({ watchlistId: second.id, symbol: `R${i}`, position: 30 + i })),
    });
    const pricedOf = (result: Awaited<ReturnType<typeof api.watchlists.list>>, id: string) =>
      result.lists.find((l) => l.id === id)!.items.map((i) => i.priced && i.quote !== null);

    const plain = await api.watchlists.list();
    expect(pricedOf(plain, first.id)).toEqual(Array(30).fill(true));
    // Q20–Q29 are shared (priced), Q30–Q49 fill the budget to 50, R0–R9 are left unpriced.
    expect(pricedOf(plain, second.id)).toEqual([...Array(30).fill(true), ...Array(10).fill(false)]);
    expect(
      plain.lists
        .flatMap((l) => l.items)
        .filter((i) => !i.priced)
        .every((i) => i.quote === null && i.sparkline === null),
    ).toBe(true);

    const focused = await api.watchlists.list({ watchlistId: second.id });
    expect(pricedOf(focused, second.id)).toEqual(Array(40).fill(true));
    // The first list's Q20–Q29 are shared; 10 slots are left for Q0–Q9; Q10–Q19 wait.
    expect(pricedOf(focused, first.id)).toEqual([
      ...Array(10).fill(true),
      ...Array(10).fill(false),
      ...Array(10).fill(true),
    ]);
  });
});

describe("watchlists limits and duplicates", () => {
  it(`refuses the ${MAX_WATCHLISTS + 1}st list`, async () => {
    const { api, user } = await member();
    for (let i = 1; i <= MAX_WATCHLISTS; i++) await api.watchlists.create({ name: `List ${i}` });
    const refused = await failureOf(api.watchlists.create({ name: "One too many" }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.fields.name).toEqual([
      `You can keep at most ${MAX_WATCHLISTS} watchlists. Delete one to make room.`,
    ]);
    expect(await prisma.watchlist.count({ where: { userId: user.id } })).toBe(MAX_WATCHLISTS);
  });

  it(`refuses the ${MAX_SYMBOLS_PER_LIST + 1}st symbol on a list, and a symbol already on it`, async () => {
    const { api } = await member();
    const list = await api.watchlists.create({ name: "Full" });
    // 50 rows written directly (each name is any symbol the list could hold); the 51st goes through the router.
    await prisma.watchlistItem.createMany({
      data: Array.from({ length: MAX_SYMBOLS_PER_LIST }, (_, i) => ({
        watchlistId: list.id,
        symbol: `T${i}`,
        position: i,
      })),
    });
    const refused = await failureOf(api.watchlists.addItem({ watchlistId: list.id, symbol: "AAPL" }));
    expect(refused.fields.symbol).toEqual([
      `A watchlist holds at most ${MAX_SYMBOLS_PER_LIST} symbols. Remove one or start another list.`,
    ]);
    expect(await prisma.watchlistItem.count({ where: { watchlistId: list.id } })).toBe(MAX_SYMBOLS_PER_LIST);

    const other = await api.watchlists.create({ name: "Other" });
    await api.watchlists.addItem({ watchlistId: other.id, symbol: "AAPL" });
    const twice = await failureOf(api.watchlists.addItem({ watchlistId: other.id, symbol: "aapl" }));
    expect(twice.fields.symbol).toEqual(["AAPL is already on this list."]);
    expect(await prisma.watchlistItem.count({ where: { watchlistId: other.id } })).toBe(1);
  });

  it("refuses a malformed symbol, and an unknown one with suggestions, storing nothing", async () => {
    const { api } = await member();
    const list = await api.watchlists.create({ name: "Typos" });
    const malformed = await failureOf(api.watchlists.addItem({ watchlistId: list.id, symbol: "AA PL!" }));
    expect(malformed.fields.symbol).toEqual([SYMBOL_MESSAGE]);
    const unknown = await failureOf(api.watchlists.addItem({ watchlistId: list.id, symbol: "AAPX" }));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.fields.symbol?.[0]).toMatch(/^No market data for AAPX\. Did you mean .*AAPL/);
    expect(await prisma.watchlistItem.count({ where: { watchlistId: list.id } })).toBe(0);
  });

  it("asks a real provider whether a symbol exists (Massive at the stub)", async () => {
    const { user } = await member();
    const api = await callerOn(user, massiveMarket());
    const list = await api.watchlists.create({ name: "Real" });
    expect(await api.watchlists.addItem({ watchlistId: list.id, symbol: "MSFT" })).toMatchObject({ symbol: "MSFT" });
    // Massive answers a snapshot without the ticker when it lists no such symbol.
    stub.script({ path: "/v2/snapshot", body: { status: "OK", request_id: "none", count: 0, tickers: [] } });
    try {
      const unknown = await failureOf(api.watchlists.addItem({ watchlistId: list.id, symbol: "ZZZZQ" }));
      expect(unknown.code).toBe("BAD_REQUEST");
      expect(unknown.fields.symbol?.[0]).toMatch(/^No market data for ZZZZQ\./);
    } finally {
      stub.reset();
    }
    expect((await api.watchlists.list()).lists[0]!.items.map((i) => i.symbol)).toEqual(["MSFT"]);
  });
});

describe("watchlists.reorder", () => {
  it("puts lists and a list's symbols in the given order, refusing a missing, repeated or foreign id", async () => {
    const { api } = await member();
    const [a, b, c] = [
      await api.watchlists.create({ name: "A" }),
      await api.watchlists.create({ name: "B" }),
      await api.watchlists.create({ name: "C" }),
    ];
    await api.watchlists.reorder({ ids: [c.id, a.id, b.id] });
    expect(await names(api)).toEqual(["C", "A", "B"]);

    const missing = await failureOf(api.watchlists.reorder({ ids: [a.id, b.id] }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.fields.ids).toEqual(["The new order must name all 3 of your lists, each once."]);
    const repeated = await failureOf(api.watchlists.reorder({ ids: [a.id, a.id, b.id] }));
    expect(repeated.fields.ids).toEqual(["The new order names one of your lists twice."]);
    const { api: other } = await member("other");
    const theirs = await other.watchlists.create({ name: "Theirs" });
    const foreign = await failureOf(api.watchlists.reorder({ ids: [a.id, b.id, theirs.id] }));
    expect(foreign.fields.ids).toEqual([
      "The new order names lists that are not yours. Reload the page and try again.",
    ]);
    expect(await names(api)).toEqual(["C", "A", "B"]);

    const aapl = await api.watchlists.addItem({ watchlistId: a.id, symbol: "AAPL" });
    const btc = await api.watchlists.addItem({ watchlistId: a.id, symbol: "BTC" });
    const eth = await api.watchlists.addItem({ watchlistId: b.id, symbol: "ETH" });
    await api.watchlists.reorder({ watchlistId: a.id, ids: [btc.id, aapl.id] });
    const symbols = async () =>
      (await api.watchlists.list()).lists.find((l) => l.id === a.id)!.items.map((i) => i.symbol);
    expect(await symbols()).toEqual(["BTC", "AAPL"]);
    // An item of the member's other list is not one of this list's.
    const elsewhere = await failureOf(api.watchlists.reorder({ watchlistId: a.id, ids: [btc.id, eth.id] }));
    expect(elsewhere.fields.ids).toEqual([
      "The new order names symbols that are not yours. Reload the page and try again.",
    ]);
    const partial = await failureOf(api.watchlists.reorder({ watchlistId: a.id, ids: [btc.id] }));
    expect(partial.fields.ids).toEqual(["The new order must name all 2 of your symbols, each once."]);
    expect((await failureOf(api.watchlists.reorder({ ids: [] }))).fields.ids).toEqual([
      "Give the ids in their new order",
    ]);
    expect(await symbols()).toEqual(["BTC", "AAPL"]);
  });
});

describe("watchlists ownership", () => {
  it("answers NOT_FOUND for another member's list or item in every procedure that takes an id, changing nothing", async () => {
    const { api: owner } = await member("owner");
    const list = await owner.watchlists.create({ name: "Private" });
    const item = await owner.watchlists.addItem({ watchlistId: list.id, symbol: "AAPL" });
    const { api: intruder } = await member("intruder");
    const mine = await intruder.watchlists.create({ name: "Mine" });

    const attempts = [
      () => intruder.watchlists.rename({ watchlistId: list.id, name: "Taken over" }),
      () => intruder.watchlists.delete({ watchlistId: list.id }),
      () => intruder.watchlists.addItem({ watchlistId: list.id, symbol: "BTC" }),
      () => intruder.watchlists.reorder({ watchlistId: list.id, ids: [item.id] }),
      () => intruder.watchlists.list({ watchlistId: list.id }),
      () => intruder.watchlists.removeItem({ itemId: item.id }),
      () => intruder.watchlists.removeItem({ itemId: randomUUID() }),
      () => intruder.watchlists.delete({ watchlistId: "no-such-list" }),
    ];
    for (const attempt of attempts) expect((await failureOf(attempt())).code).toBe("NOT_FOUND");
    // The item id in the intruder's own list's order is a field error, not a move.
    expect((await failureOf(intruder.watchlists.reorder({ watchlistId: mine.id, ids: [item.id] }))).code).toBe(
      "BAD_REQUEST",
    );
    // Their own list shows only their own data.
    expect((await intruder.watchlists.list()).lists.map((l) => l.name)).toEqual(["Mine"]);

    const after = await owner.watchlists.list();
    expect(after.lists).toHaveLength(1);
    expect(after.lists[0]).toMatchObject({ name: "Private", items: [{ id: item.id, symbol: "AAPL" }] });

    expect(await owner.watchlists.removeItem({ itemId: item.id })).toEqual({ deleted: true });
    expect((await owner.watchlists.list()).lists[0]!.items).toEqual([]);
  });
});

describe("watchlists when the market is down", () => {
  it("still lists every symbol, prices null and marketUnavailable set; adding waits for the market", async () => {
    const { api, user } = await member();
    const list = await api.watchlists.create({ name: "Stocks" });
    await api.watchlists.addItem({ watchlistId: list.id, symbol: "AAPL" });
    await api.watchlists.addItem({ watchlistId: list.id, symbol: "MSFT" });

    stub.respondWith({ status: 503 });
    try {
      const down = await callerOn(user, massiveMarket());
      const result = await down.watchlists.list();
      expect(result.marketUnavailable).toBe(true);
      expect(result.lists[0]!.items.map((i) => [i.symbol, i.quote, i.sparkline])).toEqual([
        ["AAPL", null, null],
        ["MSFT", null, null],
      ]);
      const refused = await failureOf(down.watchlists.addItem({ watchlistId: list.id, symbol: "NVDA" }));
      expect(refused.code).toBe("SERVICE_UNAVAILABLE");
      expect(refused.message).toMatch(/Prices are unavailable right now, so NVDA cannot be checked/);
      expect(await prisma.watchlistItem.count({ where: { watchlistId: list.id } })).toBe(2);
    } finally {
      stub.reset();
    }
  });

  it("marks a price delayed, with when it was last good, when the provider fails after serving it", async () => {
    const { api, user } = await member();
    const list = await api.watchlists.create({ name: "Delayed" });
    await api.watchlists.addItem({ watchlistId: list.id, symbol: "AAPL" });
    let now = Date.now();
    const massive = createMassiveProvider({
      baseUrl: stub.massiveUrl,
      apiKey: "test-key",
      logger: rootLogger(),
      sleep: async () => {},
    });
    const market = createMarket({ providers: { massive }, now: () => now });
    const onMassive = await callerOn(user, market);
    const fresh = (await onMassive.watchlists.list()).lists[0]!.items[0]!;
    expect(fresh).toMatchObject({ symbol: "AAPL", simulated: false, stale: false });
    const goodAt = now;

    stub.respondWith({ status: 500 });
    try {
      now += 60_000; // past the quote's 5 s freshness: the service asks Massive again, which fails
      const result = await onMassive.watchlists.list();
      expect(result.marketUnavailable).toBe(false);
      const item = result.lists[0]!.items[0]!;
      expect(item).toMatchObject({ stale: true, asOf: goodAt, simulated: false });
      expect(item.quote?.price).toBe(fresh.quote?.price);
    } finally {
      stub.reset();
    }
  });
});
