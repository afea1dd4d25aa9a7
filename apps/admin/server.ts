// The internal admin app: Express in front of Remix (see packages/server).
import { loadUsageLimitsOrExit } from "@tradecraft/api";
import { startServer } from "@tradecraft/server";
import pkg from "./package.json" with { type: "json" };

loadUsageLimitsOrExit();
await startServer({ app: "admin", appDir: import.meta.dirname, version: process.env.APP_VERSION ?? pkg.version });
