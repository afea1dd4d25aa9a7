import { afterEach, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer, UUID } from "./testing/http-harness.ts";

interface Echo {
  requestId: string | null;
  ip: string | null;
  headerRequestId: string | null;
  ctx: { requestId: string; cspNonce: string };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("request id", () => {
  it("assigns a UUID when none is sent, and the handler, response and log line all carry it", async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/journal`);
    expect(response.status).toBe(200);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(UUID);

    const echo = (await response.json()) as Echo;
    expect(echo.requestId).toBe(id);
    expect(echo.ctx.requestId).toBe(id);
    // Remix's Request carries the trusted id too, so loaders reading the header agree.
    expect(echo.headerRequestId).toBe(id);

    const logs = server.logs;
    const line = await vi.waitFor(() => {
      const found = logs.find((l) => l.msg === "request" && l.url === "/journal");
      if (!found) throw new Error("no request log line yet");
      return found;
    });
    expect(line.requestId).toBe(id);
  });

  it("honours a well-formed incoming x-request-id from the load balancer", async () => {
    server = await startTestServer();
    const response = await fetch(server.url, { headers: { "X-Request-Id": "trace-1234abcd" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("trace-1234abcd");
    const echo = (await response.json()) as Echo;
    expect(echo.requestId).toBe("trace-1234abcd");
  });

  it.each([
    ["129 characters", "a".repeat(129)],
    ["too short", "abc"],
    ["markup", "trace-<script>alert(1)</script>"],
    ["spaces", "trace 1234 abcd"],
  ])("replaces a forged id (%s) with a fresh UUID and still serves the request", async (_label, forged) => {
    server = await startTestServer();
    const response = await fetch(server.url, { headers: { "X-Request-Id": forged } });
    expect(response.status).toBe(200);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(UUID);
    const echo = (await response.json()) as Echo;
    expect(echo.requestId).toBe(id);
    expect(echo.headerRequestId).toBe(id);
    // Operators see that an id was rejected, but the forged value itself never reaches the logs.
    const logs = server.logs;
    const warning = await vi.waitFor(() => {
      const found = logs.find((l) => l.msg === "ignored malformed x-request-id");
      if (!found) throw new Error("no warning yet");
      return found;
    });
    expect(warning).toMatchObject({ level: "warn", requestId: id, rejectedRequestIdLength: forged.length });
    expect(server.rawLogs()).not.toContain(JSON.stringify(forged));
  });

  it("gives concurrent requests distinct ids that do not leak between them", async () => {
    server = await startTestServer();
    const responses = await Promise.all(Array.from({ length: 10 }, () => fetch(server!.url)));
    const ids = new Set<string>();
    for (const response of responses) {
      const echo = (await response.json()) as Echo;
      expect(echo.requestId).toBe(response.headers.get("x-request-id"));
      ids.add(echo.requestId!);
    }
    expect(ids.size).toBe(10);
  });
});

describe("client IP", () => {
  const spoofed = { "X-Forwarded-For": "203.0.113.9" };

  it("ignores X-Forwarded-For when no proxy is trusted (trustProxy 0)", async () => {
    server = await startTestServer({ trustProxy: 0 });
    const echo = (await (await fetch(server.url, { headers: spoofed })).json()) as Echo;
    expect(echo.ip).toBe("127.0.0.1");
  });

  it("uses the address the trusted proxy reports (trustProxy 1)", async () => {
    server = await startTestServer({ trustProxy: 1 });
    const echo = (await (await fetch(`${server.url}/ip`, { headers: spoofed })).json()) as Echo;
    expect(echo.ip).toBe("203.0.113.9");

    const logs = server.logs;
    const line = await vi.waitFor(() => {
      const found = logs.find((l) => l.msg === "request" && l.url === "/ip");
      if (!found) throw new Error("no request log line yet");
      return found;
    });
    expect(line.ip).toBe("203.0.113.9");
  });
});
