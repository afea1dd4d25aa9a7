import { randomUUID } from "node:crypto";
import { type AppName, isValidRequestId, type Logger, redactUrl, runWithRequestFacts } from "@tradecraft/config";
import type { RequestHandler } from "express";

const QUIET_PATHS = new Set(["/healthz", "/readyz"]);

/**
 * Gives every request an id (a valid incoming x-request-id, else a new UUID), returns it in
 * the response, logs one line per request, and runs the rest of the chain with the request's
 * facts (id, client IP, logger) available to loaders through AsyncLocalStorage.
 */
export function requestContext({ app, logger }: { app: AppName; logger: Logger }): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = isValidRequestId(incoming) ? incoming : randomUUID();
    // Loaders see the request through Remix's own Request: make its header the trusted one.
    req.headers["x-request-id"] = requestId;
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);

    const ip = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const log = logger.child({ requestId });
    res.locals.logger = log;
    if (incoming && incoming !== requestId) {
      log.warn({ rejectedRequestIdLength: incoming.length }, "ignored malformed x-request-id");
    }

    const started = process.hrtime.bigint();
    // "close", not "finish": a request whose client went away (or whose connection was cut at
    // shutdown) never finishes, and still gets its line.
    res.on("close", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const aborted = !res.writableFinished;
      const line = {
        method: req.method,
        url: redactUrl(req.originalUrl),
        status: aborted && !res.headersSent ? undefined : res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        ip,
        userAgent: req.get("user-agent"),
        ...(aborted ? { aborted: true } : {}),
      };
      if (QUIET_PATHS.has(req.path)) log.debug(line, "request");
      // 503 is a refusal we chose (overload, an outage), not a failure of ours: warn, not error.
      else if (res.statusCode >= 500 && res.statusCode !== 503) log.error(line, "request");
      else if (res.statusCode === 503) log.warn(line, "request");
      // A stream of events ends when its reader leaves (every page change of a member's tab):
      // that is how it ends, not a request cut short.
      else if (aborted && !String(res.getHeader("content-type") ?? "").startsWith("text/event-stream"))
        log.warn(line, "request");
      else log.info(line, "request");
    });

    const responseHeaders = new Headers();
    res.locals.responseHeaders = responseHeaders;
    runWithRequestFacts({ requestId, ip, app, logger: log, responseHeaders }, next);
  };
}
