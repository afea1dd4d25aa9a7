import { once } from "node:events";
import http from "node:http";
import path from "node:path";
import { type AppName, envKeysSet, loadEnvOrExit, type Logger, rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis } from "@tradecraft/db";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import express, { type RequestHandler } from "express";
import { createHttpApp, type LargeBodyRoute } from "./app.ts";
import { initErrorReporting } from "./error-reporting.ts";
import type { FetchHandler } from "./remix-adapter.ts";
import { pageCache, type PageCacheOptions } from "./page-cache.ts";
import { closeMetricsServer, metricsPortOf, type RouteManifest, startMetricsServer } from "./metrics.ts";
import { installGracefulShutdown } from "./shutdown.ts";

export interface StartOptions {
  app: AppName;
  /** The Remix app's folder (holding vite.config.ts and, once built, build/). */
  appDir: string;
  version: string;
  /**
   * Starts this process's background work (the members' app runs the job workers) once the
   * server listens; what it returns is stopped on shutdown, before the database closes.
   */
  /** Routes that take larger bodies than BODY_LIMIT_BYTES (file uploads), by path prefix or pattern. */
  largeBodies?: LargeBodyRoute[];
  /** Whether a cookie header holds a valid session of this app (checked before an upload is read). */
  isSignedIn?: (cookieHeader: string | null) => Promise<boolean>;
  background?: (ctx: { databaseUrl: string; logger: Logger }) => Promise<{ stop(): Promise<void> }>;
  /**
   * Pages kept rendered per viewer and data version (production only, PAGE_CACHE_MB of memory):
   * which paths, and who is asking at which version of their data.
   */
  pageCache?: Pick<PageCacheOptions, "cacheable" | "identify">;
  /**
   * Adds to the HTTP server before it listens (the members' app's live WebSocket); `shutdown`
   * runs when the listener closes, to end long-lived streams.
   */
  attach?: (server: http.Server, ctx: { logger: Logger; appUrl: string }) => { shutdown(): void };
  /** Streams served before Remix on Node's response (the members' live server-sent events). */
  streams?: (ctx: { logger: Logger; appUrl: string }) => RequestHandler[];
}

let providedBuild: ServerBuild | undefined;

/**
 * Hands the app's Remix server build to startServer: the production bundle (bundle.ts) compiles
 * the build and the server into one file and calls this first, so nothing is loaded from source.
 */
export function provideServerBuild(build: ServerBuild): void {
  providedBuild = build;
}

/** The app's folder, whether the server runs from source (apps/web) or from its bundle (apps/web/dist). */
function appRootOf(dir: string): string {
  return path.basename(dir) === "dist" ? path.dirname(dir) : dir;
}

/**
 * Starts one Remix app on Express: Vite's dev server in development, the built app in
 * production. Stops gracefully on SIGTERM/SIGINT: no new connections, in-flight requests get
 * up to SHUTDOWN_TIMEOUT_MS, then the database and Redis close and the process exits 0.
 */
export async function startServer({
  app,
  appDir: dir,
  version,
  background,
  largeBodies,
  isSignedIn,
  pageCache: pages,
  attach,
  streams,
}: StartOptions): Promise<http.Server> {
  const env = loadEnvOrExit();
  const appDir = appRootOf(dir);
  const logger = rootLogger().child({ app });
  await initErrorReporting({
    dsn: env.SENTRY_DSN,
    environment: env.SENTRY_ENVIRONMENT,
    release: `tradecraft-${app}@${version}`,
    tracesSampleRate: env.SENTRY_TRACES_SAMPLE_RATE,
  });
  const port = app === "admin" ? env.ADMIN_PORT : env.PORT;
  const appUrl = app === "admin" ? env.ADMIN_URL : env.APP_URL;
  let isShuttingDown = () => false;

  const before: RequestHandler[] = [];
  let handler: FetchHandler;
  let closeVite = async () => {};
  let routes: RouteManifest | undefined;
  if (env.isProduction) {
    const client = path.join(appDir, "build", "client");
    // Vite fingerprints everything under /assets: cache it forever. Other public files for an hour.
    const assets = express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y", index: false });
    before.push(express.Router().use("/assets", assets));
    before.push(express.static(client, { maxAge: "1h", index: false }));
    const build = providedBuild ?? ((await import(path.join(appDir, "build", "server", "index.js"))) as ServerBuild);
    handler = createRequestHandler(build, "production");
    routes = build.routes;
    if (pages && env.PAGE_CACHE_MB > 0)
      before.push(pageCache({ ...pages, maxBytes: env.PAGE_CACHE_MB * 1024 * 1024, logger }));
  } else {
    const vite = await import("vite").then((v) =>
      v.createServer({ root: appDir, server: { middlewareMode: true, hmr: { port: port + 20_000 } } }),
    );
    before.push(vite.middlewares);
    const build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    handler = createRequestHandler(build, "development");
    closeVite = () => vite.close();
  }

  const expressApp = createHttpApp({
    app,
    logger,
    version,
    isProduction: env.isProduction,
    appUrl,
    trustProxy: env.TRUST_PROXY,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    largeBodies,
    isSignedIn,
    maxConcurrentRequests: env.MAX_CONCURRENT_REQUESTS,
    requestQueueLength: env.REQUEST_QUEUE_LENGTH,
    requestQueueTimeoutMs: env.REQUEST_QUEUE_TIMEOUT_MS,
    maxConcurrentUploads: env.MAX_CONCURRENT_UPLOADS,
    handler,
    before,
    streams: streams?.({ logger, appUrl }),
    isShuttingDown: () => isShuttingDown(),
    metrics: env.METRICS_PORT || env.METRICS_TOKEN ? { routes, token: env.METRICS_TOKEN } : undefined,
  });
  const metricsPort = env.METRICS_PORT ? metricsPortOf(app, env.METRICS_PORT) : null;
  const metricsServer = metricsPort ? await startMetricsServer({ port: metricsPort, host: env.HOST, logger }) : null;

  const server = http.createServer(expressApp);
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  const attached = attach?.(server, { logger, appUrl });
  // Signals are handled from before the first connection: a SIGTERM that arrives while the job
  // workers are still starting must not fall back to the default action and cut requests.
  let workers: Promise<{ stop(): Promise<void> } | undefined> = Promise.resolve(undefined);
  const shutdown = installGracefulShutdown(server, {
    logger,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    drainMs: env.SHUTDOWN_DRAIN_MS,
    beforeClose: () => attached?.shutdown(),
    cleanup: async () => {
      await workers
        .then((w) => w?.stop())
        .catch((error: unknown) => logger.error({ err: error }, "background workers did not stop cleanly"));
      await Promise.allSettled([closePrisma(), closeRedis(), closeVite(), closeMetricsServer(metricsServer)]);
    },
  });
  isShuttingDown = shutdown.isShuttingDown;
  server.listen(port, env.HOST);
  await once(server, "listening");
  // Which settings reached this process (names only): an operator sees at once when one did not.
  logger.info(
    {
      port,
      host: env.HOST,
      url: appUrl,
      mode: env.NODE_ENV,
      settings: envKeysSet(),
      capacity: {
        requests: env.MAX_CONCURRENT_REQUESTS,
        queue: env.REQUEST_QUEUE_LENGTH,
        databasePool: env.DATABASE_POOL_SIZE,
      },
      metrics: { port: metricsPort, token: Boolean(env.METRICS_TOKEN) },
    },
    `${app} listening`,
  );
  if (env.TRUST_PROXY > 0) {
    logger.info(
      { trustProxy: env.TRUST_PROXY },
      "client IPs are taken from X-Forwarded-For, trusting that many proxies in front of this server",
    );
  }

  if (background && env.DATABASE_URL && !shutdown.isShuttingDown()) {
    workers = background({ databaseUrl: env.DATABASE_URL, logger }).catch((error: unknown) => {
      // The site still serves; queued work waits in the database for a worker that starts.
      logger.error({ err: error }, "background workers did not start");
      return undefined;
    });
    await workers;
  }

  watchLauncher();
  return server;
}

/**
 * Started by the production launcher (TRADECRAFT_LAUNCHER=1): if the launcher dies without
 * passing a signal on (SIGKILL), shut down gracefully rather than serve on as an orphan.
 */
function watchLauncher(): void {
  if (process.env.TRADECRAFT_LAUNCHER !== "1") return;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, "SIGTERM");
  }, 500).unref();
}
