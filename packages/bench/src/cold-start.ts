// Cold start (issue 16): from spawning the built members' server on plain node (database already
// migrated) to its first /readyz 200, median of 5, target < 3 s. Beside it, for the record, the
// same for the separate worker (apps/web/dist/worker.js) and for the production launcher starting
// web and admin (it checks the migrations first). Each run is a new process, stopped with SIGTERM
// (and must exit 0) before the next.
//   pnpm --filter @tradecraft/bench exec tsx src/cold-start.ts     (`pnpm bench` runs it too)
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "@tradecraft/db/testing";

const root = path.resolve(import.meta.dirname, "../../..");
const RUNS = Number(process.env.COLD_START_RUNS ?? 5);
export const COLD_START_TARGET_MS = 3_000;

interface Target {
  name: string;
  file: string;
  /** The URLs that must all answer 200 (the launcher starts two servers). */
  ready: (ports: Ports) => string[];
  target?: number;
  /** Also ready only when its output says so (the launcher's several processes), with the log level that shows it. */
  started?: (output: string) => boolean;
}
interface Ports {
  web: number;
  admin: number;
  worker: number;
}

const TARGETS: Target[] = [
  {
    name: "web server (apps/web/dist/server.js)",
    file: "apps/web/dist/server.js",
    ready: (p) => [`http://127.0.0.1:${p.web}/readyz`],
    target: COLD_START_TARGET_MS,
  },
  {
    name: "worker (apps/web/dist/worker.js)",
    file: "apps/web/dist/worker.js",
    ready: (p) => [`http://127.0.0.1:${p.worker}/readyz`],
  },
  {
    name: "launcher: web + admin (packages/server/dist/launch.js)",
    file: "packages/server/dist/launch.js",
    ready: (p) => [`http://127.0.0.1:${p.web}/readyz`, `http://127.0.0.1:${p.admin}/readyz`],
    // WEB_PROCESSES web processes share one port: /readyz answered by one says nothing of the others.
    started: (output) => {
      const processes = Number(/"msg":"started web \d+\/(\d+)/.exec(output)?.[1] ?? 1);
      return (
        (output.match(/"msg":"web listening"/g) ?? []).length >= processes && output.includes('"msg":"admin listening"')
      );
    },
  },
];

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  server.close();
  return port;
}

async function until200(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before ${url} answered 200`);
    const status = await fetch(url)
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url} did not answer 200 within 30 s`);
}

/**
 * CPU time (user + system) a process and its descendants used so far, from /proc (Linux): the
 * figure a shared, loaded machine does not inflate the way it inflates wall-clock time.
 */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, at 100 ticks/s
    const children = fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(" "))
      .filter(Boolean)
      .map(Number);
    return own + children.reduce((sum, child) => sum + cpuMs(child), 0);
  } catch {
    return Number.NaN;
  }
}

/** Wall-clock and CPU milliseconds from spawn to every ready URL answering 200; the process is then stopped with SIGTERM. */
async function coldStart(target: Target, env: Record<string, string>): Promise<{ wallMs: number; cpuMs: number }> {
  const ports = { web: await freePort(), admin: await freePort(), worker: await freePort() };
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, target.file)], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      ...(target.started ? { LOG_LEVEL: "info" } : {}),
      PORT: String(ports.web),
      ADMIN_PORT: String(ports.admin),
      WORKER_PORT: String(ports.worker),
      APP_URL: `http://127.0.0.1:${ports.web}`,
      ADMIN_URL: `http://127.0.0.1:${ports.admin}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    await Promise.all(target.ready(ports).map((url) => until200(url, child, Date.now() + 30_000)));
    while (target.started && !target.started(errors + output)) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before every process started`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const elapsed = { wallMs: performance.now() - started, cpuMs: cpuMs(child.pid!) };
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    if (code !== 0) throw new Error(`exit ${code} after SIGTERM`);
    return elapsed;
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${target.name}: ${(error as Error).message}\n${errors.slice(-2000)}`);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Measures every target RUNS times on a fresh migrated database; returns whether the web server met its target. */
export async function coldStartFigures(): Promise<boolean> {
  const db = await createTestDatabase({ prefix: "tc_bench_cold" });
  const env = {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATABASE_URL: db.url,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    LOG_LEVEL: "warn",
  };
  let ok = true;
  const rows: Record<string, string | number>[] = [];
  try {
    for (const target of TARGETS) {
      const measured: { wallMs: number; cpuMs: number }[] = [];
      try {
        for (let i = 0; i < RUNS; i++) measured.push(await coldStart(target, env));
      } catch (error) {
        console.error((error as Error).message);
        ok = false;
        rows.push({ "cold start to /readyz 200": target.name, runs: measured.length, target: "FAILED (above)" });
        continue;
      }
      const runs = measured.map((m) => m.wallMs);
      const med = median(runs);
      const met = target.target === undefined || med < target.target;
      if (!met) ok = false;
      rows.push({
        "cold start to /readyz 200": target.name,
        runs: RUNS,
        "median ms": Math.round(med),
        "min ms": Math.round(Math.min(...runs)),
        "max ms": Math.round(Math.max(...runs)),
        "median CPU ms": Math.round(median(measured.map((m) => m.cpuMs))),
        target: target.target === undefined ? "(recorded)" : `< ${target.target} ms${met ? "" : " MISSED"}`,
      });
    }
  } finally {
    await db.drop();
  }
  const load = os.loadavg()[0]!.toFixed(1);
  console.warn(
    `\nCold start · node ${process.version} · database migrated beforehand · median of ${RUNS} · ${os.availableParallelism()} cores, load ${load}\n`,
  );
  // eslint-disable-next-line no-console -- the table is the output
  console.table(rows);
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const build = spawnSync(
    "pnpm",
    [
      "exec",
      "turbo",
      "run",
      "build",
      "--filter=@tradecraft/web",
      "--filter=@tradecraft/admin",
      "--output-logs=errors-only",
    ],
    { cwd: root, stdio: "inherit" },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
  if (!(await coldStartFigures())) process.exitCode = 1;
}
