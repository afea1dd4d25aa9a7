import { closePrisma, closeRedis } from "@tradecraft/db";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { rawRequest, startTestServer, type TestServer } from "./testing/http-harness.ts";

interface Readiness {
  status: "ok" | "fail";
  failed: string[];
  checks: { database: { status: string; error?: string }; redis: { status: string; error?: string } };
  version: string;
  uptimeSeconds: number;
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  await closeRedis();
  await closePrisma();
});

describe("/healthz", () => {
  it("answers 200 with the version and uptime without calling the app", async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: "ok", version: "9.9.9", uptimeSeconds: expect.any(Number) });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(server.handlerCalls()).toBe(0);
    // Probes every few seconds would drown the info log: health requests are not logged at info.
    expect(server.logs.filter((l) => l.url === "/healthz")).toEqual([]);
  });
});

describe("/readyz", () => {
  it("answers 200 when the database answers", async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/readyz`);
    const body = (await response.json()) as Readiness;
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ status: "ok", failed: [], version: "9.9.9" });
    expect(body.checks.database).toEqual({ status: "ok" });
    expect(server.handlerCalls()).toBe(0);
  });

  it.runIf(!process.env.REDIS_URL)("reports Redis as skipped when REDIS_URL is not set", async () => {
    server = await startTestServer();
    const body = (await (await fetch(`${server.url}/readyz`)).json()) as Readiness;
    expect(body.checks.redis).toEqual({ status: "skipped" });
  });

  it.runIf(!!process.env.REDIS_URL)("checks Redis when REDIS_URL is set", async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/readyz`);
    const body = (await response.json()) as Readiness;
    expect(response.status).toBe(200);
    expect(body.checks).toEqual({ database: { status: "ok" }, redis: { status: "ok" } });
  });

  it("stays ready (200, degraded) naming redis within 3 s when Redis is unreachable", async () => {
    const original = process.env.REDIS_URL;
    await closeRedis();
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    try {
      server = await startTestServer();
      const started = Date.now();
      const response = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(8_000) });
      const elapsed = Date.now() - started;
      const body = (await response.json()) as Readiness & { degraded: string[] };
      // Pages still serve without Redis: a load balancer must keep this instance in rotation.
      expect(response.status).toBe(200);
      // The 2 s check timeout answers; without it the request would hang on Redis's retries.
      expect(elapsed).toBeLessThan(5_000);
      expect(body.status).toBe("degraded");
      expect(body.failed).toEqual([]);
      expect(body.degraded).toEqual(["redis"]);
      expect(body.checks.redis.status).toBe("fail");
      expect(body.checks.redis.error).toEqual(expect.any(String));
      expect(body.checks.database).toEqual({ status: "ok" });
    } finally {
      await closeRedis();
      if (original === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = original;
    }
  });

  it("answers 503 with shutting-down and asks clients to close the connection once shutdown starts", async () => {
    let shuttingDown = false;
    server = await startTestServer({ isShuttingDown: () => shuttingDown });
    const before = await rawRequest(`${server.url}/readyz`);
    expect(before.status).toBe(200);

    shuttingDown = true;
    const after = await rawRequest(`${server.url}/readyz`, {
      // A keep-alive client, as a load balancer is: the server must tell it to go away.
      headers: { Connection: "keep-alive" },
    });
    expect(after.status).toBe(503);
    const body = JSON.parse(after.body.toString()) as Readiness;
    expect(body.status).toBe("fail");
    expect(body.failed).toContain("shutting-down");
    expect(after.headers.connection).toBe("close");
  });
});
