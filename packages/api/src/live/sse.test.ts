// The live.* fast path on Node's response against tRPC's own Fetch path: the same bytes for the
// same events (connected, a tracked ticker message, the bell's untracked count with restore-id),
// and what it does not serve (signed out, another origin, POST) goes on to the next handler.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/session.service.ts";
import { handleTrpcHttpRequest, liveSubscriptions } from "../http.ts";
import { endLiveStreams } from "./sse.ts";
import { getNotificationBus } from "../notifications/notify.ts";
import { newMember } from "../testing/members.ts";
import { getTickerHub } from "./index.ts";

let server: http.Server;
let base = "";
const fellThrough: string[] = [];

beforeAll(async () => {
  const fast = liveSubscriptions();
  server = http.createServer((req, res) =>
    fast(req, res, () => {
      fellThrough.push(req.url ?? "");
      res.statusCode = 418;
      res.end();
    }),
  );
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await getTickerHub().stop();
  await getNotificationBus().stop();
  await closePrisma();
  await closeRedis();
});

/** Reads a stream's text until `done` says it has what is wanted. */
async function readUntil(response: Response, done: (text: string) => boolean): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

describe("live.* on Node's response", () => {
  it("writes what tRPC's Fetch path writes, event for event", async () => {
    const { user } = await newMember({ label: "sse-fast" });
    const { token } = await createSession(getPrisma(), { userId: user.id, app: "web" });
    const hub = getTickerHub();
    await hub.start();
    // A resumed stream (Last-Event-ID) that then gets a tracked message and the bell's count.
    const lastEventId = await hub.nextId();
    const headers = { accept: "text/event-stream", cookie: `tc_session=${token}`, "last-event-id": lastEventId };
    const path = "/api/trpc/live.ticker?input=%7B%22json%22%3A%7B%7D%7D";
    const abort = new AbortController();
    const listening = hub.size;
    const fast = await fetch(`${base}${path}`, { headers, signal: abort.signal });
    const viaFetch = await handleTrpcHttpRequest(
      new Request(`http://localhost:3000${path}`, { headers, signal: abort.signal }),
    );
    expect(fast.status).toBe(200);
    expect(fast.headers.get("content-type")).toBe("text/event-stream");
    expect(fast.headers.get("cache-control")).toBe("private, no-store");
    const marker = `S${randomUUID().slice(0, 6).toUpperCase()}`;
    const message = {
      type: "ticker_update" as const,
      id: "",
      data: [{ symbol: marker, price: 1, change24h: null, at: 1 }],
      timestamp: 1,
      stale: false,
    };
    const reading = [fast, viaFetch].map((r) =>
      readUntil(r, (text) => /event: restore-id\ndata: \nid: \d+\n\n\n/.test(text)),
    );
    while (hub.size < listening + 2) await new Promise((r) => setTimeout(r, 10));
    message.id = await hub.nextId();
    await hub.publish(message);
    await new Promise((r) => setTimeout(r, 200));
    await getNotificationBus().changed(user.id);
    const [fastText = "", fetchText = ""] = await Promise.all(reading);
    abort.abort();
    // Other producers on this Redis may interleave their messages: compare ours and the framing.
    const ours = (text: string) =>
      text
        .split("\n\n\n")
        .filter(
          (e) =>
            e.startsWith("event: connected") ||
            e.includes(marker) ||
            !e.startsWith('data: {"json":{"type":"ticker_update"'),
        );
    expect(ours(fastText)).toEqual(ours(fetchText));
    expect(fastText).toContain(`"symbol":"${marker}"`);
    expect(fastText).toContain(`id: ${message.id}\n`);
    expect(fastText).toMatch(
      /data: \{"json":\{"type":"notifications","unread":0\}\}\nid: \n\n\nevent: restore-id\ndata: \nid: \d+\n/,
    );
  });

  it("leaves signed-out, cross-origin and non-GET requests to the next handler", async () => {
    fellThrough.length = 0;
    const signedOut = await fetch(`${base}/api/trpc/live.ticker`, { headers: { accept: "text/event-stream" } });
    const crossOrigin = await fetch(`${base}/api/trpc/live.ticker`, {
      headers: { origin: "https://evil.example", cookie: "tc_session=x" },
    });
    const post = await fetch(`${base}/api/trpc/live.ticker`, { method: "POST", body: "{}" });
    const query = await fetch(`${base}/api/trpc/health.ping`);
    expect([signedOut.status, crossOrigin.status, post.status, query.status]).toEqual([418, 418, 418, 418]);
    expect(fellThrough).toHaveLength(4);
  });

  it("at shutdown ends every stream without a `return` event, so each client reconnects elsewhere", async () => {
    const { user } = await newMember({ label: "sse-shutdown" });
    const { token } = await createSession(getPrisma(), { userId: user.id, app: "web" });
    const hub = getTickerHub();
    await hub.start();
    const listening = hub.size;
    const response = await fetch(`${base}/api/trpc/live.ticker`, {
      headers: { accept: "text/event-stream", cookie: `tc_session=${token}` },
    });
    while (hub.size < listening + 1) await new Promise((r) => setTimeout(r, 10));
    endLiveStreams();
    const text = await readUntil(response, () => false);
    expect(text).toContain("event: connected");
    expect(text).not.toContain("event: return");
    expect(text).not.toContain("serialized-error");
    expect(hub.size).toBe(listening);
  });
});
