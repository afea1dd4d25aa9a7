import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const FIXTURE = fileURLToPath(new URL("./testing/shutdown-fixture.ts", import.meta.url));
// The fixture is TypeScript: the child runs it through tsx's loader, as the apps run.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

interface Fixture {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  waitForOutput: (pattern: RegExp) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

async function startFixture(env: Record<string, string>): Promise<Fixture> {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, FIXTURE], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const waitForOutput = async (pattern: RegExp) => {
    const deadline = Date.now() + 20_000;
    while (!pattern.test(stdout)) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`fixture never printed ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await waitForOutput(/^\{"port":\d+\}$/m);
  const port = Number(/^\{"port":(\d+)\}$/m.exec(stdout)![1]);
  return { child, port, stdout: () => stdout, waitForOutput, exited };
}

type Outcome = { status: number; body: string; at: number } | { error: string; at: number };

/** GET over a keep-alive connection, the way a load balancer holds one; never rejects. */
function get(port: number, path: string, agent: http.Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, at: Date.now() }));
      res.on("error", (error: NodeJS.ErrnoException) =>
        resolve({ error: error.code ?? error.message, at: Date.now() }),
      );
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, at: Date.now() }));
  });
}

/** Opens a TCP connection: "connected", or the error code. */
function connect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe("graceful shutdown (real process, SIGTERM)", () => {
  it("finishes the in-flight request, refuses new connections, runs cleanup and exits 0", async () => {
    const fixture = await startFixture({ SLOW_MS: "800" });
    const agent = new http.Agent({ keepAlive: true });
    const idleAgent = new http.Agent({ keepAlive: true });
    try {
      // A load balancer's pooled connection, idle when the signal comes.
      expect(await get(fixture.port, "/", idleAgent)).toMatchObject({ status: 200, body: "ok" });
      const slow = get(fixture.port, "/slow", agent);
      await fixture.waitForOutput(/"event":"slow-started"/);
      await new Promise((r) => setTimeout(r, 200));
      fixture.child.kill("SIGTERM");
      await fixture.waitForOutput(/shutting down: finishing in-flight requests/);

      expect(await connect(fixture.port)).toBe("ECONNREFUSED");
      const outcome = await slow;
      expect(outcome).toMatchObject({ status: 200, body: "done" });

      const exit = await fixture.exited;
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.at).toBeGreaterThanOrEqual(outcome.at);
      // Neither keep-alive connection (65 s timeout) holds the exit up once the response is out.
      // (Bounds are generous: CI machines are busy; the point is seconds, not the 65 s keep-alive.)
      expect(exit.at - outcome.at).toBeLessThan(10_000);
      expect(fixture.stdout()).toContain("cleanup ran");
      expect(fixture.stdout()).toContain("shutdown complete");
    } finally {
      agent.destroy();
      idleAgent.destroy();
    }
  });

  it("cuts requests still running after SHUTDOWN_TIMEOUT_MS and still exits 0", async () => {
    const fixture = await startFixture({ SLOW_MS: "5000", SHUTDOWN_TIMEOUT_MS: "300" });
    const agent = new http.Agent({ keepAlive: true });
    try {
      const slow = get(fixture.port, "/slow", agent);
      await fixture.waitForOutput(/"event":"slow-started"/);
      const signalledAt = Date.now();
      fixture.child.kill("SIGTERM");

      const exit = await fixture.exited;
      expect(exit).toMatchObject({ code: 0, signal: null });
      // Well before the 5 s request would have finished: the 300 ms timeout cut it.
      expect(exit.at - signalledAt).toBeLessThan(4_500);

      const outcome = await slow;
      expect(outcome).toMatchObject({ error: "ECONNRESET" });
      expect(outcome.at - signalledAt).toBeLessThan(4_500);
      expect(fixture.stdout()).toContain("shutdown timeout: closing remaining connections");
      expect(fixture.stdout()).toContain("cleanup ran");
    } finally {
      agent.destroy();
    }
  });
});
