// An import's progress (issue 12, "commit shows progress"): the stages and rows written while a
// commit runs, readable by the member who committed only, in Redis when configured.
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma, getRedis } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";
import { type InsertProgress, insertTrades } from "./trades.service.ts";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

/** `pairs` round trips of 100 shares over 20 symbols: 2 × pairs fills, `pairs` trades. */
function file(pairs: number, prefix: string) {
  const lines = ["time,symbol,side,quantity,price,fees,asset_class,execution_id"];
  const start = Date.UTC(2025, 0, 2, 14, 30);
  for (let i = 0; i < pairs; i++) {
    const t = start + i * 60_000;
    lines.push(`${new Date(t).toISOString()},S${i % 20},buy,100,10,1,stock,${prefix}${i}a`);
    lines.push(`${new Date(t + 30_000).toISOString()},S${i % 20},sell,100,11,1,stock,${prefix}${i}b`);
  }
  return lines.join("\n");
}

describe("imports.progress", () => {
  it("says done with every row written once the commit returns, and only to the member who committed", async () => {
    const { api, user } = await newMember({ label: "progress" });
    const account = await api.accounts.create({ name: "Main", broker: "generic" });
    const progressId = randomUUID();
    expect(await api.imports.progress({ progressId })).toBeNull();
    const committed = await api.imports.commit({
      accountId: account.id,
      fileName: "p.csv",
      content: file(300, "p"),
      progressId,
    });
    expect(committed).toMatchObject({ trades: 300, fills: 600 });
    expect(await api.imports.progress({ progressId })).toEqual({ stage: "done", written: 900, total: 900 });
    // Shared by every instance through Redis when configured, and gone ten minutes later.
    const redis = getRedis();
    if (redis) expect(await redis.ttl(`import-progress:${user.id}:${progressId}`)).toBeGreaterThan(590);

    const { api: stranger } = await newMember({ label: "stranger" });
    expect(await stranger.imports.progress({ progressId })).toBeNull();
  });

  it("says failed when the commit is refused, and a progress id that is not a UUID is a field error", async () => {
    const { api } = await newMember({ label: "progress-failed" });
    const account = await api.accounts.create({ name: "Main", broker: "generic" });
    const progressId = randomUUID();
    const bad = `${file(2, "f")}\n2025-01-03T10:00:00Z,S1,buy,100,abc,1,stock,fx`;
    expect(
      (await failureOf(api.imports.commit({ accountId: account.id, fileName: "f.csv", content: bad, progressId })))
        .code,
    ).toBe("BAD_REQUEST");
    expect(await api.imports.progress({ progressId })).toMatchObject({ stage: "failed" });
    expect((await failureOf(api.imports.progress({ progressId: "not-a-uuid" }))).fields).toHaveProperty("progressId");
  });

  it("writes a big import a statement per 5,000 rows and reports the rows written after each", async () => {
    const { user } = await newMember({ label: "progress-insert" });
    const prisma = getPrisma();
    const account = await prisma.brokerAccount.create({
      data: { userId: user.id, name: "Bulk" },
      select: { id: true },
    });
    const start = Date.UTC(2025, 0, 2, 14, 30);
    const fills = Array.from({ length: 12_000 }, (_, i) => ({
      executedAt: new Date(start + Math.floor(i / 2) * 60_000 + (i % 2) * 30_000),
      side: i % 2 ? ("sell" as const) : ("buy" as const),
      quantity: "1",
      price: "10",
      fees: "0",
      executionId: `bulk-${i}`,
    }));
    const reports: Array<[number, number]> = [];
    const collect: InsertProgress = (written, total) => {
      reports.push([written, total]);
    };
    await prisma.$transaction((tx) =>
      insertTrades(
        tx,
        [
          {
            userId: user.id,
            accountId: account.id,
            instrument: { symbol: "BULK", assetClass: "stock", multiplier: "1", option: null },
            fills,
          },
        ],
        collect,
      ),
    );
    // 6,000 trades then 12,000 fills: 5,000 + 1,000 trades, 5,000 + 5,000 + 2,000 fills.
    expect(reports).toEqual([
      [5_000, 18_000],
      [6_000, 18_000],
      [11_000, 18_000],
      [16_000, 18_000],
      [18_000, 18_000],
    ]);
    expect(await prisma.fill.count({ where: { accountId: account.id } })).toBe(12_000);
  });
});
