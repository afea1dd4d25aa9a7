// The quota check every AI request makes first: consumeQuota's one INSERT … ON CONFLICT
// statement on the bench database, one call at a time and 10 at once on the same member (the
// row lock is the contended part). Target: p95 < 5 ms one at a time.
//   Alone: `DATABASE_URL=postgresql://… pnpm --filter @tradecraft/bench exec tsx src/quota.ts`.
// Each call commits, so on a real disk the commit's WAL flush is most of its time.
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { createLogger } from "@tradecraft/config";
import { createPrismaClient } from "@tradecraft/db";

export interface QuotaFigures {
  scenario: string;
  calls: number;
  p50: number;
  p95: number;
  p99: number;
  target: string;
}

const percentile = (sorted: number[], p: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 100) / 100;

/** p50/p95/p99 of consumeQuota on the database at `databaseUrl` (a member is created there). */
export async function quotaTimings(databaseUrl: string, calls = 2_000): Promise<QuotaFigures[]> {
  const { consumeQuota } = await import("@tradecraft/api");
  const prisma = createPrismaClient(databaseUrl, { max: 10 });
  try {
    const member = await prisma.user.create({
      data: { email: `bench-quota-${randomUUID()}@bench.test`, displayName: "Bench" },
      select: { id: true, tier: true },
    });
    const ctx = { prisma, logger: createLogger({ level: "warn" }), user: member };
    // Room for every call: the figure is the check's cost, not the refusal's.
    const room = {
      conversations: 1_000_000,
      messagesPerConversation: 1_000_000,
      gradingsPerMonth: 1_000_000,
      activeAlerts: 1_000_000,
    };
    const limits = { resetPeriod: "monthly" as const, tiers: { FREE: room, PRO: room } };
    const one = async () => {
      const started = performance.now();
      await consumeQuota(ctx, { kind: "gradings", units: 1, limits });
      return performance.now() - started;
    };
    for (let i = 0; i < 100; i++) await one(); // warm-up: pool, JIT, the row itself

    const sequential: number[] = [];
    for (let i = 0; i < calls; i++) sequential.push(await one());
    const concurrent: number[] = [];
    for (let i = 0; i < calls / 10; i++) concurrent.push(...(await Promise.all(Array.from({ length: 10 }, one))));

    const used = await prisma.usageCounter.findFirstOrThrow({ where: { userId: member.id }, select: { used: true } });
    if (used.used !== 100 + 2 * calls)
      throw new Error(`quota bench: expected ${100 + 2 * calls} units used, found ${used.used}`);

    return [
      { scenario: "consumeQuota, one at a time", samples: sequential, target: "p95 < 5 ms" },
      { scenario: "consumeQuota, 10 at once on one member", samples: concurrent, target: "(contended row, no target)" },
    ].map(({ scenario, samples, target }) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return {
        scenario,
        calls: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        target,
      };
    });
  } finally {
    await prisma.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { createTestDatabase } = await import("@tradecraft/db/testing");
  const db = await createTestDatabase({ prefix: "tc_bench_quota" });
  try {
    // eslint-disable-next-line no-console -- the table is the output
    console.table(await quotaTimings(db.url));
  } finally {
    await db.drop();
  }
}
