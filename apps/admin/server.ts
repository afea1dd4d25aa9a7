// The internal admin app: Express in front of Remix (see packages/server).
import { loadUsageLimitsOrExit, startHeartbeat } from "@tradecraft/api";
import { startServer } from "@tradecraft/server";
import pkg from "./package.json" with { type: "json" };

loadUsageLimitsOrExit();
const version = process.env.APP_VERSION ?? pkg.version;
await startServer({
  app: "admin",
  appDir: import.meta.dirname,
  version,
  // Listed on the system page while it runs (a Redis key that expires without beats).
  background: async ({ logger }) => {
    const heartbeat = startHeartbeat({ app: "admin", version, logger });
    return { stop: () => heartbeat.stop() };
  },
});
