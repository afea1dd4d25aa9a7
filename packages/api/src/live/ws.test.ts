// live.* over a real WebSocket on a real HTTP server: the session cookie and the page's origin
// decide the upgrade, a member's tRPC client (the real @trpc/client wsLink) receives the ticker,
// the server greets, pings, closes a flooding connection, and ends streams on shutdown.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createSession } from "../auth/session.service.ts";
import { newMember } from "../testing/members.ts";
import { getTickerHub } from "./index.ts";
import { publishMarked } from "./test-messages.ts";
import { attachLiveSocket, LIVE_SOCKET_PATH, type LiveSocketRouter } from "./ws.ts";

const ORIGIN = "http://localhost:3000";
let server: http.Server;
let live: ReturnType<typeof attachLiveSocket>;
let url: string;
let cookie: string;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end());
  live = attachLiveSocket(server, { logger: rootLogger(), allowedOrigins: [ORIGIN], pingMs: 300, pongWaitMs: 300 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${LIVE_SOCKET_PATH}`;
  const { user } = await newMember({ label: "ws" });
  const { token } = await createSession(getPrisma(), { userId: user.id, app: "web" });
  cookie = `tc_session=${token}`;
});

afterAll(async () => {
  live.wss.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await getTickerHub().stop();
  await closePrisma();
  await closeRedis();
});

/** The HTTP status an upgrade is refused with, or "open". */
function upgrade(headers: Record<string, string>, path = LIVE_SOCKET_PATH): Promise<number | "open"> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(LIVE_SOCKET_PATH, path), { headers });
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.once("open", () => {
      ws.close();
      resolve("open");
    });
    ws.once("error", () => undefined);
  });
}

/** A raw socket of the member, and the text frames it receives. */
async function rawSocket() {
  const ws = new WebSocket(url, { headers: { cookie, origin: ORIGIN } });
  const frames: string[] = [];
  ws.on("message", (data) => frames.push(data.toString()));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { ws, frames };
}

describe("live.* over WebSocket", () => {
  it("refuses the upgrade of a signed-out browser (401), another site's page (403) and other paths (404)", async () => {
    expect(await upgrade({})).toBe(401);
    expect(await upgrade({ cookie: "tc_session=not-a-real-token", origin: ORIGIN })).toBe(401);
    expect(await upgrade({ cookie, origin: "https://evil.example" })).toBe(403);
    expect(await upgrade({ cookie, origin: ORIGIN }, "/api/other")).toBe(404);
    expect(await upgrade({ cookie, origin: ORIGIN })).toBe("open");
  });

  it("greets with 'connected' and delivers ticker messages to the member's tRPC client", async () => {
    const { ws, frames } = await rawSocket();
    await expect.poll(() => frames[0]).toBe(JSON.stringify({ id: null, method: "connected" }));
    ws.close();

    class MemberSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie, origin: ORIGIN } });
      }
    }
    const wsClient = createWSClient({ url, WebSocket: MemberSocket as unknown as typeof globalThis.WebSocket });
    const client = createTRPCClient<LiveSocketRouter>({
      links: [wsLink({ client: wsClient, transformer: superjson })],
    });
    const marker = `W${randomUUID().slice(0, 6).toUpperCase()}`;
    const prices: number[] = [];
    let started = false;
    const subscription = client.live.ticker.subscribe(undefined, {
      onStarted: () => (started = true),
      onData: (event) => {
        if ("data" in event && event.data.type === "ticker_update") {
          const mine = event.data.data.find((p) => p.symbol === marker);
          if (mine) prices.push(mine.price);
        }
      },
    });
    await expect.poll(() => started).toBe(true);
    await publishMarked(marker, 42);
    await expect.poll(() => prices).toEqual([42]);
    await publishMarked(marker, 43);
    await expect.poll(() => prices).toEqual([42, 43]);
    subscription.unsubscribe();
    await wsClient.close();
  });

  it("pings an idle connection and drops one that never answers", async () => {
    const { ws, frames } = await rawSocket();
    ws.pong = () => undefined;
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    await expect.poll(() => frames.includes("PING")).toBe(true);
    // No PONG from us: terminated (1006, no close frame) once the wait is over.
    expect(await closed).toBe(1006);
  });

  it("closes a connection that sends more than 10 messages in a second (1008)", async () => {
    const { ws } = await rawSocket();
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    for (let i = 0; i < 20; i++) ws.send("PONG");
    expect(await closed).toBe(1008);
  });

  it("on shutdown tells clients to reconnect and closes their sockets", async () => {
    const { ws, frames } = await rawSocket();
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    live.shutdown();
    expect(await closed).toBe(1012);
    expect(frames).toContain(JSON.stringify({ id: null, method: "reconnect" }));
  });
});
