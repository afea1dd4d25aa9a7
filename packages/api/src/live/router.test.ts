// live.ticker through the router, as a member's tab consumes it: the latest snapshot first, then
// each new message once, resumable after the last id seen; at most 10 streams per member; signed
// out: refused.
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";
import { createCaller } from "../root.ts";
import { createContext } from "../context.ts";
import { getNotificationBus } from "../notifications/notify.ts";
import { getTickerHub } from "./index.ts";
import { SlowClientError } from "./router.ts";
import { publishMarked } from "./test-messages.ts";
import { compareIds, type TickerMessage } from "./ticker-message.ts";

afterAll(async () => {
  await getTickerHub().stop();
  await getNotificationBus().stop();
  await closePrisma();
  await closeRedis();
});

/** The server-side caller hands tracked() envelopes over as they are: [id, data, marker]. */
type Envelope = { id: string; data: TickerMessage };

/** Reads the stream until `count` messages carrying `marker` arrived. */
async function readMarked(stream: AsyncIterable<unknown>, marker: string, count: number): Promise<Envelope[]> {
  const found: Envelope[] = [];
  for await (const item of stream) {
    const [id, data] = item as [string, TickerMessage];
    const envelope: Envelope = { id, data };
    if (envelope.data.data.some((p) => p.symbol === marker)) found.push(envelope);
    if (found.length === count) break;
  }
  return found;
}

describe("live.ticker", () => {
  it("sends the latest snapshot first, then each new message once with its id", async () => {
    const { api } = await newMember({ label: "ticker" });
    const marker = `T${randomUUID().slice(0, 6).toUpperCase()}`;
    const first = await publishMarked(marker, 10);
    const listening = getTickerHub().size;
    const stream = await api.live.ticker();
    const reading = readMarked(stream, marker, 2);
    // The next one is published once the stream listens (its first yield was the latest snapshot).
    while (getTickerHub().size === listening) await new Promise((r) => setImmediate(r));
    const second = await publishMarked(marker, 11);
    const got = await reading;
    expect(got.map((e) => [e.id, e.data.data[0]!.price])).toEqual([
      [first.id, 10],
      [second.id, 11],
    ]);
  });

  it("a reconnect with the last id it saw gets nothing older again", async () => {
    const { api } = await newMember({ label: "ticker-resume" });
    const marker = `R${randomUUID().slice(0, 6).toUpperCase()}`;
    const seen = await publishMarked(marker, 20);
    const stream = await api.live.ticker({ lastEventId: seen.id });
    const reading = readMarked(stream, marker, 1);
    const next = await publishMarked(marker, 21);
    const [got] = await reading;
    expect(got!.id).toBe(next.id);
  });

  it("carries the member's unread count when their notifications change, and not another member's", async () => {
    const alice = await newMember({ label: "ticker-bell" });
    const bob = await newMember({ label: "ticker-bell-other" });
    const stream = (await alice.api.live.ticker())[Symbol.asyncIterator]();
    await publishMarked(`B${randomUUID().slice(0, 6).toUpperCase()}`, 1);
    await stream.next(); // the stream listens once its first message came
    await getPrisma().notification.create({
      data: { userId: alice.user.id, kind: "PRICE_ALERT", title: "t", body: "b", link: null },
    });
    await getNotificationBus().changed(bob.user.id);
    await getNotificationBus().changed(alice.user.id);
    let item = await stream.next();
    // Ticker messages from other producers may come first; the first non-ticker item is the count.
    while (Array.isArray(item.value)) item = await stream.next();
    expect(item.value).toEqual({ type: "notifications", unread: 1 });
    await stream.return?.();
  });

  it("a stream that falls 10 messages behind ends with SlowClientError (the transport closes it, the client reconnects)", async () => {
    const { api } = await newMember({ label: "ticker-slow" });
    const stream = (await api.live.ticker())[Symbol.asyncIterator]();
    await publishMarked(`Q${randomUUID().slice(0, 6).toUpperCase()}`, 1);
    await stream.next(); // listening
    // The client reads nothing while 11 messages arrive.
    let last = await publishMarked(`Q${randomUUID().slice(0, 6).toUpperCase()}`, 0);
    for (let i = 1; i < 11; i++) last = await publishMarked(`Q${randomUUID().slice(0, 6).toUpperCase()}`, i);
    // The hub hands each message to its listeners as it arrives: once it holds the last, so does the stream's queue.
    await expect.poll(() => compareIds(getTickerHub().latest()?.id ?? "0", last.id) >= 0).toBe(true);
    let error: unknown = null;
    try {
      for (;;) if ((await stream.next()).done) break;
    } catch (e) {
      error = e;
    }
    const slow = error instanceof SlowClientError || (error instanceof Error && error.cause instanceof SlowClientError);
    expect(slow, String(error)).toBe(true);
  });

  it("refuses an eleventh stream of one member, and a signed-out caller", async () => {
    const { api } = await newMember({ label: "ticker-limit" });
    const iterators = await Promise.all(
      Array.from({ length: 10 }, async () => (await api.live.ticker())[Symbol.asyncIterator]()),
    );
    // A stream counts once it starts; the first message (the latest snapshot) proves it has.
    await publishMarked(`L${randomUUID().slice(0, 6).toUpperCase()}`, 1);
    await Promise.all(iterators.map((it) => it.next()));
    const eleventh = (await api.live.ticker())[Symbol.asyncIterator]();
    expect((await failureOf(eleventh.next())).code).toBe("TOO_MANY_REQUESTS");
    // Closing one (the tab goes away) makes room for another.
    await iterators[0]!.return?.();
    const again = (await api.live.ticker())[Symbol.asyncIterator]();
    await publishMarked(`M${randomUUID().slice(0, 6).toUpperCase()}`, 2);
    expect((await again.next()).done).toBe(false);
    await Promise.all([...iterators.slice(1), again].map((it) => it.return?.()));

    const anonymous = createCaller(await createContext({ headers: new Headers(), app: "web" }));
    expect(
      (
        await failureOf(
          Promise.resolve().then(async () => (await anonymous.live.ticker())[Symbol.asyncIterator]().next()),
        )
      ).code,
    ).toBe("UNAUTHORIZED");
  });
});
