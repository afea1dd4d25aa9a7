// The production start command as an operator (or a container runtime) runs it: compiled
// JavaScript on plain node, a real PostgreSQL, signals sent the way a supervisor sends them,
// bursts of real page requests, and every setting reaching the servers.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ENV_KEYS } from "@tradecraft/config";
import { createPrismaClient, seed } from "@tradecraft/db";
import { createTestDatabase, type TestDatabase, testServerUrl } from "@tradecraft/db/testing";
import { startMarketStub } from "@tradecraft/testing";
import { MEMBER } from "../../fixtures/accounts.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const LAUNCHER = path.join(root, "packages", "server", "dist", "launch.js");
const WEB_PORT = 3140;
const ADMIN_PORT = 3141;
const WEB = `http://127.0.0.1:${WEB_PORT}`;

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

let db: TestDatabase;
// Bursts and shutdown are about PostgreSQL's pool and real processes: never the embedded database.
test.skip(!testServerUrl(), "the production suite needs PostgreSQL: set DATABASE_URL or TEST_DATABASE_URL");

test.beforeAll(async () => {
  test.setTimeout(60_000);
  db = await createTestDatabase({ prefix: "tc_prod" });
  const prisma = createPrismaClient(db.url, { max: 1 });
  await seed(prisma, { nodeEnv: "development" }).finally(() => prisma.$disconnect());
});
test.afterAll(async () => {
  await db?.drop();
});

interface Stack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; at: number }>;
  /** Pids of every process in the stack's process group still alive. */
  alive: () => number[];
}

/** Starts the production stack (the launcher, or `pnpm start`) in its own process group. */
async function startStack(command: string[], extraEnv: Record<string, string | undefined> = {}): Promise<Stack> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: db.url,
    REDIS_URL: undefined,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    APP_URL: WEB,
    ADMIN_URL: `http://127.0.0.1:${ADMIN_PORT}`,
    PORT: String(WEB_PORT),
    ADMIN_PORT: String(ADMIN_PORT),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    SHUTDOWN_TIMEOUT_MS: "20000",
    ...extraEnv,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const [bin, ...args] = command as [string, ...string[]];
  const child = spawn(bin, args, { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on("exit", (code) => resolve({ code, at: Date.now() })),
  );
  const pgid = child.pid!;
  // Everything of the stack: its process group and every descendant (turbo puts its tasks in
  // process groups of their own).
  const alive = () => {
    const rows = execFileSync("ps", ["-o", "pid=,ppid=,pgid=", "-e"])
      .toString()
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter((r) => r.length === 3);
    const found = new Set(rows.filter(([, , g]) => g === pgid).map(([p]) => p!));
    for (let grew = true; grew;) {
      grew = false;
      for (const [p, parent] of rows) if (!found.has(p!) && found.has(parent!)) grew = Boolean(found.add(p!));
    }
    return [...found];
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (/"msg":"web listening"/.test(output) && /"msg":"admin listening"/.test(output)) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`stack did not start:\n${output.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output, exited, alive };
}

async function stopStack(stack: Stack) {
  const pids = stack.alive();
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

type Outcome = { status: number } | { error: string };

/** A GET that never rejects: a cut connection is an outcome to count, not an exception. */
function get(
  url: string,
  headers: Record<string, string> = {},
  agent?: http.Agent,
  onConnect?: () => void,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent: agent ?? false }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
      res.on("error", (e) => resolve({ error: e.message }));
    });
    req.on("error", (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.on("socket", (socket) => (socket.connecting ? socket.once("connect", () => onConnect?.()) : onConnect?.()));
    req.setTimeout(60_000, () => req.destroy(new Error("timeout")));
  });
}

/** Signs the demo member in through the form (as a browser without JavaScript would) and returns the cookie. */
async function memberCookie(): Promise<string> {
  const form = new URLSearchParams({ email: MEMBER.email, password: MEMBER.password });
  const response = await fetch(`${WEB}/login`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { Origin: WEB },
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("tc_session="));
  if (!cookie) throw new Error(`sign-in gave no session (status ${response.status})`);
  return cookie.split(";")[0]!;
}

const statusCounts = (outcomes: Outcome[]) =>
  outcomes.reduce<Record<string, number>>((acc, o) => {
    const key = "status" in o ? String(o.status) : o.error;
    acc[key] = (acc[key] ?? 0) + 1;
    return acc;
  }, {});

/** Starts the stack with `command` and every env key set; both servers must list every key as seen. */
async function expectEverySettingReaches(command: string[], extra: Record<string, string> = {}) {
  // A value each key accepts; the start-up line names the keys each server saw (never values).
  const values: Record<string, string> = {
    LOG_FORMAT: "json",
    EMBEDDED_DATABASE_PORT: "54999",
    APP_VERSION: "9.9.9-test",
    UPLOADS_DIR: path.join(root, ".data", "uploads-prod-test"),
    USAGE_LIMITS_FILE: path.join(root, "config", "usage-limits.yaml"),
    TRUST_PROXY: "0",
    BODY_LIMIT_BYTES: "1048576",
    PAGE_CACHE_MB: "16",
    EMAIL_FROM: "Tradecraft <ops@example.test>",
    OPENAI_MODEL: "gpt-4o",
    OPENAI_SMALL_MODEL: "gpt-4o-mini",
    OPENAI_IMAGE_MODEL: "gpt-image-1",
    AI_IMAGE_TIMEOUT_MS: "60000",
    AI_GRADING_TIMEOUT_MS: "15000",
    AI_COACH_TIMEOUT_MS: "60000",
    COACH_TOKEN_BUDGET: "16000",
    COACH_RETENTION_DAYS: "90",
    S3_REGION: "us-east-1",
    S3_FORCE_PATH_STYLE: "false",
    DATABASE_POOL_SIZE: "6",
    DATABASE_POOL_TIMEOUT_MS: "4000",
    MAX_CONCURRENT_REQUESTS: "6",
    REQUEST_QUEUE_LENGTH: "12",
    REQUEST_QUEUE_TIMEOUT_MS: "1500",
    MAX_CONCURRENT_UPLOADS: "3",
    SHUTDOWN_DRAIN_MS: "1000",
    MASSIVE_BASE_URL: "https://api.massive.com",
    NEWSAPI_BASE_URL: "https://newsapi.org/v2",
    MARKET_TIMEOUT_MS: "10000",
    TICKER_INTERVAL_MS: "5000",
    TICKER_MAX_STREAMS: "5000",
    TICKER_STREAM_MAX_MS: "300000",
    // Nothing is texted: no member of this test has a phone number.
    SMS_PROVIDER_URL: "https://sms.example.test",
    SMS_ACCOUNT_SID: "AC00000000000000000000000000000000",
    SMS_AUTH_TOKEN: "test-sms-token",
    SMS_FROM: "+15005550006",
    // Operations (issue 16): metrics on their own ports (web 3190, admin 3191, more web processes
    // 3192…) and behind a token on the app port; Sentry's tags (no DSN: nothing is sent).
    METRICS_PORT: "3190",
    METRICS_TOKEN: "e2e-metrics-token-0123456789",
    SENTRY_ENVIRONMENT: "production",
    SENTRY_TRACES_SAMPLE_RATE: "0.1",
    E2E_FAULT_ROUTES: "0",
    JOBS: "in-process",
    WORKER_PORT: "3193",
  };
  // Keys whose presence changes what the stack connects to are left as startStack sets them.
  const skipped = new Set([
    "REDIS_URL",
    "SENTRY_DSN",
    "SMTP_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "S3_BUCKET",
    "S3_ENDPOINT",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "MASSIVE_API_KEY",
    "COINGECKO_API_KEY",
    "COINGECKO_BASE_URL",
    "NEWSAPI_KEY",
  ]);
  const expected = ENV_KEYS.filter((k) => !skipped.has(k));
  const missingValue = expected.filter(
    (k) =>
      !(k in values) &&
      ![
        "NODE_ENV",
        "PORT",
        "ADMIN_PORT",
        "HOST",
        "APP_URL",
        "ADMIN_URL",
        "DATABASE_URL",
        "SESSION_SECRET",
        "LOG_LEVEL",
        "SHUTDOWN_TIMEOUT_MS",
      ].includes(k),
  );
  expect(missingValue, "give every new env key a test value here").toEqual([]);
  const stack = await startStack(command, { ...values, ...extra });
  try {
    for (const app of ["web", "admin"]) {
      const line = stack
        .output()
        .split("\n")
        .find((l) => l.includes(`"msg":"${app} listening"`));
      // turbo (pnpm dev) prefixes each line with the task's name.
      const seen = (JSON.parse(line!.slice(line!.indexOf("{"))) as { settings: string[]; host: string }).settings;
      expect(
        expected.filter((k) => !seen.includes(k)),
        `${app} did not see`,
      ).toEqual([]);
    }
    // And they act on them: HOST binds loopback only, APP_VERSION is the reported version.
    const health = (await (await fetch(`${WEB}/healthz`)).json()) as { version: string };
    expect(health.version).toBe("9.9.9-test");
    // METRICS_PORT: each process's own scrape port (web 3190, admin 3191, a second web process
    // 3192); the app port serves /metrics only with the token. Labels are route patterns.
    for (let i = 0; i < 4; i++) await fetch(`${WEB}/healthz`);
    const webScrapes = await Promise.all(
      [3190, 3192].map((port) =>
        fetch(`http://127.0.0.1:${port}/metrics`).then(
          async (r) => ({ status: r.status, text: await r.text() }),
          () => null,
        ),
      ),
    );
    expect(webScrapes[0]?.status).toBe(200);
    const healthLines = webScrapes
      .flatMap((scrape) => scrape?.text.split("\n") ?? [])
      .filter((l) => l.startsWith("tradecraft_http_request_duration_seconds_count{") && l.includes('route="/healthz"'));
    expect(healthLines.length).toBeGreaterThan(0);
    for (const line of healthLines) expect(line).toContain('app="web"');
    const admin = await (await fetch("http://127.0.0.1:3191/metrics")).text();
    expect(admin).toContain('app="admin"');
    expect((await fetch(`${WEB}/metrics`)).status).toBe(404);
    const token = { authorization: `Bearer ${values.METRICS_TOKEN}` };
    expect((await fetch(`${WEB}/metrics`, { headers: token })).status).toBe(200);
  } finally {
    await stopStack(stack);
  }
}

test("every setting of the env schema reaches both servers under the production start command", async () => {
  await expectEverySettingReaches(["node", LAUNCHER]);
});

test("every setting of the env schema reaches both servers under `pnpm dev` (turbo passes them all)", async () => {
  await expectEverySettingReaches(["pnpm", "dev"], { NODE_ENV: "development" });
});

test("200 concurrent page requests of one member: no 500, only pages and 503 with Retry-After", async () => {
  const stack = await startStack(["node", LAUNCHER]);
  try {
    const cookie = await memberCookie();
    for (const pathname of ["/app", "/app/analytics"]) {
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, () => get(`${WEB}${pathname}`, { cookie, Accept: "text/html" })),
      );
      const counts = statusCounts(outcomes);
      expect(
        Object.keys(counts).filter((k) => k !== "200" && k !== "503"),
        `${pathname}: ${JSON.stringify(counts)}`,
      ).toEqual([]);
      expect(counts["200"] ?? 0).toBeGreaterThan(0);
    }
    // The stack is healthy afterwards.
    expect(await get(`${WEB}/app`, { cookie })).toEqual({ status: 200 });
    expect(stack.output()).not.toMatch(/timeout exceeded when trying to connect/);
  } finally {
    await stopStack(stack);
  }
});

/** Starts load, sends a signal, and checks nothing in flight was cut and nothing is left running. */
async function shutdownUnderLoad(stack: Stack, send: () => void, { viaPnpm = false } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 25 });
  let connected = 0;
  const inFlight = Array.from({ length: 25 }, () =>
    get(`${WEB}/login`, { Accept: "text/html" }, agent, () => (connected += 1)),
  );
  // The signal comes once every request's connection is established (on a busy machine the
  // client itself may take a while to open 25): what was sent before the signal must be served.
  while (connected < 25) await new Promise((r) => setTimeout(r, 2));
  const signalledAt = Date.now();
  send();
  const outcomes = await Promise.all(inFlight);
  const { code, at } = await stack.exited;
  // Every request that was sent got an answer; none was cut (ECONNRESET) mid-way.
  const log = stack
    .output()
    .split("\n")
    .filter((l) => !l.includes("procedure refused"))
    .slice(-60)
    .join("\n");
  expect(
    outcomes.filter((o) => "error" in o),
    `${JSON.stringify(statusCounts(outcomes))}\n${log}`,
  ).toEqual([]);
  expect(outcomes.every((o) => "status" in o && (o.status === 200 || o.status === 503))).toBe(true);
  // pnpm itself exits at once with its own code; what matters is the launcher's, and that it waited.
  if (!viaPnpm) expect(code).toBe(0);
  expect(at - signalledAt).toBeLessThan(25_000);
  // Nothing of the stack is left running, serving or holding the port.
  const deadline = Date.now() + 10_000;
  while (stack.alive().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(stack.alive()).toEqual([]);
  expect(await get(`${WEB}/healthz`)).toMatchObject({ error: "ECONNREFUSED" });
  expect(stack.output()).toMatch(/"msg":"shutting down: finishing in-flight requests"/);
  expect(stack.output().match(/"msg":"shutdown complete"/g)).toHaveLength(2);
  expect(stack.output()).toMatch(/"msg":"stopped \(exit 0\)"/);
  agent.destroy();
}

test("SIGTERM to the launcher alone (as a container runtime sends it) finishes in-flight requests and stops everything", async () => {
  const stack = await startStack(["node", LAUNCHER]);
  await shutdownUnderLoad(stack, () => stack.child.kill("SIGTERM"));
});

test("SIGTERM to the whole process group does the same", async () => {
  const stack = await startStack(["node", LAUNCHER]);
  await shutdownUnderLoad(stack, () => process.kill(-stack.child.pid!, "SIGTERM"));
});

test("SIGTERM to `pnpm start` alone (pnpm exits without passing it on) still stops the servers gracefully", async () => {
  test.skip(
    !fs.existsSync(path.join(root, "node_modules", ".bin", "turbo")),
    "needs the workspace's turbo for pnpm build",
  );
  // NODE_ENV as the e2e build had it, so `pnpm build` inside `pnpm start` is turbo's cache hit.
  const stack = await startStack(["pnpm", "start"], { NODE_ENV: process.env.NODE_ENV });
  await shutdownUnderLoad(stack, () => stack.child.kill("SIGTERM"), { viaPnpm: true });
});

test("with the database down, pages and sign-in answer 503 with the request id and Retry-After; /readyz names the database", async () => {
  // The compiled web server alone, pointed at a port where no PostgreSQL listens.
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: "postgresql://postgres@127.0.0.1:9/tradecraft",
    REDIS_URL: undefined,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    APP_URL: WEB,
    PORT: String(WEB_PORT),
    HOST: "127.0.0.1",
    DATABASE_POOL_TIMEOUT_MS: "1000",
  };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [path.join(root, "apps", "web", "dist", "server.js")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  try {
    const deadline = Date.now() + 60_000;
    while (!/"msg":"web listening"/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`web did not start:\n${output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const cookie = `tc_session=${"a".repeat(32)}`;
    const attempts = [
      fetch(`${WEB}/app`, { headers: { cookie, Accept: "text/html" }, redirect: "manual" }),
      fetch(`${WEB}/app/journal`, { headers: { cookie, Accept: "text/html" }, redirect: "manual" }),
      fetch(`${WEB}/login`, {
        method: "POST",
        body: new URLSearchParams({ email: MEMBER.email, password: MEMBER.password }),
        headers: { Origin: WEB, Accept: "text/html" },
        redirect: "manual",
      }),
      fetch(`${WEB}/api/trpc/system.whoami`, { headers: { cookie } }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status, response.url).toBe(503);
      expect(response.headers.get("retry-after"), response.url).toBe("5");
      const requestId = response.headers.get("x-request-id")!;
      const body = await response.text();
      expect(body, response.url).toContain(requestId);
      expect(body).not.toMatch(/ECONNREFUSED|at .*\.(js|ts):\d+/);
    }
    const ready = await fetch(`${WEB}/readyz`);
    expect(ready.status).toBe(503);
    const readiness = (await ready.json()) as {
      failed: string[];
      checks: { database: { status: string; error: string } };
    };
    expect(readiness.failed).toContain("database");
    expect(readiness.checks.database.error.length).toBeGreaterThan(0);
    // Liveness is not readiness: the process is up and says so.
    expect((await fetch(`${WEB}/healthz`)).status).toBe(200);
  } finally {
    child.kill("SIGKILL");
  }
});

test("with every market provider answering 500, every member page still renders and the market parts say unavailable", async () => {
  const market = await startMarketStub();
  market.respondWith({ status: 500 });
  // Real providers (Massive for stocks, CoinGecko for crypto, NewsAPI) all pointed at the failing stub.
  const stack = await startStack([process.execPath, LAUNCHER], {
    MASSIVE_API_KEY: "stub-key",
    MASSIVE_BASE_URL: market.massiveUrl,
    COINGECKO_BASE_URL: market.coingeckoUrl,
    NEWSAPI_KEY: "stub-key",
    NEWSAPI_BASE_URL: market.newsUrl,
    MARKET_TIMEOUT_MS: "2000",
  });
  try {
    const cookie = await memberCookie();
    // A closed AAPL trade of the member's, so its page (with excursions and the chart link) is among them.
    const prisma = createPrismaClient(db.url, { max: 1 });
    const trade = await prisma
      .$transaction(async (tx) => {
        const { id: userId } = await tx.user.findUniqueOrThrow({
          where: { email: MEMBER.email },
          select: { id: true },
        });
        const account = await tx.brokerAccount.create({ data: { userId, name: "Outage" }, select: { id: true } });
        return tx.trade.create({
          data: {
            userId,
            accountId: account.id,
            symbol: "AAPL",
            assetClass: "stock",
            direction: "long",
            status: "closed",
            quantity: "10",
            entryPrice: "190",
            exitPrice: "192",
            entryAt: new Date("2026-03-02T15:00:00Z"),
            exitAt: new Date("2026-03-02T17:00:00Z"),
            grossPnl: "20",
            netPnl: "20",
          },
          select: { id: true, symbol: true },
        });
      })
      .finally(() => prisma.$disconnect());
    const pages = [
      "/app",
      "/app/journal",
      "/app/journal/new",
      `/app/journal/${trade.id}`,
      "/app/journal/import",
      "/app/analytics",
      "/app/coach",
      "/app/settings/profile",
      "/app/market?q=AAPL",
      "/app/market/AAPL",
      "/app/market/BTC",
      `/app/market/${trade.symbol}?from=2026-03-02T14:00:00.000Z&to=2026-03-02T18:00:00.000Z&timespan=minute`,
    ];
    for (const pathname of pages) {
      const response = await fetch(`${WEB}${pathname}`, {
        headers: { cookie, Accept: "text/html" },
        redirect: "manual",
      });
      const body = await response.text();
      // Search has nothing else to show, so its page says why with 503 (an outage), never a 500.
      expect(response.status, pathname).toBe(pathname.startsWith("/app/market?") ? 503 : 200);
      expect(body, pathname).toContain("</html>");
      expect(body, pathname).not.toMatch(/NaN|ProviderError|at .*\.(js|ts):\d+/);
      if (pathname.startsWith("/app/market")) expect(body, pathname).toMatch(/unavailable/i);
    }
    // The providers were asked (and failed): the pages above did not simply skip the market.
    expect(market.requests.some((r) => r.path.startsWith("/v2/"))).toBe(true);
    expect(market.requests.some((r) => r.status === 500)).toBe(true);
  } finally {
    await stopStack(stack);
    await market.close();
  }
});
