import { once } from "node:events";
import type http from "node:http";
import type { Logger } from "@tradecraft/config";

export interface GracefulShutdownOptions {
  logger: Logger;
  timeoutMs: number;
  /** Closes what the server used (database, Redis, Vite) once no request is in flight. */
  cleanup: () => Promise<unknown>;
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
  const { logger, timeoutMs, cleanup, exit = (code) => process.exit(code) } = options;
  let shuttingDown = false;

  const shutdown = async (signal: NodeJS.Signals) => {
    // A signal to the whole process group and one forwarded by a launcher arrive both: the
    // second must not fall back to the default action (terminate) and cut what is in flight.
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    const closed = once(server, "close");
    server.close();
    server.closeIdleConnections();
    // Keep-alive sockets that finish a response become idle; close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
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
