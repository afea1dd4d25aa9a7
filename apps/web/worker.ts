// The separate worker (`pnpm worker`; a container runs `node apps/web/dist/worker.js`): the
// members' app's background work without its web server, so workers scale apart from web
// instances (which then run with JOBS=off). Health on WORKER_PORT; SIGTERM lets in-flight jobs
// finish, then exits 0; it exits 1 when it cannot start.
//
// The ticker's producer runs here too: the alert checker it drives writes notifications and
// enqueues their emails and text messages, which is background work. Web instances still serve
// live streams: each starts its own ticker hub on the first subscription and receives what the
// producer publishes through Redis (without REDIS_URL nothing crosses processes: said below).
import { startHeartbeat } from "@tradecraft/api";
import { getEnv } from "@tradecraft/config";
import { installJobQueues, migrate } from "@tradecraft/db";
import { startWorker } from "@tradecraft/server";
import { startBackgroundWork } from "./background.ts";
import pkg from "./package.json" with { type: "json" };

await startWorker({
  name: "worker",
  version: process.env.APP_VERSION ?? pkg.version,
  // Idempotent and under an advisory lock: a worker that starts before the web launcher (or with
  // none) still finds the schema and the job queues in place.
  prepare: async ({ databaseUrl, logger }) => {
    const { applied } = await migrate(databaseUrl);
    await installJobQueues(databaseUrl);
    if (applied.length) logger.info({ applied: applied.length }, "migrations applied");
    if (!getEnv().REDIS_URL && getEnv().TICKER_INTERVAL_MS > 0) {
      logger.warn(
        { component: "ticker" },
        "worker without REDIS_URL: the ticker's prices and alerts' live notices stay in this process; web instances see none",
      );
    }
  },
  start: async (ctx) => {
    // Listed on the admin's system page while it runs, beside the web and admin instances.
    const heartbeat = startHeartbeat({
      app: "worker",
      version: process.env.APP_VERSION ?? pkg.version,
      logger: ctx.logger,
    });
    const work = await startBackgroundWork(ctx);
    return {
      async stop() {
        await work.stop();
        await heartbeat.stop();
      },
    };
  },
});
