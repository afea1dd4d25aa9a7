import { type AppName, currentRequestFacts, type Logger, noteUnavailable } from "@tradecraft/config";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import { declaredTooLarge, PayloadTooLargeError, readBody } from "./body-limit.ts";
import { reportError } from "./error-reporting.ts";
import { sendError } from "./error-response.ts";
import { healthRoutes } from "./health.ts";
import { type HttpMetricsOptions, metricsMiddleware } from "./metrics.ts";
import { ConcurrencyLimiter, type Release } from "./overload.ts";
import { type FetchHandler, sendFetchResponse, toFetchRequest } from "./remix-adapter.ts";
import { requestContext } from "./request-context.ts";
import { requireSameOrigin } from "./same-origin.ts";
import { securityHeaders } from "./security-headers.ts";

/** A route that takes a larger body than the default limit (a file upload), for signed-in users only. */
export interface LargeBodyRoute {
  prefix: string | RegExp;
  bytes: number;
}

export interface HttpAppOptions {
  app: AppName;
  logger: Logger;
  version: string;
  isProduction: boolean;
  appUrl: string;
  trustProxy: number;
  bodyLimitBytes: number;
  /** Routes that take larger bodies (file uploads), by path prefix or by a pattern the path matches. */
  largeBodies?: LargeBodyRoute[];
  /**
   * Whether the request carries a valid session of this app, decided from its headers before any
   * of its body is read: an upload route refuses strangers with 401 without buffering a byte.
   */
  isSignedIn?: (cookieHeader: string | null) => Promise<boolean>;
  /** Requests handled at once by `handler` (pages, actions, /api/trpc); unset: no limit. */
  maxConcurrentRequests?: number;
  /** Requests that may wait for a slot, and for how long, before 503. */
  requestQueueLength?: number;
  requestQueueTimeoutMs?: number;
  /** Large uploads read at once; more get 503. */
  maxConcurrentUploads?: number;
  /** Remix's request handler (or a stand-in in tests). */
  handler: FetchHandler;
  /** Middleware that runs before the handler: static files, Vite's dev server. */
  before?: RequestHandler[];
  /**
   * Long-lived streams served on Node's response directly (the live.* server-sent events), after
   * ids, logging and security headers but before compression, health and the request limiter: an
   * event is written as it comes, and a stream holds no request slot.
   */
  streams?: RequestHandler[];
  isShuttingDown?: () => boolean;
  /** Prometheus request timing and a token-guarded /metrics (packages/server/src/metrics.ts); unset: off. */
  metrics?: HttpMetricsOptions;
}

/** Skips compression for server-sent events, which must reach the client as they are written. */
const compressible: compression.CompressionFilter = (req, res) =>
  !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res);

/** Seconds a client is told to wait after a 503 for overload or an outage. */
const RETRY_AFTER_SECONDS = "5";
const SESSION_COOKIE = /(?:^|;\s*)(tc_session|tc_admin_session)=/;

/** The Express app in front of Remix: ids, logs, headers, limits, health, then the handler. */
export function createHttpApp(options: HttpAppOptions): Express {
  const { logger, handler } = options;
  const isShuttingDown = options.isShuttingDown ?? (() => false);
  const app = express();
  app.disable("x-powered-by");
  // Client IP from the socket unless we are told how many proxies in front of us to trust.
  app.set("trust proxy", options.trustProxy > 0 ? options.trustProxy : false);
  const requests = options.maxConcurrentRequests
    ? new ConcurrencyLimiter(
        options.maxConcurrentRequests,
        options.requestQueueLength ?? 64,
        options.requestQueueTimeoutMs ?? 2_000,
      )
    : null;
  const uploads = new ConcurrencyLimiter(options.maxConcurrentUploads ?? 4, 0, 0);

  app.use(requestContext({ app: options.app, logger }));
  if (options.metrics) app.use(metricsMiddleware(options.app, options.metrics, logger));
  if (options.trustProxy > 0 && options.isProduction) app.use(warnOnMissingForwardedFor(logger));
  app.use(securityHeaders({ isProduction: options.isProduction, appUrl: options.appUrl }));
  app.use((_req, res, next) => {
    // The admin app is internal: no search engine may index it.
    if (options.app === "admin") res.setHeader("X-Robots-Tag", "noindex, nofollow");
    if (isShuttingDown()) res.setHeader("Connection", "close");
    next();
  });
  for (const middleware of options.streams ?? []) app.use(middleware);
  app.use(compression({ filter: compressible }));
  app.use(healthRoutes({ version: options.version, isShuttingDown, limiter: requests }));
  app.use(requireSameOrigin({ appUrl: options.appUrl }));
  for (const middleware of options.before ?? []) app.use(middleware);

  app.all("*", async (req, res) => {
    const upload = options.largeBodies?.find((l) =>
      typeof l.prefix === "string" ? req.path.startsWith(l.prefix) : l.prefix.test(req.path),
    );
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const isLarge = Boolean(upload && hasBody && bodyMayExceed(req, options.bodyLimitBytes));
    const releases: Release[] = [];
    const releaseAll = () => releases.splice(0).forEach((release) => release());
    res.on("close", releaseAll);
    const refuseBody = (status: number, code: string, message: string) => {
      // Nothing of the body is kept: it is drained (or the connection closed after the answer).
      res.setHeader("Connection", "close");
      req.resume();
      return sendError(req, res, status, code, message);
    };

    // Everything about a body is decided from the headers, before a byte of it is read.
    if (isLarge) {
      const signedIn = options.isSignedIn
        ? await options.isSignedIn(req.headers.cookie ?? null).catch(() => false)
        : true;
      if (!signedIn) return refuseBody(401, "UNAUTHORIZED", "Sign in to upload files.");
    }
    const bodyLimitBytes = upload && (isLarge || !hasBody) ? upload.bytes : options.bodyLimitBytes;
    if (declaredTooLarge(req, bodyLimitBytes)) {
      return refuseBody(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${formatBytes(bodyLimitBytes)}`);
    }
    if (isLarge) {
      const slot = uploads.tryAcquire();
      if (!slot) {
        retryAfter(res);
        return refuseBody(
          503,
          "SERVICE_UNAVAILABLE",
          "Too many uploads in progress. Please try again in a few seconds.",
        );
      }
      releases.push(slot);
    }
    if (requests) {
      const slot = await requests.acquire();
      if (!slot) {
        retryAfter(res);
        return refuseBody(
          503,
          "SERVICE_UNAVAILABLE",
          "Tradecraft is busy right now. Please try again in a few seconds.",
        );
      }
      if (res.destroyed) return slot();
      releases.push(slot);
    }

    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const body = hasBody ? await readBody(req, bodyLimitBytes) : null;
      const request = toFetchRequest(req, body, controller.signal);
      let response = await handler(request, {
        cspNonce: String(res.locals.cspNonce),
        requestId: String(res.locals.requestId),
      });
      // A stream (SSE) holds its request slot only until it has started.
      if ((response.headers.get("content-type") ?? "").startsWith("text/event-stream")) releaseAll();
      if (response.status >= 500 && currentRequestFacts()?.unavailable) {
        await response.body?.cancel().catch(() => {});
        return sendUnavailable(req, res);
      }
      response = withRequestHeaders(response, res.locals.responseHeaders as Headers | undefined);
      await sendFetchResponse(res, privateWhenPersonal(req, response, options.app));
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        return refuseBody(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${formatBytes(bodyLimitBytes)}`);
      }
      if (controller.signal.aborted) return;
      if (noteUnavailable(error)) return sendUnavailable(req, res);
      (res.locals.logger as Logger | undefined)?.error({ err: error }, "unhandled error in request handler");
      reportError(error);
      sendError(req, res, 500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side");
    } finally {
      releaseAll();
    }
  });
  // Express's own refusals (a URL whose percent-encoding is not UTF-8, a static file it cannot
  // read): the client's mistake gets its 4xx with the request id; nothing goes to stderr.
  app.use(((error, req, res, _next) => {
    const status = Number((error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode);
    const log = (res.locals.logger as Logger | undefined) ?? logger;
    if (status >= 400 && status < 500) {
      log.info({ status, reason: (error as Error).message }, "request refused before routing");
      return sendError(
        req,
        res,
        status,
        status === 400 ? "BAD_REQUEST" : "NOT_FOUND",
        status === 400 ? "That address is not valid." : "Not found",
      );
    }
    log.error({ err: error }, "unhandled error in a middleware");
    reportError(error);
    sendError(req, res, 500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side");
  }) as express.ErrorRequestHandler);
  return app;
}

/** 503 for an outage of the database or Redis: the request id, Retry-After, no detail. */
function sendUnavailable(req: express.Request, res: express.Response): void {
  retryAfter(res);
  sendError(
    req,
    res,
    503,
    "SERVICE_UNAVAILABLE",
    "Tradecraft is briefly unavailable. Please try again in a few seconds.",
  );
}

function retryAfter(res: express.Response): void {
  res.setHeader("Retry-After", RETRY_AFTER_SECONDS);
}

/** True when the body may be larger than `limit`: declared so, or of unknown length (chunked). */
function bodyMayExceed(req: express.Request, limit: number): boolean {
  const declared = req.headers["content-length"];
  if (declared === undefined) return req.headers["transfer-encoding"] !== undefined;
  return Number(declared) > limit;
}

/**
 * Responses that depend on who is asking (a session cookie, the admin app, a token in the URL,
 * the member area and the API) are never kept by browsers or proxies, unless the route itself
 * marked them private; the server's own page cache is separate and unaffected.
 */
function privateWhenPersonal(req: express.Request, response: Response, app: AppName): Response {
  const personal =
    app === "admin" ||
    SESSION_COOKIE.test(req.headers.cookie ?? "") ||
    response.headers.getSetCookie().length > 0 ||
    /^\/(app|api)(\/|$)/.test(req.path) ||
    /[?&](token|input)=/.test(req.originalUrl);
  if (!personal) return response;
  // A route that chose a private policy itself (a member's own screenshot, kept by their browser
  // only) keeps it; shared caches may not store it either way.
  if (/(^|,)\s*private\b/i.test(response.headers.get("cache-control") ?? "")) return response;
  const headers = new Headers(response.headers);
  headers.set("Cache-Control", "private, no-store");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * TRUST_PROXY counts the proxies in front of us; when requests arrive without X-Forwarded-For,
 * it is set wrong (a client could then choose its own IP): said once, loudly, at warn level.
 */
function warnOnMissingForwardedFor(logger: Logger): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && !req.headers["x-forwarded-for"] && req.path !== "/healthz" && req.path !== "/readyz") {
      warned = true;
      logger.warn(
        { trustProxy: req.app.get("trust proxy"), remoteAddress: req.socket.remoteAddress },
        "TRUST_PROXY is set but a request arrived without X-Forwarded-For: set TRUST_PROXY to the number of proxies in front of this server (0 when clients connect directly), or client IPs can be spoofed",
      );
    }
    next();
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Adds what the API set during the request (a renewed or cleared session cookie, Retry-After)
 * to the response, without overriding what the route itself set.
 */
function withRequestHeaders(response: Response, extra: Headers | undefined): Response {
  if (!extra || [...extra.keys()].length === 0) return response;
  const headers = new Headers(response.headers);
  const present = new Set(headers.getSetCookie().map((c) => c.slice(0, c.indexOf("="))));
  for (const cookie of extra.getSetCookie()) {
    if (!present.has(cookie.slice(0, cookie.indexOf("=")))) headers.append("Set-Cookie", cookie);
  }
  for (const [name, value] of extra.entries()) {
    if (name !== "set-cookie" && !headers.has(name)) headers.set(name, value);
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
