// Corporate actions through the import procedures on a real database (issue 12): a Robinhood file's
// split, symbol change and cash merger act on the open positions, in the file and in the journal,
// the preview lists each and what it did, and a file read again applies none twice.
import { closePrisma, closeRedis } from "@tradecraft/db";
import { afterAll, expect, it } from "vitest";
import { fixture } from "./import/fixtures/helpers.ts";
import { failureOf, newMember } from "../testing/members.ts";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const cents = (value: string | null | undefined) => (value == null ? null : Number(value).toFixed(2));
const HEADER =
  '"Activity Date","Process Date","Settle Date","Instrument","Description","Trans Code","Quantity","Price","Amount"';

it("a split, a symbol change and a cash merger in one file: listed in the preview, applied to the open lots", async () => {
  const { api } = await newMember({ label: "corporate-actions", timeZone: "America/New_York" });
  const account = await api.accounts.create({ name: "Robinhood", broker: "robinhood" });
  const file = { accountId: account.id, fileName: "activity.csv", content: fixture("robinhood-corporate-actions.csv") };
  const preview = await api.imports.preview(file);
  expect(preview.errors).toEqual([]);
  expect(preview.actions).toEqual([
    {
      line: 9,
      kind: "split",
      symbol: "NVDA",
      description: "split 10 for 1: 10 shares became 100, prices divided by 10, cost unchanged",
    },
    { line: 5, kind: "symbolChange", symbol: "FB", description: "20 shares carried to META" },
    { line: 2, kind: "cashMerger", symbol: "ATVI", description: "30 shares closed for cash at 95 a share" },
  ]);
  expect(preview.trades.map((t) => [t.symbol, t.status, t.quantity, cents(t.netPnl)])).toEqual([
    // 10 at 900 are 100 at 90 after the split; 50 sold at 95: 250 so far, 50 still open.
    ["NVDA", "open", "100", null],
    // Bought as FB at 500, sold as META at 510: 20 × 10.
    ["META", "closed", "20", "200.00"],
    // 30 × (95 − 90): the cash merger's $2,850.00 against $2,700.00.
    ["ATVI", "closed", "30", "150.00"],
  ]);
  expect(preview.openPositions).toEqual([{ symbol: "NVDA", direction: "long", quantity: "100" }]);
  // The merger's closing fill is one of the file's: 6 executions and the merger.
  expect(preview.fills).toBe(6);

  expect(await api.imports.commit(file)).toMatchObject({ trades: 3, fills: 6 });
  const again = await api.imports.preview(file);
  expect(again).toMatchObject({ fills: 0, trades: [], actions: [] });
  const nvda = (await api.journal.list({ filters: { accountId: account.id, symbol: "NVDA" } })).trades;
  expect(nvda.map((t) => [t.status, t.quantity, t.entryPrice])).toEqual([["open", "100", "90"]]);
});

it("a split in a later file adjusts the journal's open trade, once", async () => {
  const { api } = await newMember({ label: "corporate-actions-journal", timeZone: "America/New_York" });
  const account = await api.accounts.create({ name: "Robinhood", broker: "robinhood" });
  const first = [HEADER, '"3/2/2026","3/2/2026","3/3/2026","NVDA","NVIDIA","Buy","10","$900.00","($9,000.00)"'].join(
    "\n",
  );
  await api.imports.commit({ accountId: account.id, fileName: "a.csv", content: first });
  const later = {
    accountId: account.id,
    fileName: "b.csv",
    content: [
      HEADER,
      '"3/4/2026","3/4/2026","3/5/2026","NVDA","NVIDIA","Sell","100","$95.00","$9,500.00"',
      '"3/3/2026","3/3/2026","3/3/2026","NVDA","Forward Split","SPL","90","",""',
    ].join("\n"),
  };
  const preview = await api.imports.preview(later);
  expect(preview.actions.map((a) => a.description)).toEqual([
    "split 10 for 1: 10 shares became 100, prices divided by 10, cost unchanged",
  ]);
  // Without the split, 90 of the 100 sold would be shares "opened before"; with it, 100 × (95 − 90).
  expect(preview.trades.map((t) => [t.status, t.continuesOpenTrade, t.costBasisUnknown, cents(t.netPnl)])).toEqual([
    ["closed", true, false, "500.00"],
  ]);
  await api.imports.commit(later);
  // The same file again, or a later one repeating the split, applies it no second time.
  expect(await api.imports.preview(later)).toMatchObject({ fills: 0, trades: [], actions: [] });
  const [trade] = (await api.journal.list({ filters: { accountId: account.id } })).trades;
  expect([trade?.status, trade?.quantity, trade?.entryPrice, cents(trade?.netPnl)]).toEqual([
    "closed",
    "100",
    "90",
    "500.00",
  ]);
  // Undoing it could not put the first file's fills back as they were before the split: refused.
  const [second] = (await api.imports.list()).filter((i) => i.fileName === "b.csv");
  const refused = await failureOf(api.imports.undo({ importId: second!.id }));
  expect([refused.code, refused.message]).toEqual([
    "BAD_REQUEST",
    "This import applied a split, symbol change or cash merger to positions held before it, which undoing it cannot put back. Nothing was undone.",
  ]);
});
