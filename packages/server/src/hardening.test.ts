// What a production-mode probe found in the HTTP layer (issue 11): bursts, bodies before
// authentication, outages answered 500, responses cacheable by browsers, TRUST_PROXY misuse.
import { randomBytes } from "node:crypto";
import { noteUnavailable } from "@tradecraft/config";
import { afterEach, describe, expect, it } from "vitest";
import { ConcurrencyLimiter } from "./overload.ts";
import type { FetchHandler } from "./remix-adapter.ts";
import { rawRequest, startTestServer, type TestServer } from "./testing/http-harness.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("ConcurrencyLimiter", () => {
  it("runs `capacity` at once, queues `queueLength` in order, refuses the rest at once", async () => {
    const limiter = new ConcurrencyLimiter(2, 1, 1_000);
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    const queued = limiter.acquire();
    expect(await limiter.acquire()).toBeNull();
    expect(limiter.stats()).toEqual({ active: 2, queued: 1, refused: 1 });
    a!();
    a!(); // a second release frees nothing more
    const c = await queued;
    expect(c).toBeTypeOf("function");
    expect(limiter.stats()).toMatchObject({ active: 2, queued: 0 });
    b!();
    c!();
    expect(limiter.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it("gives up on a queued request after the queue timeout", async () => {
    const limiter = new ConcurrencyLimiter(1, 5, 50);
    const held = await limiter.acquire();
    const started = Date.now();
    expect(await limiter.acquire()).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(limiter.stats()).toEqual({ active: 1, queued: 0, refused: 1 });
    held!();
  });
});

describe("a burst of requests", () => {
  it("is answered 200 or 503 with Retry-After (never 500), while /healthz answers during it", async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let inside = 0;
    let most = 0;
    server = await startTestServer({
      maxConcurrentRequests: 4,
      requestQueueLength: 4,
      requestQueueTimeoutMs: 10_000,
      handler: async () => {
        most = Math.max(most, ++inside);
        await gate;
        inside -= 1;
        return new Response("page", { headers: { "Content-Type": "text/html" } });
      },
    });
    const burst = Array.from({ length: 40 }, () =>
      rawRequest(`${server!.url}/app`, { headers: { Accept: "application/json" } }),
    );
    while (server.handlerCalls() < 4) await sleep(5);
    // Every slot is held and the queue is full: health and readiness still answer at once.
    const health = await rawRequest(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = JSON.parse((await rawRequest(`${server.url}/readyz`)).body.toString()) as {
      load: { active: number; capacity: number };
    };
    expect(ready.load).toMatchObject({ active: 4, capacity: 4 });
    open();
    const responses = await Promise.all(burst);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expect(most).toBe(4);
    const refused = responses.find((r) => r.status === 503)!;
    expect(refused.headers["retry-after"]).toBe("5");
    expect(JSON.parse(refused.body.toString())).toMatchObject({
      error: { code: "SERVICE_UNAVAILABLE", requestId: refused.headers["x-request-id"] },
    });
  });
});

describe("upload bodies", () => {
  const LIMIT = 1024;
  const uploads = [{ prefix: "/upload", bytes: 64 * LIMIT }];

  it("are refused with 401 before they are read when the session is not valid; the handler never runs", async () => {
    let checked: string | null | undefined;
    server = await startTestServer({
      bodyLimitBytes: LIMIT,
      largeBodies: uploads,
      isSignedIn: async (cookie) => {
        checked = cookie;
        return cookie === "tc_session=good";
      },
    });
    const body = randomBytes(32 * LIMIT);
    const stranger = await rawRequest(`${server.url}/upload`, {
      method: "POST",
      headers: { "Content-Length": body.length, Accept: "application/json" },
      chunks: [body.subarray(0, LIMIT)],
      chunkDelayMs: 200,
    });
    expect(stranger.status).toBe(401);
    expect(stranger.headers.connection).toBe("close");
    expect(checked).toBeNull();
    expect(server.handlerCalls()).toBe(0);
    const member = await fetch(`${server.url}/upload`, {
      method: "POST",
      headers: { cookie: "tc_session=good" },
      body,
    });
    expect(member.status).toBe(200);
    expect(((await member.json()) as { bodyLength: number }).bodyLength).toBe(body.length);
  });

  it("keep the default limit on other routes and for small posts; too large is 413 before reading", async () => {
    server = await startTestServer({ bodyLimitBytes: LIMIT, largeBodies: uploads, isSignedIn: async () => true });
    const elsewhere = await fetch(`${server.url}/app/journal/setups`, { method: "POST", body: randomBytes(2 * LIMIT) });
    expect(elsewhere.status).toBe(413);
    const huge = await rawRequest(`${server.url}/upload`, {
      method: "POST",
      headers: { "Content-Length": 65 * LIMIT },
      chunks: [randomBytes(10)],
    });
    expect(huge.status).toBe(413);
    expect(server.handlerCalls()).toBe(0);
  });

  it("are read a few at a time per process: more at once get 503 with Retry-After", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    server = await startTestServer({
      bodyLimitBytes: LIMIT,
      largeBodies: uploads,
      isSignedIn: async () => true,
      maxConcurrentUploads: 2,
      handler: async (request) => {
        await request.arrayBuffer();
        await gate;
        return new Response("stored");
      },
    });
    const body = randomBytes(8 * LIMIT);
    const send = () =>
      fetch(`${server!.url}/upload`, { method: "POST", headers: { Accept: "application/json" }, body });
    const first = [send(), send()];
    await sleep(200);
    const third = await send();
    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toBe("5");
    release();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    expect((await send()).status).toBe(200);
  });
});

describe("a dependency that is down", () => {
  it("answers 503 with Retry-After and the request id instead of 500, whether thrown or rendered", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    server = await startTestServer({
      handler: async (request) => {
        if (new URL(request.url).pathname === "/thrown") throw refused;
        // What Remix does: handleError saw the error, then an error page is rendered with 500.
        noteUnavailable(new Error("timeout exceeded when trying to connect"));
        return new Response("<h1>Application error</h1>", { status: 500, headers: { "Content-Type": "text/html" } });
      },
    });
    for (const path of ["/thrown", "/rendered"]) {
      const response = await fetch(`${server.url}${path}`, { headers: { Accept: "text/html" } });
      expect(response.status, path).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      const html = await response.text();
      expect(html).toContain(response.headers.get("x-request-id")!);
      expect(html).not.toMatch(/ECONNREFUSED|timeout exceeded|at .*\.ts/);
    }
    // A bug is still a 500.
    await server.close();
    server = await startTestServer({ handler: async () => new Response("boom", { status: 500 }) });
    expect((await fetch(`${server.url}/bug`)).status).toBe(500);
  });
});

describe("Cache-Control", () => {
  it("is private, no-store on anything that depends on a session or a token", async () => {
    const publicHandler: FetchHandler = async () =>
      new Response("hello", { headers: { "Cache-Control": "public, max-age=300" } });
    server = await startTestServer({ handler: publicHandler });
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server!.url}${path}`, { headers });
    expect((await get("/", { cookie: "tc_session=abc" })).headers.get("cache-control")).toBe("private, no-store");
    expect((await get("/app/journal")).headers.get("cache-control")).toBe("private, no-store");
    expect((await get("/app?_data=routes%2Fapp")).headers.get("cache-control")).toBe("private, no-store");
    expect((await get("/api/trpc/system.status")).headers.get("cache-control")).toBe("private, no-store");
    expect((await get("/reset-password?token=abc")).headers.get("cache-control")).toBe("private, no-store");
    // A public page for a visitor keeps what the route says.
    expect((await get("/")).headers.get("cache-control")).toBe("public, max-age=300");
    await server.close();
    // A route's own private policy (a member's screenshot, for their browser only) stands.
    server = await startTestServer({
      handler: async () => new Response("png", { headers: { "Cache-Control": "private, max-age=3600" } }),
    });
    expect(
      (await get("/app/journal/t1/screenshots/s1", { cookie: "tc_session=abc" })).headers.get("cache-control"),
    ).toBe("private, max-age=3600");
    await server.close();
    server = await startTestServer({ app: "admin", handler: publicHandler });
    expect((await get("/login")).headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("TRUST_PROXY", () => {
  it("warns once, in production, when a request arrives without X-Forwarded-For", async () => {
    server = await startTestServer({ isProduction: true, trustProxy: 1 });
    await fetch(`${server.url}/a`);
    await fetch(`${server.url}/b`);
    await fetch(`${server.url}/c`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    const warnings = server.logs.filter((l) => l.level === "warn" && /TRUST_PROXY/.test(l.msg));
    expect(warnings).toHaveLength(1);
    await server.close();
    server = await startTestServer({ isProduction: true, trustProxy: 1 });
    await fetch(`${server.url}/a`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(server.logs.filter((l) => /TRUST_PROXY/.test(l.msg))).toEqual([]);
  });
});
