// Issue 13's member-experience figures: the first-load JavaScript of the landing page and of the
// dashboard, and the dashboard (/app) with 10,000 trades at 20 concurrent, as members get it
// (page cache on) and rendered every time (cache off). Called by bench.ts; runs alone with
// `pnpm --filter @tradecraft/bench bench:member-pages` after `pnpm build`, which also measures
// issue 16's cold pages (landing, journal and dashboard with the cache off) as shares of a bare
// Express hello in the same run, and the server's CPU per cold render.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describeFirstLoad, type FirstLoadFigures, firstLoadJs } from "./first-load.ts";
import { type Figures, measure, waitFor } from "./measure.ts";

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

/** Issue 16's targets: each page's throughput as a share of bare Express's in the same run. */
export const COLD_PAGE_TARGETS = { landing: 8, journal: 3, dashboard: 3 } as const;
/** A cold journal render's CPU budget (ms), for one process. */
export const COLD_RENDER_CPU_TARGET_MS = 6;

export interface ColdPageFigures extends Figures {
  page: keyof typeof COLD_PAGE_TARGETS | "hello";
  /** The server process's CPU time (user + system) per response, ms. */
  cpuMsPerRequest: number | null;
}

/** CPU time (user + system, ms) a process has used so far, from /proc; null where there is no /proc. */
function cpuMsOf(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Drives `url` and charges the CPU time `pid` used meanwhile to the responses it served. */
async function measureWithCpu(
  page: ColdPageFigures["page"],
  name: string,
  url: string,
  pid: number,
  options: Parameters<typeof measure>[2],
): Promise<ColdPageFigures> {
  await measure("warm-up", url, { ...options, seconds: 1, connections: 4 });
  const before = cpuMsOf(pid);
  const figures = await measure(name, url, options);
  const after = cpuMsOf(pid);
  const cpuMsPerRequest =
    before === null || after === null || figures.requests === 0
      ? null
      : Math.round(((after - before) / figures.requests) * 100) / 100;
  return { ...figures, page, cpuMsPerRequest };
}

/**
 * Issue 16: bare Express, the landing page, and the journal and dashboard rendered every time
 * (`uncached` has PAGE_CACHE_MB=0), one after the other, with each server's CPU per response.
 */
export async function coldPageFigures(opts: {
  hello: { url: string; pid: number };
  web: { base: string; pid: number };
  uncached: { base: string; pid: number };
  cookie: string;
  seconds: number;
  connections: number;
}): Promise<ColdPageFigures[]> {
  const { hello, web, uncached, cookie, seconds, connections } = opts;
  const headers = { cookie };
  return [
    await measureWithCpu("hello", "express hello (baseline)", hello.url, hello.pid, { seconds, connections }),
    await measureWithCpu("landing", "GET / (landing)", `${web.base}/`, web.pid, { seconds, connections }),
    await measureWithCpu("journal", "GET /app/journal, page cache off", `${uncached.base}/app/journal`, uncached.pid, {
      seconds,
      connections: 20,
      headers,
    }),
    await measureWithCpu("dashboard", "GET /app, page cache off", `${uncached.base}/app`, uncached.pid, {
      seconds,
      connections: 20,
      headers,
    }),
  ];
}

/** Prints the cold pages' shares of bare Express against issue 16's targets; false when one was missed. */
export function printColdPages(figures: ColdPageFigures[]): boolean {
  const baseline = figures.find((f) => f.page === "hello")?.requestsPerSecond ?? Number.NaN;
  const rows = figures.map((f) => {
    const share = (f.requestsPerSecond / baseline) * 100;
    const target = f.page === "hello" ? null : COLD_PAGE_TARGETS[f.page];
    return { f, share, ok: target === null || share >= target, target };
  });
  // eslint-disable-next-line no-console -- the table is the output
  console.table(
    rows.map(({ f, share, target }) => ({
      scenario: f.name,
      "req/s": f.requestsPerSecond,
      "vs hello": `${share.toFixed(2)}%`,
      target: target === null ? "" : `>= ${target}%`,
      "CPU ms/req": f.cpuMsPerRequest ?? "n/a",
      "p50 ms": f.p50,
      "p95 ms": f.p95,
      "non-2xx": f.non2xx,
      errors: f.errors,
    })),
  );
  const journalCpu = figures.find((f) => f.page === "journal")?.cpuMsPerRequest ?? null;
  const cpuOk = journalCpu !== null && journalCpu <= COLD_RENDER_CPU_TARGET_MS;
  for (const { f, share, ok, target } of rows)
    if (!ok) console.warn(`${f.name}: ${share.toFixed(2)}% of bare Express, MISSED the ${target}% target`);
  if (!cpuOk) console.warn(`cold journal render: ${journalCpu} ms CPU, target <= ${COLD_RENDER_CPU_TARGET_MS} ms`);
  const failed = figures.some((f) => f.non2xx > 0 || f.errors > 0);
  return rows.every((r) => r.ok) && cpuOk && !failed;
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
  return child;
}

/** The process serving: tsx runs the script in a child of its own (the one whose CPU counts). */
async function serverPid(pid: number): Promise<number> {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    return children.length ? Number(children[children.length - 1]) : pid;
  } catch {
    return pid;
  }
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
    const web = startWeb(root, 3202, env, children);
    const uncached = startWeb(root, 3203, { ...env, PAGE_CACHE_MB: "0" }, children);
    // The baseline runs compiled-free through tsx, as in bench.ts.
    const hello = spawn(path.join(import.meta.dirname, "..", "node_modules", ".bin", "tsx"), ["src/hello-server.ts"], {
      cwd: path.join(import.meta.dirname, ".."),
      env: { ...process.env, PORT: "3294" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(hello);
    await Promise.all([
      waitFor("http://127.0.0.1:3202/readyz"),
      waitFor("http://127.0.0.1:3203/readyz"),
      waitFor("http://127.0.0.1:3294/"),
    ]);
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
    // BENCH_ONLY=cold: only issue 16's cold pages (the quick loop while working on render cost).
    const only = process.env.BENCH_ONLY;
    const helloPid = await serverPid(hello.pid!);
    const cold = await coldPageFigures({
      hello: { url: "http://127.0.0.1:3294/", pid: helloPid },
      web: { base: "http://127.0.0.1:3202", pid: web.pid! },
      uncached: { base: "http://127.0.0.1:3203", pid: uncached.pid! },
      cookie,
      seconds,
      connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
    });
    const figures =
      only === "cold"
        ? null
        : await memberPagesFigures(
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
    if (!printColdPages(cold)) process.exitCode = 1;
    if (figures && !printMemberPages(figures)) process.exitCode = 1;
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await db.drop();
  }
}
