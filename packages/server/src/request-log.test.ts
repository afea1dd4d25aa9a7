import http from "node:http";
import { currentRequestFacts } from "@tradecraft/config";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FetchHandler } from "./remix-adapter.ts";
import { rawRequest, startTestServer, type TestServer } from "./testing/http-harness.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function requestLines(srv: TestServer, count: number) {
  const logs = srv.logs;
  return vi.waitFor(() => {
    const lines = logs.filter((l) => l.msg === "request");
    if (lines.length < count) throw new Error(`only ${lines.length} request lines so far`);
    return lines;
  });
}

describe("request log", () => {
  it("writes one JSON line per request with method, url, status, duration and request id", async () => {
    server = await startTestServer({
      handler: async (request) =>
        new URL(request.url).pathname === "/missing"
          ? new Response("not here", { status: 404 })
          : new Response("ok", { status: 201 }),
    });
    const created = await fetch(`${server.url}/trades?symbol=AAPL`, { method: "POST", body: "{}" });
    const missing = await fetch(`${server.url}/missing`, { headers: { "User-Agent": "probe/1.0" } });
    await Promise.all([created.text(), missing.text()]);

    const lines = await requestLines(server, 2);
    // Give a stray duplicate line the chance to show up before counting.
    await new Promise((r) => setTimeout(r, 50));
    expect(server.logs.filter((l) => l.msg === "request")).toHaveLength(2);
    const [first, second] = lines;
    expect(first).toMatchObject({
      level: "info",
      method: "POST",
      url: "/trades?symbol=AAPL",
      status: 201,
      requestId: created.headers.get("x-request-id"),
      ip: "127.0.0.1",
    });
    expect(first!.durationMs).toEqual(expect.any(Number));
    expect(first!.durationMs).toBeGreaterThanOrEqual(0);
    expect(second).toMatchObject({
      method: "GET",
      url: "/missing",
      status: 404,
      requestId: missing.headers.get("x-request-id"),
      userAgent: "probe/1.0",
    });
  });

  it("measures how long the request took", async () => {
    server = await startTestServer({
      handler: async () => {
        await new Promise((r) => setTimeout(r, 120));
        return new Response("slow");
      },
    });
    await (await fetch(`${server.url}/slow`)).text();
    const [line] = await requestLines(server, 1);
    expect(line!.durationMs).toBeGreaterThanOrEqual(100);
    expect(line!.durationMs).toBeLessThan(5_000);
  });

  it("still logs a request whose client went away before the answer, marked aborted", async () => {
    let sawAbort = false;
    server = await startTestServer({
      handler: async (request) => {
        // Under load the client may already be gone when the handler starts.
        if (!request.signal.aborted) {
          await new Promise<void>((resolve) => request.signal.addEventListener("abort", () => resolve()));
        }
        sawAbort = true;
        return new Response("too late");
      },
    });
    const req = http.get(`${server.url}/reports/slow`, { agent: false });
    req.on("error", () => {}); // we are the client hanging up
    setTimeout(() => req.destroy(), 100);

    const [line] = await requestLines(server, 1);
    expect(line).toMatchObject({ level: "warn", url: "/reports/slow", aborted: true });
    expect(line).not.toHaveProperty("status"); // nothing was sent: no made-up 200
    expect(line!.requestId).toEqual(expect.any(String));
    expect(line!.durationMs).toEqual(expect.any(Number));
    // The loader was told, so it could stop its work.
    await vi.waitFor(() => expect(sawAbort).toBe(true));
  });

  it("logs an event stream its reader left as info, still marked aborted (every page change ends one)", async () => {
    server = await startTestServer({
      handler: async (request) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("event: connected\ndata: {}\n\n"));
              request.signal.addEventListener("abort", () => controller.close());
            },
          }),
          { headers: { "content-type": "text/event-stream" } },
        ),
    });
    const req = http.get(`${server.url}/events`, { agent: false }, (res) => res.once("data", () => req.destroy()));
    req.on("error", () => {});
    const [line] = await requestLines(server, 1);
    expect(line).toMatchObject({ level: "info", url: "/events", status: 200, aborted: true });
  });

  it("keeps session cookies, bearer tokens and reset tokens out of every log line", async () => {
    // A loader that logs the headers it got, as a careless one might.
    const handler: FetchHandler = async (request) => {
      currentRequestFacts()?.logger.info({ headers: Object.fromEntries(request.headers) }, "loader saw headers");
      return new Response("reset form");
    };
    server = await startTestServer({ handler });
    const response = await rawRequest(`${server.url}/reset-password?token=SECRETRESET&next=%2Fapp`, {
      headers: { Cookie: "tc_session=SECRETVALUE", Authorization: "Bearer SECRETTOKEN" },
    });
    expect(response.status).toBe(200);

    const [line] = await requestLines(server, 1);
    expect(line!.url).toBe("/reset-password?token=%5Bredacted%5D&next=%2Fapp");
    // The loader's line was written (so the test would notice a leak in it) ...
    expect(server.logs.some((l) => l.msg === "loader saw headers")).toBe(true);
    // ... and no secret appears anywhere in what the logger wrote.
    const everything = server.rawLogs();
    for (const secret of ["SECRETVALUE", "SECRETTOKEN", "SECRETRESET"]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("keeps tRPC inputs (tokens, passwords) out of the request line", async () => {
    server = await startTestServer();
    const input = encodeURIComponent(JSON.stringify({ json: { token: "SECRETRESETTOKEN" } }));
    await rawRequest(`${server.url}/api/trpc/auth.checkResetToken?input=${input}`);
    const batch = encodeURIComponent(
      JSON.stringify({ 0: { json: { email: "a@example.test", password: "SECRETPASSWORD" } } }),
    );
    await rawRequest(`${server.url}/api/trpc/auth.login?batch=1&input=${batch}`);
    const lines = await requestLines(server, 2);
    expect(lines.map((l) => l.url)).toEqual([
      "/api/trpc/auth.checkResetToken?input=%5Bredacted%5D",
      "/api/trpc/auth.login?batch=1&input=%5Bredacted%5D",
    ]);
    for (const secret of ["SECRETRESETTOKEN", "SECRETPASSWORD"]) expect(server.rawLogs()).not.toContain(secret);
  });
});
