// The members' app: Express in front of Remix (see packages/server). Unless JOBS=off (then a
// separate worker, worker.ts, does it), it also runs the job workers (email delivery, daily
// maintenance) and the live ticker's producer (which publishes only while this instance holds the lease).
import {
  attachLiveSocket,
  hasValidSession,
  loadUsageLimitsOrExit,
  memberPageKey,
  startHeartbeat,
} from "@tradecraft/api";
import { liveSubscriptions } from "@tradecraft/api/http";
import { getEnv } from "@tradecraft/config";
import { startServer } from "@tradecraft/server";
import { UPLOAD_ROUTES } from "./app/lib/upload-routes.server.ts";
import { startBackgroundWork } from "./background.ts";
import pkg from "./package.json" with { type: "json" };

// A bad config/usage-limits.yaml stops start-up here, naming the field, not at the first AI request.
loadUsageLimitsOrExit();
const version = process.env.APP_VERSION ?? pkg.version;
await startServer({
  app: "web",
  appDir: import.meta.dirname,
  version,
  largeBodies: UPLOAD_ROUTES,
  // Uploads are for signed-in members: a stranger's large body is refused before it is read.
  isSignedIn: (cookieHeader) => hasValidSession("web", cookieHeader),
  // live.* over WebSocket on this server (/api/trpc-ws), beside the server-sent events on /api/trpc.
  attach: (server, { logger, appUrl }) => attachLiveSocket(server, { logger, allowedOrigins: [appUrl] }),
  // live.* server-sent events on Node's response, before Remix (the Fetch route stays for the rest).
  streams: ({ appUrl }) => [liveSubscriptions({ allowedOrigins: [appUrl] })],
  background: async (ctx) => {
    // Listed on the admin's system page while it runs (a Redis key that expires without beats).
    const heartbeat = startHeartbeat({ app: "web", version, logger: ctx.logger });
    let work = { stop: async () => {} };
    if (getEnv().JOBS === "in-process") work = await startBackgroundWork(ctx);
    else ctx.logger.info({ jobs: "off" }, "jobs and the ticker's producer run in a separate worker (`pnpm worker`)");
    return {
      async stop() {
        await work.stop();
        await heartbeat.stop();
      },
    };
  },
  // The journal list shows only the member's user row, profile, accounts, setups and trades, as
  // the URL filters them: all covered by the member's page version, so it is kept per version.
  // The dashboard adds the usage counters (which bump the version too), the time (its key has the
  // UTC hour) and, for a member who never chose a time zone, a zone suggested from
  // Accept-Language (in its key too).
  // A symbol's market page (/app/market/AAPL…) shows the member's trades (their version) and
  // prices that the market cache keeps 5 s: it is kept per 5-second step, so a price on it is
  // never more than two steps old.
  // The landing page is the same for every stranger but for its service status line (and the
  // language the browser asks for): a request without any cookie gets it kept per 5-second step.
  pageCache: {
    cacheable: (pathname) =>
      pathname === "/" || pathname === "/app/journal" || pathname === "/app" || pathname.startsWith("/app/market/"),
    identify: async (req) => {
      if (req.path === "/") {
        if (req.headers.cookie) return null;
        return `public:${Math.floor(Date.now() / 5_000)}:${(req.headers["accept-language"] ?? "").slice(0, 200)}`;
      }
      const key = await memberPageKey("web", req.headers.cookie ?? null);
      if (key && req.path.startsWith("/app/market/")) return `${key}:market:${Math.floor(Date.now() / 5_000)}`;
      if (!key || req.path !== "/app") return key;
      // The UTC hour, not the day: the dashboard's "this month" turns at the member's midnight.
      const hour = new Date().toISOString().slice(0, 13);
      return `${key}:${hour}:${(req.headers["accept-language"] ?? "").slice(0, 200)}`;
    },
  },
});
