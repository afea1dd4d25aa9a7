import {
  currentErrorContext,
  currentRequestFacts,
  noteUnavailable,
  rootLogger,
  setErrorContextSink,
} from "@tradecraft/config";

import type * as SentryModule from "@sentry/remix";
type Sentry = typeof SentryModule;
type SentryEvent = SentryModule.ErrorEvent;
let sentry: Sentry | undefined;
let browser: BrowserErrorReporting | null = null;

/** What the browser needs to report its own errors: the public DSN and the same tags as the server. */
export interface BrowserErrorReporting {
  dsn: string;
  environment: string;
  release: string;
  tracesSampleRate: number;
}

export interface ErrorReportingOptions {
  dsn?: string;
  environment: string;
  release: string;
  /** 0.1 in production and 1 elsewhere (packages/config's env), unless SENTRY_TRACES_SAMPLE_RATE says otherwise. */
  tracesSampleRate: number;
}

/** Turns on Sentry error reporting when a DSN is configured; without one, errors are only logged. */
export async function initErrorReporting({ dsn, environment, release, tracesSampleRate }: ErrorReportingOptions) {
  if (!dsn) return;
  sentry = await import("@sentry/remix");
  // No request bodies, cookies, headers or user IPs leave the process: the logs hold what we need.
  sentry.init({
    dsn,
    environment,
    release,
    sendDefaultPii: false,
    tracesSampleRate,
    beforeSend: (event, hint) => (isExpectedError(hint.originalException) ? null : scrubEvent(event)),
    beforeSendTransaction: (event) => scrubEvent(event),
    // Console lines may hold anything a library printed; our own steps come as explicit breadcrumbs.
    beforeBreadcrumb: (crumb) => (crumb.category === "console" ? null : crumb),
  });
  browser = { dsn, environment, release, tracesSampleRate };
  setErrorContextSink({ addBreadcrumb: (crumb) => sentry?.addBreadcrumb({ ...crumb, level: "info" }) });
}

/** Sends what is queued and stops reporting (tests; a process that exits on its own). */
export async function closeErrorReporting(): Promise<void> {
  await sentry?.close(2_000);
  sentry = undefined;
  browser = null;
  setErrorContextSink(undefined);
}

/** The browser's reporting settings, or null when reporting is off (then pages load no Sentry code). */
export function browserErrorReporting(): BrowserErrorReporting | null {
  return browser;
}

/** The origin the browser sends its reports to, for the CSP's connect-src; undefined when off. */
export function errorReportingOrigin(): string | undefined {
  return browser ? new URL(browser.dsn).origin : undefined;
}

// Refusals we answer on purpose (sign in, not yours, too many, over quota, email not confirmed,
// bad input): the member sees a message, and nobody needs an alert.
const EXPECTED_TRPC_CODES = new Set(["NOT_FOUND", "BAD_REQUEST", "TOO_MANY_REQUESTS", "FORBIDDEN", "UNAUTHORIZED"]);

/** True for an error that is a normal answer (a 4xx, a validation failure), not a bug to report. */
export function isExpectedError(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  if (error instanceof Response) return error.status < 500;
  const { name, code, status } = error as { name?: unknown; code?: unknown; status?: unknown };
  if (name === "ZodError") return true;
  if (name === "TRPCError") return typeof code === "string" && EXPECTED_TRPC_CODES.has(code);
  // Remix's ErrorResponse (a thrown 404, "No route matches URL"): a status, no stack of ours.
  if (typeof status === "number" && "statusText" in error) return status < 500;
  return false;
}

const KEPT_HEADERS = new Set(["user-agent", "accept", "content-type"]);

/** Keeps an event free of personal data: the user by id only, no cookies, no query, no body. */
export function scrubEvent<E extends Pick<SentryEvent, "user" | "request">>(event: E): E {
  const id = event.user?.id;
  event.user = id === undefined || id === null ? undefined : { id: String(id) };
  if (event.request) {
    const { url, headers, method } = event.request;
    event.request = {
      method,
      url: url?.split("?")[0],
      headers: Object.fromEntries(Object.entries(headers ?? {}).filter(([k]) => KEPT_HEADERS.has(k.toLowerCase()))),
    };
  }
  return event;
}

/** Sends `error` with the request's id, app, user id and breadcrumbs (a scope of its own). */
function capture(error: unknown): void {
  if (!sentry) return;
  const facts = currentRequestFacts();
  const context = currentErrorContext();
  sentry.withScope((scope) => {
    if (facts) scope.setTags({ requestId: facts.requestId, app: facts.app });
    scope.setUser(context?.userId ? { id: context.userId } : null);
    for (const crumb of context?.breadcrumbs ?? []) scope.addBreadcrumb({ ...crumb, level: "info" });
    sentry?.captureException(error);
  });
}

/**
 * Remix's handleError: a loader, action or render error, logged as one JSON line with the
 * request id (instead of Remix's console.error) and reported to Sentry when configured.
 * Aborted requests (the client went away) are not errors; expected refusals are not reported.
 */
export function handleRemixError(error: unknown, { request }: { request: Request }): void {
  if (request.signal.aborted) return;
  const facts = currentRequestFacts();
  const logger = facts?.logger ?? rootLogger();
  const url = new URL(request.url).pathname;
  const dependency = noteUnavailable(error);
  if (dependency) {
    // An outage, answered 503 by the HTTP layer: logged, not reported as a bug.
    logger.warn({ err: error, dependency, url }, "dependency unavailable while rendering");
    return;
  }
  if (isExpectedError(error)) {
    logger.info({ reason: (error as { message?: unknown }).message, url }, "expected error while rendering");
    return;
  }
  logger.error({ err: error, url }, "unhandled error while rendering");
  capture(error);
}

/** Reports an error outside Remix (the Express adapter); a no-op without Sentry. */
export function reportError(error: unknown): void {
  if (!isExpectedError(error)) capture(error);
}
