import { randomUUID } from "node:crypto";
import { currentRequestFacts, type AppName } from "@tradecraft/config";
import { createContext } from "./context.ts";
import { createCaller } from "./root.ts";

/**
 * The router as the current request's user sees it, for Remix loaders and actions:
 * `const api = await apiFor(request); await api.system.status()`. Request id, client IP and
 * logger come from the HTTP server's request context.
 */
export function apiFor(request: Request, options: { app?: AppName } = {}): Promise<Api> {
  // A page's loaders (layout and page) get the same Request: one session lookup serves them all.
  // Only for reads: an action may sign someone in or out, and must see the request afresh.
  if (request.method !== "GET" && request.method !== "HEAD") return buildApi(request, options);
  let api = perRequest.get(request);
  if (!api) {
    api = buildApi(request, options);
    perRequest.set(request, api);
  }
  return api;
}

const perRequest = new WeakMap<Request, Promise<Api>>();

async function buildApi(request: Request, { app }: { app?: AppName }) {
  const facts = currentRequestFacts();
  const ctx = await createContext({
    headers: request.headers,
    app: app ?? facts?.app ?? "web",
    requestId: facts?.requestId ?? randomUUID(),
    ip: facts?.ip,
    logger: facts?.logger,
    responseHeaders: facts?.responseHeaders,
  });
  return createCaller(ctx);
}

export type Api = Awaited<ReturnType<typeof buildApi>>;
