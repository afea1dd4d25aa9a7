import type { AppName, Logger } from "@tradecraft/config";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import { declaredTooLarge, PayloadTooLargeError, readBody } from "./body-limit.ts";
import { reportError } from "./error-reporting.ts";
import { sendError } from "./error-response.ts";
import { healthRoutes } from "./health.ts";
import { type FetchHandler, sendFetchResponse, toFetchRequest } from "./remix-adapter.ts";
import { requestContext } from "./request-context.ts";
import { requireSameOrigin } from "./same-origin.ts";
import { securityHeaders } from "./security-headers.ts";

export interface HttpAppOptions {
  app: AppName;
  logger: Logger;
  version: string;
  isProduction: boolean;
  appUrl: string;
  trustProxy: number;
  bodyLimitBytes: number;
  /** Routes that take larger bodies (file uploads), by path prefix or by a pattern the path matches. */
  largeBodies?: { prefix: string | RegExp; bytes: number }[];
  /** Remix's request handler (or a stand-in in tests). */
  handler: FetchHandler;
  /** Middleware that runs before the handler: static files, Vite's dev server. */
  before?: RequestHandler[];
  isShuttingDown?: () => boolean;
}

/** Skips compression for server-sent events, which must reach the client as they are written. */
const compressible: compression.CompressionFilter = (req, res) =>
  !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res);

/** The Express app in front of Remix: ids, logs, headers, limits, health, then the handler. */
export function createHttpApp(options: HttpAppOptions): Express {
  const { logger, handler } = options;
  const isShuttingDown = options.isShuttingDown ?? (() => false);
  const app = express();
  app.disable("x-powered-by");
  // Client IP from the socket unless we are told how many proxies in front of us to trust.
  app.set("trust proxy", options.trustProxy > 0 ? options.trustProxy : false);

  app.use(requestContext({ app: options.app, logger }));
  app.use(securityHeaders({ isProduction: options.isProduction, appUrl: options.appUrl }));
  app.use((_req, res, next) => {
    // The admin app is internal: no search engine may index it.
    if (options.app === "admin") res.setHeader("X-Robots-Tag", "noindex, nofollow");
    if (isShuttingDown()) res.setHeader("Connection", "close");
    next();
  });
  app.use(compression({ filter: compressible }));
  app.use(healthRoutes({ version: options.version, isShuttingDown }));
  app.use(requireSameOrigin({ appUrl: options.appUrl }));
  for (const middleware of options.before ?? []) app.use(middleware);

  app.all("*", async (req, res) => {
    const bodyLimitBytes = options.largeBodies?.find((l) => (typeof l.prefix === "string" ? req.path.startsWith(l.prefix) : l.prefix.test(req.path)))?.bytes ?? options.bodyLimitBytes;
    if (declaredTooLarge(req, bodyLimitBytes)) {
      req.resume();
      return sendError(req, res, 413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${formatBytes(bodyLimitBytes)}`);
    }
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const body = hasBody ? await readBody(req, bodyLimitBytes) : null;
      const request = toFetchRequest(req, body, controller.signal);
      const response = await handler(request, {
        cspNonce: String(res.locals.cspNonce),
        requestId: String(res.locals.requestId),
      });
      await sendFetchResponse(res, withRequestHeaders(response, res.locals.responseHeaders as Headers | undefined));
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        return sendError(req, res, 413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${formatBytes(bodyLimitBytes)}`);
      }
      if (controller.signal.aborted) return;
      (res.locals.logger as Logger | undefined)?.error({ err: error }, "unhandled error in request handler");
      reportError(error);
      sendError(req, res, 500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side");
    }
  });
  return app;
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
