// The process's ticker hub and producer (one each per process; the producer publishes only while
// its instance holds the lease).
import { rootLogger } from "@tradecraft/config";
import { getPrisma, getRedis } from "@tradecraft/db";
import { AlertChecker } from "../alerts/checker.ts";
import { getMarket } from "../market/index.ts";
import { getNotificationBus } from "../notifications/notify.ts";
import { TickerHub } from "./ticker-hub.ts";
import { startTickerProducer, type TickerProducer, watchedSymbols } from "./ticker-producer.ts";

let hub: TickerHub | undefined;

/** This process's hub, built on first use from the environment's Redis. */
export function getTickerHub(): TickerHub {
  hub ??= new TickerHub({ redis: getRedis(), logger: rootLogger() });
  return hub;
}

/** Starts this process's producer (polling every `intervalMs`); stop it at shutdown. */
export async function startTicker({ intervalMs }: { intervalMs: number }): Promise<TickerProducer> {
  const shared = getTickerHub();
  await shared.start();
  const prisma = getPrisma();
  const checker = new AlertChecker({
    prisma,
    logger: rootLogger(),
    onNotified: (userId) => void getNotificationBus().changed(userId),
  });
  return startTickerProducer({
    hub: shared,
    market: getMarket(),
    redis: getRedis(),
    logger: rootLogger(),
    symbols: () => watchedSymbols(prisma),
    // The lease holder checks alerts right after publishing. The checker keeps the armed alerts
    // between updates; its writes stay exactly-once even if two instances briefly both believe
    // they hold the lease.
    afterPublish: (message) => checker.check(message),
    intervalMs,
  });
}
