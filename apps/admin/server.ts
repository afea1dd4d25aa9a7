// The internal admin app: Express in front of Remix (see packages/server).
import { hasValidSession, loadUsageLimitsOrExit, memberPageKey, startHeartbeat } from "@tradecraft/api";
import { startServer } from "@tradecraft/server";
import pkg from "./package.json" with { type: "json" };

loadUsageLimitsOrExit();
const version = process.env.APP_VERSION ?? pkg.version;
await startServer({
  app: "admin",
  appDir: import.meta.dirname,
  version,
  // The Studio's form takes up to 4 reference images of 10 MB each, from signed-in admins only
  // (a stranger's large body is refused before it is read).
  largeBodies: [{ prefix: /^\/studio$/, bytes: 44 * 1024 * 1024 }],
  isSignedIn: (cookieHeader) => hasValidSession("admin", cookieHeader),
  // The Studio's gallery shows the admin's own generations (each made, edited or deleted moves
  // their page version), their name (the user row moves it) and today's allowance (the usage
  // counter moves it; the UTC day is in the key, as the allowance renews at midnight).
  pageCache: {
    cacheable: (pathname) => pathname === "/studio",
    identify: async (req) => {
      const key = await memberPageKey("admin", req.headers.cookie ?? null);
      return key && `${key}:${new Date().toISOString().slice(0, 10)}`;
    },
  },
  // Listed on the system page while it runs (a Redis key that expires without beats).
  background: async ({ logger }) => {
    const heartbeat = startHeartbeat({ app: "admin", version, logger });
    return { stop: () => heartbeat.stop() };
  },
});
