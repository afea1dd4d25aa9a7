// `pnpm bench`: the built web app in production mode against PostgreSQL (DATABASE_URL) or the
// embedded database, driven on loopback by autocannon, next to a bare Express "hello" measured
// in the same run. The ratio to the baseline is the figure that survives a noisy machine.
//   BENCH_SECONDS (default 10) per scenario, BENCH_CONNECTIONS (default 32).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createPrismaClient, SEED_ACCOUNTS, SEED_PASSWORD, seed } from "@tradecraft/db";
import { createTestDatabase } from "@tradecraft/db/testing";
import { burstFigures, uploadMemoryFigures } from "./burst.ts";
import { coachTimings } from "./coach.ts";
import { insertTrades, journalTimings, type Timing } from "./journal.ts";
import { type Figures, measure, waitFor } from "./measure.ts";
import { marketCacheFigures } from "./market-cache.ts";
import { enrichFigures } from "./enrich.ts";
import { marketPageBench } from "./market-page.ts";
import { memberPagesFigures, printMemberPages } from "./member-pages.ts";
import { quotaTimings } from "./quota.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WEB_PORT = 3200;
/** The same app with the page cache off: what rendering the journal page costs every time. */
const UNCACHED_PORT = 3201;
const HELLO_PORT = 3299;

const build = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "build", "--filter=@tradecraft/web", "--filter=@tradecraft/admin"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const db = await createTestDatabase({ prefix: "tc_bench" });
const seeding = createPrismaClient(db.url, { max: 1 });
await seed(seeding, { nodeEnv: "development" });
// In-process journal figures through the real caller, on the same database. The scripts run at
// the end make databases of their own from the server the caller gave (this one is dropped by then).
const givenDatabaseUrl = process.env.DATABASE_URL;
process.env.DATABASE_URL = db.url;
const timings: Timing[] = await journalTimings(seeding);
const coachFigures = await coachTimings(db.url);
const quota = await quotaTimings(db.url);
const marketCache = await marketCacheFigures();
const enrich = await enrichFigures();
// The demo member's journal holds 10,000 trades for the list page scenario.
const demo = await seeding.user.findUniqueOrThrow({
  where: { email: SEED_ACCOUNTS.find((a) => a.role === "MEMBER")!.email },
  select: { id: true },
});
const demoAccount = await seeding.brokerAccount.create({
  data: { userId: demo.id, name: "Bench" },
  select: { id: true },
});
await insertTrades(seeding, demo.id, demoAccount.id, 10_000);
await seeding.$disconnect();
// The in-process figures are done: their database and Redis connections would keep the process alive.
const { closePrisma, closeRedis } = await import("@tradecraft/db");
await Promise.all([closePrisma(), closeRedis()]);
const children: ChildProcess[] = [];

/** Starts a script as production does: compiled JavaScript on plain node (the bench's hello server runs through tsx). */
function start(cwd: string, script: string, env: Record<string, string>): ChildProcess {
  const [bin, args] = script.endsWith(".ts")
    ? [path.join(cwd, "node_modules", ".bin", "tsx"), [script]]
    : [process.execPath, [script]];
  const child = spawn(bin, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
}

try {
  const webDir = path.join(root, "apps", "web");
  const sessionSecret = randomBytes(32).toString("hex");
  const webEnv = (port: number, extra: Record<string, string> = {}) => ({
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: db.url,
    SESSION_SECRET: sessionSecret,
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
    // The login scenario sends a distinct X-Forwarded-For per request, as distinct members would.
    TRUST_PROXY: "1",
    ...extra,
  });
  const webProcess = start(webDir, "dist/server.js", webEnv(WEB_PORT));
  start(path.join(root, "packages", "bench"), "src/hello-server.ts", { PORT: String(HELLO_PORT) });
  await Promise.all([waitFor(`http://127.0.0.1:${WEB_PORT}/readyz`), waitFor(`http://127.0.0.1:${HELLO_PORT}/`)]);

  const web = `http://127.0.0.1:${WEB_PORT}`;
  const scenarios: [string, string][] = [
    ["express hello (baseline)", `http://127.0.0.1:${HELLO_PORT}/`],
    ["GET /healthz", `${web}/healthz`],
    ["GET / (landing, SSR + system.status)", `${web}/`],
    ["tRPC system.status (HTTP)", `${web}/api/trpc/system.status`],
  ];
  // A short warm-up so JIT and connection pools are not part of the figures.
  for (const [, url] of scenarios) await measure("warm-up", url, { seconds: 1, connections: 4 });
  const results: Figures[] = [];
  for (const [name, url] of scenarios) results.push(await measure(name, url, { seconds, connections }));
  // Sign-in: argon2id verification (19 MiB, 2 passes) plus a new session, 20 at a time.
  const member = SEED_ACCOUNTS.find((a) => a.role === "MEMBER")!;
  results.push(
    await measure("POST /login (20 concurrent sign-ins)", `${web}/login`, {
      seconds,
      connections: 20,
      redirectsAreSuccess: true,
      request: {
        method: "POST",
        body: new URLSearchParams({ email: member.email, password: SEED_PASSWORD, redirectTo: "/app" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: web },
      },
    }),
  );

  // The journal list page, signed in as the demo member with 10,000 trades, 20 at a time.
  const signIn = await fetch(`${web}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: web, "x-forwarded-for": "10.255.0.1" },
    body: new URLSearchParams({ email: member.email, password: SEED_PASSWORD, redirectTo: "/app" }).toString(),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .find((c) => c.startsWith("tc_session="))
    ?.split(";")[0];
  if (!cookie) throw new Error(`could not sign in for the journal scenario (${signIn.status})`);
  // The page as members get it: kept rendered until their data changes (the first request renders).
  await measure("warm-up", `${web}/app/journal`, { seconds: 1, connections: 4, headers: { cookie } });
  const kept = await fetch(`${web}/app/journal`, { headers: { cookie } });
  if (kept.headers.get("x-page-cache") !== "hit")
    throw new Error(`the journal page was not served from the page cache (${kept.headers.get("x-page-cache")})`);
  results.push(
    await measure("GET /app/journal (10,000 trades, 20 concurrent)", `${web}/app/journal`, {
      seconds,
      connections: 20,
      headers: { cookie },
    }),
  );
  // And what rendering it costs every time: a second server with the page cache off, same session.
  start(webDir, "dist/server.js", webEnv(UNCACHED_PORT, { PAGE_CACHE_MB: "0" }));
  await waitFor(`http://127.0.0.1:${UNCACHED_PORT}/readyz`);
  const uncached = `http://127.0.0.1:${UNCACHED_PORT}/app/journal`;
  await measure("warm-up", uncached, { seconds: 1, connections: 4, headers: { cookie } });
  results.push(
    await measure("  same, page cache off (renders every time)", uncached, {
      seconds,
      connections: 20,
      headers: { cookie },
    }),
  );

  // Issue 13: first-load JavaScript of / and /app, and the dashboard 20 at a time (cache on and off).
  const memberPages = await memberPagesFigures(
    [
      { name: "", base: web },
      { name: ", page cache off", base: `http://127.0.0.1:${UNCACHED_PORT}` },
    ],
    cookie,
    seconds,
  );

  // Issue 14: the market page with the market cache warm, 20 at a time (prints its own table).
  if (!(await marketPageBench(web, cookie, seconds))) process.exitCode = 1;

  // Bursts against one process (issue 11): only pages and 503s, served ones within the target.
  const bursts = [
    await burstFigures(web, "/app", cookie),
    await burstFigures(`http://127.0.0.1:${UNCACHED_PORT}`, "/app/journal", cookie),
  ];
  // Strangers' large bodies are refused before they are read: the web process's memory stays flat.
  const uploads = await uploadMemoryFigures(web, "/api/trpc/imports.preview", webProcess.pid!);

  const baseline = results[0]!.requestsPerSecond;
  console.warn(
    `\nTradecraft bench · ${db.kind} · ${seconds}s per scenario · ${connections} connections · node ${process.version}\n`,
  );
  // eslint-disable-next-line no-console -- the table is the output
  console.table(
    results.map((r) => ({
      scenario: r.name,
      "req/s": r.requestsPerSecond,
      "vs hello": `${((r.requestsPerSecond / baseline) * 100).toFixed(1)}%`,
      "p50 ms": r.p50,
      "p95 ms": r.p95,
      "p99 ms": r.p99,
      "non-2xx": r.non2xx,
      errors: r.errors,
    })),
  );
  // eslint-disable-next-line no-console -- the table is the output
  console.table(bursts);
  // eslint-disable-next-line no-console -- the table is the output
  console.table([uploads]);
  // eslint-disable-next-line no-console -- the table is the output
  console.table(
    timings.map((t) => ({
      "in-process": t.name,
      runs: t.runs,
      "median ms": t.medianMs,
      "min ms": t.minMs,
      target: t.target,
    })),
  );
  // eslint-disable-next-line no-console -- the table is the output
  console.table(
    quota.map((q) => ({
      "quota check": q.scenario,
      calls: q.calls,
      "p50 ms": q.p50,
      "p95 ms": q.p95,
      "p99 ms": q.p99,
      target: q.target,
    })),
  );
  // eslint-disable-next-line no-console -- the table is the output
  console.table(coachFigures);
  // eslint-disable-next-line no-console -- the table is the output
  console.table(marketCache);
  // eslint-disable-next-line no-console -- the table is the output
  console.table([enrich]);
  if (!printMemberPages(memberPages)) process.exitCode = 1;
  const bad = results.filter((r) => r.non2xx > 0 || r.errors > 0);
  for (const b of bursts.filter((b) => !b.ok)) {
    console.error(
      `burst "${b.scenario}" missed: statuses ${b.statuses}, served p95 ${b["served p95 ms"]} ms (target ${b["target p95 ms"]} ms)`,
    );
    process.exitCode = 1;
  }
  if (bad.length) {
    for (const r of bad)
      console.error(`failed requests in "${r.name}": statuses ${JSON.stringify(r.statuses)}, ${r.errors} errors`);
    process.exitCode = 1;
  }
} finally {
  for (const child of children) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await db.drop();
}

// Issue 15's figures run on their own databases and servers (the fan-out starts two instances of
// the built app; the checker fills a database with 100,000 alerts), after everything above is down.
// Issue 16's cold start (spawn to /readyz 200, median of 5, target < 3 s) likewise, and its metrics
// figures (a /metrics scrape of 10,000 series; the landing page with the metrics middleware off and on),
// and its cold pages (landing, journal and dashboard with the page cache off, as shares of bare
// Express with server CPU per request; BENCH_ONLY=cold skips the member-pages figures printed above).
// Issue 17's Studio figures (a generation's overhead in process; the built admin app's gallery with 1,000 images).
const { DATABASE_URL: _dropped, ...childEnv } = process.env;
if (givenDatabaseUrl) childEnv.DATABASE_URL = givenDatabaseUrl;
for (const script of [
  "alerts-checker.ts",
  "fanout.ts",
  "cold-start.ts",
  "metrics.ts",
  "member-pages.ts",
  "studio.ts",
]) {
  const run = spawnSync("pnpm", ["exec", "tsx", path.join(import.meta.dirname, script)], {
    cwd: root,
    stdio: "inherit",
    env: { ...childEnv, BENCH_ONLY: "cold" },
  });
  if (run.status !== 0) process.exitCode = 1;
}
