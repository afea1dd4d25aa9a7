// Everything the scenarios run against: the suite's own PostgreSQL and Redis, the market and mail
// stubs, and two instances of the built members' app, with a signed-in demo member.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  createPrismaClient,
  installJobQueues,
  migrate,
  repoRoot,
  SEED_ACCOUNTS,
  SEED_PASSWORD,
  seed,
} from "@tradecraft/db";
import { startTestMailServer, type TestMailServer } from "@tradecraft/testing/mail-server";
import { type MarketStub, startMarketStub } from "@tradecraft/testing/market-stub";
import { copyBuiltApp, startWebInstance, type WebInstance } from "./instances.ts";
import { signIn } from "./member.ts";
import {
  killGroup,
  type PostgresCluster,
  type RedisServer,
  type SlowProxy,
  startPostgresCluster,
  startRedisServer,
  startSlowProxy,
  stopChild,
} from "./services.ts";

export interface Stack {
  pg: PostgresCluster;
  redis: RedisServer;
  /** One market stub per instance, so each instance's provider calls (and breaker) are seen apart. */
  markets: MarketStub[];
  mail: TestMailServer;
  /** Between the apps and the mail server: set its delayMs to make every email slow. */
  mailProxy: SlowProxy;
  web: WebInstance[];
  /** What the instances were started with (a scenario starting a replacement reuses it). */
  env: Record<string, string>;
  appDir: string;
  children: ChildProcess[];
  cookie: string;
  accountId: string;
  memberEmail: string;
  /** Starts one more instance (the SIGTERM scenario's replacement) with the same settings. */
  startInstance(name: string, market: MarketStub): Promise<WebInstance>;
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];

/** Starts everything; stopStack() undoes whatever part of it was started, even after a failure. */
export async function startStack(log: (line: string) => void): Promise<Stack> {
  const root = repoRoot();
  const app = copyBuiltApp(root);
  cleanups.push(() => app.remove());
  const pg = await startPostgresCluster();
  cleanups.push(() => pg.destroy());
  log(`postgres ${pg.url}`);
  const redis = await startRedisServer();
  cleanups.push(() => redis.stop());
  log(`redis ${redis.url}`);
  await migrate(pg.url);
  await installJobQueues(pg.url);
  const prisma = createPrismaClient(pg.url, { max: 1 });
  const member = SEED_ACCOUNTS.find((a) => a.role === "MEMBER")!;
  let accountId: string;
  try {
    await seed(prisma, { nodeEnv: "development" });
    const user = await prisma.user.findUniqueOrThrow({ where: { email: member.email }, select: { id: true } });
    ({ id: accountId } = await prisma.brokerAccount.create({
      data: { userId: user.id, name: "Fault suite" },
      select: { id: true },
    }));
  } finally {
    await prisma.$disconnect();
  }
  const markets = [await startMarketStub(), await startMarketStub(), await startMarketStub()];
  for (const m of markets) cleanups.push(() => m.close());
  const mail = await startTestMailServer();
  cleanups.push(() => mail.stop());
  const mailProxy = await startSlowProxy(mail.port);
  cleanups.push(() => mailProxy.close());
  const env = {
    NODE_ENV: "production",
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    // Requests carry X-Forwarded-For, as behind the load balancer: per-client limits see one client.
    TRUST_PROXY: "1",
    // info: the breaker's "circuit closed" and the shutdown lines are at info.
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    SMTP_URL: `smtp://127.0.0.1:${mailProxy.port}`,
    MASSIVE_API_KEY: "stub-key",
    TICKER_INTERVAL_MS: "2000",
  };
  const children: ChildProcess[] = [];
  cleanups.push(() => Promise.all(children.map((c) => (killGroup(c, "SIGTERM"), stopChild(c, 10_000)))));
  const startInstance = (name: string, market: MarketStub) =>
    startWebInstance(name, app.dir, { ...env, MASSIVE_BASE_URL: market.massiveUrl }, children);
  const web = await Promise.all([startInstance("web-a", markets[0]!), startInstance("web-b", markets[1]!)]);
  // FAULTS_LOG_DIR: where each instance's log is written at the end (to read after a failure).
  const logDir = process.env.FAULTS_LOG_DIR;
  if (logDir)
    cleanups.push(() => {
      fs.mkdirSync(logDir, { recursive: true });
      for (const w of web)
        fs.writeFileSync(path.join(logDir, `${w.name}.log`), w.logs.map((l) => JSON.stringify(l)).join("\n"));
    });
  log(`web ${web.map((w) => w.base).join(", ")}`);
  const cookie = await signIn(web[0]!.base, member.email, SEED_PASSWORD);
  return {
    pg,
    redis,
    markets,
    mail,
    mailProxy,
    web,
    env,
    appDir: app.dir,
    children,
    cookie,
    accountId,
    memberEmail: member.email,
    startInstance,
  };
}

/** Stops everything started, newest first; never throws. */
export async function stopStack(): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`[faults] cleanup failed: ${(error as Error).message}`);
    }
  }
  cleanups.length = 0;
}
