// Issue 13's member-experience figures: the first-load JavaScript of the landing page and of the
// dashboard, and the dashboard (/app) with 10,000 trades at 20 concurrent, as members get it
// (page cache on) and rendered every time (cache off). Called by bench.ts; runs alone with
// `pnpm --filter @tradecraft/bench bench:member-pages` after `pnpm build`.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { describeFirstLoad, type FirstLoadFigures, firstLoadJs } from "./first-load.ts";
import { type Figures, measure } from "./measure.ts";

export const DASHBOARD_P95_TARGET_MS = 40;

export interface MemberPagesFigures {
  firstLoad: FirstLoadFigures[];
  dashboard: (Figures & { aloneP50: number; pageCache: string })[];
}

/** The median of `runs` requests one at a time: what one render costs without queueing. */
async function alone(url: string, cookie: string, runs = 20): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie, accept: "text/html" } });
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)]! * 10) / 10;
}

/** Weighs `/` and `/app`, then drives `/app` 20 at a time on each server given (cached, uncached). */
export async function memberPagesFigures(
  servers: { name: string; base: string }[],
  cookie: string,
  seconds: number,
): Promise<MemberPagesFigures> {
  const base = servers[0]!.base;
  const firstLoad = [await firstLoadJs(base, "/"), await firstLoadJs(base, "/app", { cookie })];
  const dashboard: MemberPagesFigures["dashboard"] = [];
  for (const server of servers) {
    const url = `${server.base}/app`;
    await measure("warm-up", url, { seconds: 1, connections: 4, headers: { cookie } });
    const aloneP50 = await alone(url, cookie);
    const probe = await fetch(url, { headers: { cookie, accept: "text/html" } });
    await probe.arrayBuffer();
    dashboard.push({
      aloneP50,
      pageCache: `${probe.headers.get("x-page-cache") ?? "none"} (${probe.status}${probe.headers.get("set-cookie") ? ", sets a cookie" : ""})`,
      ...(await measure(`GET /app (dashboard, 10,000 trades, 20 concurrent)${server.name}`, url, {
        seconds,
        connections: 20,
        headers: { cookie },
      })),
    });
  }
  return { firstLoad, dashboard };
}

/** Prints the figures against their targets; returns false when one was missed. */
export function printMemberPages({ firstLoad, dashboard }: MemberPagesFigures): boolean {
  for (const f of firstLoad) console.warn(describeFirstLoad(f));
  // eslint-disable-next-line no-console -- the table is the output
  console.table(
    dashboard.map((r) => ({
      scenario: r.name,
      "req/s": r.requestsPerSecond,
      "p50 ms": r.p50,
      "p95 ms": r.p95,
      "p99 ms": r.p99,
      "alone p50 ms": r.aloneP50,
      "page cache": r.pageCache,
      target: `p95 < ${DASHBOARD_P95_TARGET_MS} ms`,
      "non-2xx": r.non2xx,
      errors: r.errors,
    })),
  );
  const cached = dashboard[0];
  const ok = firstLoad.every((f) => f.gzipBytes / 1024 <= 120) && !!cached && cached.p95 < DASHBOARD_P95_TARGET_MS;
  if (cached && cached.p95 >= DASHBOARD_P95_TARGET_MS)
    console.warn(
      `dashboard p95 ${cached.p95} ms: MISSED the ${DASHBOARD_P95_TARGET_MS} ms target by ${Math.round((cached.p95 - DASHBOARD_P95_TARGET_MS) * 10) / 10} ms`,
    );
  return ok;
}

/** Starts the built web app as production does, on plain node. */
function startWeb(root: string, port: number, env: Record<string, string>, children: ChildProcess[]) {
  const child = spawn(process.execPath, ["dist/server.js"], {
    // BENCH_WEB_DIR: a copy of the built app, when other builds may replace apps/web/build mid-run.
    cwd: process.env.BENCH_WEB_DIR ?? path.join(root, "apps", "web"),
    env: { ...process.env, ...env, PORT: String(port), APP_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
}

async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never came up`);
}

// Alone: a fresh database, the seed's demo member with 10,000 trades, the built app on two ports.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { createPrismaClient, SEED_ACCOUNTS, SEED_PASSWORD, seed } = await import("@tradecraft/db");
  const { createTestDatabase } = await import("@tradecraft/db/testing");
  const { insertTrades } = await import("./journal.ts");
  const root = path.resolve(import.meta.dirname, "../../..");
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const db = await createTestDatabase({ prefix: "tc_bench" });
  const seeding = createPrismaClient(db.url, { max: 1 });
  await seed(seeding, { nodeEnv: "development" });
  const member = SEED_ACCOUNTS.find((a) => a.role === "MEMBER")!;
  const demo = await seeding.user.findUniqueOrThrow({ where: { email: member.email }, select: { id: true } });
  const account = await seeding.brokerAccount.create({
    data: { userId: demo.id, name: "Bench" },
    select: { id: true },
  });
  await insertTrades(seeding, demo.id, account.id, 10_000);
  await seeding.$disconnect();
  const children: ChildProcess[] = [];
  try {
    const env = {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
      TRUST_PROXY: "1",
    };
    startWeb(root, 3202, env, children);
    startWeb(root, 3203, { ...env, PAGE_CACHE_MB: "0" }, children);
    await Promise.all([waitFor("http://127.0.0.1:3202/readyz"), waitFor("http://127.0.0.1:3203/readyz")]);
    const signIn = await fetch("http://127.0.0.1:3202/login", {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://127.0.0.1:3202",
        "x-forwarded-for": "10.255.0.2",
      },
      body: new URLSearchParams({ email: member.email, password: SEED_PASSWORD, redirectTo: "/app" }).toString(),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith("tc_session="))
      ?.split(";")[0];
    if (!cookie) throw new Error(`could not sign in (${signIn.status})`);
    const figures = await memberPagesFigures(
      [
        { name: "", base: "http://127.0.0.1:3202" },
        { name: ", page cache off", base: "http://127.0.0.1:3203" },
      ],
      cookie,
      seconds,
    );
    console.warn(
      `\nTradecraft bench · member pages · ${db.kind} · ${seconds}s per scenario · node ${process.version}\n`,
    );
    if (!printMemberPages(figures)) process.exitCode = 1;
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await db.drop();
  }
}
