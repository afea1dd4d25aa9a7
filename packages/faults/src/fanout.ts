// Fan-out across instances (issue 15): a ticker message published once on Redis reaches every
// live.ticker stream of both instances, each exactly once, and the same id published again reaches
// none (a hub forwards only ids newer than the last it forwarded). Runs first, while all is healthy.
// Other publishers share the channel (the instances' own producer): only our marker symbol counts.
import { Redis } from "ioredis";
import { expect, type ScenarioFigures, seconds, waitUntil } from "./check.ts";
import type { Stack } from "./stack.ts";

/** The ticker's channel and id counter (TICKER_CHANNEL in packages/api/src/live/ticker-message.ts). */
const CHANNEL = "ws:ticker";
const SEQ_KEY = `${CHANNEL}:seq`;
const MARKER = "FAULTSFANOUT";
/** Well under MAX_STREAMS_PER_MEMBER (10 per member per instance): all on the one member's cookie. */
const STREAMS_PER_INSTANCE = 3;
const CONNECT_WITHIN_MS = 15_000;
const DELIVER_WITHIN_MS = 10_000;
const ID_SLOT = "__ID__";

/**
 * Takes the next id from the producers' shared counter and publishes with it in one step: a
 * producer's message taking an id after ours and published before it would make every hub drop
 * ours as older. Returns the id and how many subscriber connections got it.
 */
const PUBLISH_WITH_NEXT_ID = `
local id = string.format('%d', redis.call('INCR', KEYS[1]))
return {id, redis.call('PUBLISH', ARGV[1], ARGV[2] .. id .. ARGV[3])}`;

interface Stream {
  instance: string;
  /** The first ticker_update arrived: the stream's generator listens on its hub. */
  listening: boolean;
  /** Receipt time (performance.now()) of each marked id, every time it arrived. */
  receipts: Map<string, number[]>;
  /** The server ended the stream (or the connection failed) before we closed it. */
  endedEarly: string | null;
  controller: AbortController;
  done: Promise<void>;
}

function markedMessage(price: number) {
  const now = Date.now();
  return {
    type: "ticker_update",
    id: ID_SLOT,
    data: [{ symbol: MARKER, price, change24h: null, at: now }],
    timestamp: now,
    stale: false,
  };
}

/** Opens one live.ticker stream as the browser's EventSource would and records what it receives. */
function openStream(instance: string, base: string, cookie: string): Stream {
  const controller = new AbortController();
  const stream: Stream = {
    instance,
    listening: false,
    receipts: new Map(),
    endedEarly: null,
    controller,
    done: Promise.resolve(),
  };
  stream.done = (async () => {
    try {
      const response = await fetch(`${base}/api/trpc/live.ticker`, {
        headers: { cookie, accept: "text/event-stream" },
        signal: controller.signal,
      });
      if (response.status !== 200 || !response.body) {
        stream.endedEarly = `answered ${response.status}`;
        return;
      }
      const decoder = new TextDecoder();
      let buffer = "";
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        const at = performance.now();
        buffer += decoder.decode(read.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          onEvent(stream, buffer.slice(0, end), at);
          buffer = buffer.slice(end + 2);
        }
      }
      stream.endedEarly = "the server ended it";
    } catch (error) {
      if (!controller.signal.aborted) stream.endedEarly = (error as Error).message;
    }
  })();
  return stream;
}

function onEvent(stream: Stream, event: string, at: number) {
  let name = "message";
  let data = "";
  for (const line of event.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data += line.slice(5).trimStart();
  }
  if (name !== "message" || !data) return;
  // tRPC's SSE carries superjson: { json: <the message> }.
  const message = (JSON.parse(data) as { json?: { type?: string; id?: string; data?: { symbol?: string }[] } }).json;
  if (message?.type !== "ticker_update" || !message.id) return;
  stream.listening = true;
  if (message.data?.[0]?.symbol !== MARKER) return;
  stream.receipts.set(message.id, [...(stream.receipts.get(message.id) ?? []), at]);
}

/** The scenario: 3 streams per instance, one marked message published once, then its id again. */
export async function fanout(stack: Stack, figures: ScenarioFigures): Promise<void> {
  const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: 2, connectTimeout: 2_000 });
  const streams = stack.web.flatMap((w) =>
    Array.from({ length: STREAMS_PER_INSTANCE }, () => openStream(w.name, w.base, stack.cookie)),
  );
  const publishOnce = async (): Promise<{ id: string; body: string; receivers: number; sentAt: number }> => {
    const [before, after] = JSON.stringify(markedMessage(100 + Math.random())).split(ID_SLOT) as [string, string];
    const sentAt = performance.now();
    const [id, receivers] = (await redis.eval(PUBLISH_WITH_NEXT_ID, 1, SEQ_KEY, CHANNEL, before, after)) as [
      string,
      number,
    ];
    return { id, body: `${before}${id}${after}`, receivers, sentAt };
  };
  const reached = (id: string) => streams.filter((s) => s.receipts.has(id)).length;
  const twice = (id: string) => streams.filter((s) => (s.receipts.get(id)?.length ?? 0) > 1).length;
  /** Waits until every stream has `id` (or one has it twice, which waiting cannot undo). */
  const deliveredEverywhere = (id: string) =>
    waitUntil(async () => reached(id) === streams.length || twice(id) > 0, {
      timeoutMs: DELIVER_WITHIN_MS,
      everyMs: 20,
    });
  const byInstance = (id: string) =>
    stack.web.map((w) => `${w.name} ${streams.filter((s) => s.instance === w.name && s.receipts.has(id)).length}`);
  try {
    const listening = await waitUntil(async () => streams.every((s) => s.listening || s.endedEarly), {
      timeoutMs: CONNECT_WITHIN_MS,
    });
    const notListening = streams.filter((s) => !s.listening);
    expect(
      listening !== null && notListening.length === 0,
      `${notListening.length} of ${streams.length} streams got no ticker message within ${seconds(CONNECT_WITHIN_MS)} s (${notListening.map((s) => `${s.instance}: ${s.endedEarly ?? "silent"}`).join(", ")})`,
    );
    figures.notes.push(`${streams.length} streams listening after ${seconds(listening)} s`);

    // One publish: both instances' hubs are subscribed, so Redis hands it to two connections.
    const first = await publishOnce();
    expect(
      first.receivers === stack.web.length,
      `Redis handed message ${first.id} to ${first.receivers} subscribers, ${stack.web.length} expected (one per instance)`,
    );
    await deliveredEverywhere(first.id);
    expect(twice(first.id) === 0, `${twice(first.id)} streams received message ${first.id} twice`);
    expect(
      reached(first.id) === streams.length,
      `message ${first.id} reached ${reached(first.id)} of ${streams.length} streams within ${seconds(DELIVER_WITHIN_MS)} s (${byInstance(first.id).join(", ")})`,
    );
    const latencies = streams.map((s) => s.receipts.get(first.id)![0]! - first.sentAt);
    figures.notes.push(
      `message ${first.id} published once reached ${byInstance(first.id).join(", ")} streams, once each; publish → receipt max ${Math.round(Math.max(...latencies))} ms`,
    );

    // The same id again (a producer whose publish was retried): no hub forwards it. The next
    // message is the fence: pub/sub and each stream keep order, so once every stream has it, a
    // copy of the first would have arrived before it.
    const duplicateReceivers = await redis.publish(CHANNEL, first.body);
    const fence = await publishOnce();
    await deliveredEverywhere(fence.id);
    expect(
      reached(fence.id) === streams.length && twice(fence.id) === 0,
      `message ${fence.id} (after the duplicate) reached ${reached(fence.id)} of ${streams.length} streams within ${seconds(DELIVER_WITHIN_MS)} s, ${twice(fence.id)} of them twice`,
    );
    expect(
      twice(first.id) === 0,
      `message ${first.id} published again reached ${twice(first.id)} streams a second time (a hub forwarded an id it had sent)`,
    );
    figures.notes.push(
      `message ${first.id} published again (Redis handed it to ${duplicateReceivers} subscribers): no stream got a second copy`,
    );
    const ended = streams.filter((s) => s.endedEarly);
    expect(
      ended.length === 0,
      `${ended.length} streams ended before the suite closed them (${ended.map((s) => s.endedEarly).join(", ")})`,
    );
  } finally {
    for (const s of streams) s.controller.abort();
    await Promise.all(streams.map((s) => s.done));
    redis.disconnect();
  }
}
