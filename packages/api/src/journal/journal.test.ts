// The journal through the caller on a real database: hand-entered trades, imports, filters,
// statistics, and every id checked for ownership.
import { readFileSync } from "node:fs";
import path from "node:path";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";

const prisma = getPrisma();
const ibkr = readFileSync(path.join(import.meta.dirname, "import", "fixtures", "ibkr-trade-confirmation.csv"), "utf8");

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function memberApi(timeZone = "America/New_York") {
  return newMember({ label: "journal", displayName: "Jo Journal", timeZone });
}

let alice: Awaited<ReturnType<typeof memberApi>>;
let bob: Awaited<ReturnType<typeof memberApi>>;
let account: { id: string };

beforeAll(async () => {
  alice = await memberApi();
  bob = await memberApi();
  account = await alice.api.accounts.create({
    name: "Main",
    broker: "ibkr",
    currency: "usd",
    startingBalance: "25000",
  });
});

describe("hand-entered trades", () => {
  it("a closed long: P&L net of fees, risk from the stop, R multiple", async () => {
    const trade = await alice.api.journal.create({
      accountId: account.id,
      symbol: "aapl",
      direction: "long",
      quantity: "100",
      entryPrice: "190.10",
      entryAt: new Date("2026-03-02T14:35:00Z"),
      exitPrice: "192.10",
      exitAt: new Date("2026-03-02T15:35:00Z"),
      fees: "2",
      stopLoss: "189.10",
      tags: ["breakout", "breakout", "A+"],
    });
    expect(trade).toMatchObject({
      symbol: "AAPL",
      status: "closed",
      grossPnl: "200",
      netPnl: "198",
      initialRisk: "100",
      rMultiple: "1.98",
      tags: ["breakout", "A+"],
      pnlOverride: false,
    });
    const { fills } = await alice.api.journal.get({ tradeId: trade.id });
    expect(fills.map((f) => [f.side, f.quantity, f.price, f.fees])).toEqual([
      ["buy", "100", "190.1", "1"],
      ["sell", "100", "192.1", "1"],
    ]);
  });

  it("a futures trade uses the contract's point value, and bad input names its fields", async () => {
    const trade = await alice.api.journal.create({
      accountId: account.id,
      symbol: "ES",
      assetClass: "future",
      direction: "short",
      quantity: "2",
      entryPrice: "5000",
      entryAt: new Date("2026-03-03T15:00:00Z"),
      exitPrice: "4990.5",
      exitAt: new Date("2026-03-03T15:20:00Z"),
    });
    expect(trade).toMatchObject({ multiplier: "50", grossPnl: "950", netPnl: "950" });
    const bad = await failureOf(
      alice.api.journal.create({
        accountId: account.id,
        symbol: "TOO-LONG-SYMBOL!!",
        direction: "long",
        quantity: "-1",
        entryPrice: "1000000",
        entryAt: new Date(),
        exitPrice: "1",
      }),
    );
    expect(Object.keys(bad.fields).sort()).toEqual(["entryPrice", "exitAt", "quantity", "symbol"]);
  });

  it("editing prices recomputes the P&L; a typed P&L is kept and marked as an override", async () => {
    const trade = await alice.api.journal.create({
      accountId: account.id,
      symbol: "MSFT",
      direction: "long",
      quantity: "10",
      entryPrice: "400",
      entryAt: new Date("2026-03-04T15:00:00Z"),
      exitPrice: "405",
      exitAt: new Date("2026-03-04T16:00:00Z"),
    });
    expect(trade.netPnl).toBe("50");
    const edited = await alice.api.journal.update({ tradeId: trade.id, exitPrice: "410", notes: "Held to target" });
    expect(edited).toMatchObject({ netPnl: "100", exitPrice: "410", notes: "Held to target" });
    const overridden = await alice.api.journal.update({ tradeId: trade.id, netPnlOverride: "95.5" });
    expect(overridden).toMatchObject({ netPnl: "95.5", pnlOverride: true, grossPnl: "100" });
  });
});

describe("imports", () => {
  it("previews without writing, commits all at once, and a re-import adds nothing", async () => {
    const { api } = await memberApi();
    const acct = await api.accounts.create({ name: "IBKR" });
    const input = { accountId: acct.id, fileName: "flex.csv", content: ibkr };
    const preview = await api.imports.preview(input);
    expect(preview).toMatchObject({ broker: "ibkr", fills: 10, errors: [], duplicates: [], skipped: 1 });
    expect(preview.trades.map((t) => [t.symbol, t.direction, t.status, t.netPnl])).toEqual([
      ["AAPL", "long", "closed", "117"],
      ["TSLA", "short", "closed", "38.6"],
      ["TSLA", "long", "closed", "43.4"],
      ["AAPL", "long", "closed", "227.4"],
      ["MES", "long", "open", null],
    ]);
    expect(preview.openPositions).toEqual([{ symbol: "MES", direction: "long", quantity: "3" }]);
    expect(await prisma.trade.count({ where: { accountId: acct.id } })).toBe(0);

    const committed = await api.imports.commit(input);
    expect(committed).toMatchObject({ trades: 5, fills: 10, duplicates: 0 });
    const again = await api.imports.preview(input);
    expect(again).toMatchObject({ fills: 0, trades: [] });
    expect(again.duplicates).toHaveLength(10);
    expect(await api.imports.commit(input)).toMatchObject({ trades: 0, fills: 0, duplicates: 10 });
    expect(await prisma.trade.count({ where: { accountId: acct.id } })).toBe(5);
  });

  it("a second file continues the open position, and undoing it restores the open trade", async () => {
    const { api } = await memberApi();
    const acct = await api.accounts.create({ name: "Futures" });
    const first = [
      "time,symbol,side,quantity,price,fees,asset_class,execution_id",
      "2026-03-05T09:30:00-05:00,MESH6,buy,3,5000,1.86,future,f1",
    ].join("\n");
    const second = [
      "time,symbol,side,quantity,price,fees,asset_class,execution_id",
      "2026-03-05T10:30:00-05:00,MESH6,sell,3,5004,1.86,future,f2",
    ].join("\n");
    await api.imports.commit({ accountId: acct.id, fileName: "a.csv", content: first });
    const open = await api.journal.list({ filters: { accountId: acct.id } });
    expect(open.trades.map((t) => [t.status, t.quantity])).toEqual([["open", "3"]]);

    // The member annotates the open trade before the position closes.
    const setup = await api.setups.create({ name: `Trend day ${acct.id}` });
    await api.journal.update({
      tradeId: open.trades[0]!.id,
      notes: "Held through the open",
      tags: ["trend"],
      setupId: setup.id,
      rating: 4,
    });

    const { importId } = await api.imports.commit({ accountId: acct.id, fileName: "b.csv", content: second });
    const closed = await api.journal.list({ filters: { accountId: acct.id } });
    // 3 × 4 points × 5 − 3.72 fees; same trade, now closed.
    expect(closed.trades.map((t) => [t.id, t.status, t.netPnl])).toEqual([[open.trades[0]!.id, "closed", "56.28"]]);

    expect(await api.imports.undo({ importId })).toEqual({ removedTrades: 0, restoredTrades: 1, rebuiltTrades: 0 });
    const restored = await api.journal.list({ filters: { accountId: acct.id } });
    expect(restored.trades.map((t) => [t.id, t.status, t.quantity, t.netPnl])).toEqual([
      [open.trades[0]!.id, "open", "3", null],
    ]);
    // The same trade, as it was before the second file: what the member wrote on it stays.
    const { trade, fills } = await api.journal.get({ tradeId: open.trades[0]!.id });
    expect(trade).toMatchObject({ notes: "Held through the open", tags: ["trend"], setupId: setup.id, rating: 4 });
    expect(fills.map((f) => f.executionId)).toEqual(["f1"]);
    expect((await api.imports.list()).find((i) => i.id === importId)?.undoneAt).not.toBeNull();
    expect((await failureOf(api.imports.undo({ importId }))).code).toBe("BAD_REQUEST");
  });

  it("a file with a bad row imports nothing, and an unknown file says what it expected", async () => {
    const { api } = await memberApi();
    const acct = await api.accounts.create({ name: "Strict" });
    const content = [
      "time,symbol,side,quantity,price,fees,asset_class,execution_id",
      "2026-03-05T09:30:00-05:00,AAPL,buy,1,100,0,stock,s1",
      "2026-03-05T09:31:00-05:00,AAPL,sell,1,abc,0,stock,s2",
    ].join("\n");
    const preview = await api.imports.preview({ accountId: acct.id, fileName: "x.csv", content });
    expect(preview.errors).toEqual([{ line: 3, column: "price", message: '"abc" is not a number' }]);
    expect((await failureOf(api.imports.commit({ accountId: acct.id, fileName: "x.csv", content }))).message).toMatch(
      /Nothing was imported/,
    );
    expect(await prisma.fill.count({ where: { accountId: acct.id } })).toBe(0);
    expect(await prisma.import.count({ where: { accountId: acct.id } })).toBe(0);
    expect(
      (await failureOf(api.imports.preview({ accountId: acct.id, fileName: "y.csv", content: "Foo,Bar\n1,2" })))
        .message,
    ).toMatch(/We don't recognise this file/);
  });
});

describe("export", () => {
  it("an export imports back into another account as the same trades, and into the same account as nothing new", async () => {
    const { api } = await memberApi();
    const source = await api.accounts.create({ name: "Source" });
    await api.imports.commit({ accountId: source.id, fileName: "flex.csv", content: ibkr });
    await api.journal.create({
      accountId: source.id,
      symbol: "QQQ",
      direction: "short",
      quantity: "5",
      entryPrice: "480",
      entryAt: new Date("2026-03-06T15:00:00Z"),
      exitPrice: "478.5",
      exitAt: new Date("2026-03-06T15:30:00Z"),
      fees: "1",
    });
    const exported = await api.journal.export({ accountId: source.id });
    expect(exported.fileName).toMatch(/^tradecraft-journal-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(exported.trades).toBe(6);

    const copy = await api.accounts.create({ name: "Copy" });
    await api.imports.commit({ accountId: copy.id, fileName: exported.fileName, content: exported.content });
    const shape = async (accountId: string) =>
      (await api.journal.list({ filters: { accountId }, sort: "entryAt", order: "asc", limit: 200 })).trades.map(
        (t) => [t.symbol, t.direction, t.status, t.quantity, t.netPnl],
      );
    expect(await shape(copy.id)).toEqual(await shape(source.id));
    expect(
      await api.imports.preview({ accountId: copy.id, fileName: "again.csv", content: exported.content }),
    ).toMatchObject({ fills: 0, trades: [] });
  });
});

describe("listing and statistics", () => {
  it("days are the member's: a trade at 23:30 New York on Monday is in Monday's range", async () => {
    const { api } = await memberApi("America/New_York");
    const acct = await api.accounts.create({ name: "Late" });
    await api.journal.create({
      accountId: acct.id,
      symbol: "SPY",
      direction: "long",
      quantity: "1",
      entryPrice: "500",
      entryAt: new Date("2026-03-03T04:30:00Z"),
      exitPrice: "501",
      exitAt: new Date("2026-03-03T04:45:00Z"),
    });
    const monday = await api.journal.list({ filters: { from: "2026-03-02", to: "2026-03-02" } });
    expect(monday.totals.count).toBe(1);
    // The list names the zone its days are in, for the page to show times in.
    expect(monday.timeZone).toBe("America/New_York");
    expect((await api.journal.list({ filters: { from: "2026-03-03", to: "2026-03-03" } })).totals.count).toBe(0);
  });

  it("filters, pages with a cursor, and totals the whole filtered set", async () => {
    const { api } = await memberApi();
    const acct = await api.accounts.create({ name: "Many" });
    for (let i = 0; i < 7; i++) {
      await api.journal.create({
        accountId: acct.id,
        symbol: i % 2 ? "AMD" : "NVDA",
        direction: "long",
        quantity: "1",
        entryPrice: "100",
        entryAt: new Date(Date.UTC(2026, 2, 2 + i, 15)),
        exitPrice: String(100 + (i - 3)),
        exitAt: new Date(Date.UTC(2026, 2, 2 + i, 16)),
        tags: i < 2 ? ["gap"] : [],
      });
    }
    const first = await api.journal.list({ limit: 3 });
    expect(first.trades).toHaveLength(3);
    expect(first.totals).toMatchObject({ count: 7, netPnl: "0" });
    const second = await api.journal.list({ limit: 3, cursor: first.nextCursor! });
    const third = await api.journal.list({ limit: 3, cursor: second.nextCursor! });
    expect(third.nextCursor).toBeNull();
    expect(new Set([...first.trades, ...second.trades, ...third.trades].map((t) => t.id)).size).toBe(7);
    expect((await api.journal.list({ filters: { symbol: "nvda" } })).totals.count).toBe(4);
    expect((await api.journal.list({ filters: { outcome: "win" } })).totals).toMatchObject({ count: 3, netPnl: "6" });
    expect((await api.journal.list({ filters: { tag: "gap" } })).totals.count).toBe(2);
    const ids = first.trades.map((t) => t.id);
    expect(await api.journal.bulkTag({ tradeIds: ids, add: ["review"] })).toEqual({ updated: 3 });
    expect((await api.journal.list({ filters: { tag: "review" } })).totals.count).toBe(3);

    // The statistics filter in SQL and the list through Prisma: the same filters must pick the same trades.
    for (const filters of [
      {},
      { symbol: "NVDA" },
      { outcome: "loss" as const },
      { tag: "review" },
      { side: "long" as const },
      { from: "2026-03-04", to: "2026-03-06" },
    ]) {
      const listed = await api.journal.list({ filters: { ...filters, status: "closed" } });
      expect((await api.analytics.summary(filters)).tradeCount, JSON.stringify(filters)).toBe(listed.totals.count);
    }

    const summary = await api.analytics.summary({});
    // −3, −2, −1, 0, +1, +2, +3
    expect(summary).toMatchObject({
      tradeCount: 7,
      wins: 3,
      losses: 3,
      scratches: 1,
      netPnl: 0,
      profitFactor: 1,
      maxDrawdown: 6,
      longestLossStreak: 3,
    });
  });
});

describe("ownership", () => {
  it("another member's account, trade, setup and import are not found", async () => {
    const trade = (await alice.api.journal.list({ limit: 1 })).trades[0]!;
    const setup = await alice.api.setups.create({ name: "ORB" });
    await alice.api.imports.commit({ accountId: account.id, fileName: "flex.csv", content: ibkr });
    const importId = (await alice.api.imports.list())[0]!.id;
    const notFound = async (promise: Promise<unknown>) => expect((await failureOf(promise)).code).toBe("NOT_FOUND");
    await notFound(bob.api.journal.get({ tradeId: trade.id }));
    await notFound(bob.api.journal.update({ tradeId: trade.id, notes: "mine now" }));
    await notFound(bob.api.journal.delete({ tradeId: trade.id }));
    await notFound(bob.api.journal.bulkTag({ tradeIds: [trade.id], add: ["x"] }));
    await notFound(
      bob.api.journal.create({
        accountId: account.id,
        symbol: "X",
        direction: "long",
        quantity: "1",
        entryPrice: "1",
        entryAt: new Date(),
      }),
    );
    await notFound(bob.api.accounts.update({ accountId: account.id, name: "Stolen" }));
    await notFound(bob.api.accounts.delete({ accountId: account.id }));
    await notFound(bob.api.setups.delete({ setupId: setup.id }));
    await notFound(bob.api.imports.preview({ accountId: account.id, fileName: "f.csv", content: ibkr }));
    await notFound(bob.api.imports.commit({ accountId: account.id, fileName: "f.csv", content: ibkr }));
    await notFound(bob.api.imports.undo({ importId }));
    expect((await bob.api.journal.list({})).totals.count).toBe(0);
    expect(await bob.api.accounts.list()).toEqual([]);
    // Alice's things are untouched.
    expect((await alice.api.journal.get({ tradeId: trade.id })).trade.notes).toBe(trade.notes);
  });
});
