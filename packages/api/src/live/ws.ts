// live.* over WebSocket, on the web app's own HTTP server (path /api/trpc-ws): tRPC's WS adapter
// with the session cookie deciding the upgrade (a signed-out browser, or another site's page,
// gets a plain HTTP refusal and no socket), a "connected" message, ping/pong keep-alive, and at
// most 10 inbound messages a second per connection. Only the live router is served here: queries
// and mutations stay on /api/trpc, behind its same-origin and body checks.
import { randomUUID } from "node:crypto";
import type http from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "@tradecraft/config";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { createContext } from "../context.ts";
import { hasValidSession } from "../page-cache-key.ts";
import { router } from "../trpc.ts";
import { noteLiveConnectionClosed, noteLiveConnectionOpened } from "./connections.ts";
import { liveRouter } from "./router.ts";
import { endLiveStreams } from "./sse.ts";

export const LIVE_SOCKET_PATH = "/api/trpc-ws";
/** Inbound messages one connection may send per second before it is closed (1008, policy). */
export const MAX_INBOUND_PER_SECOND = 10;
/** Largest inbound frame: subscription requests are a few hundred bytes. */
const MAX_PAYLOAD_BYTES = 16 * 1024;

export const liveSocketRouter = router({ live: liveRouter });
export type LiveSocketRouter = typeof liveSocketRouter;

export interface LiveSocketOptions {
  logger: Logger;
  /** Origins whose pages may open the socket (the app's own URL); cookies alone would let any site in. */
  allowedOrigins: string[];
  pingMs?: number;
  pongWaitMs?: number;
}

function refuse(socket: Duplex, status: 401 | 403 | 404, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Closes a connection that sends more than MAX_INBOUND_PER_SECOND messages in a second. */
function limitInbound(ws: WebSocket, logger: Logger) {
  let windowStart = Date.now();
  let count = 0;
  const emit = ws.emit.bind(ws) as (event: string | symbol, ...args: unknown[]) => boolean;
  ws.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === "message") {
      const now = Date.now();
      if (now - windowStart >= 1_000) {
        windowStart = now;
        count = 0;
      }
      count += 1;
      if (count > MAX_INBOUND_PER_SECOND) {
        if (count === MAX_INBOUND_PER_SECOND + 1) {
          logger.warn({ component: "ticker", transport: "ws" }, "live socket closed: too many messages");
          ws.close(1008, "Too many messages");
        }
        return false;
      }
    }
    return emit(event, ...args);
  }) as typeof ws.emit;
}

/** Serves live.* over WebSocket on `server`; `shutdown()` tells clients to reconnect elsewhere and closes them. */
export function attachLiveSocket(server: http.Server, options: LiveSocketOptions) {
  const { logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  const own = new Set(options.allowedOrigins.map((o) => new URL(o).origin));

  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== LIVE_SOCKET_PATH) return refuse(socket, 404, "Not Found");
    const origin = req.headers.origin;
    if (origin && !own.has(origin)) return refuse(socket, 403, "Forbidden");
    void hasValidSession("web", req.headers.cookie ?? null)
      .then((valid) => {
        if (!valid) return refuse(socket, 401, "Unauthorized");
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
      })
      .catch((err: unknown) => {
        logger.error({ err, component: "ticker" }, "live socket upgrade failed");
        socket.destroy();
      });
  });

  // Registered before tRPC's handler, so the limit and the greeting come first.
  wss.on("connection", (ws: WebSocket) => {
    noteLiveConnectionOpened("ws");
    ws.once("close", () => noteLiveConnectionClosed("ws"));
    limitInbound(ws, logger);
    // The tRPC client ignores a message with a method it does not know; people and probes see it is up.
    ws.send(JSON.stringify({ id: null, method: "connected" }));
  });
  const handler = applyWSSHandler({
    wss,
    router: liveSocketRouter,
    createContext: ({ req }) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) headers.set(name, value.join(", "));
      }
      return createContext({ headers, app: "web", requestId: randomUUID(), ip: req.socket.remoteAddress ?? "unknown" });
    },
    keepAlive: { enabled: true, pingMs: options.pingMs ?? 30_000, pongWaitMs: options.pongWaitMs ?? 5_000 },
  });

  return {
    wss,
    /** Ends every live stream of this instance (SSE and WebSocket); their clients reconnect to another. */
    shutdown() {
      endLiveStreams();
      handler.broadcastReconnectNotification();
      for (const client of wss.clients) client.close(1012, "Server restarting");
    },
  };
}
