// The production start command (`pnpm start` runs it after `pnpm build`; a container runs
// `node packages/server/dist/launch.js` directly): a migrated database (embedded PGlite when
// DATABASE_URL is unset), then both apps' compiled servers on plain node.
//
// Signals: SIGTERM/SIGINT sent to this process alone (as a container runtime does) are passed to
// both servers, which finish their in-flight requests and exit; a signal to the whole process
// group reaches them directly and the repeat is harmless. When the process that started us exits
// (pnpm does on SIGTERM without passing it on), we shut down the same way instead of leaving the
// servers running as orphans. We exit once both servers have, with the worse exit code.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "@tradecraft/db";
import { prepareDatabase } from "@tradecraft/db/prepare";

const APPS = ["web", "admin"] as const;
const log = (line: string) =>
  process.stderr.write(
    `${JSON.stringify({ level: "info", time: new Date().toISOString(), service: "tradecraft", component: "launcher", msg: line })}\n`,
  );
const fail = (line: string) =>
  process.stderr.write(
    `${JSON.stringify({ level: "error", time: new Date().toISOString(), service: "tradecraft", component: "launcher", msg: line })}\n`,
  );

const root = repoRoot();
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
for (const { app, file } of servers) {
  const child = spawn(process.execPath, [file], { env, stdio: "inherit" });
  children.set(app, child);
  child.on("exit", (code, signal) => {
    children.delete(app);
    exitCodes.push(code ?? (signal ? 128 + (signal === "SIGKILL" ? 9 : 15) : 1));
    if (!stopping) {
      // One app down means the install is broken: stop the other, and let the supervisor restart us.
      fail(`${app} exited unexpectedly (${signal ?? `code ${code}`})`);
      exitCodes.push(1);
      stop(`${app} exited`);
    }
    if (children.size === 0) void finish();
  });
}
log(`started ${servers.map((s) => s.app).join(" and ")} (pid ${[...children.values()].map((c) => c.pid).join(", ")})`);
