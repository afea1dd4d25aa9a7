// Workers apart from web servers: a members' server started with JOBS=off takes a sign-up and
// queues its email but never sends it; only the separate worker process (apps/web/worker.ts,
// spawned with node) delivers it over SMTP; SIGTERM stops both with exit code 0. Real processes,
// the test database, Redis and a real SMTP server.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { closeRedis, createPrismaClient, type PrismaClient, repoRoot } from "@tradecraft/db";
import { createTestDatabase, type TestDatabase } from "@tradecraft/db/testing";
import { startTestMailServer, type TestMailServer } from "@tradecraft/testing/mail-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const webDir = path.join(repoRoot(), "apps", "web");
const PASSWORD = "violet tractor sings under copper rain";
let mail: TestMailServer;
// Its own database: the worker delivers every email waiting in the queue, and in the shared test
// database other tests leave hundreds waiting (sign-ups, Pro requests to every admin), which made
// this test's email wait behind them past its deadline.
let db: TestDatabase;
let prisma: PrismaClient;
const children: ChildProcess[] = [];

/** A free port whose Vite HMR port (port + 20000, see start.ts) is valid too. */
async function freePort(): Promise<number> {
  for (;;) {
    const server = net.createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as net.AddressInfo;
    server.close();
    if (port < 45_000) return port;
  }
}

/** Starts `file` (TypeScript, through tsx) in apps/web with the test database; keeps its output for failures. */
function spawnApp(file: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", file], {
    cwd: webDir,
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      TICKER_INTERVAL_MS: "0",
      DATABASE_URL: db.url,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  children.push(child);
  return { child, output: () => output };
}

async function waitForStatus(url: string, status: number, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(url).catch(() => null);
    if (response?.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms. Output:\n${output().slice(-3000)}`);
}

async function exitCodeOf(child: ChildProcess, timeoutMs = 30_000): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return code;
}

async function emailJobStates(userEmail: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ state: string }[]>`
    SELECT j.state::text AS state FROM pgboss.job j
    JOIN "EmailMessage" m ON m.id = j.data->>'messageId'
    WHERE j.name = 'email-deliver' AND m."toAddress" = lower(${userEmail})`;
  return rows.map((r) => r.state);
}

beforeAll(async () => {
  mail = await startTestMailServer();
  db = await createTestDatabase({ prefix: "tc_worker" });
  prisma = createPrismaClient(db.url, { max: 2 });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await mail?.stop();
  await prisma?.$disconnect();
  await db?.drop();
  await closeRedis();
});

describe("a separate worker (JOBS=off on web instances)", () => {
  it("delivers the email a JOBS=off web server queued, and stops on SIGTERM with exit code 0", async () => {
    const webPort = await freePort();
    const appUrl = `http://127.0.0.1:${webPort}`;
    // SMTP is configured on the web server too: it still must not deliver, because it runs no jobs.
    const web = spawnApp("server.ts", {
      JOBS: "off",
      PORT: String(webPort),
      APP_URL: appUrl,
      SMTP_URL: mail.url,
      TRUST_PROXY: "1",
    });
    await waitForStatus(`${appUrl}/healthz`, 200, 90_000, web.output);

    const email = `worker-${randomUUID().slice(0, 8)}@example.test`;
    const signup = await fetch(`${appUrl}/api/trpc/auth.signup`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: appUrl,
        // Its own client address: Redis keeps the sign-up rate limit's counters between runs.
        "x-forwarded-for": `2001:db8:${randomUUID().slice(0, 4)}::${randomUUID().slice(0, 4)}`,
      },
      body: JSON.stringify({ json: { email, password: PASSWORD, displayName: "Pat Worker" } }),
    });
    expect(signup.status, web.output().slice(-2000)).toBe(200);
    expect(await emailJobStates(email)).toEqual(["created"]);

    // Longer than a job worker's poll (1 s): a web server running jobs would have sent it by now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await emailJobStates(email)).toEqual(["created"]);
    expect(mail.messages().filter((m) => m.to.includes(email))).toEqual([]);

    const workerPort = await freePort();
    const worker = spawnApp("worker.ts", {
      WORKER_PORT: String(workerPort),
      SMTP_URL: mail.url,
      METRICS_PORT: String(await freePort()),
    });
    await waitForStatus(`http://127.0.0.1:${workerPort}/readyz`, 200, 60_000, worker.output);
    const message = await mail.waitForMessage({ to: email }, 30_000);
    expect(message.links.some((link) => link.startsWith(`${appUrl}/`))).toBe(true);
    await expect.poll(() => emailJobStates(email), { timeout: 10_000 }).toEqual(["completed"]);
    // Its jobs are scraped from the worker itself (its health port is internal, like METRICS_PORT).
    const scrape = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
    expect(scrape).toMatch(/^tradecraft_emails_sent_total\{app="worker"\} [1-9]/m);

    worker.child.kill("SIGTERM");
    expect(await exitCodeOf(worker.child), worker.output().slice(-2000)).toBe(0);
    expect(worker.output()).not.toMatch(/"level":"(error|fatal)"/);
    // The web server here runs from source with Vite, whose own SIGTERM handler exits 143; the
    // production server's exit code is the launcher's and start.spec's business.
    web.child.kill("SIGTERM");
    await exitCodeOf(web.child);
  }, 240_000);

  it("exits 1 when it cannot start (no database to connect to)", async () => {
    const worker = spawnApp("worker.ts", {
      WORKER_PORT: String(await freePort()),
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none",
    });
    expect(await exitCodeOf(worker.child, 60_000), worker.output().slice(-2000)).toBe(1);
    expect(worker.output()).toContain("worker cannot start");
  }, 90_000);
});
