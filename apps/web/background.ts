// The members' app's background work: the job workers (email, notifications, excursions, daily
// maintenance) and the live ticker's producer with the alert checker it drives. It runs in the
// web process (JOBS=in-process, the default) or in a separate worker process (worker.ts) when
// web instances run with JOBS=off. Running it in several processes at once is safe: pg-boss
// hands each job to one worker and the producer publishes only while it holds the Redis lease.
import { startTicker } from "@tradecraft/api";
import { startJobWorkers } from "@tradecraft/api/jobs";
import { getEnv, type Logger } from "@tradecraft/config";

/** Starts the job workers and (unless TICKER_INTERVAL_MS=0) the ticker's producer; stop() ends both. */
export async function startBackgroundWork({
  databaseUrl,
  logger,
}: {
  databaseUrl: string;
  logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const workers = await startJobWorkers({ databaseUrl, logger });
  const intervalMs = getEnv().TICKER_INTERVAL_MS;
  const ticker = intervalMs > 0 ? await startTicker({ intervalMs }) : null;
  return {
    async stop() {
      await ticker?.stop();
      await workers.stop();
    },
  };
}
