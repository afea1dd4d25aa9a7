// The suite's own PostgreSQL cluster and Redis server on spare loopback ports, so it can stop and
// start them without touching the machine's shared ones.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { waitUntil } from "./check.ts";

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** A free TCP port on 127.0.0.1 (the kernel's pick for port 0). */
export async function sparePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface PostgresCluster {
  url: string;
  start(): Promise<void>;
  /** Stops at once (immediate mode: like a crash, recovery from the WAL on the next start). */
  stop(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

/** initdb and pg_ctl refuse to run as root: as root they run as the postgres user. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ["runuser", ["-u", "postgres", "--", command, ...args]];
}

async function pgCtl(args: string[]): Promise<void> {
  const [command, all] = asPostgres(path.join(PG_BIN, "pg_ctl"), args);
  await run(command, all, { timeout: 60_000 });
}

/** A new cluster in a temporary directory, started, with trust auth for `postgres` on 127.0.0.1:`port`. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tc-faults-pg-"));
  if (process.getuid?.() === 0) await run("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  const [initdb, initArgs] = asPostgres(path.join(PG_BIN, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  await run(initdb, initArgs, { timeout: 120_000 });
  const port = await sparePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const cluster: PostgresCluster = {
    url,
    async start() {
      await pgCtl(["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"]);
    },
    async stop() {
      await pgCtl(["-D", data, "-m", "immediate", "-w", "stop"]);
    },
    async destroy() {
      await pgCtl(["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

/** Runs one query on a fresh connection (the suite's own checks, never through the apps). */
export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface RedisServer {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** redis-server on a spare port, no persistence; stop() and start() reuse the port. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await sparePort();
  let child: ChildProcess | null = null;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"],
        { stdio: ["ignore", "ignore", "inherit"], detached: true },
      );
      const up = await waitUntil(() => canConnect(port), { timeoutMs: 10_000, everyMs: 50 });
      if (up === null) throw new Error(`redis-server did not listen on ${port}`);
    },
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = once(c, "exit");
      killGroup(c, "SIGKILL");
      await exited;
    },
  };
  await server.start();
  return server;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Signals a child started with `detached: true` and everything it started (its process group). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Waits for a child to exit, SIGKILLing its group after `graceMs`; its exit code (null if killed). */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, "exit") as Promise<[number | null]>;
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

export interface SlowProxy {
  port: number;
  /** How long each new connection waits before it is passed on (0: at once). */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy to 127.0.0.1:`targetPort` that can hold each new connection for `delayMs` first: a
 * slow mail server, so email jobs are still running when an instance gets SIGTERM.
 */
export async function startSlowProxy(targetPort: number): Promise<SlowProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.once("close", () => sockets.delete(client));
    client.pause();
    setTimeout(() => {
      const upstream = net.connect(targetPort, "127.0.0.1");
      sockets.add(upstream);
      upstream.once("close", () => (sockets.delete(upstream), client.destroy()));
      client.once("close", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    }, proxy.delayMs);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const proxy: SlowProxy = {
    port: (server.address() as net.AddressInfo).port,
    delayMs: 0,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return proxy;
}
