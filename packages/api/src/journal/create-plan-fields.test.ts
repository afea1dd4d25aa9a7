// Issue 13: a trade's rating, emotions and mistakes can be given when it is added, not only on edit.
import { describe, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";

const trade = (accountId: string) => ({
  accountId,
  symbol: "msft",
  direction: "long" as const,
  quantity: "10",
  entryPrice: "100",
  entryAt: new Date("2026-03-02T14:45:00Z"),
  exitPrice: "107.5",
  exitAt: new Date("2026-03-02T16:15:00Z"),
  stopLoss: "95",
  takeProfit: "110",
});

describe("journal.create with the trade's plan and how it went", () => {
  it("stores the rating, the emotions and the mistakes (trimmed) with the stop and target; an edit changes the mistakes", async () => {
    const { api } = await newMember({ label: "create-plan" });
    const account = await api.accounts.create({ name: "Main" });
    const created = await api.journal.create({
      ...trade(account.id),
      rating: 4,
      emotions: [" calm ", "impatient"],
      mistakes: ["chased ", "moved stop"],
    });
    const { trade: stored } = await api.journal.get({ tradeId: created.id });
    expect(stored).toMatchObject({
      rating: 4,
      emotions: ["calm", "impatient"],
      mistakes: ["chased", "moved stop"],
      stopLoss: "95",
      takeProfit: "110",
      rMultiple: "1.5",
    });
    await api.journal.update({ tradeId: created.id, mistakes: ["oversized"] });
    expect((await api.journal.get({ tradeId: created.id })).trade.mistakes).toEqual(["oversized"]);
  });

  it("refuses more than 10 mistakes or one over 40 characters, on the field", async () => {
    const { api } = await newMember({ label: "create-plan-mistakes" });
    const account = await api.accounts.create({ name: "Main" });
    const many = await failureOf(
      api.journal.create({ ...trade(account.id), mistakes: Array.from({ length: 11 }, (_, i) => `m${i}`) }),
    );
    expect(many.fields.mistakes).toEqual(["Use at most 10 mistakes"]);
    const long = await failureOf(api.journal.create({ ...trade(account.id), mistakes: ["x".repeat(41)] }));
    expect(Object.values(long.fields).flat()).toEqual(["Use at most 40 characters for each mistake"]);
    expect((await api.journal.list({ limit: 5 })).trades).toEqual([]);
  });

  it("refuses a rating outside 1–5 with a message on the field, and stores nothing", async () => {
    const { api } = await newMember({ label: "create-plan-bad" });
    const account = await api.accounts.create({ name: "Main" });
    const failure = await failureOf(api.journal.create({ ...trade(account.id), rating: 6 }));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fields.rating).toEqual(["Choose a rating from 1 to 5"]);
    expect((await api.journal.list({ limit: 5 })).trades).toEqual([]);
  });
});
