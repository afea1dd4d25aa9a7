import { randomUUID } from "node:crypto";
import { currentRequestFacts, type AppName } from "@tradecraft/config";
import { createContext } from "./context.ts";
import { createCaller } from "./root.ts";

/**
 * The router as the current request's user sees it, for Remix loaders and actions:
 * `const api = await apiFor(request); await api.system.status()`. Request id, client IP and
 * logger come from the HTTP server's request context.
 */
export async function apiFor(request: Request, { app }: { app?: AppName } = {}) {
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

export type Api = Awaited<ReturnType<typeof apiFor>>;
