// A real server process for shutdown.test.ts: `node --import tsx shutdown-fixture.ts`.
// GET /slow answers "done" after SLOW_MS (default 800 ms); everything else answers "ok" at once.
// Prints {"port":N} once listening and "cleanup ran" when cleanup runs. Needs no database.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@tradecraft/config";
import { createHttpApp } from "../app.ts";
import { installGracefulShutdown } from "../shutdown.ts";

const slowMs = Number(process.env.SLOW_MS ?? 800);
const logger = createLogger({ pretty: false });
let isShuttingDown = () => false;

const app = createHttpApp({
  app: "web",
  logger,
  version: "9.9.9",
  isProduction: false,
  appUrl: "http://localhost:3000",
  trustProxy: 0,
  bodyLimitBytes: 1024 * 1024,
  isShuttingDown: () => isShuttingDown(),
  handler: async (request) => {
    if (new URL(request.url).pathname !== "/slow") return new Response("ok");
    process.stdout.write(`${JSON.stringify({ event: "slow-started" })}\n`);
    await new Promise((resolve) => setTimeout(resolve, slowMs));
    return new Response("done");
  },
});

const server = http.createServer(app);
server.keepAliveTimeout = 65_000; // as start.ts: idle keep-alive sockets must not hold shutdown up
server.listen(0, "127.0.0.1");
await once(server, "listening");

const shutdown = installGracefulShutdown(server, {
  logger,
  timeoutMs: Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 30_000),
  cleanup: async () => {
    process.stdout.write("cleanup ran\n");
  },
});
isShuttingDown = shutdown.isShuttingDown;

process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
