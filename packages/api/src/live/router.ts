// live.ticker: the ticker as a tRPC subscription (server-sent events on /api/trpc). One stream per
// tab carries every symbol; a reconnect sends the last id it saw (tracked()), and since each
// message is a whole snapshot, the latest one fills any gap at once.
import { getEnv } from "@tradecraft/config";
import { tracked, TRPCError } from "@trpc/server";
import { z } from "zod";
import { memberProcedure, router } from "../trpc.ts";
import { unreadCount } from "../notifications/notifications.handler.ts";
import { getNotificationBus } from "../notifications/notify.ts";
import { getTickerHub } from "./index.ts";
import { compareIds, type TickerMessage } from "./ticker-message.ts";

/** Streams one member may hold open on an instance (TICKER_MAX_STREAMS bounds the instance's total). */
export const MAX_STREAMS_PER_MEMBER = 10;
/** Messages waiting for a slow client before it is dropped (a message every 5 s: 10 is 50 s behind). */
const MAX_BUFFERED = 10;

/** Thrown by a stream whose client fell MAX_BUFFERED messages behind: the transport closes the connection. */
export class SlowClientError extends Error {
  constructor() {
    super("The live stream fell too far behind: reconnect for the latest prices.");
    this.name = "SlowClientError";
  }
}

const open = new Map<string, number>();
let total = 0;

const TickerInputSchema = z
  .strictObject({
    lastEventId: z
      .string()
      .regex(/^\d{1,20}$/, "lastEventId must be a message id")
      .nullish(),
  })
  .optional();

export const liveRouter = router({
  ticker: memberProcedure.input(TickerInputSchema).subscription(async function* ({ ctx, input, signal }) {
    const userId = ctx.user.id;
    if ((open.get(userId) ?? 0) >= MAX_STREAMS_PER_MEMBER || total >= getEnv().TICKER_MAX_STREAMS) {
      throw new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: "Too many live connections: close another tab first.",
      });
    }
    const hub = getTickerHub();
    const bus = getNotificationBus();
    // Subscribed before listening: a message that comes between the two is then the latest().
    await Promise.all([hub.start(), bus.start()]);
    open.set(userId, (open.get(userId) ?? 0) + 1);
    total += 1;
    const queue: TickerMessage[] = [];
    // The bell rides the same stream: a change to the member's notifications sends their unread
    // count (untracked: a reconnect's first count comes from the page it reloads with).
    let notificationsChanged = false;
    let wake: (() => void) | null = null;
    let overflowed = false;
    const stopListening = hub.listen((message) => {
      if (queue.length >= MAX_BUFFERED) overflowed = true;
      else queue.push(message);
      wake?.();
    });
    const stopNotifications = bus.listen(userId, () => {
      notificationsChanged = true;
      wake?.();
    });
    const onAbort = () => wake?.();
    signal?.addEventListener("abort", onAbort);
    try {
      const latest = hub.latest();
      let lastId = input?.lastEventId ?? null;
      if (latest && (!lastId || compareIds(latest.id, lastId) > 0)) {
        lastId = latest.id;
        yield tracked(latest.id, latest);
      }
      while (!signal?.aborted) {
        if (!queue.length && !notificationsChanged) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (overflowed) {
          ctx.logger.warn({ component: "ticker" }, "slow ticker client dropped");
          // Not a normal end (that tells the client it is done): its connection closes and it
          // reconnects, getting the latest snapshot, which is all a snapshot feed needs.
          throw new SlowClientError();
        }
        if (notificationsChanged) {
          notificationsChanged = false;
          yield { type: "notifications" as const, unread: await unreadCount({ ...ctx, user: ctx.user }) };
        }
        for (const message of queue.splice(0)) {
          if (lastId && compareIds(message.id, lastId) <= 0) continue;
          lastId = message.id;
          yield tracked(message.id, message);
        }
      }
    } finally {
      stopListening();
      stopNotifications();
      signal?.removeEventListener("abort", onAbort);
      total -= 1;
      const left = (open.get(userId) ?? 1) - 1;
      if (left > 0) open.set(userId, left);
      else open.delete(userId);
    }
  }),
});
