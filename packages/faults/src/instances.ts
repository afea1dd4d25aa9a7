// The built members' app as production runs it (plain node on dist/server.js), two instances on
// loopback, each with its JSON log kept in memory so scenarios can check what an operator reads.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { waitUntil } from "./check.ts";
import { killGroup, sparePort, stopChild } from "./services.ts";

export interface LogLine {
  level?: string;
  msg?: string;
  [key: string]: unknown;
}

export interface WebInstance {
  name: string;
  base: string;
  child: ChildProcess;
  logs: LogLine[];
  /** Log lines whose message contains `text`, logged at or after `since` (epoch ms). */
  logged(text: string, since?: number): LogLine[];
  /** SIGTERM and wait for the exit; its exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Copies the built app (dist/server.js and the client assets) to `<repo>/.cache/faults-<pid>`:
 * another engineer's build may replace apps/web/build mid-run. The copy sits at the same depth
 * as apps/web, so the bundle's relative imports of node_modules still resolve.
 */
export function copyBuiltApp(root: string): { dir: string; remove(): void } {
  const source = path.join(root, "apps", "web");
  const server = path.join(source, "dist", "server.js");
  if (!fs.existsSync(server)) throw new Error(`${server} is missing: run \`pnpm build\` first`);
  const dir = path.join(root, ".cache", `faults-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(source, "dist"), path.join(dir, "dist"), { recursive: true });
  fs.cpSync(path.join(source, "build", "client"), path.join(dir, "build", "client"), { recursive: true });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Starts one instance on a spare port and waits for /readyz; `env` is added to the process's. */
export async function startWebInstance(
  name: string,
  appDir: string,
  env: Record<string, string>,
  started: ChildProcess[],
): Promise<WebInstance> {
  const port = await sparePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["dist/server.js"], {
    cwd: appDir,
    env: { ...process.env, ...env, PORT: String(port), APP_URL: base, HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: the suite can signal it (and anything it starts) as one.
    detached: true,
  });
  started.push(child);
  const logs: LogLine[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      try {
        logs.push({ ...(JSON.parse(line) as LogLine), receivedAt: Date.now() });
      } catch {
        logs.push({ msg: line, receivedAt: Date.now() });
      }
    });
  }
  const instance: WebInstance = {
    name,
    base,
    child,
    logs,
    logged: (text, since = 0) =>
      logs.filter((l) => typeof l.msg === "string" && l.msg.includes(text) && Number(l.receivedAt) >= since),
    async stop(graceMs = 40_000) {
      killGroup(child, "SIGTERM");
      return stopChild(child, graceMs);
    },
  };
  const ready = await waitUntil(async () => child.exitCode === null && (await fetch(`${base}/readyz`)).status === 200, {
    timeoutMs: 90_000,
    everyMs: 200,
  });
  if (ready === null) {
    const tail = logs
      .slice(-10)
      .map((l) => l.msg)
      .join("\n");
    throw new Error(`web instance ${name} did not become ready (exit ${child.exitCode}):\n${tail}`);
  }
  return instance;
}
