// A sale of shares held from before the file, through the import procedures on a real database:
// previewed and stored as a trade whose entry is unknown, out of the statistics until the member
// gives its cost basis; a sale that closes a position already in the journal closes that one.
import { closePrisma, closeRedis } from "@tradecraft/db";
import { afterAll, expect, it } from "vitest";
import { fixture } from "./import/fixtures/helpers.ts";
import { newMember } from "../testing/members.ts";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const cents = (value: string | null | undefined) => (value == null ? null : Number(value).toFixed(2));

it("a Sell with nothing open is a trade opened before the import: flagged, no P&L, out of the statistics until its cost basis is given", async () => {
  const { api } = await newMember({ label: "opened-before", timeZone: "America/New_York" });
  const account = await api.accounts.create({ name: "Webull", broker: "webull" });
  const file = { accountId: account.id, fileName: "orders.csv", content: fixture("webull-sold-before-period.csv") };

  const preview = await api.imports.preview(file);
  expect(preview.openPositions).toEqual([]);
  expect(preview.trades.map((t) => [t.symbol, t.direction, t.quantity, t.costBasisUnknown, cents(t.netPnl)])).toEqual([
    ["AAPL", "long", "50", true, null],
    ["TSLA", "short", "10", false, "50.00"],
    ["AAPL", "long", "10", false, "20.00"],
    ["AAPL", "long", "30", true, null],
  ]);

  await api.imports.commit(file);
  const { trades } = await api.journal.list({ filters: { accountId: account.id }, limit: 50 });
  const unknown = trades.filter((t) => t.costBasisUnknown);
  expect(unknown.map((t) => [t.symbol, t.direction, t.status, t.quantity, t.exitPrice, t.netPnl, t.grossPnl])).toEqual([
    ["AAPL", "long", "closed", "30", "192", null, null],
    ["AAPL", "long", "closed", "50", "189", null, null],
  ]);
  // Only the two trades with a known entry count: 20 + 50.
  expect(await api.analytics.summary({ accountId: account.id })).toMatchObject({ tradeCount: 2, netPnl: 70 });

  // The member says the 50 shares cost 180.00: 50 × 9 = 450, and the trade counts from now on.
  const fifty = unknown.find((t) => t.quantity === "50")!;
  const updated = await api.journal.update({ tradeId: fifty.id, entryPrice: "180" });
  expect([updated.costBasisUnknown, updated.status, updated.entryPrice, cents(updated.netPnl)]).toEqual([
    false,
    "closed",
    "180",
    "450.00",
  ]);
  expect(await api.analytics.summary({ accountId: account.id })).toMatchObject({ tradeCount: 3, netPnl: 520 });
  // Editing anything else of a trade still opened before keeps it so (no short appears).
  const thirty = unknown.find((t) => t.quantity === "30")!;
  const noted = await api.journal.update({ tradeId: thirty.id, stopLoss: "170" });
  expect([noted.costBasisUnknown, noted.direction, noted.status, noted.netPnl]).toEqual([true, "long", "closed", null]);
});

it("a Sell closes the journal's open position from an earlier import before anything counts as opened before", async () => {
  const { api } = await newMember({ label: "opened-before-journal", timeZone: "America/New_York" });
  const account = await api.accounts.create({ name: "Webull", broker: "webull" });
  const header = "Symbol,Side,Status,Filled,Avg Price,Filled Time";
  await api.imports.commit({
    accountId: account.id,
    fileName: "a.csv",
    content: `${header}\nAAPL,Buy,Filled,30,100.00,03/02/2026 10:00:00 EST\n`,
  });
  const later = {
    accountId: account.id,
    fileName: "b.csv",
    content: `${header}\nAAPL,Sell,Filled,50,101.00,03/09/2026 10:00:00 EDT\n`,
  };
  const preview = await api.imports.preview(later);
  // 30 close the journal's open trade (30 × 1); the other 20 were held from before both files.
  expect(preview.trades.map((t) => [t.quantity, t.continuesOpenTrade, t.costBasisUnknown, cents(t.netPnl)])).toEqual([
    ["30", true, false, "30.00"],
    ["20", false, true, null],
  ]);
});
