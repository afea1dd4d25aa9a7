// A local server that speaks the market providers' REST APIs for tests, e2e and benches: Massive
// (Polygon-compatible), CoinGecko and NewsAPI on one port, with their real paths, field names and
// units (market-stub-data.ts), so the app's real provider clients run over HTTP unchanged.
// Dependency-free (node:http).
//
// In process (integration tests):
//   const market = await startMarketStub();             // random port on 127.0.0.1
//   createMassiveProvider({ baseUrl: market.massiveUrl, apiKey: "k", logger });
//   createCoinGeckoProvider({ baseUrl: market.coingeckoUrl, logger });   // …/api/v3
//   market.script({ path: "/v2/aggs", status: 503 }, { path: "/v2/aggs", hangUp: true });
//   market.respondWith({ status: 500 });                // whenever no queued response matches
//   ... then: market.requests (oldest first), await market.waitForRequests(3, "/v2/aggs"), reset(), close()
//
// Answers: the first queued response whose `path` occurs in the request's path (or that has no
// `path`), else the fallback (only for its `path`, when it has one), else the default data. A scripted response may set `status`, `body`
// (JSON; defaults to the default data when the status is 2xx, else the API's error shape),
// `headers` (e.g. Retry-After), `delayMs`, `hangUp` (the socket is destroyed, no answer) or
// `malformed` (a truncated JSON body with status 200).
// Paths: Massive /v2/snapshot/locale/us/markets/stocks/tickers, /v2/aggs/ticker/…/range/…,
// /v2/last/trade/{T}, /v3/reference/tickers, /v3/snapshot/options/{U} (Authorization: Bearer or
// apiKey= required, else 401); CoinGecko /api/v3/{ping,simple/price,coins/markets,
// coins/{id}/market_chart/range,search}; NewsAPI /v2/{everything,top-headlines} (X-Api-Key).
// Long bar ranges page by 1,000 with a `next_url` that, like Massive's, carries no key.
//
// Control API on the same port (JSON), for a stub in another process:
//   POST /__stub/script    { responses?: StubResponse[], fallback?: StubResponse | null } → { pending }
//   GET  /__stub/requests  ?path=<text in the path> → { requests }
//   POST /__stub/reset     → { ok: true }
// CLI: `tsx packages/testing/src/market-stub-cli.ts` (port MARKET_STUB_PORT, default 4020).
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { defaultAnswer, errorBodyFor } from "./market-stub-routes.ts";

export interface StubResponse {
  /** Answers only requests whose path contains this text (e.g. "/v2/aggs", "/simple/price"). */
  path?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  hangUp?: boolean;
  malformed?: boolean;
}

/** A request the stub received (control API calls excepted). */
export interface MarketStubRequest {
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names, values as sent (the stub only ever sees test keys). */
  headers: Record<string, string>;
  receivedAt: number;
  status?: number;
  answeredBy?: "queue" | "fallback" | "default";
}

export type MarketResponder = (request: MarketStubRequest) => StubResponse | undefined;

export interface MarketStubOptions {
  port?: number;
  host?: string;
  /** The clock of the default data (epoch ms); Date.now by default. */
  now?: () => number;
  maxRecorded?: number;
}

export interface MarketStub {
  /** http://host:port */
  url: string;
  /** MASSIVE_BASE_URL */
  massiveUrl: string;
  /** COINGECKO_BASE_URL (ends in /api/v3, like the real one) */
  coingeckoUrl: string;
  /** NEWSAPI_BASE_URL (ends in /v2) */
  newsUrl: string;
  port: number;
  /** Queues responses, each used once, in order among those whose `path` matches. */
  script(...responses: StubResponse[]): void;
  /** Answers requests no queued response matches (undefined restores the default data). */
  respondWith(fallback: StubResponse | MarketResponder | undefined): void;
  pending(): StubResponse[];
  readonly requests: MarketStubRequest[];
  /** Resolves once `count` requests whose path contains `path` arrived (rejects after `timeoutMs`). */
  waitForRequests(count: number, path?: string, timeoutMs?: number): Promise<MarketStubRequest[]>;
  reset(): void;
  close(): Promise<void>;
}

const KNOWN_FIELDS = new Set(["path", "status", "body", "headers", "delayMs", "hangUp", "malformed"]);

/** Checks a scripted response from JSON (the control API) and says which field is wrong. */
export function parseStubResponse(input: unknown, where: string): StubResponse {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new Error(`${where}: must be an object`);
  const r = input as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!KNOWN_FIELDS.has(key)) throw new Error(`${where}.${key}: unknown field`);
  if (r.path !== undefined && typeof r.path !== "string") throw new Error(`${where}.path: must be a string`);
  if (
    r.status !== undefined &&
    !(Number.isInteger(r.status) && (r.status as number) >= 100 && (r.status as number) <= 599)
  )
    throw new Error(`${where}.status: must be an HTTP status`);
  if (r.delayMs !== undefined && !(typeof r.delayMs === "number" && r.delayMs >= 0 && r.delayMs <= 600_000))
    throw new Error(`${where}.delayMs: must be 0–600000`);
  if (
    r.headers !== undefined &&
    (typeof r.headers !== "object" || r.headers === null || Object.values(r.headers).some((v) => typeof v !== "string"))
  )
    throw new Error(`${where}.headers: must map names to strings`);
  return r as StubResponse;
}

/** Starts the Massive + CoinGecko + NewsAPI stub (see the header of this file). */
export async function startMarketStub({
  port = 0,
  host = "127.0.0.1",
  now = Date.now,
  maxRecorded = 2000,
}: MarketStubOptions = {}): Promise<MarketStub> {
  const queue: StubResponse[] = [];
  let fallback: StubResponse | MarketResponder | undefined;
  const recorded: MarketStubRequest[] = [];
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(body);
  };
  const sleep = (ms: number, res: http.ServerResponse) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        timers.delete(timer);
        res.off("close", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timers.add(timer);
      res.once("close", done);
    });

  function pick(request: MarketStubRequest): {
    response: StubResponse | undefined;
    answeredBy: MarketStubRequest["answeredBy"];
  } {
    const index = queue.findIndex((r) => r.path === undefined || request.path.includes(r.path));
    if (index !== -1) return { response: queue.splice(index, 1)[0], answeredBy: "queue" };
    const decided = typeof fallback === "function" ? fallback(structuredClone(request)) : fallback;
    return decided && (decided.path === undefined || request.path.includes(decided.path))
      ? { response: decided, answeredBy: "fallback" }
      : { response: undefined, answeredBy: "default" };
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const request: MarketStubRequest = {
      seq: ++seq,
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
      ),
      receivedAt: now(),
    };
    recorded.push(request);
    if (recorded.length > maxRecorded) recorded.splice(0, recorded.length - maxRecorded);
    res.once("finish", () => {
      request.status = res.statusCode;
    });
    for (const wake of waiters) wake();
    const { response, answeredBy } = pick(request);
    request.answeredBy = answeredBy;
    await sleep(response?.delayMs ?? 0, res);
    if (res.destroyed) return;
    if (response?.hangUp) {
      req.socket.destroy();
      return;
    }
    if (response?.malformed)
      return send(res, response.status ?? 200, '{"status":"OK","results":[{"t":17', response.headers);
    const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
    const fallbackAnswer = defaultAnswer(request, now(), origin);
    const status = response?.status ?? fallbackAnswer.status;
    const body =
      response?.body !== undefined
        ? response.body
        : status >= 200 && status < 300
          ? fallbackAnswer.status < 300
            ? fallbackAnswer.body
            : {}
          : errorBodyFor(request.path, status);
    send(res, status, JSON.stringify(body), response?.headers);
  }

  function control(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const route = `${req.method} ${url.pathname.replace(/\/+$/, "")}`;
    if (route === "GET /__stub/requests") {
      const path = url.searchParams.get("path");
      return send(res, 200, JSON.stringify({ requests: recorded.filter((r) => !path || r.path.includes(path)) }));
    }
    if (route === "POST /__stub/reset") {
      stub.reset();
      return send(res, 200, JSON.stringify({ ok: true }));
    }
    if (route === "POST /__stub/script") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          const input: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
          const { responses = [], fallback: next } = (Array.isArray(input) ? { responses: input } : (input ?? {})) as {
            responses?: unknown;
            fallback?: unknown;
          };
          if (!Array.isArray(responses)) throw new Error("responses: must be an array");
          queue.push(...responses.map((r, i) => parseStubResponse(r, `responses[${i}]`)));
          if (next !== undefined) fallback = next === null ? undefined : parseStubResponse(next, "fallback");
          send(res, 200, JSON.stringify({ pending: queue.length }));
        } catch (error) {
          send(
            res,
            400,
            JSON.stringify({
              error: { message: error instanceof SyntaxError ? "The body must be JSON." : (error as Error).message },
            }),
          );
        }
      });
      return;
    }
    send(res, 404, JSON.stringify({ error: { message: `Not found: ${route}` } }));
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stub.local");
    if (url.pathname.startsWith("/__stub/")) return control(req, res, url);
    api(req, res, url).catch((error: Error) => {
      console.error(`[market-stub] ${error.stack ?? error.message}`);
      send(res, 500, JSON.stringify({ error: "The market stub failed; see its log." }));
    });
  });
  server.listen(port, host);
  await once(server, "listening");
  const boundPort = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${boundPort}`;

  const stub: MarketStub = {
    url: origin,
    massiveUrl: origin,
    coingeckoUrl: `${origin}/api/v3`,
    newsUrl: `${origin}/v2`,
    port: boundPort,
    script(...responses) {
      queue.push(...responses.map((r, i) => parseStubResponse(r, `script[${i}]`)));
    },
    respondWith(next) {
      fallback = next === undefined || typeof next === "function" ? next : parseStubResponse(next, "respondWith");
    },
    pending: () => [...queue],
    get requests() {
      return [...recorded];
    },
    waitForRequests(count, path, timeoutMs = 10_000) {
      const matching = () => recorded.filter((r) => !path || r.path.includes(path));
      return new Promise((resolve, reject) => {
        const check = () => {
          if (matching().length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(matching());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `Expected ${count} requests to ${path ?? "any path"} within ${timeoutMs} ms, got ${matching().length}.`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    reset() {
      queue.length = 0;
      fallback = undefined;
      recorded.length = 0;
      seq = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  return stub;
}
