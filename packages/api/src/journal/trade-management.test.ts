// Managing the journal through the caller on a real database: partial updates leave the rest
// alone, setups and accounts are renamed and deleted by their owner only.
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function memberApi() {
  return newMember({ label: "manage", displayName: "Mo Manage" });
}

let alice: Awaited<ReturnType<typeof memberApi>>;
let bob: Awaited<ReturnType<typeof memberApi>>;

beforeAll(async () => {
  alice = await memberApi();
  bob = await memberApi();
});

const closedTrade = (accountId: string) => ({
  accountId,
  symbol: "ES",
  assetClass: "future" as const,
  direction: "long" as const,
  quantity: "1",
  entryPrice: "5000",
  entryAt: new Date("2026-03-02T15:00:00Z"),
  exitPrice: "5004",
  exitAt: new Date("2026-03-02T15:30:00Z"),
  fees: "4.5",
  tags: ["orb"],
  notes: "First **note**",
  emotions: ["calm"],
});

describe("journal.update is partial", () => {
  it("changing one field leaves the asset class, fees, tags, notes and emotions as they were", async () => {
    const account = await alice.api.accounts.create({ name: `Partial ${randomUUID()}` });
    const trade = await alice.api.journal.create(closedTrade(account.id));
    expect(trade).toMatchObject({ multiplier: "50", netPnl: "195.5" }); // 4 points × 50 − 4.50

    const repriced = await alice.api.journal.update({ tradeId: trade.id, exitPrice: "5006" });
    expect(repriced).toMatchObject({
      assetClass: "future",
      fees: "4.5",
      tags: ["orb"],
      notes: "First **note**",
      emotions: ["calm"],
      netPnl: "295.5",
      grossPnl: "300",
    });

    const noted = await alice.api.journal.update({ tradeId: trade.id, notes: "Second" });
    expect(noted).toMatchObject({ notes: "Second", tags: ["orb"], fees: "4.5", netPnl: "295.5", pnlOverride: false });

    const overridden = await alice.api.journal.update({ tradeId: trade.id, netPnlOverride: "280" });
    expect(overridden).toMatchObject({ netPnl: "280", pnlOverride: true, notes: "Second" });
    // An edited price keeps the override; clearing it goes back to the computed P&L.
    expect(await alice.api.journal.update({ tradeId: trade.id, exitPrice: "5008" })).toMatchObject({
      netPnl: "280",
      pnlOverride: true,
      grossPnl: "400",
    });
    expect(await alice.api.journal.update({ tradeId: trade.id, netPnlOverride: null })).toMatchObject({
      netPnl: "395.5",
      pnlOverride: false,
    });
  });

  it("an account update changes only what it names", async () => {
    const account = await alice.api.accounts.create({
      name: `Euro ${randomUUID()}`,
      broker: "ibkr",
      currency: "eur",
      startingBalance: "1000",
    });
    const renamed = await alice.api.accounts.update({ accountId: account.id, name: "Euro renamed" });
    expect(renamed).toMatchObject({ name: "Euro renamed", broker: "ibkr", currency: "EUR", startingBalance: "1000" });
    expect(await alice.api.accounts.update({ accountId: account.id, startingBalance: null })).toMatchObject({
      currency: "EUR",
      startingBalance: null,
    });
  });
});

describe("setups", () => {
  it("are created, renamed and deleted; their trades stay with no setup", async () => {
    const account = await alice.api.accounts.create({ name: `Setups ${randomUUID()}` });
    const setup = await alice.api.setups.create({ name: "Opening range breakout", description: "First 5 minutes" });
    const trade = await alice.api.journal.create({ ...closedTrade(account.id), setupId: setup.id });
    expect((await alice.api.setups.list()).find((s) => s.id === setup.id)).toMatchObject({
      tradeCount: 1,
      description: "First 5 minutes",
    });
    expect((await alice.api.setups.list({ tradeCounts: false })).find((s) => s.id === setup.id)).toMatchObject({
      name: "Opening range breakout",
      tradeCount: null,
    });
    expect((await alice.api.journal.list({ filters: { setupId: setup.id } })).trades.map((t) => t.id)).toEqual([
      trade.id,
    ]);

    expect(await alice.api.setups.update({ setupId: setup.id, name: "ORB" })).toEqual({
      id: setup.id,
      name: "ORB",
      description: "First 5 minutes",
    });
    await alice.api.setups.create({ name: "VWAP reclaim" });
    expect((await failureOf(alice.api.setups.update({ setupId: setup.id, name: "VWAP reclaim" }))).fields).toEqual({
      name: ["You already have a setup with this name."],
    });
    expect((await failureOf(alice.api.setups.create({ name: "x".repeat(81) }))).fields.name).toEqual([
      "Use at most 80 characters",
    ]);
    expect(
      (await failureOf(alice.api.setups.update({ setupId: setup.id, description: "y".repeat(501) }))).fields
        .description,
    ).toEqual(["Use at most 500 characters"]);
    expect(await alice.api.setups.create({ name: "n".repeat(80) })).toMatchObject({ name: "n".repeat(80) });

    expect(await alice.api.setups.delete({ setupId: setup.id })).toEqual({ deleted: true });
    const { trade: kept } = await alice.api.journal.get({ tradeId: trade.id });
    expect(kept).toMatchObject({ id: trade.id, setupId: null, notes: "First **note**" });
  });

  it("another member's setup is not found, and nothing of it changes", async () => {
    const setup = await alice.api.setups.create({ name: `Mine ${randomUUID()}` });
    expect((await failureOf(bob.api.setups.update({ setupId: setup.id, name: "Stolen" }))).code).toBe("NOT_FOUND");
    expect((await failureOf(bob.api.setups.delete({ setupId: setup.id }))).code).toBe("NOT_FOUND");
    const account = await bob.api.accounts.create({ name: "Bob's" });
    expect((await failureOf(bob.api.journal.create({ ...closedTrade(account.id), setupId: setup.id }))).fields).toEqual(
      { setupId: ["That setup was not found."] },
    );
    expect(await prisma.setup.findUnique({ where: { id: setup.id }, select: { name: true } })).toEqual({
      name: setup.name,
    });
  });
});

describe("accounts", () => {
  it("list their trade counts; deleting one removes its trades", async () => {
    const { api } = await memberApi();
    const a = await api.accounts.create({ name: "A" });
    const b = await api.accounts.create({ name: "B", currency: "gbp", startingBalance: "5000" });
    await api.journal.create(closedTrade(a.id));
    await api.journal.create(closedTrade(a.id));
    expect((await api.accounts.list()).map((x) => [x.name, x.currency, x.tradeCount])).toEqual([
      ["A", "USD", 2],
      ["B", "GBP", 0],
    ]);
    // Forms and filters ask for names only: nothing is counted.
    expect((await api.accounts.list({ tradeCounts: false })).map((x) => [x.name, x.tradeCount])).toEqual([
      ["A", null],
      ["B", null],
    ]);
    expect(await api.accounts.update({ accountId: b.id, currency: "chf", startingBalance: "7500.5" })).toMatchObject({
      name: "B",
      currency: "CHF",
      startingBalance: "7500.5",
    });
    await api.accounts.delete({ accountId: a.id });
    expect((await api.journal.list({})).totals.count).toBe(0);
    expect((await failureOf(bob.api.accounts.update({ accountId: b.id, currency: "usd" }))).code).toBe("NOT_FOUND");
  });
});

describe("P&L bounds per asset class", () => {
  it("a stock trade's P&L stays within ±999,999; a futures trade may go to ±99,999,999", async () => {
    const account = await alice.api.accounts.create({ name: `Bounds ${randomUUID().slice(0, 8)}` });
    const stock = {
      accountId: account.id,
      symbol: "BRK.A",
      direction: "long" as const,
      entryAt: new Date("2026-03-02T15:00:00Z"),
      exitAt: new Date("2026-03-02T16:00:00Z"),
    };
    // 10 × (800,000 − 700,000) = 1,000,000: one dollar beyond the bound, refused on the quantity.
    const tooMuch = await failureOf(
      alice.api.journal.create({ ...stock, quantity: "10", entryPrice: "700000", exitPrice: "800000" }),
    );
    expect(tooMuch.code).toBe("BAD_REQUEST");
    expect(tooMuch.fields.quantity?.[0]).toMatch(/\$1,000,000.*±999,999 for a stock trade/);
    const typed = await failureOf(
      alice.api.journal.create({
        ...stock,
        quantity: "1",
        entryPrice: "100",
        exitPrice: "101",
        netPnlOverride: "-1000000",
      }),
    );
    expect(typed.fields.netPnlOverride).toEqual(["P&L is at most ±999,999 for a stock trade"]);
    expect((await alice.api.journal.list({ filters: { accountId: account.id } })).trades).toEqual([]);

    // 10 ES contracts × 50 × 2,000 points = 1,000,000: fine for a future.
    const es = await alice.api.journal.create({
      ...closedTrade(account.id),
      quantity: "10",
      entryPrice: "5000",
      exitPrice: "7000",
      fees: "0",
    });
    expect(es.netPnl).toBe("1000000");
    // An edit that would push a stock trade past its bound is refused, and the trade keeps its numbers.
    const small = await alice.api.journal.create({ ...stock, quantity: "1", entryPrice: "100", exitPrice: "101" });
    const edit = await failureOf(alice.api.journal.update({ tradeId: small.id, netPnlOverride: "2000000" }));
    expect(edit.fields.netPnlOverride).toEqual(["P&L is at most ±999,999 for a stock trade"]);
    expect((await alice.api.journal.get({ tradeId: small.id })).trade).toMatchObject({
      netPnl: "1",
      pnlOverride: false,
    });
    // The same override on the futures trade is within its bound.
    expect((await alice.api.journal.update({ tradeId: es.id, netPnlOverride: "2000000" })).netPnl).toBe("2000000");
  });
});
