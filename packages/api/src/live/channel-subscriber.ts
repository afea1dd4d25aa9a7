// One Redis pub/sub channel as an instance listens to it: a dedicated subscriber connection (Redis
// requires one), subscribed once. start() never rejects: with Redis down the caller serves what
// it has itself, the log says why, and the next start() tries again on the same connection.
// Used by the ticker hub (ws:ticker) and the notification bus (ws:notify).
import type { Logger } from "@tradecraft/config";
import type { Redis } from "ioredis";

export interface ChannelSubscriberOptions {
  redis: Redis;
  channel: string;
  logger: Logger;
  /** The `component` field of its log lines. */
  component: string;
  /** What the log says when subscribing fails (what members miss until Redis answers). */
  unavailable: string;
  onMessage: (raw: string) => void;
}

export class ChannelSubscriber {
  private subscriber: Redis | null = null;
  private started: Promise<void> | null = null;

  constructor(private readonly options: ChannelSubscriberOptions) {}

  /** Resolves once messages on the channel reach onMessage, or (Redis down) once that has failed and been logged. */
  start(): Promise<void> {
    this.started ??= this.subscribe().catch((err: unknown) => {
      this.options.logger.warn({ component: this.options.component, err }, this.options.unavailable);
      this.started = null;
    });
    return this.started;
  }

  private async subscribe() {
    const { redis, logger, component, onMessage } = this.options;
    if (!this.subscriber) {
      const subscriber = redis.duplicate();
      this.subscriber = subscriber;
      subscriber.on("error", (err) => logger.warn({ component, err }, `${component} subscriber connection error`));
      subscriber.on("message", (_channel: string, raw: string) => onMessage(raw));
    }
    await this.subscriber.subscribe(this.options.channel);
  }

  /** Closes the subscriber connection. */
  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    this.started = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
