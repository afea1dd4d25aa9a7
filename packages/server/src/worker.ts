// A process that runs background work only (the job workers, the ticker's producer), apart from
// the web servers, so the two scale separately. It serves /healthz and /readyz on WORKER_PORT
// (for a container's HEALTHCHECK and an orchestrator) and nothing else.
import { once } from "node:events";
import http from "node:http";
import { collectProcessMetrics, envKeysSet, loadEnvOrExit, type Logger, rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis } from "@tradecraft/db";
import express from "express";
import { healthRoutes } from "./health.ts";
import { metricsEndpoint } from "./metrics.ts";

export interface WorkerOptions {
  /** Names the process in its logs ("worker"). */
  name: string;
  version: string;
  /** Starts the background work once the database is ready; what it returns is stopped on SIGTERM. */
  start: (ctx: { databaseUrl: string; logger: Logger }) => Promise<{ stop(): Promise<void> }>;
  /** Runs before `start` (migrations); a failure stops start-up with exit code 1. */
  prepare?: (ctx: { databaseUrl: string; logger: Logger }) => Promise<void>;
  /** Called last with the exit code (process.exit in production; tests pass their own). */
  exit?: (code: number) => void;
}

export interface RunningWorker {
  server: http.Server;
  /** Stops the background work (in-flight jobs finish), the listener, the database and Redis; then exits 0. */
  shutdown(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a worker process: health listener on WORKER_PORT (/readyz is 503 until the work has
 * started and while it stops), then `prepare` and `start`. Exits 1 when it cannot start; on
 * SIGTERM/SIGINT lets in-flight jobs finish, closes everything and exits 0.
 */
export async function startWorker({
  name,
  version,
  start,
  prepare,
  exit = (code) => process.exit(code),
}: WorkerOptions): Promise<RunningWorker> {
  const env = loadEnvOrExit();
  const logger = rootLogger().child({ app: name });
  let state: "starting" | "running" | "stopping" = "starting";
  let work: { stop(): Promise<void> } | undefined;

  const app = express();
  app.disable("x-powered-by");
  // The database and Redis checks of the web servers; before the work runs it is not ready.
  app.get("/readyz", (_req, res, next) => {
    if (state !== "starting") return next();
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Retry-After", "5");
    res.status(503).json({ status: "fail", failed: ["starting"] });
  });
  app.use(healthRoutes({ version, isShuttingDown: () => state === "stopping" }));
  // Its jobs' and emails' metrics: this port serves only health, so with METRICS_PORT set (the
  // scraper's network) /metrics is open here; with only METRICS_TOKEN it needs the token.
  if (env.METRICS_PORT || env.METRICS_TOKEN) {
    collectProcessMetrics(name);
    app.use(
      env.METRICS_PORT
        ? metricsEndpoint({ open: true, logger })
        : metricsEndpoint({ token: env.METRICS_TOKEN, logger }),
    );
  }
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  const server = http.createServer(app);

  let stopped: Promise<void> | undefined;
  const shutdown = (signal: NodeJS.Signals = "SIGTERM") => {
    stopped ??= (async () => {
      state = "stopping";
      logger.info({ signal }, "worker stopping: in-flight jobs finish first");
      let code = 0;
      try {
        await work?.stop();
      } catch (error) {
        logger.error({ err: error }, "background work did not stop cleanly");
        code = 1;
      }
      server.closeAllConnections();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
      await Promise.allSettled([closePrisma(), closeRedis()]);
      logger.info({ code }, "worker stopped");
      logger.flush?.();
      exit(code);
    })();
    return stopped;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void shutdown(signal));

  const fail = (what: string, error: unknown) => {
    logger.error({ err: error }, what);
    logger.flush?.();
    exit(1);
  };

  server.listen(env.WORKER_PORT, env.HOST);
  try {
    await Promise.race([
      once(server, "listening"),
      once(server, "error").then(([error]) => Promise.reject(error as Error)),
    ]);
  } catch (error) {
    fail(`worker cannot listen on ${env.HOST}:${env.WORKER_PORT}`, error);
    return { server, shutdown };
  }
  if (!env.DATABASE_URL) {
    fail("worker cannot start: DATABASE_URL is not set", new Error("DATABASE_URL is required by the worker"));
    return { server, shutdown };
  }
  try {
    await prepare?.({ databaseUrl: env.DATABASE_URL, logger });
    work = await start({ databaseUrl: env.DATABASE_URL, logger });
  } catch (error) {
    fail("worker cannot start", error);
    return { server, shutdown };
  }
  if (state === "starting") state = "running";
  logger.info({ port: env.WORKER_PORT, host: env.HOST, mode: env.NODE_ENV, settings: envKeysSet() }, `${name} running`);
  return { server, shutdown };
}
