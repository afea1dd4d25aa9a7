import { randomUUID } from "node:crypto";
import { currentRequestFacts, noteUnavailable } from "@tradecraft/config";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createContext } from "./context.ts";
import { hasValidSession } from "./page-cache-key.ts";
import { appRouter } from "./root.ts";
import { type InputErrors, inputErrorsOf, inputProblems } from "./trpc.ts";

export const TRPC_ENDPOINT = "/api/trpc";

/**
 * True when a request comes from the app's own pages. Browsers send Origin on cross-origin
 * requests and on every POST; Sec-Fetch-Site names cross-site fetches even on GET.
 */
export function isSameOrigin(request: Request, allowedOrigins: string[] = []): boolean {
  const own = new Set([new URL(request.url).origin, ...allowedOrigins.map((o) => new URL(o).origin)]);
  const origin = request.headers.get("origin");
  // "null" is what sandboxed frames and some redirects send: never our own pages.
  if (origin !== null && !own.has(origin)) return false;
  const site = request.headers.get("sec-fetch-site");
  return !(site === "cross-site" || site === "same-site");
}

/** Serves the router over HTTP at /api/trpc for @trpc/client, to the app's own origin only. */
export async function handleTrpcHttpRequest(request: Request, { allowedOrigins = [] as string[] } = {}) {
  const facts = currentRequestFacts();
  const requestId = facts?.requestId ?? randomUUID();
  if (!isSameOrigin(request, allowedOrigins)) {
    return Response.json(
      { error: { message: "Cross-origin requests are not allowed.", code: "FORBIDDEN", requestId } },
      { status: 403 },
    );
  }
  const app = facts?.app ?? "web";
  if (app !== "admin" && requestsAdminProcedure(request)) {
    // The members' app does not serve the admin API at all: not even its existence is told.
    return Response.json(
      { error: { message: "No such procedure.", code: "NOT_FOUND", requestId } },
      { status: 404, headers: { "Cache-Control": "private, no-store" } },
    );
  }
  if (requestsSubscription(request) && !(await hasValidSession(app, request.headers.get("cookie")))) {
    // A signed-out browser gets a plain 401, not an event stream that reports the refusal later.
    return Response.json(
      { error: { message: "Sign in to receive live prices.", code: "UNAUTHORIZED", requestId } },
      { status: 401, headers: { "Cache-Control": "private, no-store" } },
    );
  }
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: request,
    router: appRouter,
    allowMethodOverride: false,
    // Context creation (the session lookup) runs outside every procedure's middleware.
    onError: ({ error }) => {
      noteUnavailable(error.cause ?? error);
    },
    responseMeta: () => {
      const unavailable = currentRequestFacts()?.unavailable;
      return unavailable ? { status: 503, headers: new Headers({ "Retry-After": "5" }) } : {};
    },
    createContext: () =>
      createContext({
        headers: request.headers,
        app,
        requestId,
        ip: facts?.ip,
        logger: facts?.logger,
        responseHeaders: facts?.responseHeaders,
      }),
  });
}

/** True when the tRPC URL names a subscription (the live.* streams). */
export function requestsSubscription(request: Request): boolean {
  const { pathname } = new URL(request.url);
  const paths = decodeURIComponentSafe(pathname.slice(pathname.indexOf(TRPC_ENDPOINT) + TRPC_ENDPOINT.length + 1));
  return paths.split(",").some((path) => path.trim().startsWith("live."));
}

/** True when any procedure of a (possibly batched, comma-separated) tRPC URL is under admin.*. */
export function requestsAdminProcedure(request: Request): boolean {
  const { pathname } = new URL(request.url);
  const paths = decodeURIComponentSafe(pathname.slice(pathname.indexOf(TRPC_ENDPOINT) + TRPC_ENDPOINT.length + 1));
  return paths.split(",").some((path) => path.trim() === "admin" || path.trim().startsWith("admin."));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The per-field input errors of a procedure's BAD_REQUEST, for re-rendering a form (one message
 * per field; `nested` keys parts of object fields as "option.strike"); else null.
 */
export function formErrorsOf(error: unknown, options: { nested?: boolean } = {}): InputErrors | null {
  return error instanceof TRPCError && error.code === "BAD_REQUEST" ? inputErrorsOf(error.cause, options) : null;
}

/**
 * What a page should say when a procedure refused (4xx): each bad field as "field: message"
 * (a caller's zod error carries the raw issue list as its message, which is not for people),
 * otherwise the procedure's own message.
 */
export function refusalMessageOf(error: TRPCError): string {
  const inputErrors = formErrorsOf(error);
  const parts = inputErrors ? inputProblems(inputErrors) : [];
  return parts.length ? parts.join("; ") : error.message;
}

/** The HTTP status a loader should answer with for an error a procedure threw. */
export function httpStatusOf(error: unknown): number {
  return error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
}

export { TRPCError };

export { liveSubscriptions } from "./live/sse.ts";
