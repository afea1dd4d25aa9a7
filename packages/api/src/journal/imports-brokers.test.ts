// Each broker's files through imports.preview and imports.commit on a real database: an open
// position shown, committed, closed by a later file; re-importing adds nothing.
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { fixture } from "./import/fixtures/helpers.ts";
import { failureOf, newMember } from "../testing/members.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function memberApi(timeZone = "America/New_York") {
  return (await newMember({ label: "brokers", displayName: "Bo Broker", timeZone })).api;
}

const cents = (value: string | null | undefined) => (value == null ? null : Number(value).toFixed(2));

const BROKER_FILES = [
  {
    broker: "thinkorswim",
    first: "thinkorswim-statement.csv",
    next: "thinkorswim-statement-next.csv",
    fills: 16,
    skipped: 0,
    trades: 8,
    open: { symbol: "QQQ", direction: "long", quantity: "1" },
    // Bought @6.40 (0.65), sold @7.15 (0.01 + 0.65): 75 − 1.31.
    closed: { fills: 1, duplicates: 0, net: "73.69" },
  },
  {
    broker: "tradovate",
    first: "tradovate-orders.csv",
    next: "tradovate-orders-next.csv",
    fills: 6,
    skipped: 2,
    trades: 3,
    open: { symbol: "ES", direction: "short", quantity: "1" },
    // Short 1 ES @5010.00 bought @5002.75: 7.25 × 50 = 362.50 − 2 × 2.69.
    closed: { fills: 1, duplicates: 0, net: "357.12" },
  },
  {
    broker: "webull",
    first: "webull-orders.csv",
    next: "webull-orders-next.csv",
    fills: 10,
    skipped: 1,
    trades: 5,
    open: { symbol: "NVDA", direction: "long", quantity: "10" },
    // The later export repeats the buy: 10 × (123.40 − 120.00).
    closed: { fills: 1, duplicates: 1, net: "34.00" },
  },
  {
    broker: "robinhood",
    first: "robinhood-activity.csv",
    next: "robinhood-activity-next.csv",
    fills: 8,
    skipped: 3,
    trades: 3,
    open: { symbol: "NVDA", direction: "long", quantity: "0.5" },
    // The later export repeats the buy: 0.5 × (124 − 120) = 2 − 0.01 (62.00 against $61.99).
    closed: { fills: 1, duplicates: 1, net: "1.99" },
  },
  {
    broker: "tastytrade",
    first: "tastytrade-history.csv",
    next: "tastytrade-history-next.csv",
    fills: 10,
    skipped: 2,
    trades: 5,
    open: { symbol: "QQQ", direction: "long", quantity: "1" },
    // The later export repeats the buy: (7.15 − 6.40) × 100 = 75 − (1.14 + 0.14).
    closed: { fills: 1, duplicates: 1, net: "73.72" },
  },
] as const;

describe.each(BROKER_FILES)(
  "$broker files through the import procedures",
  ({ broker, first, next, fills, skipped, trades, open, closed }) => {
    it("preview shows the open position; commit keeps it open; a later file closes it; re-importing adds nothing", async () => {
      const api = await memberApi();
      const account = await api.accounts.create({ name: broker, broker });
      const firstFile = { accountId: account.id, fileName: first, content: fixture(first) };
      const nextFile = { accountId: account.id, fileName: next, content: fixture(next) };

      const preview = await api.imports.preview(firstFile);
      expect(preview).toMatchObject({ broker, fills, errors: [], duplicates: [], skipped });
      expect(preview.trades).toHaveLength(trades);
      expect(preview.openPositions).toEqual([open]);
      expect(await prisma.trade.count({ where: { accountId: account.id } })).toBe(0);

      expect(await api.imports.commit(firstFile)).toMatchObject({ trades, fills, duplicates: 0 });
      const opened = (await api.journal.list({ filters: { accountId: account.id, status: "open" } })).trades;
      expect(opened.map((t) => [t.symbol, t.direction, t.quantity])).toEqual([
        [open.symbol, open.direction, open.quantity],
      ]);

      const continued = await api.imports.preview(nextFile);
      expect(continued).toMatchObject({ broker, fills: closed.fills, openPositions: [] });
      expect(continued.duplicates).toHaveLength(closed.duplicates);
      expect(continued.trades.map((t) => [t.symbol, t.status, t.continuesOpenTrade, cents(t.netPnl)])).toEqual([
        [open.symbol, "closed", true, closed.net],
      ]);

      expect(await api.imports.commit(nextFile)).toMatchObject({ fills: closed.fills, duplicates: closed.duplicates });
      const after = (await api.journal.list({ filters: { accountId: account.id }, limit: 200 })).trades;
      expect(after).toHaveLength(trades);
      const same = after.find((t) => t.id === opened[0]!.id);
      expect([same?.status, cents(same?.netPnl)]).toEqual(["closed", closed.net]);

      for (const file of [firstFile, nextFile]) {
        const again = await api.imports.preview(file);
        expect(again).toMatchObject({ fills: 0, trades: [] });
        expect(await api.imports.commit(file)).toMatchObject({ trades: 0, fills: 0 });
      }
      expect(await prisma.trade.count({ where: { accountId: account.id } })).toBe(trades);
      // A fill through zero is stored as two parts, the second under "<id>#reversal".
      expect(
        await prisma.fill.count({ where: { accountId: account.id, NOT: { executionId: { endsWith: "#reversal" } } } }),
      ).toBe(fills + closed.fills);
    });
  },
);

describe("broker import options and refusals", () => {
  it("Tradovate fees follow the member's table when given, and a bad table is refused by field", async () => {
    const api = await memberApi();
    const account = await api.accounts.create({ name: "Futures", broker: "tradovate" });
    const input = { accountId: account.id, fileName: "orders.csv", content: fixture("tradovate-orders.csv") };
    const nets = async (feesPerContract?: Record<string, string>) =>
      (await api.imports.preview({ ...input, ...(feesPerContract ? { feesPerContract } : {}) })).trades
        .filter((t) => t.symbol === "MES")
        .map((t) => cents(t.netPnl));
    // Our estimate, 0.72 a contract: 77.50 − 4.32 and 32.50 − 2.88.
    expect(await nets()).toEqual(["73.18", "29.62"]);
    // 0.50 a contract, 6 and 4 contracts traded: 77.50 − 3.00 and 32.50 − 2.00.
    expect(await nets({ MES: "0.50" })).toEqual(["74.50", "30.50"]);
    const refused = await failureOf(api.imports.preview({ ...input, feesPerContract: { mes: "0.50", ES: "5000" } }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(Object.keys(refused.fields)).toEqual(["feesPerContract"]);
  });

  it("an unrecognised file lists the formats we read; a chosen format names its missing column", async () => {
    const api = await memberApi();
    const account = await api.accounts.create({ name: "Any" });
    const unknown = await failureOf(
      api.imports.preview({
        accountId: account.id,
        fileName: "x.csv",
        content: "Date,Ticker,Shares\n2026-03-02,AAPL,10",
      }),
    );
    expect(unknown.code).toBe("BAD_REQUEST");
    for (const label of [
      "thinkorswim account statement",
      "Tradovate orders",
      "Webull orders",
      "Robinhood activity",
      "Tastytrade history",
    ])
      expect(unknown.message).toContain(label);
    const missing = await failureOf(
      api.imports.commit({
        accountId: account.id,
        broker: "robinhood",
        fileName: "r.csv",
        content: '"Activity Date","Instrument","Trans Code","Quantity","Price"\n"3/2/2026","AAPL","Buy","1","$1.00"',
      }),
    );
    expect(missing).toMatchObject({
      code: "BAD_REQUEST",
      message: 'This Robinhood activity file is missing the column "Amount".',
    });
    expect(await prisma.import.count({ where: { accountId: account.id } })).toBe(0);
  });

  it("another member cannot preview or commit a broker file into someone's account", async () => {
    const owner = await memberApi();
    const other = await memberApi();
    const account = await owner.accounts.create({ name: "Mine", broker: "webull" });
    const input = { accountId: account.id, fileName: "orders.csv", content: fixture("webull-orders.csv") };
    expect((await failureOf(other.imports.preview(input))).code).toBe("NOT_FOUND");
    expect((await failureOf(other.imports.commit(input))).code).toBe("NOT_FOUND");
    expect(await prisma.fill.count({ where: { accountId: account.id } })).toBe(0);
  });
});
