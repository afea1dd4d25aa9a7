// Journal figures (the journal issue's targets): importing 10,000 fills (preview + commit),
// analytics.summary over 100,000 trades, both through the real caller on the bench database;
// and the data the journal-list page scenario reads (10,000 trades for the demo member).
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@tradecraft/db";

export interface Timing {
  name: string;
  runs: number;
  medianMs: number;
  minMs: number;
  target: string;
}

async function time(name: string, target: string, runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    name,
    runs,
    target,
    medianMs: Math.round(samples[Math.floor(samples.length / 2)]! * 10) / 10,
    minMs: Math.round(samples[0]! * 10) / 10,
  };
}

/** A generic-format file of `fills` executions: round trips of 100 shares over 50 symbols. */
export function generatedFile(fills: number, idPrefix: string): string {
  const lines = ["time,symbol,side,quantity,price,fees,asset_class,execution_id"];
  const start = Date.UTC(2025, 0, 2, 14, 30);
  for (let i = 0; i < fills / 2; i++) {
    const symbol = `SYM${i % 50}`;
    const t = start + i * 60_000;
    const entry = 100 + (i % 37);
    lines.push(`${new Date(t).toISOString()},${symbol},buy,100,${entry},1,stock,${idPrefix}-${i}-a`);
    lines.push(
      `${new Date(t + 30_000).toISOString()},${symbol},sell,100,${entry + ((i % 7) - 3) / 4},1,stock,${idPrefix}-${i}-b`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Inserts `count` closed trades for a member straight into the database (bench data, not a code path under test). */
export async function insertTrades(prisma: PrismaClient, userId: string, accountId: string, count: number) {
  const start = Date.UTC(2020, 0, 1, 14, 30);
  for (let offset = 0; offset < count; offset += 5_000) {
    const rows = Array.from({ length: Math.min(5_000, count - offset) }, (_, k) => {
      const i = offset + k;
      const net = ((i * 7919) % 2001) - 950; // −950 … +1050, deterministic
      return {
        id: randomUUID(),
        userId,
        accountId,
        symbol: `SYM${i % 200}`,
        assetClass: "stock" as const,
        direction: i % 3 ? ("long" as const) : ("short" as const),
        status: "closed" as const,
        quantity: "100",
        entryPrice: "100",
        exitPrice: "101",
        entryAt: new Date(start + i * 3_600_000),
        exitAt: new Date(start + i * 3_600_000 + 1_800_000),
        fees: "2",
        grossPnl: String(net + 2),
        netPnl: String(net),
        rMultiple: String(net / 500),
        initialRisk: "500",
        tags: i % 10 ? [] : ["review"],
      };
    });
    await prisma.trade.createMany({ data: rows });
  }
  // A live table has planner statistics (autovacuum keeps them); a bulk load just now has none, and
  // without them PostgreSQL picks plans no production journal would get.
  await prisma.$executeRawUnsafe('ANALYZE "Trade"');
}

export async function journalTimings(prisma: PrismaClient): Promise<Timing[]> {
  // Imported late: the API reads DATABASE_URL when its client is first used.
  const { createCaller, createContext } = await import("@tradecraft/api");
  const member = async (label: string) => {
    const user = await prisma.user.create({
      data: {
        email: `bench-${label}-${randomUUID()}@bench.test`,
        displayName: "Bench",
        profile: { create: { timeZone: "America/New_York" } },
      },
      select: { id: true, email: true, displayName: true, role: true, tier: true },
    });
    const ctx = await createContext({
      headers: new Headers(),
      app: "web",
      requestId: `bench-${label}`,
      ip: "127.0.0.1",
    });
    return { user, api: createCaller({ ...ctx, user }) };
  };

  const importer = await member("import");
  const results: Timing[] = [];
  let run = 0;
  results.push(
    await time("imports.preview + imports.commit, 10,000 fills", "< 1000 ms", 3, async () => {
      run += 1;
      // A fresh account each run, so every run imports all 10,000 fills.
      const account = await importer.api.accounts.create({ name: `Import ${run}` });
      const input = { accountId: account.id, fileName: "bench.csv", content: generatedFile(10_000, `r${run}`) };
      const preview = await importer.api.imports.preview(input);
      if (preview.fills !== 10_000) throw new Error(`preview saw ${preview.fills} fills`);
      const committed = await importer.api.imports.commit(input);
      if (committed.fills !== 10_000) throw new Error(`commit wrote ${committed.fills} fills`);
    }),
  );

  // Issue 12's targets for a big file: the preview (summary per symbol, first page of trades)
  // and the commit of 24,000 fills, timed apart; each commit goes into a fresh account.
  const bigFiles = await Promise.all(
    [1, 2, 3].map(async (n) => {
      const account = await importer.api.accounts.create({ name: `Big import ${n}` });
      return { accountId: account.id, fileName: "bench-24k.csv", content: generatedFile(24_000, `big${n}`) };
    }),
  );
  results.push(
    await time("imports.preview, 24,000 fills", "< 2000 ms", 3, async () => {
      const preview = await importer.api.imports.preview(bigFiles[0]!);
      if (preview.fills !== 24_000) throw new Error(`preview saw ${preview.fills} fills`);
    }),
  );
  results.push(
    await time("imports.commit, 24,000 fills", "< 3000 ms", 3, async () => {
      const committed = await importer.api.imports.commit(bigFiles.shift()!);
      if (committed.fills !== 24_000) throw new Error(`commit wrote ${committed.fills} fills`);
    }),
  );

  const analyst = await member("summary");
  const account = await analyst.api.accounts.create({ name: "Big", startingBalance: "100000" });
  await insertTrades(prisma, analyst.user.id, account.id, 100_000);
  await analyst.api.analytics.summary({}); // warm-up
  results.push(
    await time("analytics.summary over 100,000 trades", "< 150 ms", 7, async () => {
      const summary = await analyst.api.analytics.summary({});
      if (summary.tradeCount !== 100_000) throw new Error(`summary counted ${summary.tradeCount} trades`);
    }),
  );
  return results;
}
