// One instance's end of the ticker: messages published by whichever instance produces them reach
// every instance through Redis pub/sub (a dedicated subscriber connection, as Redis requires), and
// each instance hands them to its own subscribers. Without Redis the hub broadcasts in process,
// which is correct only for a single instance (said once in the log at start).
import { type Logger, noteTickerBroadcast } from "@tradecraft/config";
import type { Redis } from "ioredis";
import { ChannelSubscriber } from "./channel-subscriber.ts";
import { isRedisDown } from "./redis-state.ts";
import { compareIds, TICKER_CHANNEL, type TickerMessage, TickerMessageSchema } from "./ticker-message.ts";

export type TickerListener = (message: TickerMessage) => void;

export interface TickerHubOptions {
  /** The shared connection (publishing, the id counter); null: in-process only. */
  redis: Redis | null;
  logger: Logger;
  /** The pub/sub channel (tests give each their own); its counter and lease keys derive from it. */
  channel?: string;
}

export class TickerHub {
  private readonly listeners = new Set<TickerListener>();
  private subscriber: ChannelSubscriber | null = null;
  private warnedSingle = false;
  private last: TickerMessage | null = null;
  private localSeq = 0;

  /** The channel this hub publishes and listens on. */
  readonly channel: string;

  constructor(private readonly options: TickerHubOptions) {
    this.channel = options.channel ?? TICKER_CHANNEL;
  }

  /**
   * Subscribes to the channel (once); resolves when this instance will receive what is published.
   * Never rejects: with Redis down this instance serves what it publishes itself (said in the
   * log), and the next start() tries again.
   */
  start(): Promise<void> {
    const { redis, logger } = this.options;
    if (!redis) {
      if (!this.warnedSingle) {
        this.warnedSingle = true;
        logger.warn(
          { component: "ticker" },
          "ticker without Redis: in-process broadcast, correct for a single instance only",
        );
      }
      return Promise.resolve();
    }
    this.subscriber ??= new ChannelSubscriber({
      redis,
      channel: this.channel,
      logger,
      component: "ticker",
      unavailable: "ticker cannot subscribe: this instance's members get only what it publishes until Redis answers",
      onMessage: (raw) => this.receive(raw),
    });
    return this.subscriber.start();
  }

  private receive(raw: string) {
    let parsed;
    try {
      parsed = TickerMessageSchema.safeParse(JSON.parse(raw));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      this.options.logger.warn({ component: "ticker" }, "ticker message refused: not a ticker_update");
      return;
    }
    this.deliver(parsed.data);
  }

  /** Hands a message to this instance's subscribers, once: an id not newer than the last is dropped. */
  private deliver(message: TickerMessage) {
    if (this.last && compareIds(message.id, this.last.id) <= 0) return;
    this.last = message;
    noteTickerBroadcast(message.timestamp);
    for (const listener of this.listeners) listener(message);
  }

  /** The next message id: a Redis counter shared by every producer, else this process's own. */
  async nextId(): Promise<string> {
    const { redis } = this.options;
    const last = Number(this.last?.id ?? 0);
    if (redis && !isRedisDown(redis)) {
      try {
        const key = `${this.channel}:seq`;
        const id = await redis.incr(key);
        // A Redis that restarted empty counts from 1 again: every hub would drop those as old.
        return String(id > last ? id : await redis.incrby(key, last - id + 1));
      } catch {
        // Redis stopped answering: count on from the last id this instance saw.
      }
    }
    this.localSeq = Math.max(this.localSeq, last) + 1;
    return String(this.localSeq);
  }

  /** Publishes to every instance (through Redis), or to this one's subscribers without Redis. */
  async publish(message: TickerMessage): Promise<void> {
    const { redis, logger } = this.options;
    if (!redis) return this.deliver(message);
    if (isRedisDown(redis)) {
      logger.warn({ component: "ticker" }, "ticker publish failed: delivered on this instance only (Redis is down)");
      return this.deliver(message);
    }
    try {
      await redis.publish(this.channel, JSON.stringify(message));
    } catch (err) {
      // Redis down: this instance's members still get prices; the others get them when it returns.
      logger.warn({ component: "ticker", err }, "ticker publish failed: delivered on this instance only");
      this.deliver(message);
    }
  }

  /** Adds a subscriber; returns the function that removes it. */
  listen(listener: TickerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The newest message this instance has seen (what a new subscriber gets first). */
  latest(): TickerMessage | null {
    return this.last;
  }

  /** How many subscribers this instance serves. */
  get size(): number {
    return this.listeners.size;
  }

  /** Closes the subscriber connection. */
  async stop(): Promise<void> {
    this.listeners.clear();
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.stop();
  }
}
