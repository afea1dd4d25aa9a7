import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type http from "node:http";
import { createLogger, type EnvError, metricsRegistry, parseEnv, registerTrpcProcedures } from "@tradecraft/config";
import { afterEach, describe, expect, it } from "vitest";
import { closeMetricsServer, metricsPortOf, type RouteManifest, routeLabeller, startMetricsServer } from "./metrics.ts";
import { pageCache } from "./page-cache.ts";
import type { FetchHandler } from "./remix-adapter.ts";
import { rawRequest, startTestServer, type TestServer } from "./testing/http-harness.ts";

const TOKEN = "a-metrics-token-of-32-characters";

/** A Remix route manifest shaped as the server build's (flat, by parentId), without modules. */
function manifest(withSplat = false): RouteManifest {
  const route = (id: string, parentId: string | undefined, path?: string, index?: boolean) => ({
    [id]: { id, parentId, path, index, caseSensitive: undefined, module: {} },
  });
  return {
    ...route("root", undefined, ""),
    ...route("routes/_index", "root", undefined, true),
    ...route("routes/login", "root", "login"),
    ...route("routes/app", "root", "app"),
    ...route("routes/app._index", "routes/app", undefined, true),
    ...route("routes/app.journal._index", "routes/app", "journal", true),
    ...route("routes/app.journal.$tradeId", "routes/app", "journal/:tradeId"),
    ...route("routes/_admin", "root"),
    ...route("routes/_admin.users.$userId", "routes/_admin", "users/:userId"),
    ...(withSplat ? route("routes/$", "root", "*") : {}),
  } as unknown as RouteManifest;
}

/** Stands in for Remix: a page for known paths, the not-found page for the rest. */
const pages: FetchHandler = async (request) => {
  const { pathname } = new URL(request.url);
  if (pathname === "/broken") return new Response("oops", { status: 500 });
  if (/^\/(login|app(\/journal(\/\w+)?)?)?$/.test(pathname)) return new Response("<h1>page</h1>", { status: 200 });
  return new Response("<h1>Page not found</h1>", { status: 404, headers: { "Content-Type": "text/html" } });
};

let server: TestServer | undefined;
let metricsServer: http.Server | null = null;
afterEach(async () => {
  await server?.close();
  await closeMetricsServer(metricsServer);
  server = undefined;
  metricsServer = null;
});

const scrape = (headers: Record<string, string> = {}) =>
  rawRequest(`${server!.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}`, ...headers } });

/** The `route` label values of the request-duration series now in the registry. */
async function routeLabels(): Promise<string[]> {
  const metric = await metricsRegistry.getSingleMetric("tradecraft_http_request_duration_seconds")!.get();
  return [...new Set(metric.values.map((v) => String(v.labels.route)))].sort();
}

async function counterValue(name: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric(name)!.get();
  return metric.values.reduce((sum, v) => sum + v.value, 0);
}

describe("metrics settings", () => {
  it("refuse a METRICS_TOKEN shorter than 16 characters without echoing it, and a METRICS_PORT that is not a port", () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseEnv(env);
        return [];
      } catch (error) {
        return (error as EnvError).problems;
      }
    };
    expect(problems({ METRICS_TOKEN: "too-short" })).toEqual(["METRICS_TOKEN: must be at least 16 characters"]);
    expect(problems({ METRICS_PORT: "70000" })[0]).toMatch(/^METRICS_PORT:/);
    expect(problems({ METRICS_PORT: "65535" })[0]).toMatch(/^METRICS_PORT:/);
    expect(parseEnv({ METRICS_PORT: "9464", METRICS_TOKEN: TOKEN })).toMatchObject({
      METRICS_PORT: 9464,
      METRICS_TOKEN: TOKEN,
    });
    expect(parseEnv({ METRICS_PORT: "", METRICS_TOKEN: "" })).toMatchObject({
      METRICS_PORT: undefined,
      METRICS_TOKEN: undefined,
    });
  });
});

describe("metrics ports", () => {
  it("give the members' app METRICS_PORT, the admin app the next one, and each further web process its own", () => {
    expect(metricsPortOf("web", 9464, 1)).toBe(9464);
    expect(metricsPortOf("admin", 9464)).toBe(9465);
    expect([2, 3, 4].map((worker) => metricsPortOf("web", 9464, worker))).toEqual([9466, 9467, 9468]);
  });
});

describe("route labels", () => {
  it("names a request by the Remix route pattern it matches, never by its URL", () => {
    const label = routeLabeller({ routes: manifest(), procedures: () => new Set() });
    expect(label("/")).toBe("/");
    expect(label("/login")).toBe("/login");
    expect(label("/app")).toBe("/app");
    expect(label("/app/journal")).toBe("/app/journal");
    expect(label("/app/journal/cm123abc")).toBe("/app/journal/:tradeId");
    expect(label("/users/u1")).toBe("/users/:userId");
    expect(label("/assets/entry.client-AbC123.js")).toBe("/assets/*");
    expect(label("/healthz")).toBe("/healthz");
    expect(label("/readyz")).toBe("/readyz");
    expect(label("/wp-login.php")).toBe("unmatched");
    expect(routeLabeller({ routes: manifest(true) })("/no/such/page")).toBe("/*");
  });

  it("labels /api/trpc by known procedure paths only, a batch by its sorted names", () => {
    const label = routeLabeller({ procedures: () => new Set(["journal.list", "market.quote", "live.ticker"]) });
    expect(label("/api/trpc/journal.list")).toBe("/api/trpc/journal.list");
    expect(label("/api/trpc/market.quote,journal.list,market.quote")).toBe("/api/trpc/journal.list,market.quote");
    expect(label("/api/trpc/journal.list,admin.secret")).toBe("/api/trpc/unknown");
    expect(label("/api/trpc/%E0%A4%A")).toBe("/api/trpc/unknown");
  });
});

describe("/metrics", () => {
  it("is served on the app's port only with the bearer token; otherwise it is the same 404 as any unknown page", async () => {
    server = await startTestServer({ handler: pages, metrics: { routes: manifest(), token: TOKEN } });
    const unknown = await rawRequest(`${server.url}/no-such-page`);
    const bare = await rawRequest(`${server.url}/metrics`);
    const wrong = await scrape({ authorization: `Bearer ${TOKEN.slice(0, -1)}x` });
    for (const refused of [bare, wrong]) {
      expect(refused.status).toBe(404);
      expect(refused.body.toString()).toBe(unknown.body.toString());
      expect(refused.body.toString()).not.toContain("tradecraft_");
    }

    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.headers["content-type"]).toContain("text/plain");
    expect(ok.body.toString()).toContain("process_cpu_user_seconds_total");
    expect(ok.body.toString()).toContain('app="web"');
  });

  it("is never served on the app's port when no token is configured", async () => {
    server = await startTestServer({ handler: pages, metrics: { routes: manifest() } });
    expect((await rawRequest(`${server.url}/metrics`)).status).toBe(404);
    expect((await scrape()).status).toBe(404);
  });

  it("is served on METRICS_PORT's listener, which answers nothing else", async () => {
    metricsServer = await startMetricsServer({ port: 0, host: "127.0.0.1", logger: createLogger({ level: "silent" }) });
    const base = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`;
    const ok = await rawRequest(`${base}/metrics`);
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toContain("# TYPE tradecraft_http_request_duration_seconds histogram");
    expect((await rawRequest(`${base}/`)).status).toBe(404);
    expect((await rawRequest(`${base}/metrics`, { method: "POST" })).status).toBe(404);
  });

  it("times requests by method, route pattern and status", async () => {
    server = await startTestServer({ handler: pages, metrics: { routes: manifest(), token: TOKEN } });
    await rawRequest(`${server.url}/app/journal/t1`);
    await rawRequest(`${server.url}/app/journal/t2`);
    await rawRequest(`${server.url}/broken`);
    await rawRequest(`${server.url}/healthz`);
    const body = (await scrape()).body.toString();
    expect(body).toMatch(
      /tradecraft_http_request_duration_seconds_count\{app="web",method="GET",route="\/app\/journal\/:tradeId",status="200"\} 2/,
    );
    expect(body).toMatch(/_count\{app="web",method="GET",route="unmatched",status="500"\} 1/);
    expect(body).toMatch(/_count\{app="web",method="GET",route="\/healthz",status="200"\} 1/);
    expect(body).not.toContain("t1");
  });

  it("keeps the series bounded: a thousand random addresses add a handful", async () => {
    registerTrpcProcedures(["journal.list"]);
    server = await startTestServer({ handler: pages, metrics: { routes: manifest(), token: TOKEN } });
    const before = await routeLabels();
    const random = () => randomBytes(6).toString("hex");
    const paths = Array.from({ length: 1_000 }, (_, i) => {
      const kind = i % 4;
      if (kind === 0) return `/${random()}/${random()}`;
      if (kind === 1) return `/api/trpc/${random()},journal.list`;
      if (kind === 2) return `/assets/${random()}.js`;
      return `/app/journal/${random()}?q=${random()}`;
    });
    for (let i = 0; i < paths.length; i += 50) {
      await Promise.all(paths.slice(i, i + 50).map((path) => rawRequest(`${server!.url}${path}`)));
    }
    const added = (await routeLabels()).filter((label) => !before.includes(label));
    expect(added.length).toBeLessThanOrEqual(3);
    expect(await routeLabels()).toEqual(
      expect.arrayContaining(["unmatched", "/api/trpc/unknown", "/assets/*", "/app/journal/:tradeId"]),
    );
    expect((await routeLabels()).length).toBeLessThanOrEqual(before.length + 3);
  });
});

describe("page cache metrics", () => {
  it("counts a miss when a page is rendered and a hit when it is served from the cache", async () => {
    const cache = pageCache({
      cacheable: () => true,
      identify: async () => "ada:1",
      maxBytes: 1024 * 1024,
    });
    const handler: FetchHandler = async (_request, ctx) =>
      new Response(`<p>${ctx.requestId}</p><script nonce="${ctx.cspNonce}"></script>`, {
        headers: { "Content-Type": "text/html" },
      });
    server = await startTestServer({ handler, before: [cache], metrics: { token: TOKEN } });
    const [hits, misses] = [
      await counterValue("tradecraft_page_cache_hits_total"),
      await counterValue("tradecraft_page_cache_misses_total"),
    ];
    await rawRequest(`${server.url}/app/journal`);
    await rawRequest(`${server.url}/app/journal`);
    await rawRequest(`${server.url}/app/journal`);
    expect(await counterValue("tradecraft_page_cache_misses_total")).toBe(misses + 1);
    expect(await counterValue("tradecraft_page_cache_hits_total")).toBe(hits + 2);
    expect((await scrape()).body.toString()).toContain("tradecraft_page_cache_hits_total");
  });
});
