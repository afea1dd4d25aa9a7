// The ticker's producer: every few seconds the lease holder asks the market service for the price
// of every symbol someone watches (plus the top crypto, Bitcoin always) and publishes one message
// to every instance. When the providers fail it republishes the last prices it had, marked stale,
// so pages say "delayed" instead of freezing silently.
import { randomUUID } from "node:crypto";
import type { Logger } from "@tradecraft/config";
import type { PrismaClient } from "@tradecraft/db";
import type { Redis } from "ioredis";
import type { MarketData } from "../market/types.ts";
import type { TickerHub } from "./ticker-hub.ts";
import { tickerLease } from "./ticker-lease.ts";
import type { TickerMessage, TickerPrice } from "./ticker-message.ts";

/** Always on the ticker, watched or not. */
export const TICKER_BASE_SYMBOLS = ["BTC", "ETH", "SOL"];
/** Most symbols one poll asks for (the providers' batch limits and the message size stay bounded). */
export const MAX_TICKER_SYMBOLS = 500;

export interface TickerProducerOptions {
  hub: TickerHub;
  market: MarketData;
  redis: Redis | null;
  logger: Logger;
  /** The symbols members follow (watchlists and armed alerts). */
  symbols: () => Promise<string[]>;
  /** Runs after each message is published, before the next poll (the alert checker). */
  afterPublish?: (message: TickerMessage) => Promise<unknown>;
  intervalMs?: number;
  leaseMs?: number;
  holderId?: string;
  now?: () => number;
}

export interface TickerProducer {
  /** One poll: takes or renews the lease and, holding it, publishes. Returns whether it published. */
  tick(): Promise<boolean>;
  /** Stops polling and gives the lease up. */
  stop(): Promise<void>;
}

/** The symbols of every watchlist and every armed alert (distinct, at most MAX_TICKER_SYMBOLS). */
export async function watchedSymbols(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ symbol: string }[]>`
    SELECT "symbol" FROM "WatchlistItem"
    UNION
    SELECT "symbol" FROM "Alert" WHERE "endedAt" IS NULL AND "pausedAt" IS NULL
    ORDER BY "symbol" LIMIT ${MAX_TICKER_SYMBOLS}`;
  return rows.map((r) => r.symbol);
}

/** Creates a producer; with `intervalMs`, polls on a timer until stopped (tests call tick() themselves). */
export function startTickerProducer(options: TickerProducerOptions & { autoStart?: boolean }): TickerProducer {
  const { hub, market, redis, logger, intervalMs = 5_000, now = Date.now } = options;
  const lease = tickerLease(redis, options.holderId ?? randomUUID(), {
    leaseMs: options.leaseMs,
    channel: hub.channel,
  });
  const log = logger.child({ component: "ticker" });
  let lastPrices: TickerPrice[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const message = async (data: TickerPrice[], stale: boolean): Promise<TickerMessage> => ({
    type: "ticker_update",
    id: await hub.nextId(),
    data,
    timestamp: now(),
    stale,
  });

  async function tick(): Promise<boolean> {
    if (!(await lease.hold().catch(() => false))) return false;
    try {
      const watched = await options.symbols();
      const symbols = [...new Set([...TICKER_BASE_SYMBOLS, ...watched])].slice(0, MAX_TICKER_SYMBOLS);
      const result = await market.quotes(symbols);
      lastPrices = result.data.map((q) => ({ symbol: q.symbol, price: q.price, change24h: q.changePercent, at: q.at }));
      const published = await message(lastPrices, result.stale);
      await hub.publish(published);
      await options.afterPublish?.(published).catch((err: unknown) => log.error({ err }, "after-publish step failed"));
      if (result.warnings.length) log.warn({ warnings: result.warnings.slice(0, 5) }, "ticker poll partly failed");
    } catch (err) {
      log.error({ err }, "ticker poll failed: republishing the last prices as stale");
      if (lastPrices.length) await hub.publish(await message(lastPrices, true));
    }
    return true;
  }

  const loop = async () => {
    await tick().catch((err: unknown) => log.error({ err }, "ticker tick failed"));
    if (!stopped) timer = setTimeout(loop, intervalMs);
  };
  if (options.autoStart !== false) timer = setTimeout(loop, 0);

  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await lease.release().catch(() => undefined);
    },
  };
}
