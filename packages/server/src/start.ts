import { once } from "node:events";
import http from "node:http";
import path from "node:path";
import { type AppName, loadEnvOrExit, rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis } from "@tradecraft/db";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import express, { type RequestHandler } from "express";
import { createHttpApp } from "./app.ts";
import type { FetchHandler } from "./remix-adapter.ts";

export interface StartOptions {
  app: AppName;
  /** The Remix app's folder (holding vite.config.ts and, once built, build/). */
  appDir: string;
  version: string;
}

/**
 * Starts one Remix app on Express: Vite's dev server in development, the built app in
 * production. Stops gracefully on SIGTERM/SIGINT: no new connections, in-flight requests get
 * up to SHUTDOWN_TIMEOUT_MS, then the database and Redis close and the process exits 0.
 */
export async function startServer({ app, appDir, version }: StartOptions): Promise<http.Server> {
  const env = loadEnvOrExit();
  const logger = rootLogger().child({ app });
  const port = app === "admin" ? env.ADMIN_PORT : env.PORT;
  const appUrl = app === "admin" ? env.ADMIN_URL : env.APP_URL;
  let shuttingDown = false;

  const before: RequestHandler[] = [];
  let handler: FetchHandler;
  let closeVite = async () => {};
  if (env.isProduction) {
    const client = path.join(appDir, "build", "client");
    before.push(
      express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y", index: false, fallthrough: true }),
    );
    before.push(express.static(client, { maxAge: "1h", index: false }));
    const buildPath = path.join(appDir, "build", "server", "index.js");
    const build = (await import(buildPath)) as ServerBuild;
    handler = createRequestHandler(build, "production") as FetchHandler;
  } else {
    const vite = await import("vite").then((v) =>
      v.createServer({ root: appDir, server: { middlewareMode: true, hmr: { port: port + 20_000 } } }),
    );
    before.push(vite.middlewares);
    const build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    handler = createRequestHandler(build, "development") as FetchHandler;
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
    handler,
    before,
    isShuttingDown: () => shuttingDown,
  });

  const server = http.createServer(expressApp);
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  server.listen(port, env.HOST);
  await once(server, "listening");
  logger.info({ port, url: appUrl, mode: env.NODE_ENV }, `${app} listening`);

  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    const closed = once(server, "close");
    server.close();
    // Keep-alive sockets that finish a response become idle; close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      logger.warn({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "shutdown timeout: closing remaining connections");
      server.closeAllConnections();
    }, env.SHUTDOWN_TIMEOUT_MS);
    server.closeIdleConnections();
    await closed;
    clearInterval(sweep);
    clearTimeout(deadline);
    await Promise.allSettled([closePrisma(), closeRedis(), closeVite()]);
    logger.info("shutdown complete");
    logger.flush?.();
    process.exit(0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  return server;
}
