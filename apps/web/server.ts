// The members' app: Express in front of Remix (see packages/server). It also runs the job
// workers (email delivery, daily maintenance).
import { hasValidSession, loadUsageLimitsOrExit, memberPageKey } from "@tradecraft/api";
import { startJobWorkers } from "@tradecraft/api/jobs";
import { startServer } from "@tradecraft/server";
import pkg from "./package.json" with { type: "json" };

// A bad config/usage-limits.yaml stops start-up here, naming the field, not at the first AI request.
loadUsageLimitsOrExit();
await startServer({
  app: "web",
  appDir: import.meta.dirname,
  version: process.env.APP_VERSION ?? pkg.version,
  // Broker files of up to 10 MB, with room for the form's encoding.
  largeBodies: [
    { prefix: /^\/app\/journal\/import$/, bytes: 12 * 1024 * 1024 },
    { prefix: "/api/trpc/imports.", bytes: 24 * 1024 * 1024 },
    // Chart screenshots of up to 10 MB for the coach (multipart here, base64 through tRPC).
    { prefix: "/app/coach/", bytes: 12 * 1024 * 1024 },
    { prefix: "/api/trpc/coach.", bytes: 16 * 1024 * 1024 },
    // A trade page takes screenshot uploads (images of up to 10 MB); the journal's other pages do not.
    {
      prefix: /^\/app\/journal\/(?!(?:new|setups|accounts|import|imports|export\.csv)$)[^/]+$/,
      bytes: 12 * 1024 * 1024,
    },
  ],
  // Uploads are for signed-in members: a stranger's large body is refused before it is read.
  isSignedIn: (cookieHeader) => hasValidSession("web", cookieHeader),
  background: ({ databaseUrl, logger }) => startJobWorkers({ databaseUrl, logger }),
  // The journal list shows only the member's user row, profile, accounts, setups and trades, as
  // the URL filters them: all covered by the member's page version, so it is kept per version.
  pageCache: {
    cacheable: (pathname) => pathname === "/app/journal",
    identify: (req) => memberPageKey("web", req.headers.cookie ?? null),
  },
});
