// The live ticker's fan-out across instances: two web instances share one Redis channel; 100
// members hold 1,000 live.ticker streams (10 each, half on each instance) and the bench publishes
// 50 marked messages straight to Redis, measuring publish → receipt per stream. Also the memory an
// idle stream costs a server. Runs alone after `pnpm build`:
//   pnpm --filter @tradecraft/bench bench:fanout
// The channel is the real one (it is not configurable), so other publishers on this Redis may be
// live: every message of ours carries a marker symbol and only those are counted.
// Knobs: BENCH_FANOUT_EVERY_MS (publish cadence, 100), BENCH_FANOUT_MESSAGES (50),
// BENCH_FANOUT_MEMBERS (100), BENCH_FANOUT_LOGS=1 (the servers' logs), BENCH_FANOUT_NODE_ARGS
// (flags for the servers' node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": NODE_OPTIONS refuses them).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { loadavg } from "node:os";
import path from "node:path";

export const FANOUT_P95_TARGET_MS = 50;
const MEMBERS = Number(process.env.BENCH_FANOUT_MEMBERS ?? 100);
const STREAMS_PER_MEMBER = 10;
const MESSAGES = Number(process.env.BENCH_FANOUT_MESSAGES ?? 50);
const PUBLISH_EVERY_MS = Number(process.env.BENCH_FANOUT_EVERY_MS ?? 100);
const PORTS = [3260, 3261];
const CHANNEL = "ws:ticker";
const MARKER = "BENCHFANOUT";
// A stream opens through the app's request limiter (4 per core by default, a short queue behind
// it): a few at a time keeps the bench from measuring its own 503s.
const OPEN_CONCURRENCY = 8;

export interface FanoutFigures {
  streams: number;
  messages: number;
  expected: number;
  received: number;
  duplicates: number;
  missing: number;
  /** Streams the servers ended before the last message (a slow client is dropped after 10 queued). */
  closedEarly: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rssBeforeMb: number[];
  rssAfterMb: number[];
  kbPerConnection: number;
}

interface Stream {
  request: http.ClientRequest;
  connected: boolean;
  warmed: boolean;
  closed: boolean;
  /** Receipt time (performance.now()) per marked message id; a second receipt counts as a duplicate. */
  receipts: Map<string, number>;
  duplicates: number;
  onWarm?: () => void;
}

/** The ticker message a producer would publish, holding only the marker symbol. */
function markedMessage(id: string, price: number) {
  const now = Date.now();
  return {
    type: "ticker_update",
    id,
    data: [{ symbol: MARKER, price, change24h: null, at: now }],
    timestamp: now,
    stale: false,
  };
}

/** Opens one live.ticker stream as httpSubscriptionLink does (GET, superjson input) and parses its events. */
function openStream(port: number, cookie: string, warmId: () => string | null): Promise<Stream> {
  const input = encodeURIComponent(JSON.stringify({ json: {} }));
  return new Promise((resolve, reject) => {
    const stream: Stream = {
      request: null!,
      connected: false,
      warmed: false,
      closed: false,
      receipts: new Map(),
      duplicates: 0,
    };
    const request = http.get(
      {
        host: "127.0.0.1",
        port,
        path: `/api/trpc/live.ticker?input=${input}`,
        // One socket per stream, as one browser tab's EventSource holds.
        agent: false,
        headers: { cookie, accept: "text/event-stream" },
      },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return reject(
            Object.assign(new Error(`stream answered ${response.statusCode}`), { status: response.statusCode }),
          );
        }
        response.setEncoding("utf8");
        let buffer = "";
        response.on("data", (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            handleEvent(stream, buffer.slice(0, end), at, warmId());
            buffer = buffer.slice(end + 2);
          }
        });
        response.on("close", () => (stream.closed = true));
        resolve(stream);
      },
    );
    request.on("error", (error) => (stream.connected ? (stream.closed = true) : reject(error)));
    stream.request = request;
  });
}

function handleEvent(stream: Stream, event: string, at: number, warmId: string | null) {
  let name = "message";
  let data = "";
  for (const line of event.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data += line.slice(5).trimStart();
  }
  if (name === "connected") stream.connected = true;
  if (name !== "message" || !data) return;
  const message = (JSON.parse(data) as { json?: { type?: string; id?: string; data?: { symbol: string }[] } }).json;
  if (message?.type !== "ticker_update" || message.data?.[0]?.symbol !== MARKER || !message.id) return;
  if (message.id === warmId) {
    stream.warmed = true;
    stream.onWarm?.();
    return;
  }
  if (stream.receipts.has(message.id)) stream.duplicates += 1;
  else stream.receipts.set(message.id, at);
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
/** CPU time (user + system, ms) a process has used: /proc/<pid>/stat fields 14 and 15, in clock ticks (100/s on Linux). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
const round = (n: number) => Math.round(n * 10) / 10;

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${url} never came up`);
}

/** Prints the figures against the target; returns false when a message was missed or duplicated (latency alone prints MISS). */
export function printFanout(f: FanoutFigures): boolean {
  // eslint-disable-next-line no-console -- the table is the output
  console.table([
    {
      scenario: `live.ticker fan-out, 2 instances, ${f.streams} streams × ${f.messages} messages`,
      "p50 ms": f.p50,
      "p95 ms": f.p95,
      "p99 ms": f.p99,
      "max ms": f.max,
      target: `p95 < ${FANOUT_P95_TARGET_MS} ms`,
      receipts: `${f.received}/${f.expected}`,
      duplicates: f.duplicates,
      missing: f.missing,
      "streams ended early": f.closedEarly,
    },
  ]);
  // eslint-disable-next-line no-console -- the table is the output
  console.table(
    f.rssBeforeMb.map((before, i) => ({
      instance: `:${PORTS[i]}`,
      "RSS before MB": round(before),
      "RSS after MB (streams idle 3 s)": round(f.rssAfterMb[i]!),
      "KB per stream": round(((f.rssAfterMb[i]! - before) * 1024) / (f.streams / f.rssBeforeMb.length)),
    })),
  );
  console.warn(`memory per idle stream (both instances): ${f.kbPerConnection} KB`);
  console.warn(
    f.p95 < FANOUT_P95_TARGET_MS
      ? `fan-out p95 ${f.p95} ms: PASS (target < ${FANOUT_P95_TARGET_MS} ms)`
      : `fan-out p95 ${f.p95} ms: MISS (target < ${FANOUT_P95_TARGET_MS} ms)`,
  );
  return f.missing === 0 && f.duplicates === 0;
}

// Alone: a fresh database, 100 members signed in, two built web instances on one Redis.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { createPrismaClient, getRedis, closeRedis, SEED_ACCOUNTS, SEED_PASSWORD, seed } =
    await import("@tradecraft/db");
  const { createTestDatabase } = await import("@tradecraft/db/testing");
  const root = path.resolve(import.meta.dirname, "../../..");
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
  const db = await createTestDatabase({ prefix: "tc_bench" });
  const children: ChildProcess[] = [];
  const streams: Stream[] = [];
  try {
    const prisma = createPrismaClient(db.url, { max: 2 });
    await seed(prisma, { nodeEnv: "development" });
    // Every bench member gets the seed's password hash (argon2id once, not 100 times).
    const { passwordHash } = await prisma.user.findUniqueOrThrow({
      where: { email: SEED_ACCOUNTS.find((a) => a.role === "MEMBER")!.email },
      select: { passwordHash: true },
    });
    const emails = Array.from({ length: MEMBERS }, (_, i) => `fanout-${i}@bench.tradecraft.test`);
    await prisma.user.createMany({
      data: emails.map((email, i) => ({
        email,
        displayName: `Fanout ${i}`,
        passwordHash,
        emailVerifiedAt: new Date(),
      })),
    });
    const users = await prisma.user.findMany({ where: { email: { in: emails } }, select: { id: true } });
    await prisma.profile.createMany({ data: users.map((u) => ({ userId: u.id })) });
    await prisma.$disconnect();

    const sessionSecret = randomBytes(32).toString("hex");
    const servers = PORTS.map((port) => {
      // BENCH_FANOUT_NODE_ARGS: flags for the servers' node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
      const nodeArgs = (process.env.BENCH_FANOUT_NODE_ARGS ?? "").split(" ").filter(Boolean);
      const child = spawn(process.execPath, [...nodeArgs, "dist/server.js"], {
        cwd: path.join(root, "apps", "web"),
        env: {
          ...process.env,
          NODE_ENV: "production",
          HOST: "127.0.0.1",
          PORT: String(port),
          APP_URL: `http://127.0.0.1:${port}`,
          DATABASE_URL: db.url,
          REDIS_URL: process.env.REDIS_URL,
          SESSION_SECRET: sessionSecret,
          LOG_LEVEL: "warn",
          TRUST_PROXY: "1",
          // Their own producers off (the hub still serves streams): the bench is the only publisher it counts.
          TICKER_INTERVAL_MS: "0",
          TICKER_MAX_STREAMS: "5000",
        },
        // BENCH_FANOUT_LOGS=1 shows the servers' logs (a dropped slow client is logged there).
        stdio: ["ignore", process.env.BENCH_FANOUT_LOGS ? "inherit" : "ignore", "inherit"],
      });
      children.push(child);
      return { port, child, base: `http://127.0.0.1:${port}` };
    });
    await Promise.all(servers.map((s) => waitFor(`${s.base}/readyz`, s.child)));
    const crashed = () => children.find((c) => c.exitCode !== null || c.signalCode !== null);

    // Sessions live in the database: one sign-in serves both instances.
    const base = servers[0]!.base;
    const cookies = await pool(emails, 4, async (email, i) => {
      const signIn = await fetch(`${base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: base,
          // Distinct members sign in from distinct addresses (the throttle is per source).
          "x-forwarded-for": `10.42.${i >> 8}.${i & 255}`,
        },
        body: new URLSearchParams({ email, password: SEED_PASSWORD, redirectTo: "/app" }).toString(),
      });
      const cookie = signIn.headers
        .getSetCookie()
        .find((c) => c.startsWith("tc_session="))
        ?.split(";")[0];
      if (!cookie) throw new Error(`could not sign in ${email} (${signIn.status})`);
      return cookie;
    });

    await sleep(1_000);
    const rssBeforeMb = servers.map((s) => rssMb(s.child.pid!));
    let warmId: string | null = null;
    // Each member holds 5 streams on each instance: every message crosses Redis to reach them all.
    const plan = cookies.flatMap((cookie) =>
      Array.from({ length: STREAMS_PER_MEMBER }, (_, k) => ({ cookie, port: PORTS[k % PORTS.length]! })),
    );
    const opened = await pool(plan, OPEN_CONCURRENCY, async ({ cookie, port }) => {
      for (let attempt = 0; ; attempt++) {
        try {
          const stream = await openStream(port, cookie, () => warmId);
          streams.push(stream);
          return stream;
        } catch (error) {
          const status = (error as { status?: number }).status;
          if (attempt < 20 && (status === 503 || status === 429)) await sleep(200);
          else throw error;
        }
      }
    });
    // "connected" can come before the stream's generator listens on the hub; a marked warm-up
    // message received (live or as the hub's latest) proves each stream is listening.
    const redis = getRedis()!;
    for (let i = 0; i < 50 && !opened.every((s) => s.connected); i++) await sleep(100);
    const warmed = Promise.all(
      opened.map((s) => (s.warmed ? null : new Promise<void>((resolve) => (s.onWarm = resolve)))),
    );
    warmId = String(await redis.incr(`${CHANNEL}:seq`));
    await redis.publish(CHANNEL, JSON.stringify(markedMessage(warmId, 100)));
    await Promise.race([
      warmed,
      sleep(15_000).then(() => {
        throw new Error(`${opened.filter((s) => !s.warmed).length} streams never received the warm-up message`);
      }),
    ]);
    await sleep(3_000);
    const rssAfterMb = servers.map((s) => rssMb(s.child.pid!));

    // Where the time goes while publishing: each server's CPU and this process's (the clients').
    const cpuBefore = servers.map((s) => cpuMs(s.child.pid!));
    const benchCpuBefore = process.cpuUsage();
    const publishStarted = performance.now();
    const published = new Map<string, number>();
    for (let m = 0; m < MESSAGES; m++) {
      const id = String(await redis.incr(`${CHANNEL}:seq`));
      const body = JSON.stringify(markedMessage(id, 100 + m));
      published.set(id, performance.now());
      await redis.publish(CHANNEL, body);
      await sleep(PUBLISH_EVERY_MS);
    }
    // Late is not lost: wait (up to 15 s) for every stream to have every message before counting.
    for (let i = 0; i < 150 && !opened.every((s) => s.closed || s.receipts.size === published.size); i++)
      await sleep(100);
    const publishWallMs = performance.now() - publishStarted;
    const cpuDuring = servers.map((s, i) => cpuMs(s.child.pid!) - cpuBefore[i]!);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    console.warn(
      `CPU while publishing (${Math.round(publishWallMs)} ms wall): servers ${cpuDuring.map((ms) => `${ms} ms`).join(", ")}; clients (this process) ${Math.round((benchCpu.user + benchCpu.system) / 1000)} ms; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    if (crashed()) throw new Error(`a web instance exited (${crashed()!.exitCode ?? crashed()!.signalCode})`);

    const delays: number[] = [];
    let missing = 0;
    let duplicates = 0;
    for (const stream of opened) {
      duplicates += stream.duplicates;
      for (const [id, sentAt] of published) {
        const at = stream.receipts.get(id);
        if (at === undefined) missing += 1;
        else delays.push(at - sentAt);
      }
    }
    delays.sort((a, b) => a - b);
    const streamCount = opened.length;
    const figures: FanoutFigures = {
      streams: streamCount,
      messages: MESSAGES,
      expected: streamCount * MESSAGES,
      received: delays.length,
      duplicates,
      missing,
      closedEarly: opened.filter((s) => s.closed).length,
      p50: round(percentile(delays, 50)),
      p95: round(percentile(delays, 95)),
      p99: round(percentile(delays, 99)),
      max: round(delays.at(-1) ?? NaN),
      rssBeforeMb,
      rssAfterMb,
      kbPerConnection: round(
        ((rssAfterMb.reduce((a, b) => a + b, 0) - rssBeforeMb.reduce((a, b) => a + b, 0)) * 1024) / streamCount,
      ),
    };
    console.warn(
      `\nTradecraft bench · live ticker fan-out · ${db.kind} · ${MEMBERS} members · node ${process.version}\n`,
    );
    if (!printFanout(figures)) {
      console.error(`fan-out lost or repeated messages: ${missing} missing, ${duplicates} duplicates`);
      process.exitCode = 1;
    }
  } finally {
    for (const stream of streams) stream.request.destroy();
    await closeRedis();
    // The servers stop before their database is dropped (else their job workers log its loss).
    await Promise.all(
      children.map((child) =>
        child.exitCode !== null || child.signalCode !== null
          ? null
          : new Promise((resolve) => {
              child.once("exit", resolve);
              child.kill("SIGTERM");
              setTimeout(resolve, 15_000).unref();
            }),
      ),
    );
    await db.drop();
  }
}
