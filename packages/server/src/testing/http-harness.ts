// Test harness: the real Express app on a real port, with a stand-in for Remix and captured logs.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createLogger, currentRequestFacts } from "@tradecraft/config";
import { createHttpApp, type HttpAppOptions } from "../app.ts";
import type { FetchHandler } from "../remix-adapter.ts";

export type LogLine = { level: string; msg: string; requestId?: string } & Record<string, unknown>;

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:54321 */
  url: string;
  port: number;
  /** Parsed JSON log lines, in order. */
  logs: LogLine[];
  /** Every byte the logger wrote, for "this secret appears nowhere" checks. */
  rawLogs: () => string;
  /** How many times the stand-in for Remix was called. */
  handlerCalls: () => number;
  close: () => Promise<void>;
}

/** Echoes what the handler saw: request facts, load context, method, path and body size. */
export const echoHandler: FetchHandler = async (request, ctx) => {
  const facts = currentRequestFacts();
  const body = new Uint8Array(await request.arrayBuffer());
  return Response.json({
    requestId: facts?.requestId ?? null,
    ip: facts?.ip ?? null,
    headerRequestId: request.headers.get("x-request-id"),
    ctx,
    method: request.method,
    path: new URL(request.url).pathname,
    bodyLength: body.length,
  });
};

export type TestServerOptions = Partial<HttpAppOptions> & { logLevel?: string };

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { logLevel = "info", handler = echoHandler, ...overrides } = options;
  const raw: string[] = [];
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString();
      raw.push(text);
      for (const line of text.split("\n").filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  let calls = 0;
  const app = createHttpApp({
    app: "web",
    logger: createLogger({ level: logLevel, pretty: false, destination }),
    version: "9.9.9",
    isProduction: false,
    appUrl: "http://localhost:3000",
    trustProxy: 0,
    bodyLimitBytes: 1024 * 1024,
    ...overrides,
    handler: (request, ctx) => {
      calls += 1;
      return handler(request, ctx);
    },
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    rawLogs: () => raw.join(""),
    handlerCalls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A request through node:http, so tests see raw headers (Content-Encoding, Connection) and can
 * send a body in several chunks without a Content-Length (Transfer-Encoding: chunked).
 */
export function rawRequest(
  url: string,
  {
    method = "GET",
    headers = {},
    chunks = [],
    chunkDelayMs = 10,
  }: {
    method?: string;
    headers?: http.OutgoingHttpHeaders;
    chunks?: Buffer[];
    chunkDelayMs?: number;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      answered = true;
      const body: Buffer[] = [];
      res.on("data", (chunk: Buffer) => body.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(body) }));
      res.on("error", reject);
    });
    // Once the server has answered (e.g. 413 mid-upload), a failed write of the rest is expected.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    void (async () => {
      for (const chunk of chunks) {
        if (answered || req.destroyed) break;
        req.write(chunk);
        await new Promise((r) => setTimeout(r, chunkDelayMs));
      }
      req.end();
    })();
  });
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
