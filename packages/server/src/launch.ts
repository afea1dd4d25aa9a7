// The production start command (`pnpm start` runs it after `pnpm build`; a container runs
// `node packages/server/dist/launch.js` directly): a migrated database (embedded PGlite when
// DATABASE_URL is unset), then both apps' compiled servers on plain node.
//
// Signals: SIGTERM/SIGINT sent to this process alone (as a container runtime does) are passed to
// both servers, which finish their in-flight requests and exit; a signal to the whole process
// group reaches them directly and the repeat is harmless. When the process that started us exits
// (pnpm does on SIGTERM without passing it on), we shut down the same way instead of leaving the
// servers running as orphans. We exit once both servers have, with the worse exit code.
//
// One process per core (issue 16): WEB_PROCESSES members' app processes share its port through
// node:cluster (this process accepts and hands connections round-robin; Node 20 has no
// SO_REUSEPORT). The default is one per core when REDIS_URL is set, and 1 without Redis, whose
// in-process rate limits and live fan-out would otherwise split between processes. Each worker
// is a whole server: a signal reaches every one, each finishes its own in-flight requests.
import { type ChildProcess, spawn } from "node:child_process";
import cluster from "node:cluster";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "@tradecraft/db";
import { prepareDatabase } from "@tradecraft/db/prepare";
import { z } from "zod";

const APPS = ["web", "admin"] as const;
const log = (line: string) =>
  process.stderr.write(
    `${JSON.stringify({ level: "info", time: new Date().toISOString(), service: "tradecraft", component: "launcher", msg: line })}\n`,
  );
const fail = (line: string) =>
  process.stderr.write(
    `${JSON.stringify({ level: "error", time: new Date().toISOString(), service: "tradecraft", component: "launcher", msg: line })}\n`,
  );

const WebProcessesSchema = z.coerce
  .number({ error: "WEB_PROCESSES must be a whole number from 1 to 64" })
  .int({ error: "WEB_PROCESSES must be a whole number from 1 to 64" })
  .min(1, { error: "WEB_PROCESSES must be a whole number from 1 to 64" })
  .max(64, { error: "WEB_PROCESSES must be a whole number from 1 to 64" });

/** How many members' app processes to run: WEB_PROCESSES, else one per core with Redis and 1 without. */
function webProcessCount(): number {
  const given = process.env.WEB_PROCESSES?.trim();
  if (!given) return process.env.REDIS_URL ? os.availableParallelism() : 1;
  const parsed = WebProcessesSchema.safeParse(given);
  if (!parsed.success) {
    fail(parsed.error.issues[0]!.message);
    process.exit(1);
  }
  return parsed.data;
}

const root = repoRoot();
const webProcesses = webProcessCount();
const servers = APPS.map((app) => ({ app, file: path.join(root, "apps", app, "dist", "server.js") }));
const missing = servers.filter((s) => !fs.existsSync(s.file));
if (missing.length > 0) {
  fail(`not built: ${missing.map((s) => path.relative(root, s.file)).join(", ")} (run \`pnpm build\` first)`);
  process.exit(1);
}

let stopping = false;
const children = new Map<string, ChildProcess>();
const exitCodes: number[] = [];
// Set once the database is ready; a signal may arrive before (then there is nothing to stop).
const prepared: { database?: Awaited<ReturnType<typeof prepareDatabase>> } = {};

function stop(reason: string, signal: NodeJS.Signals = "SIGTERM") {
  if (stopping) return;
  stopping = true;
  log(`stopping (${reason}): servers finish their in-flight requests`);
  for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  if (children.size === 0) void finish();
}

async function finish() {
  await prepared.database
    ?.stop()
    .catch((error: Error) => fail(`embedded database did not stop cleanly: ${error.message}`));
  const code = exitCodes.some((c) => c !== 0) ? Math.max(...exitCodes.filter((c) => c !== 0)) : 0;
  log(`stopped (exit ${code})`);
  process.exit(code);
}

for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const)
  process.on(signal, () => stop(signal, signal === "SIGHUP" ? "SIGTERM" : signal));

// Orphaned: the parent (pnpm, a shell) is gone and nobody will pass a signal on to us.
const parent = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid !== parent) stop("the process that started us exited");
}, 250);
orphanWatch.unref();

const database = await prepareDatabase({ log: (line) => log(`database: ${line}`) }).catch((error: Error) => {
  fail(`database: ${error.message}`);
  return process.exit(1);
});
prepared.database = database;
if (stopping) await finish();

const env = {
  ...process.env,
  ...database.env,
  DATABASE_URL: database.url,
  NODE_ENV: "production" as const,
  TRADECRAFT_LAUNCHER: "1",
};
/** One server process: a cluster worker when the app runs several, else a plain child. */
function startProcess(file: string, count: number): ChildProcess {
  if (count === 1) return spawn(process.execPath, [file], { env, stdio: "inherit" });
  cluster.setupPrimary({ exec: file, args: [] });
  return cluster.fork(env).process;
}

for (const { app, file } of servers) {
  const count = app === "web" ? webProcesses : 1;
  for (let i = 1; i <= count; i++) {
    const name = count === 1 ? app : `${app} ${i}/${count}`;
    const child = startProcess(file, count);
    children.set(name, child);
    child.on("exit", (code, signal) => {
      children.delete(name);
      // A server installs its signal handlers before it listens, and with them it exits with a
      // code. Ended by the very signal we sent while stopping, it was still loading and served
      // nothing: a clean stop, not a failure (a SIGTERM during start-up used to exit 143).
      const stoppedWhileLoading = stopping && (signal === "SIGTERM" || signal === "SIGINT");
      exitCodes.push(stoppedWhileLoading ? 0 : (code ?? (signal ? 128 + (signal === "SIGKILL" ? 9 : 15) : 1)));
      if (!stopping) {
        // One process down means the install is broken: stop the rest, and let the supervisor restart us.
        fail(`${name} exited unexpectedly (${signal ?? `code ${code}`})`);
        exitCodes.push(1);
        stop(`${name} exited`);
      }
      if (children.size === 0) void finish();
    });
  }
}
log(
  `started ${[...children.keys()].join(", ")} (pid ${[...children.values()].map((c) => c.pid).join(", ")})` +
    (webProcesses > 1 ? `: ${webProcesses} web processes share port ${process.env.PORT ?? 3000}` : ""),
);
