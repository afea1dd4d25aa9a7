// Assignment and exercise on a real database: the option trade an import ends by assignment is
// linked to the share trade its delivery opened, both ways on the trade page, for the member only.
import { closePrisma, closeRedis } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { fixture } from "./import/fixtures/helpers.ts";
import { failureOf, newMember } from "../testing/members.ts";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function importFile(content: string, broker: "tastytrade" | "robinhood") {
  const { api } = await newMember({ label: "deliveries", timeZone: "America/New_York" });
  const account = await api.accounts.create({ name: "Options", broker });
  await api.imports.commit({ accountId: account.id, fileName: "history.csv", content });
  const { trades } = await api.journal.list({});
  return { api, trades };
}

describe("option deliveries", () => {
  it("links Tastytrade's assigned short put to the 100 SPY bought at 580 and the assigned call to the AAPL sold at 200", async () => {
    const { api, trades } = await importFile(fixture("tastytrade-option-lifecycle.csv"), "tastytrade");
    const put = trades.find((t) => t.symbol === "SPY" && t.assetClass === "option")!;
    const spy = trades.find((t) => t.symbol === "SPY" && t.assetClass === "stock")!;
    const call = trades.find((t) => t.symbol === "AAPL" && t.assetClass === "option")!;
    const aapl = trades.find((t) => t.symbol === "AAPL" && t.assetClass === "stock")!;
    const expired = trades.find((t) => t.symbol === "QQQ")!;

    const putPage = await api.journal.get({ tradeId: put.id });
    expect(putPage.deliveredTo).toMatchObject({ id: spy.id, symbol: "SPY", direction: "long", quantity: "100" });
    const spyPage = await api.journal.get({ tradeId: spy.id });
    expect(spyPage.deliveredBy).toEqual([
      expect.objectContaining({ id: put.id, optionRight: "put", optionStrike: "580", optionExpiry: "2026-03-20" }),
    ]);
    expect(spyPage.deliveredTo).toBeNull();

    expect((await api.journal.get({ tradeId: call.id })).deliveredTo).toMatchObject({
      id: aapl.id,
      symbol: "AAPL",
      quantity: "100",
    });
    // An expiration delivers nothing.
    const expiredPage = await api.journal.get({ tradeId: expired.id });
    expect(expiredPage.deliveredTo).toBeNull();
    expect(expiredPage.deliveredBy).toEqual([]);
  });

  it('links Robinhood\'s OASGN to its own "Option Assigned" share row', async () => {
    const { api, trades } = await importFile(fixture("robinhood-options.csv"), "robinhood");
    const put = trades.find((t) => t.symbol === "TSLA" && t.assetClass === "option" && t.optionRight === "put")!;
    const shares = trades.find((t) => t.symbol === "TSLA" && t.assetClass === "stock")!;
    expect((await api.journal.get({ tradeId: put.id })).deliveredTo).toMatchObject({ id: shares.id, quantity: "100" });
    expect((await api.journal.get({ tradeId: shares.id })).deliveredBy.map((t) => t.id)).toEqual([put.id]);
  });

  it("another member sees neither trade", async () => {
    const { trades } = await importFile(fixture("tastytrade-option-lifecycle.csv"), "tastytrade");
    const { api: stranger } = await newMember({ label: "stranger" });
    expect((await failureOf(stranger.journal.get({ tradeId: trades[0]!.id }))).code).toBe("NOT_FOUND");
  });
});
