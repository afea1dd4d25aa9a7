import { afterEach, describe, expect, it, vi } from "vitest";
import type { FetchHandler } from "./remix-adapter.ts";
import { startTestServer, type TestServer } from "./testing/http-harness.ts";

const DETAIL = "relation trade_secret_table does not exist";

/** A loader that blows up, the way a failed query would. */
const failingHandler: FetchHandler = async () => {
  throw new Error(DETAIL);
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function loggedError(srv: TestServer) {
  const logs = srv.logs;
  return vi.waitFor(() => {
    const found = logs.find((l) => l.msg === "unhandled error in request handler");
    if (!found) throw new Error("error not logged yet");
    return found as typeof found & { err: { message: string; stack: string } };
  });
}

describe("unhandled errors", () => {
  it("answer 500 JSON with the request id and nothing about the failure", async () => {
    server = await startTestServer({ handler: failingHandler });
    const response = await fetch(`${server.url}/trades`);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const requestId = response.headers.get("x-request-id")!;
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: "INTERNAL_SERVER_ERROR", message: expect.any(String), requestId },
    });
    expect(text).not.toContain(DETAIL);
    expect(text).not.toContain("trade_secret_table");
    expect(text).not.toMatch(/\bat \S+/);
    expect(text).not.toMatch(/stack|\.ts:\d+/i);
  });

  it("show browsers a page with the reference but no details", async () => {
    server = await startTestServer({ handler: failingHandler });
    const response = await fetch(`${server.url}/trades`, { headers: { Accept: "text/html" } });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain(response.headers.get("x-request-id")!);
    expect(page).not.toContain("trade_secret_table");
    expect(page).not.toMatch(/\bat \S+ \(/);
  });

  it("show the page styled in production: its <style> carries the nonce the CSP allows", async () => {
    server = await startTestServer({ handler: failingHandler, isProduction: true });
    const response = await fetch(`${server.url}/trades`, { headers: { Accept: "text/html" } });
    const nonce = /<style nonce="([^"]+)">/.exec(await response.text())?.[1];
    expect(nonce).toBeTruthy();
    const styleSrc = /(?:^|; )style-src ([^;]+)/.exec(response.headers.get("content-security-policy")!)?.[1];
    expect(styleSrc?.split(" ")).toContain(`'nonce-${nonce}'`);
  });

  it("are logged with the message, stack and request id so the reference leads to them", async () => {
    server = await startTestServer({ handler: failingHandler });
    const response = await fetch(`${server.url}/trades`);
    const requestId = response.headers.get("x-request-id");
    await response.arrayBuffer();

    const line = await loggedError(server);
    expect(line.level).toBe("error");
    expect(line.requestId).toBe(requestId);
    expect(line.err.message).toBe(DETAIL);
    expect(line.err.stack).toContain("error-response.test.ts");

    const logs = server.logs;
    const request = await vi.waitFor(() => {
      const found = logs.find((l) => l.msg === "request");
      if (!found) throw new Error("no request line yet");
      return found;
    });
    expect(request).toMatchObject({ level: "error", status: 500, requestId });
  });

  it("from a handler that throws synchronously are handled the same way", async () => {
    server = await startTestServer({
      handler: () => {
        throw new TypeError(DETAIL);
      },
    });
    const response = await fetch(`${server.url}/trades`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe("INTERNAL_SERVER_ERROR");
    expect((await loggedError(server)).requestId).toBe(body.error.requestId);
  });

  it("do not take the server down: the next request is served", async () => {
    let calls = 0;
    server = await startTestServer({
      handler: async () => (++calls === 1 ? Promise.reject(new Error(DETAIL)) : new Response("fine")),
    });
    expect((await fetch(server.url)).status).toBe(500);
    const next = await fetch(server.url);
    expect(next.status).toBe(200);
    expect(await next.text()).toBe("fine");
  });
});
