import { once } from "node:events";
import type http from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "@tradecraft/config";

export interface GracefulShutdownOptions {
  logger: Logger;
  timeoutMs: number;
  /** Closes what the server used (database, Redis, Vite) once no request is in flight. */
  cleanup: () => Promise<unknown>;
  /**
   * How long to keep accepting connections after the signal (answering with Connection: close
   * while /readyz says 503): connections that raced the signal, already in the kernel's accept
   * queue or sent by a load balancer that has not yet seen us leave, are served, not reset.
   */
  drainMs?: number;
  /**
   * Called when the listener is about to close: long-lived streams (server-sent events,
   * WebSockets) are ended here so their clients reconnect elsewhere instead of holding this
   * process until the timeout.
   */
  beforeClose?: () => void;
  /** Called last; exits the process in production code. */
  exit?: (code: number) => void;
  signals?: NodeJS.Signals[];
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish for up to
 * `timeoutMs` (then cut the rest), run `cleanup`, exit 0. Returns `isShuttingDown` so readiness
 * checks and responses can tell load balancers to move on.
 */
export function installGracefulShutdown(server: http.Server, options: GracefulShutdownOptions) {
  const { logger, timeoutMs, cleanup, drainMs = 0, exit = (code) => process.exit(code) } = options;
  let shuttingDown = false;
  const connections = trackConnections(server);

  const shutdown = async (signal: NodeJS.Signals) => {
    // A signal to the whole process group and one forwarded by a launcher arrive both: the
    // second must not fall back to the default action (terminate) and cut what is in flight.
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal, drainMs }, "shutting down: finishing in-flight requests");
    if (drainMs > 0 && server.listening) await new Promise((resolve) => setTimeout(resolve, drainMs));
    // Timers run before the event loop polls for I/O: after a busy spell, connections already in
    // the kernel's accept queue would be reset by closing the listener now. Let the loop poll
    // (setImmediate runs after the poll phase) until a pass accepts nothing more.
    for (let before = -1; before !== connections.accepted();) {
      before = connections.accepted();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const closed = once(server, "close");
    server.close();
    try {
      options.beforeClose?.();
    } catch (error) {
      logger.warn({ err: error }, "ending long-lived streams failed");
    }
    // Responses now carry Connection: close, so busy connections end after their response. Idle
    // keep-alive connections are closed here; a connection accepted but whose request is not read
    // yet (a busy event loop) is NOT idle: Node's closeIdleConnections() would reset it.
    connections.closeIdle();
    const sweep = setInterval(() => connections.closeIdle(), 100);
    const deadline = setTimeout(() => {
      logger.warn({ timeoutMs }, "shutdown timeout: closing remaining connections");
      server.closeAllConnections();
    }, timeoutMs);
    await closed;
    clearInterval(sweep);
    clearTimeout(deadline);
    await Promise.allSettled([cleanup()]);
    logger.info("shutdown complete");
    logger.flush?.();
    exit(0);
  };
  for (const signal of options.signals ?? (["SIGTERM", "SIGINT"] as NodeJS.Signals[])) {
    process.on(signal, (s: NodeJS.Signals) => void shutdown(s));
  }
  return { isShuttingDown: () => shuttingDown };
}

/** A connection that never sent a request within this long after it was accepted is given up. */
const UNUSED_CONNECTION_GRACE_MS = 2_000;

/**
 * Which connections are idle: served at least one request and have none in flight, or never sent
 * one within the grace period (a browser's preconnect).
 */
function trackConnections(server: http.Server) {
  const state = new Map<Socket, { acceptedAt: number; served: boolean; inFlight: number }>();
  let accepted = 0;
  server.on("connection", (socket: Socket) => {
    accepted += 1;
    state.set(socket, { acceptedAt: Date.now(), served: false, inFlight: 0 });
    socket.once("close", () => state.delete(socket));
  });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const entry = state.get(req.socket);
    if (!entry) return;
    entry.served = true;
    entry.inFlight += 1;
    res.once("close", () => (entry.inFlight -= 1));
  });
  return {
    accepted: () => accepted,
    closeIdle() {
      const now = Date.now();
      for (const [socket, entry] of state) {
        if (entry.inFlight > 0) continue;
        if (entry.served || now - entry.acceptedAt > UNUSED_CONNECTION_GRACE_MS) socket.destroy();
      }
    },
  };
}
