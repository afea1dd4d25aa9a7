import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchHandler } from "./remix-adapter.ts";
import { rawRequest, startTestServer, type TestServer } from "./testing/http-harness.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Echoes the Fetch Request Remix would see. */
const describeRequest: FetchHandler = async (request) =>
  Response.json({
    url: request.url,
    method: request.method,
    contentType: request.headers.get("content-type"),
    accept: request.headers.get("accept"),
    body: request.method === "GET" ? null : await request.text(),
  });

describe("Express to Remix adapter", () => {
  it("hands Remix the method, full URL with query string, headers and form body", async () => {
    server = await startTestServer({ handler: describeRequest });
    const response = await fetch(`${server.url}/journal/new?from=dashboard`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
      body: "symbol=AAPL&qty=10",
    });
    expect(await response.json()).toEqual({
      url: `${server.url}/journal/new?from=dashboard`,
      method: "POST",
      contentType: "application/x-www-form-urlencoded",
      accept: "text/html",
      body: "symbol=AAPL&qty=10",
    });
  });

  it("builds an http:// URL even when the client claims X-Forwarded-Proto https without a trusted proxy", async () => {
    server = await startTestServer({ handler: describeRequest, trustProxy: 0 });
    const response = await fetch(`${server.url}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(((await response.json()) as { url: string }).url).toBe(`${server.url}/login`);
  });

  it("builds an https:// URL behind a trusted TLS-terminating proxy", async () => {
    server = await startTestServer({ handler: describeRequest, trustProxy: 1 });
    const response = await fetch(`${server.url}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(((await response.json()) as { url: string }).url).toBe(`https://127.0.0.1:${server.port}/login`);
  });

  it("passes redirects and every Set-Cookie header through to the browser", async () => {
    server = await startTestServer({
      handler: async () => {
        const headers = new Headers({ Location: "/dashboard" });
        headers.append("Set-Cookie", "tc_session=abc; Path=/; HttpOnly; SameSite=Lax");
        headers.append("Set-Cookie", "tc_flash=welcome; Path=/; Max-Age=60");
        return new Response(null, { status: 302, headers });
      },
    });
    const response = await rawRequest(`${server.url}/login`, { method: "POST" });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe("/dashboard");
    expect(response.headers["set-cookie"]).toEqual([
      "tc_session=abc; Path=/; HttpOnly; SameSite=Lax",
      "tc_flash=welcome; Path=/; Max-Age=60",
    ]);
  });

  it("keeps the status and headers of the handler's response", async () => {
    server = await startTestServer({
      handler: async () =>
        new Response("gone", { status: 410, headers: { "Content-Type": "text/plain", "Cache-Control": "max-age=60" } }),
    });
    const response = await fetch(`${server.url}/old-page`);
    expect(response.status).toBe(410);
    expect(response.headers.get("cache-control")).toBe("max-age=60");
    expect(await response.text()).toBe("gone");
  });

  it("writes what a page produces in one turn as one piece: a streamed page compresses like a whole one", async () => {
    const row = "<tr><td>AAPL</td><td>long</td><td>+$43.00</td></tr>";
    // React streams a page in many small pieces, all ready in the same turn of the event loop.
    const handler: FetchHandler = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < 400; i++) controller.enqueue(new TextEncoder().encode(row));
            controller.close();
          },
        }),
        { headers: { "Content-Type": "text/html; charset=utf-8" } },
      );
    server = await startTestServer({ handler });
    const response = await rawRequest(`${server.url}/journal`, { headers: { "Accept-Encoding": "gzip" } });
    expect(gunzipSync(response.body).toString()).toBe(row.repeat(400));
    // Flushed piece by piece, gzip would send 400 separate blocks (several KB); together it is tiny.
    expect(response.body.length).toBeLessThan(400);
  });
});
