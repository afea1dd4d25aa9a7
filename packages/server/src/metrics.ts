// Prometheus metrics over HTTP: the request-duration middleware, the route-pattern labels it uses,
// and /metrics, either on a port of its own (METRICS_PORT: the members' app on it, the admin app
// on it + 1) or on the app's port behind a bearer token (METRICS_TOKEN). Without the token,
// /metrics on the app's port is handed on like any other path, so a stranger gets the same 404 page
// as for any unknown address and learns nothing.
//
// Labels are route patterns (`/app/journal/:tradeId`), never URLs: a scan of random addresses adds
// no series. The pattern is the Remix route the URL matches, ranked as React Router ranks routes
// (static segments over dynamic ones over splats, index routes first), remembered per path (bounded).
import cluster from "node:cluster";
import { createHash, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import {
  collectProcessMetrics,
  httpRequestDuration,
  knownTrpcProcedures,
  type Logger,
  renderMetrics,
} from "@tradecraft/config";
import type { ServerBuild } from "@remix-run/node";
import type { RequestHandler } from "express";

export type RouteManifest = ServerBuild["routes"];
export type RouteLabel = (pathname: string) => string;

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const OWN_LABELS = new Set(["/healthz", "/readyz", "/metrics", "/api/trpc-ws"]);
const TRPC_PREFIX = "/api/trpc/";
/** Distinct batch combinations labelled by name; past it, further combinations share one label. */
const MAX_BATCH_LABELS = 100;
/** Paths whose pattern is remembered (a set of URLs, not of labels: cleared when full). */
const LABEL_CACHE_SIZE = 5_000;

interface Branch {
  pattern: string;
  regex: RegExp;
  score: number;
}

// React Router's route ranking (computeScore in @remix-run/router): more segments and static ones win.
const DYNAMIC = /^:[\w-]+\??$/;
function scoreOf(pattern: string, isIndex: boolean): number {
  const segments = pattern.split("/");
  let score = segments.length + (segments.includes("*") ? -2 : 0) + (isIndex ? 2 : 0);
  for (const segment of segments) {
    if (segment !== "*") score += DYNAMIC.test(segment) ? 3 : segment === "" ? 1 : 10;
  }
  return score;
}

function regexOf(pattern: string, caseSensitive: boolean): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  let source = "";
  for (const segment of pattern.split("/").filter(Boolean)) {
    const optional = segment.endsWith("?");
    const name = optional ? segment.slice(0, -1) : segment;
    if (segment === "*") source += "(?:/.*)?";
    else source += `(?:/${DYNAMIC.test(segment) ? "[^/]+" : escape(name)})${optional ? "?" : ""}`;
  }
  return new RegExp(`^${source}/*$`, caseSensitive ? "" : "i");
}

/** Every route that can match by itself (one with a path, or an index), with its full pattern, best first. */
function branchesOf(manifest: RouteManifest): Branch[] {
  const routes = Object.values(manifest).filter((route) => route !== undefined);
  const branches: Branch[] = [];
  const walk = (parentId: string | undefined, parentPath: string) => {
    for (const route of routes.filter((r) => r.parentId === parentId)) {
      const pattern = `/${[parentPath, route.path ?? ""].join("/").split("/").filter(Boolean).join("/")}`;
      // Children first, as React Router flattens them: on equal scores the deeper route wins.
      walk(route.id, pattern);
      if (route.path == null && !route.index) continue;
      const isIndex = Boolean(route.index);
      branches.push({
        pattern,
        regex: regexOf(pattern, Boolean(route.caseSensitive)),
        score: scoreOf(pattern, isIndex),
      });
    }
  };
  walk(undefined, "");
  // Array.prototype.sort is stable: equal scores keep the depth-first order.
  return branches.sort((a, b) => b.score - a.score);
}

/**
 * The label of a request path: its Remix route pattern (`unmatched` when none), `/assets/*` for
 * built assets, the health and metrics paths as they are, and `/api/trpc/<procedure>` for the
 * router's known procedures (a batch: its distinct names sorted and joined by commas; any unknown
 * name makes it `/api/trpc/unknown`).
 */
export function routeLabeller(
  options: { routes?: RouteManifest; procedures?: () => ReadonlySet<string> } = {},
): RouteLabel {
  const branches = options.routes ? branchesOf(options.routes) : [];
  const procedures = options.procedures ?? knownTrpcProcedures;
  const batches = new Set<string>();
  const known = new Map<string, string>();

  const remix = (pathname: string): string =>
    branches.find((branch) => branch.regex.test(pathname))?.pattern ?? "unmatched";
  const trpc = (pathname: string): string => {
    let names: string[];
    try {
      names = decodeURIComponent(pathname.slice(TRPC_PREFIX.length)).split(",");
    } catch {
      return "/api/trpc/unknown";
    }
    const paths = procedures();
    if (names.some((name) => !paths.has(name))) return "/api/trpc/unknown";
    const label = `${TRPC_PREFIX}${[...new Set(names)].sort().join(",")}`;
    if (names.length === 1 || batches.has(label)) return label;
    if (batches.size >= MAX_BATCH_LABELS) return "/api/trpc/batch";
    batches.add(label);
    return label;
  };

  return (pathname) => {
    if (OWN_LABELS.has(pathname)) return pathname;
    if (pathname.startsWith("/assets/")) return "/assets/*";
    if (pathname.startsWith(TRPC_PREFIX)) return trpc(pathname);
    let label = known.get(pathname);
    if (label === undefined) {
      label = remix(pathname);
      if (known.size >= LABEL_CACHE_SIZE) known.clear();
      known.set(pathname, label);
    }
    return label;
  };
}

/**
 * Observes every request's duration once it ends (or its client leaves: status 499), labelled by
 * method, route pattern and status. Live event streams are left out: the live-connections gauge
 * counts them, and their minutes-long durations would only fill the last bucket.
 */
export function httpMetrics(label: RouteLabel): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    const pathname = req.path;
    res.once("close", () => {
      if (String(res.getHeader("content-type") ?? "").startsWith("text/event-stream")) return;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      httpRequestDuration.observe(
        {
          method: METHODS.has(req.method) ? req.method : "OTHER",
          route: label(pathname),
          status: res.headersSent ? res.statusCode : 499,
        },
        seconds,
      );
    });
    next();
  };
}

const digest = (value: string) => createHash("sha256").update(value).digest();

async function sendMetrics(res: http.ServerResponse, isHead: boolean, logger: Logger): Promise<void> {
  try {
    const { contentType, body } = await renderMetrics();
    res.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" });
    res.end(isHead ? undefined : body);
  } catch (error) {
    logger.error({ err: error }, "metrics could not be collected");
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("metrics could not be collected\n");
  }
}

/**
 * GET /metrics on the app's port for a request bearing `Authorization: Bearer <token>`; any other
 * request (no token configured, none sent, a wrong one) is handed on as an unknown path.
 */
export function metricsEndpoint({
  token,
  open = false,
  logger,
}: {
  token?: string | undefined;
  /** Served without a token: only on a port that is not public (the worker's health port). */
  open?: boolean;
  logger: Logger;
}): RequestHandler {
  const expected = token ? digest(`Bearer ${token}`) : null;
  return (req, res, next) => {
    if (req.path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) return next();
    if (open) return void sendMetrics(res, req.method === "HEAD", logger);
    // Compared as digests, in constant time: neither the length nor a prefix leaks.
    if (!expected || !timingSafeEqual(digest(req.headers.authorization ?? ""), expected)) return next();
    void sendMetrics(res, req.method === "HEAD", logger);
  };
}

/**
 * This process's metrics port: the members' app on METRICS_PORT, the admin app on METRICS_PORT + 1,
 * and when the launcher runs several members' app processes (WEB_PROCESSES, through node:cluster)
 * the n-th of them from the second on at METRICS_PORT + n (+2, +3, …): each is scraped on its own.
 */
export function metricsPortOf(app: string, base: number, worker = cluster.worker?.id ?? 1): number {
  if (app === "admin") return base + 1;
  return worker <= 1 ? base : base + worker;
}

/**
 * A listener that serves only GET /metrics (404 for anything else), for the scraper's network.
 * Exclusive: in a cluster worker it is this process's own port, never shared with its siblings.
 */
export async function startMetricsServer({
  port,
  host,
  logger,
}: {
  port: number;
  host: string;
  logger: Logger;
}): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found\n");
      return;
    }
    void sendMetrics(res, req.method === "HEAD", logger);
  });
  server.keepAliveTimeout = 65_000;
  server.listen({ port, host, exclusive: true });
  await once(server, "listening");
  return server;
}

/** Stops the metrics listener and ends its keep-alive connections (the scraper's). */
export function closeMetricsServer(server: http.Server | null): Promise<void> {
  if (!server) return Promise.resolve();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}

export interface HttpMetricsOptions {
  /** The Remix build's routes, for pattern labels (unset: every page is `unmatched`). */
  routes?: RouteManifest;
  /** Opens /metrics on the app's port to this bearer token. */
  token?: string;
}

/** The middleware createHttpApp installs when metrics are on: request timing, then the endpoint. */
export function metricsMiddleware(app: string, options: HttpMetricsOptions, logger: Logger): RequestHandler[] {
  collectProcessMetrics(app);
  return [httpMetrics(routeLabeller({ routes: options.routes })), metricsEndpoint({ token: options.token, logger })];
}
