// MFE/MAE enrichment of 1,000 imported trades: a generic file of 2,000 fills is imported through
// the real caller, then the excursions job's function (enrichBacklog) measures every trade with
// the real Massive provider over HTTP against the local market stub (startMarketStub): one minute
// bar request per trade, nothing cached beforehand. Target: < 10 s.
//   Alone: `pnpm --filter @tradecraft/bench exec tsx src/enrich.ts` (its own database).
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { createLogger } from "@tradecraft/config";
import { getPrisma } from "@tradecraft/db";
import { startMarketStub } from "@tradecraft/testing";
import { generatedFile } from "./journal.ts";

export interface EnrichFigures {
  scenario: string;
  trades: number;
  measured: number;
  "provider requests": number;
  "total ms": number;
  "ms per trade": number;
  target: string;
  ok: boolean;
}

const TARGET_MS = 10_000;

/** Imports 1,000 trades for a new member and times enriching all of them against the Massive stub. */
export async function enrichFigures(trades = 1_000): Promise<EnrichFigures> {
  // Imported late: the API reads DATABASE_URL when its client is first used.
  const { createCaller, createContext, createMarket, createMassiveProvider, enrichBacklog } =
    await import("@tradecraft/api");
  const prisma = getPrisma();
  const logger = createLogger({ level: "warn" });
  const user = await prisma.user.create({
    data: {
      email: `bench-enrich-${randomUUID()}@bench.test`,
      displayName: "Bench",
      profile: { create: { timeZone: "America/New_York" } },
    },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({ headers: new Headers(), app: "web", requestId: "bench-enrich", ip: "127.0.0.1" });
  const api = createCaller({ ...ctx, user });
  const account = await api.accounts.create({ name: "Bench", broker: "generic" });
  await api.imports.commit({
    accountId: account.id,
    fileName: "bench.csv",
    content: generatedFile(trades * 2, `enrich-${randomUUID()}`),
  });

  const stub = await startMarketStub();
  try {
    const massive = createMassiveProvider({ baseUrl: stub.massiveUrl, apiKey: "bench-key", logger });
    const market = createMarket({ providers: { massive }, logger });
    const started = performance.now();
    const result = await enrichBacklog({ prisma, market, logger }, user.id, { batchSize: trades });
    const total = performance.now() - started;
    const requests = stub.requests.filter((r) => r.path.startsWith("/v2/aggs")).length;
    return {
      scenario: `enrichBacklog: ${trades.toLocaleString("en-US")} imported trades, Massive provider → market stub`,
      trades: result.looked,
      measured: result.computed,
      "provider requests": requests,
      "total ms": Math.round(total),
      "ms per trade": Math.round((total / Math.max(1, result.looked)) * 100) / 100,
      target: `< ${TARGET_MS.toLocaleString("en-US")} ms`,
      ok: total < TARGET_MS && result.computed === trades,
    };
  } finally {
    await stub.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { createTestDatabase } = await import("@tradecraft/db/testing");
  const db = await createTestDatabase({ prefix: "tc_bench" });
  process.env.DATABASE_URL = db.url;
  try {
    const figures = await enrichFigures();
    // eslint-disable-next-line no-console -- the table is the output
    console.table([figures]);
    if (!figures.ok) process.exitCode = 1;
  } finally {
    const { closePrisma, closeRedis } = await import("@tradecraft/db");
    await Promise.all([closePrisma(), closeRedis()]);
    await db.drop();
  }
}
