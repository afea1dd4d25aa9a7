// The members' app: Express in front of Remix (see packages/server). It also runs the job
// workers (email delivery, daily maintenance).
import { startJobWorkers } from "@tradecraft/api/jobs";
import { startServer } from "@tradecraft/server";
import pkg from "./package.json" with { type: "json" };

await startServer({
  app: "web",
  appDir: import.meta.dirname,
  version: process.env.APP_VERSION ?? pkg.version,
  background: ({ databaseUrl, logger }) => startJobWorkers({ databaseUrl, logger }),
});
