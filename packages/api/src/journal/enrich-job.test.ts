// The excursions job end to end: imports committed through the caller enqueue one debounced job
// per member (pg-boss, real PostgreSQL), and the real worker measures the trades with the Massive
// provider over HTTP against the market stub.
import { rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { type MarketStubRequest, type MarketStub, startMarketStub } from "@tradecraft/testing";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startJobWorkers } from "../jobs/worker.ts";
import { createMarket } from "../market/index.ts";
import { createMassiveProvider } from "../market/massive.ts";
import { newMember } from "../testing/members.ts";

const prisma = getPrisma();
let stub: MarketStub;

beforeAll(async () => {
  stub = await startMarketStub();
});

afterAll(async () => {
  await stub.close();
  await closePrisma();
  await closeRedis();
});

const HEADER = "time,symbol,side,quantity,price,fees,asset_class,execution_id";
const AAPL = [
  HEADER,
  "2026-03-02T09:30:00-05:00,AAPL,buy,10,190,1,stock,j1",
  "2026-03-02T10:00:00-05:00,AAPL,sell,10,192.5,1,stock,j2",
];
const TSLA = [
  HEADER,
  "2026-03-03T09:30:00-05:00,TSLA,buy,2,200,0.5,stock,j3",
  "2026-03-03T09:45:00-05:00,TSLA,sell,2,195,0.5,stock,j4",
];

const bar = (iso: string, h: number, l: number) => ({ t: Date.parse(iso), o: l, h, l, c: l, v: 100 });
/** Minute bars per ticker, whatever range is asked (the provider keeps those in range). */
const BARS: Record<string, ReturnType<typeof bar>[]> = {
  AAPL: [
    bar("2026-03-02T14:30:00Z", 190.5, 189),
    bar("2026-03-02T14:45:00Z", 195, 190),
    bar("2026-03-02T15:10:00Z", 300, 100),
  ],
  TSLA: [bar("2026-03-03T14:35:00Z", 201, 194)],
};

it("two imports in a row enqueue one job, 5 s later; the worker fills the excursions", async () => {
  stub.respondWith((request: MarketStubRequest) => {
    const ticker = /^\/v2\/aggs\/ticker\/([^/]+)\//.exec(request.path)?.[1];
    if (!ticker) return undefined;
    const results = BARS[ticker] ?? [];
    return { body: { ticker, status: "OK", resultsCount: results.length, results } };
  });
  const { api, user } = await newMember({ label: "enrich-job", timeZone: "America/New_York" });
  const account = await api.accounts.create({ name: "Main", broker: "generic" });
  await api.imports.commit({ accountId: account.id, fileName: "aapl.csv", content: AAPL.join("\n") });
  await api.imports.commit({ accountId: account.id, fileName: "tsla.csv", content: TSLA.join("\n") });

  const jobs = await prisma.$queryRaw<{ state: string; data: unknown; delay: number }[]>`
    SELECT state::text, data, EXTRACT(EPOCH FROM start_after - created_on)::float AS delay
    FROM pgboss.job WHERE name = 'excursions' AND singleton_key = ${user.id}`;
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ state: "created", data: { userId: user.id, after: null } });
  expect(jobs[0]!.delay).toBeGreaterThanOrEqual(4.9);
  expect(jobs[0]!.delay).toBeLessThanOrEqual(5.1);

  const massive = createMassiveProvider({ baseUrl: stub.massiveUrl, apiKey: "test-key", logger: rootLogger() });
  const workers = await startJobWorkers({
    databaseUrl: process.env.DATABASE_URL!,
    logger: rootLogger(),
    market: createMarket({ providers: { massive } }),
    queues: ["excursions"],
    pollingIntervalSeconds: 0.5,
  });
  try {
    const measured = () =>
      prisma.trade.findMany({
        where: { userId: user.id },
        orderBy: { entryAt: "asc" },
        select: { symbol: true, mfe: true, mae: true, bestExitPnl: true, excursionsSource: true, excursionsAt: true },
      });
    const states = () => prisma.$queryRaw<{ state: string }[]>`
      SELECT state::text FROM pgboss.job WHERE name = 'excursions' AND singleton_key = ${user.id}`;
    await vi.waitFor(
      async () => {
        if ((await states()).some((j) => j.state !== "completed")) throw new Error("the job has not finished");
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(await states()).toEqual([{ state: "completed" }]);
    // AAPL 10 long at 190 (14:30-15:00Z): best 195 → 50, worst 189 → -10 (the 15:10 bar is after
    // the exit); best exit 50 - 2 fees = 48. TSLA 2 long at 200: best 201 → 2, worst 194 → -12; 2 - 1 = 1.
    expect(
      (await measured()).map((t) => [
        t.symbol,
        t.mfe?.toString(),
        t.mae?.toString(),
        t.bestExitPnl?.toString(),
        t.excursionsSource,
      ]),
    ).toEqual([
      ["AAPL", "50", "-10", "48", "massive"],
      ["TSLA", "2", "-12", "1", "massive"],
    ]);
  } finally {
    await workers.stop();
    stub.respondWith(undefined);
  }
});
