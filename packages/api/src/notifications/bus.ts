// Tells a member's open tabs, on whichever instance holds their stream, that their notifications
// changed (the bell's count). Redis pub/sub between instances; in process without Redis.
import type { Logger } from "@tradecraft/config";
import type { Redis } from "ioredis";
import { z } from "zod";
import { ChannelSubscriber } from "../live/channel-subscriber.ts";

export const NOTIFY_CHANNEL = "ws:notify";

const NotifyMessageSchema = z.strictObject({ userId: z.string().min(1).max(64) });

type Listener = () => void;

export class NotificationBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private subscriber: ChannelSubscriber | null = null;

  constructor(private readonly options: { redis: Redis | null; logger: Logger; channel?: string }) {}

  private get channel() {
    return this.options.channel ?? NOTIFY_CHANNEL;
  }

  /**
   * Subscribes to the channel once; resolves when this instance hears what is published. Never
   * rejects: with Redis down the counts reach this instance's own tabs only (said in the log), and
   * the next start() tries again.
   */
  start(): Promise<void> {
    const { redis, logger } = this.options;
    if (!redis) return Promise.resolve();
    this.subscriber ??= new ChannelSubscriber({
      redis,
      channel: this.channel,
      logger,
      component: "notify",
      unavailable: "notification bus cannot subscribe: counts reach this instance's tabs only until Redis answers",
      onMessage: (raw) => {
        let parsed;
        try {
          parsed = NotifyMessageSchema.safeParse(JSON.parse(raw));
        } catch {
          parsed = null;
        }
        if (parsed?.success) this.deliver(parsed.data.userId);
      },
    });
    return this.subscriber.start();
  }

  private deliver(userId: string) {
    for (const listener of this.listeners.get(userId) ?? []) listener();
  }

  /** Says that `userId`'s notifications changed, to every instance. Never throws. */
  async changed(userId: string): Promise<void> {
    const { redis, logger } = this.options;
    if (!redis) return this.deliver(userId);
    try {
      await redis.publish(this.channel, JSON.stringify({ userId }));
    } catch (err) {
      logger.warn({ component: "notify", err }, "notification bus publish failed: this instance only");
      this.deliver(userId);
    }
  }

  /** Calls `listener` whenever `userId`'s notifications change; returns the function that stops it. */
  listen(userId: string, listener: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(userId);
    };
  }

  /** Closes the subscriber connection. */
  async stop(): Promise<void> {
    this.listeners.clear();
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.stop();
  }
}
