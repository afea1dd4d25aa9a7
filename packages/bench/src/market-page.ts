// Issue 14's market page figure: /app/market/AAPL (quote, a year of day bars, the member's trades
// marked on it) 20 at a time with the market cache warm, against its target. Called by bench.ts;
// runs alone with `pnpm exec tsx src/market-page.ts` from packages/bench after `pnpm build`.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { type Figures, measure, waitFor } from "./measure.ts";

export const MARKET_PAGE_P95_TARGET_MS = 40;
const PAGE = "/app/market/AAPL";

/** Warms the market cache, checks the page answers 200 with its chart data, then drives it 20 at a time. */
export async function marketPageFigures(base: string, cookie: string, seconds: number): Promise<Figures> {
  const url = `${base}${PAGE}`;
  const probe = await fetch(url, { headers: { cookie, accept: "text/html" } });
  const html = await probe.text();
  if (probe.status !== 200 || !html.includes('data-testid="market-chart"'))
    throw new Error(`${PAGE} did not render its chart (${probe.status})`);
  // The quote's cache lasts seconds and the bars' minutes: a short warm-up keeps both warm, as
  // members browsing the same symbols do.
  await measure("warm-up", url, { seconds: 1, connections: 4, headers: { cookie } });
  return measure(`GET ${PAGE} (quote, a year of day bars, trades marked; 20 concurrent)`, url, {
    seconds,
    connections: 20,
    headers: { cookie },
  });
}

/** Prints the figure against its target; returns false when it was missed or requests failed. */
export function printMarketPage(figures: Figures): boolean {
  // eslint-disable-next-line no-console -- the table is the output
  console.table([
    {
      scenario: figures.name,
      "req/s": figures.requestsPerSecond,
      "p50 ms": figures.p50,
      "p95 ms": figures.p95,
      "p99 ms": figures.p99,
      target: `p95 < ${MARKET_PAGE_P95_TARGET_MS} ms`,
      "non-2xx": figures.non2xx,
      errors: figures.errors,
    },
  ]);
  if (figures.p95 >= MARKET_PAGE_P95_TARGET_MS)
    console.warn(
      `market page p95 ${figures.p95} ms: MISSED the ${MARKET_PAGE_P95_TARGET_MS} ms target by ${Math.round((figures.p95 - MARKET_PAGE_P95_TARGET_MS) * 10) / 10} ms`,
    );
  return figures.p95 < MARKET_PAGE_P95_TARGET_MS && figures.non2xx === 0 && figures.errors === 0;
}

/** Measures and prints the market page on a running server (bench.ts's one line); false when it missed. */
export async function marketPageBench(base: string, cookie: string, seconds: number): Promise<boolean> {
  return printMarketPage(await marketPageFigures(base, cookie, seconds));
}

// Alone: a fresh database, the seed's demo member with 100 AAPL trades in the last year, the built app.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { createPrismaClient, SEED_ACCOUNTS, SEED_PASSWORD, seed } = await import("@tradecraft/db");
  const { createTestDatabase } = await import("@tradecraft/db/testing");
  const root = path.resolve(import.meta.dirname, "../../..");
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const port = Number(process.env.BENCH_MARKET_PORT ?? 3204);
  const base = `http://127.0.0.1:${port}`;
  const db = await createTestDatabase({ prefix: "tc_bench" });
  const seeding = createPrismaClient(db.url, { max: 1 });
  await seed(seeding, { nodeEnv: "development" });
  const member = SEED_ACCOUNTS.find((a) => a.role === "MEMBER")!;
  const demo = await seeding.user.findUniqueOrThrow({ where: { email: member.email }, select: { id: true } });
  const account = await seeding.brokerAccount.create({
    data: { userId: demo.id, name: "Bench" },
    select: { id: true },
  });
  const day = 86_400_000;
  await seeding.trade.createMany({
    data: Array.from({ length: 100 }, (_, i) => ({
      userId: demo.id,
      accountId: account.id,
      symbol: "AAPL",
      assetClass: "stock" as const,
      direction: i % 3 ? ("long" as const) : ("short" as const),
      status: "closed" as const,
      quantity: 10,
      entryPrice: 190,
      exitPrice: 191,
      entryAt: new Date(Date.now() - (i + 2) * 3 * day),
      exitAt: new Date(Date.now() - (i + 2) * 3 * day + 3_600_000),
      netPnl: i % 3 ? 10 : -10,
    })),
  });
  await seeding.$disconnect();
  const children: ChildProcess[] = [];
  try {
    const child = spawn(process.execPath, ["dist/server.js"], {
      cwd: process.env.BENCH_WEB_DIR ?? path.join(root, "apps", "web"),
      env: {
        ...process.env,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        APP_URL: base,
        DATABASE_URL: db.url,
        SESSION_SECRET: randomBytes(32).toString("hex"),
        LOG_LEVEL: "warn",
        TRUST_PROXY: "1",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    await waitFor(`${base}/readyz`);
    const signIn = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base, "x-forwarded-for": "10.255.0.3" },
      body: new URLSearchParams({ email: member.email, password: SEED_PASSWORD, redirectTo: "/app" }).toString(),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith("tc_session="))
      ?.split(";")[0];
    if (!cookie) throw new Error(`could not sign in (${signIn.status})`);
    console.warn(`\nTradecraft bench · market page · ${db.kind} · ${seconds}s · node ${process.version}\n`);
    if (!(await marketPageBench(base, cookie, seconds))) process.exitCode = 1;
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await db.drop();
  }
}
