export { createHttpApp, type HttpAppOptions, type LargeBodyRoute } from "./app.ts";
export type { FetchHandler, LoadContext } from "./remix-adapter.ts";
export { contentSecurityPolicy } from "./security-headers.ts";
export { installGracefulShutdown } from "./shutdown.ts";
export { pageCache, type PageCacheOptions } from "./page-cache.ts";
export { provideServerBuild, startServer, type StartOptions } from "./start.ts";
export {
  browserErrorReporting,
  type BrowserErrorReporting,
  handleRemixError,
  initErrorReporting,
} from "./error-reporting.ts";
export { startWorker, type RunningWorker, type WorkerOptions } from "./worker.ts";
