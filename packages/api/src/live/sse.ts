// live.* subscriptions served straight onto Node's response, before Remix. Through the Fetch path
// every event of every stream crossed tRPC's async-generator layers, a ReadableStream, a
// TransformStream (five enqueues an event), a TextEncoderStream, tRPC's abort wrapper stream and
// Remix's stream-to-Node bridge: about 0.5 ms of CPU per event per stream, 250 ms per ticker
// message at 500 streams. Here an event is one res.write of bytes shared by every stream (a ticker
// message is serialised once per instance, not once per stream). The wire format is tRPC's own
// (sseStreamProducer in @trpc/server 11): httpSubscriptionLink cannot tell the difference.
// Anything unusual (another origin, signed out, bad input, an outage) is left to the Fetch path,
// which answers it as before.
import type { IncomingMessage, ServerResponse } from "node:http";
import { currentRequestFacts, noteUnavailable, registerTrpcProcedures, watchLiveConnections } from "@tradecraft/config";
import { getTRPCErrorFromUnknown } from "@trpc/server";
import {
  callProcedure,
  getErrorShape,
  isAbortError,
  isAsyncIterable,
  isTrackedEnvelope,
} from "@trpc/server/unstable-core-do-not-import";
import superjson from "superjson";
import { createContext } from "../context.ts";
import { hasValidSession } from "../page-cache-key.ts";
import { isSameOrigin } from "../http.ts";
import { appRouter } from "../root.ts";
import { liveConnectionCounts, noteLiveConnectionClosed, noteLiveConnectionOpened } from "./connections.ts";
import { SlowClientError } from "./router.ts";

const ENDPOINT_PREFIX = "/api/trpc/";
// The request metrics label /api/trpc by these paths only (a stranger's made-up names share one label).
registerTrpcProcedures(Object.keys(appRouter._def.procedures));
// This instance's open SSE and WebSocket streams, read at each scrape.
watchLiveConnections(liveConnectionCounts);
/** What tRPC sends an idle stream (its sse.ping); the client reconnects after 40 s of silence. */
const PING = Buffer.from("event: ping\ndata: \n\n\n");
const RETURN = Buffer.from("event: return\ndata: \n\n\n");
/**
 * How long a stream may wait for its socket to take more before the client is dropped. While it
 * waits the procedure is not pulled (its own queue of 10 bounds what piles up): without this a
 * client that stopped reading would hold its stream until sse.maxDurationMs.
 */
const SLOW_CLIENT_MS = 30_000;

/** A Node (Express) middleware: `next()` hands the request on untouched. */
export type NodeMiddleware = (
  req: IncomingMessage & { originalUrl?: string },
  res: ServerResponse,
  next: () => void,
) => void;

/** The streams this instance serves, to end them at shutdown. */
const openStreams = new Set<AbortController>();

/**
 * Ends every live stream of this instance as a time limit does (no `return` event), so each
 * client reconnects, through the load balancer, to an instance that stays: at shutdown they would
 * otherwise hold this process until its timeout.
 */
export function endLiveStreams(): void {
  for (const stream of openStreams) stream.abort();
}

// One encoded event per tracked message object: the hub hands the same object to every stream.
const trackedFrames = new WeakMap<object, { id: string; frame: Buffer }>();

/** The bytes of a tracked event (`data:` then `id:`), shared by every stream that sends it. */
function trackedFrame(id: string, data: unknown): Buffer {
  const isObject = typeof data === "object" && data !== null;
  const cached = isObject ? trackedFrames.get(data) : undefined;
  if (cached?.id === id) return cached.frame;
  const frame = Buffer.from(`data: ${JSON.stringify(superjson.serialize(data))}\nid: ${id}\n\n\n`);
  if (isObject) trackedFrames.set(data, { id, frame });
  return frame;
}

/** The procedure path of a single-call GET under /api/trpc, when it names a subscription; else null. */
function subscriptionPath(url: URL): string | null {
  if (!url.pathname.startsWith(ENDPOINT_PREFIX) || url.searchParams.has("batch")) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice(ENDPOINT_PREFIX.length));
  } catch {
    return null;
  }
  if (!path.startsWith("live.") || path.includes(",")) return null;
  const procedure = (appRouter._def.procedures as Record<string, { _def?: { type?: string } } | undefined>)[path];
  return procedure?._def?.type === "subscription" ? path : null;
}

/** The Last-Event-ID of a reconnect, from the header or the URL, as tRPC reads it. */
function lastEventIdOf(req: IncomingMessage, url: URL): string | null {
  const header = req.headers["last-event-id"];
  return (
    (typeof header === "string" ? header : null) ??
    url.searchParams.get("lastEventId") ??
    url.searchParams.get("Last-Event-Id")
  );
}

/** The call's input as tRPC reads it: superjson in `?input=`, plus the Last-Event-ID of a reconnect. */
function inputOf(url: URL, lastEventId: string | null): { ok: true; input: unknown } | { ok: false } {
  let input: unknown;
  const raw = url.searchParams.get("input");
  try {
    input = raw === null ? undefined : superjson.deserialize(JSON.parse(raw));
  } catch {
    return { ok: false };
  }
  if (lastEventId) {
    if (typeof input === "object" && input !== null) input = { ...input, lastEventId };
    else input ??= { lastEventId };
  }
  return { ok: true, input };
}

/** The headers of a Fetch Request, for the checks and the context the Fetch path uses too. */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else headers.set(name, value);
  }
  return headers;
}

/**
 * Serves GET /api/trpc/live.* (the subscriptions) as server-sent events in tRPC's wire format,
 * with the Fetch path's checks (same origin, a valid session) and its settings (ping every 15 s,
 * the stream ends after sse.maxDurationMs without a `return` so the client resumes after its last
 * id). Other requests, and these when something is off, go to `next()`.
 */
export function liveSubscriptions({ allowedOrigins = [] as string[] } = {}): NodeMiddleware {
  return (req, res, next) => {
    if (req.method !== "GET") return next();
    const host = req.headers.host ?? "localhost";
    const protocol = (req as { protocol?: string }).protocol ?? "http";
    let url: URL;
    try {
      url = new URL(req.originalUrl ?? req.url ?? "/", `${protocol}://${host}`);
    } catch {
      return next();
    }
    const path = subscriptionPath(url);
    if (!path) return next();
    serve(req, res, next, url, path, allowedOrigins).catch((error: unknown) => {
      noteUnavailable(error);
      if (!res.headersSent) return next();
      res.destroy();
    });
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
  url: URL,
  path: string,
  allowedOrigins: string[],
): Promise<void> {
  const headers = headersOf(req);
  const facts = currentRequestFacts();
  const app = facts?.app ?? "web";
  if (!isSameOrigin(new Request(url, { headers }), allowedOrigins)) return next();
  const requestedLastEventId = lastEventIdOf(req, url);
  const parsed = inputOf(url, requestedLastEventId);
  if (!parsed.ok) return next();
  if (!(await hasValidSession(app, headers.get("cookie")))) return next();
  const ctx = await createContext({
    headers,
    app,
    requestId: facts?.requestId,
    ip: facts?.ip,
    logger: facts?.logger,
    responseHeaders: facts?.responseHeaders,
  }).catch(() => null);
  // The Fetch path answers these as it always has (503 for an outage, with Retry-After).
  if (!ctx || currentRequestFacts()?.unavailable || res.destroyed) return next();

  const config = appRouter._def._config;
  const sse = config.sse ?? {};
  const abort = new AbortController();
  openStreams.add(abort);
  noteLiveConnectionOpened("sse");
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.on("close", onClose);
  const maxDuration = sse.maxDurationMs ? setTimeout(() => abort.abort(), sse.maxDurationMs) : undefined;

  res.statusCode = 200;
  res.setHeader("Content-Type", "text/event-stream");
  // What the Express app gives every /api response (never kept by a browser or proxy).
  res.setHeader("Cache-Control", "private, no-store");
  res.setHeader("X-Accel-Buffering", "no");
  if (!res.hasHeader("Connection")) res.setHeader("Connection", "keep-alive");
  const cookies = ctx.responseHeaders.getSetCookie();
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  for (const [name, value] of ctx.responseHeaders.entries()) {
    if (name !== "set-cookie" && !res.hasHeader(name)) res.setHeader(name, value);
  }
  res.write(`event: connected\ndata: ${JSON.stringify(sse.client ?? {})}\n\n\n`);

  const pingMs = sse.ping?.enabled ? (sse.ping.intervalMs ?? 1_000) : 0;
  const ping =
    pingMs > 0 && pingMs !== Infinity ? setInterval(() => res.destroyed || res.write(PING), pingMs) : undefined;
  const write = async (chunk: Buffer | string) => {
    ping?.refresh();
    if (res.write(chunk) || (await drained(res, abort.signal))) return;
    ctx.logger.warn({ component: "ticker" }, "slow ticker client dropped");
    abort.abort();
    res.destroy();
  };
  let lastEventId = requestedLastEventId && !/[\0\n\r]/.test(requestedLastEventId) ? requestedLastEventId : null;
  try {
    const iterable = await callProcedure({
      router: appRouter,
      path,
      getRawInput: async () => parsed.input,
      ctx,
      type: "subscription",
      signal: abort.signal,
      batchIndex: 0,
    });
    if (!isAsyncIterable(iterable)) throw new Error(`Subscription ${path} did not return an AsyncGenerator`);
    // A slow client stops this loop at `drained`: the procedure's own bounded queue then drops it.
    for await (const value of iterable) {
      if (abort.signal.aborted) break;
      if (isTrackedEnvelope(value)) {
        lastEventId = String(value[0]);
        await write(trackedFrame(lastEventId, value[1]));
        continue;
      }
      const data = `data: ${JSON.stringify(superjson.serialize(value))}\n`;
      // An untracked event after a tracked one keeps the client's last id (tRPC's restore-id).
      await write(
        lastEventId === null ? `${data}\n\n` : `${data}id: \n\n\nevent: restore-id\ndata: \nid: ${lastEventId}\n\n\n`,
      );
    }
    if (!abort.signal.aborted && !res.destroyed) res.write(RETURN);
  } catch (cause) {
    // A client too far behind: the connection just closes, and the client reconnects.
    if (isSlowClient(cause)) abort.abort();
    if (!abort.signal.aborted && !isAbortError(cause) && !res.destroyed) {
      const error = getTRPCErrorFromUnknown(cause);
      noteUnavailable(error.cause ?? error);
      const shape = getErrorShape({ config, ctx, error, input: parsed.input, path, type: "subscription" });
      res.write(`event: serialized-error\ndata: ${JSON.stringify(superjson.serialize(shape))}\n\n\n`);
    }
  } finally {
    openStreams.delete(abort);
    noteLiveConnectionClosed("sse");
    clearInterval(ping);
    clearTimeout(maxDuration);
    res.off("close", onClose);
    if (!res.destroyed) res.end();
  }
}

const isSlowClient = (error: unknown): boolean =>
  error instanceof SlowClientError || (error instanceof Error && error.cause instanceof SlowClientError);

/**
 * Resolves true when the response can take more, is gone, or the stream is ending (its time is
 * up); false when the client has not read for SLOW_CLIENT_MS.
 */
function drained(res: ServerResponse, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (inTime: boolean) => {
      clearTimeout(timer);
      res.off("drain", onDone);
      res.off("close", onDone);
      signal.removeEventListener("abort", onDone);
      resolve(inTime);
    };
    const onDone = () => done(true);
    const timer = setTimeout(() => done(false), SLOW_CLIENT_MS);
    res.on("drain", onDone);
    res.on("close", onDone);
    signal.addEventListener("abort", onDone);
  });
}
