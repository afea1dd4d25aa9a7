import http from "node:http";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import type { FetchHandler } from "./remix-adapter.ts";
import { rawRequest, startTestServer, type TestServer } from "./testing/http-harness.ts";

const PAGE = `<!doctype html><html><body>${"<p>Trade journal entry</p>".repeat(800)}</body></html>`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const handler: FetchHandler = async (request) => {
  const { pathname } = new URL(request.url);
  if (pathname === "/events") {
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        void (async () => {
          controller.enqueue(encoder.encode("data: first\n\n"));
          await sleep(300);
          controller.enqueue(encoder.encode("data: second\n\n"));
          controller.close();
        })();
      },
    });
    return new Response(stream, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" } });
  }
  return new Response(PAGE, { headers: { "Content-Type": "text/html; charset=utf-8" } });
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("response compression", () => {
  it("gzips a large HTML page for clients that accept gzip", async () => {
    expect(Buffer.byteLength(PAGE)).toBeGreaterThan(20_000);
    server = await startTestServer({ handler });
    const response = await rawRequest(`${server.url}/journal`, { headers: { "Accept-Encoding": "gzip" } });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.body.length).toBeLessThan(Buffer.byteLength(PAGE) / 4);
    expect(gunzipSync(response.body).toString()).toBe(PAGE);
  });

  it("sends the page uncompressed to clients that do not accept gzip", async () => {
    server = await startTestServer({ handler });
    const response = await rawRequest(`${server.url}/journal`, { headers: { "Accept-Encoding": "identity" } });
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.body.toString()).toBe(PAGE);
  });

  it("streams server-sent events uncompressed, each event as soon as it is written", async () => {
    server = await startTestServer({ handler });
    const { headers, chunks, endedAt } = await new Promise<{
      headers: http.IncomingHttpHeaders;
      chunks: { at: number; text: string }[];
      endedAt: number;
    }>((resolve, reject) => {
      const req = http.get(
        `${server!.url}/events`,
        { agent: false, headers: { "Accept-Encoding": "gzip, deflate, br", Accept: "text/event-stream" } },
        (res) => {
          const chunks: { at: number; text: string }[] = [];
          res.on("data", (chunk: Buffer) => chunks.push({ at: Date.now(), text: chunk.toString() }));
          res.on("end", () => resolve({ headers: res.headers, chunks, endedAt: Date.now() }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
    });

    expect(headers["content-type"]).toBe("text/event-stream");
    expect(headers["content-encoding"]).toBeUndefined();
    expect(chunks.map((c) => c.text).join("")).toBe("data: first\n\ndata: second\n\n");
    // The first event arrived on its own, well before the handler wrote the second and closed.
    const first = chunks[0]!;
    expect(first.text).toBe("data: first\n\n");
    // Buffered, both would arrive together; streamed, the first comes ~300 ms early.
    expect(endedAt - first.at).toBeGreaterThanOrEqual(100);
  });
});
