import { currentRequestFacts, noteUnavailable, rootLogger } from "@tradecraft/config";

import type * as SentryModule from "@sentry/remix";
let sentry: typeof SentryModule | undefined;

/** Turns on Sentry error reporting when a DSN is configured; without one, errors are only logged. */
export async function initErrorReporting({
  dsn,
  environment,
  release,
}: {
  dsn?: string;
  environment: string;
  release: string;
}) {
  if (!dsn) return;
  sentry = await import("@sentry/remix");
  // No request bodies, cookies or user IPs leave the process: the logs hold what we need.
  sentry.init({ dsn, environment, release, sendDefaultPii: false, tracesSampleRate: 0 });
}

/**
 * Remix's handleError: a loader, action or render error, logged as one JSON line with the
 * request id (instead of Remix's console.error) and reported to Sentry when configured.
 * Aborted requests (the client went away) are not errors.
 */
export function handleRemixError(error: unknown, { request }: { request: Request }): void {
  if (request.signal.aborted) return;
  const facts = currentRequestFacts();
  const logger = facts?.logger ?? rootLogger();
  const dependency = noteUnavailable(error);
  if (dependency) {
    // An outage, answered 503 by the HTTP layer: logged, not reported as a bug.
    logger.warn(
      { err: error, dependency, url: new URL(request.url).pathname },
      "dependency unavailable while rendering",
    );
    return;
  }
  logger.error({ err: error, url: new URL(request.url).pathname }, "unhandled error while rendering");
  sentry?.captureException(error, { tags: { requestId: facts?.requestId, app: facts?.app } });
}

/** Reports an error outside Remix (the Express adapter); a no-op without Sentry. */
export function reportError(error: unknown): void {
  const facts = currentRequestFacts();
  sentry?.captureException(error, { tags: { requestId: facts?.requestId, app: facts?.app } });
}
